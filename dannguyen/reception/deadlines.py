"""Pure date rules of citizen reception, counted on the office's working-day calendar.

The counts themselves are data (`TimeLimitRule`, with their legal basis and validity); this
module only says how a count becomes a date:

* Luật Tiếp công dân 2013, Art 21(1): the Đoàn ĐBQH notifies a deputy of their reception
  schedule "at least 10 working days before", and a deputy who cannot attend says so "at
  least 05 working days before". "At least N working days before day D" is read strictly:
  N whole working days must lie between the notice and D, neither counted — a period of N
  working days that starts the day after the notice (Bộ luật Dân sự 2015, Art 147) has ended
  before the session day. A notice given on the N-th working day before D is one day late.
* NĐ 154/2026/NĐ-CP, Art 4(3): a written refusal (Mẫu 01/TCD) within 03 working days from
  having the grounds: the ordinary forward count of `lib.workdays`.

Nothing here reads the clock or the database: the caller passes the calendar.
"""

from __future__ import annotations

import datetime as dt

from dannguyen.lib.workdays import DayUnit, WorkCalendar

_ONE_DAY = dt.timedelta(days=1)
# A calendar with no working day in a year is broken data; stop rather than loop.
_MAX_SEARCH_DAYS = 366 * 3


def nth_working_day_before(day: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    """The N-th working day strictly before DAY (N ≥ 1); DAY itself is never counted."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    found = 0
    current = day
    for _ in range(_MAX_SEARCH_DAYS):
        current -= _ONE_DAY
        if calendar.is_working_day(current):
            found += 1
            if found == n:
                return current
    raise ValueError(f"no {n} working days within {_MAX_SEARCH_DAYS} days before {day}")


def latest_notice_day(event_day: dt.date, count: int, unit: str, calendar: WorkCalendar) -> dt.date:
    """The last day on which a notice "at least COUNT UNITs before EVENT_DAY" is in time.

    Working days: the (COUNT + 1)-th working day before the event, so that COUNT whole
    working days lie between. Calendar days: COUNT + 1 days before, likewise. A notice on a
    day off just before that working day would also be in time; the office works on working
    days, so the answer is one.
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    if DayUnit(unit) is DayUnit.WORKING:
        return nth_working_day_before(event_day, count + 1, calendar)
    return event_day - dt.timedelta(days=count + 1)


def notice_is_in_time(
    notified_on: dt.date, event_day: dt.date, count: int, unit: str, calendar: WorkCalendar
) -> bool:
    """Whether a notice given on NOTIFIED_ON satisfies "at least COUNT UNITs before"."""
    return notified_on <= latest_notice_day(event_day, count, unit, calendar)


def written_refusal_due(
    refused_on: dt.date, count: int, unit: str, calendar: WorkCalendar
) -> dt.date:
    """The last day for the written refusal (Mẫu 01/TCD) after refusing on REFUSED_ON."""
    return calendar.deadline(refused_on, count, DayUnit(unit))
