"""Pure date rules of the voter-contact cycle, counted on the office's working-day calendar.

The counts are data (`TimeRule` rows with their article and validity, fixtures/
time_rules.json); this module says how a count becomes a date:

* "At least N working days before" (NQLT 72 Art 6, the plan published before each meeting)
  is read as the reception app reads it: N whole working days lie between the publication
  and the meeting (`reception.deadlines.latest_notice_day`).
* "No later than N days before the opening" (Art 37(2), Art 38(2)): the N-th day (or
  working day) before the opening; a calendar count landing on a day off moves to the
  working day before it, since the report must be sent while the office works.
* "No later than N days after the closing" and the 60 days to answer (Art 49(1)): the
  ordinary forward count of Bộ luật Dân sự 2015 Art 147–148 (`WorkCalendar.deadline`).
* Meetings of a round lie between the sessions: those before a session after the previous
  session of the same body closed, those after it before the next one opens, and within the
  office's window (a `TimeRule` too: Art 18 names the rounds without a count).

Nothing here reads the clock or the database: the caller passes the rules and the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dannguyen.lib.workdays import DayUnit, WorkCalendar
from dannguyen.reception.deadlines import latest_notice_day, nth_working_day_before

from .models import RuleStep, TimeRule, Timing

_ONE_DAY = dt.timedelta(days=1)


def rule_for(
    rules: Iterable[TimeRule], step: str, *, on: dt.date, session_kind: str
) -> TimeRule | None:
    """The rule of STEP in force on ON for SESSION_KIND (the latest valid_from wins)."""
    found = [r for r in rules if r.step == step and r.applies(on=on, session_kind=session_kind)]
    found.sort(key=lambda r: (r.valid_from or dt.date.min, r.pk or 0))
    return found[-1] if found else None


def days_before(day: dt.date, rule: TimeRule, calendar: WorkCalendar) -> dt.date:
    """The last day for something due "no later than RULE before DAY"."""
    if DayUnit(rule.unit) is DayUnit.WORKING:
        return nth_working_day_before(day, rule.count, calendar)
    last = day - dt.timedelta(days=rule.count)
    while not calendar.is_working_day(last):
        last -= _ONE_DAY
    return last


def days_after(day: dt.date, rule: TimeRule, calendar: WorkCalendar) -> dt.date:
    """The last day for something due "within RULE after DAY" (BLDS Art 147–148)."""
    return calendar.deadline(day, rule.count, DayUnit(rule.unit))


def plan_published_by(meeting_day: dt.date, rule: TimeRule, calendar: WorkCalendar) -> dt.date:
    """The last day to publish the plan for a meeting on MEETING_DAY (NQLT 72 Art 6)."""
    return latest_notice_day(meeting_day, rule.count, rule.unit, calendar)


@dataclass(frozen=True)
class Window:
    """The days a meeting of a round may be held, both ends included."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


def meeting_window(
    *,
    timing: str,
    opens_on: dt.date,
    closes_on: dt.date,
    rule: TimeRule | None,
    previous_closes_on: dt.date | None = None,
    next_opens_on: dt.date | None = None,
) -> Window:
    """Where a meeting before / after a session may fall.

    Before: from the day after the previous session closed (or RULE's days before the
    opening, whichever is later) to the day before the opening. After: from the day after
    the closing to the day before the next session opens (or RULE's days after the
    closing, whichever is earlier). Without a rule only the neighbouring sessions bound it.
    """
    span = dt.timedelta(days=rule.count) if rule is not None else None
    if timing == Timing.BEFORE:
        last = opens_on - _ONE_DAY
        bounds = [dt.date.min]
        if span is not None:
            bounds.append(opens_on - span)
        if previous_closes_on is not None:
            bounds.append(previous_closes_on + _ONE_DAY)
        return Window(max(bounds), last)
    first = closes_on + _ONE_DAY
    ends = [dt.date.max]
    if span is not None:
        ends.append(closes_on + span)
    if next_opens_on is not None:
        ends.append(next_opens_on - _ONE_DAY)
    return Window(first, min(ends))


@dataclass(frozen=True)
class Due:
    """A due date and the rule it comes from (shown with its article)."""

    step: str
    due_on: dt.date
    basis: str


def synthesis_due(
    *,
    timing: str,
    kind: str,
    opens_on: dt.date,
    closes_on: dt.date,
    rules: Iterable[TimeRule],
    calendar: WorkCalendar,
) -> Due | None:
    """When the synthesis report of the round before / after the session is due."""
    rules = list(rules)
    if timing == Timing.BEFORE:
        rule = rule_for(rules, RuleStep.SYNTHESIS_BEFORE, on=opens_on, session_kind=kind)
        if rule is None:
            return None
        return Due(rule.step, days_before(opens_on, rule, calendar), rule.legal_basis)
    rule = rule_for(rules, RuleStep.SYNTHESIS_AFTER, on=opens_on, session_kind=kind)
    if rule is None:
        return None
    return Due(rule.step, days_after(closes_on, rule, calendar), rule.legal_basis)


def answer_due(forwarded_on: dt.date, rule: TimeRule, calendar: WorkCalendar) -> dt.date:
    """The last day for the agency's answer to a petition it received on FORWARDED_ON."""
    return days_after(forwarded_on, rule, calendar)


class AnswerStatus:
    """Where a petition's answer stands (the values the tracking page shows)."""

    ANSWERED = "answered"
    ANSWERED_LATE = "answered_late"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


# Office practice, not a statute: the tracking page warns this many days before.
DUE_SOON_DAYS = 10


def answer_status(*, due_on: dt.date, answered_on: dt.date | None, today: dt.date) -> str:
    if answered_on is not None:
        return AnswerStatus.ANSWERED if answered_on <= due_on else AnswerStatus.ANSWERED_LATE
    if today > due_on:
        return AnswerStatus.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return AnswerStatus.DUE_SOON
    return AnswerStatus.OPEN


def publication_from(answer_due_on: dt.date, rule: TimeRule, calendar: WorkCalendar) -> dt.date:
    """The first day the results may be published: RULE's working days after the end of the
    answer deadline (NQLT 72 Art 51)."""
    return days_after(answer_due_on, rule, calendar)
