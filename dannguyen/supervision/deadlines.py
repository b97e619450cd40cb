"""Pure date rules of supervision, counted on the office's working-day calendar.

No statute fixes how long an agency has to answer a request for a report during
supervision: the plan or the letter states the date (the practice NQ 228/1999 Art 4 shows,
hearing local authorities "every 3 months", domain.md §1.5 A). The default below is only
what the form proposes; the due date kept is the one written in the letter.

* A request is answered once a report from the agency is received after it was sent.
* Otherwise it is overdue from the day after its due date, and due soon while at most
  DUE_SOON_WORKING_DAYS working days are left (weekends, holidays and the office's
  overrides not counted, `lib.workdays`).

Nothing here reads the clock or the database: the caller passes the day and the calendar.
"""

from __future__ import annotations

import datetime as dt
import enum

from django.utils.translation import gettext_lazy as _

from dannguyen.lib.workdays import DayUnit, WorkCalendar

# Office practice, not a statute: ten working days is what the form proposes.
DEFAULT_REPORT_WORKING_DAYS = 10
DUE_SOON_WORKING_DAYS = 3


class RequestStatus(enum.StrEnum):
    ANSWERED = "answered"
    DUE = "due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


REQUEST_STATUS_LABELS = {
    RequestStatus.ANSWERED: _("Answered"),
    RequestStatus.DUE: _("Not yet due"),
    RequestStatus.DUE_SOON: _("Due soon"),
    RequestStatus.OVERDUE: _("Overdue"),
}


def default_due_on(sent_on: dt.date, calendar: WorkCalendar) -> dt.date:
    """The due date the form proposes for a request sent on SENT_ON."""
    return calendar.deadline(sent_on, DEFAULT_REPORT_WORKING_DAYS, DayUnit.WORKING)


def request_status(
    *, due_on: dt.date, answered: bool, today: dt.date, calendar: WorkCalendar
) -> RequestStatus:
    if answered:
        return RequestStatus.ANSWERED
    if today > due_on:
        return RequestStatus.OVERDUE
    if calendar.working_days_between(today, due_on) <= DUE_SOON_WORKING_DAYS:
        return RequestStatus.DUE_SOON
    return RequestStatus.DUE


def is_recommendation_overdue(*, due_on: dt.date, settled: bool, today: dt.date) -> bool:
    return not settled and today > due_on
