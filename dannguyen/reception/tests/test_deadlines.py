"""How "at least N working days before" becomes a date (Luật Tiếp công dân Art 21(1)),
on the statutory calendar: weekends and Tết 2027 (Thursday 04/02 to Wednesday 10/02)."""

from __future__ import annotations

import datetime as dt

import pytest

from dannguyen.lib.workdays import DAY_OFF, WORKING_DAY, WorkCalendar
from dannguyen.reception import deadlines

CALENDAR = WorkCalendar({})
D = dt.date


def working_days_strictly_between(a: dt.date, b: dt.date) -> int:
    return sum(
        1 for n in range(1, (b - a).days) if CALENDAR.is_working_day(a + dt.timedelta(days=n))
    )


@pytest.mark.parametrize(
    ("session", "notify_by"),
    [
        # An ordinary fortnight: Wed 18/03/2026 ← Tue 03/03/2026.
        (D(2026, 3, 18), D(2026, 3, 3)),
        # Across Tết 2027: the seven days off push the notice a week earlier.
        (D(2027, 2, 18), D(2027, 1, 27)),
        # The first working day after Tết.
        (D(2027, 2, 11), D(2027, 1, 20)),
        # A session on a Monday: the weekend before it is not counted.
        (D(2026, 3, 16), D(2026, 2, 27)),
    ],
)
def test_latest_notice_day_leaves_ten_whole_working_days(session, notify_by):
    found = deadlines.latest_notice_day(session, 10, "working", CALENDAR)

    assert found == notify_by
    assert working_days_strictly_between(found, session) == 10
    assert CALENDAR.is_working_day(found)


def test_the_tenth_working_day_before_is_one_day_late():
    session = D(2027, 2, 18)

    assert deadlines.notice_is_in_time(D(2027, 1, 27), session, 10, "working", CALENDAR)
    assert not deadlines.notice_is_in_time(D(2027, 1, 28), session, 10, "working", CALENDAR)


def test_absence_notice_five_working_days_before_across_tet():
    assert deadlines.latest_notice_day(D(2027, 2, 12), 5, "working", CALENDAR) == D(2027, 1, 28)


def test_the_office_overrides_are_counted():
    make_up_saturday = WorkCalendar({D(2026, 3, 14): WORKING_DAY})
    extra_day_off = WorkCalendar({D(2026, 3, 5): DAY_OFF})

    assert deadlines.latest_notice_day(D(2026, 3, 18), 10, "working", make_up_saturday) == D(
        2026, 3, 4
    )
    assert deadlines.latest_notice_day(D(2026, 3, 18), 10, "working", extra_day_off) == D(
        2026, 3, 2
    )


def test_calendar_days_count_every_day():
    assert deadlines.latest_notice_day(D(2026, 3, 18), 10, "calendar", CALENDAR) == D(2026, 3, 7)


def test_written_refusal_three_working_days_after():
    # Refused on Wednesday 03/02/2027, the day before Tết: due after the holiday.
    assert deadlines.written_refusal_due(D(2027, 2, 3), 3, "working", CALENDAR) == D(2027, 2, 15)


@pytest.mark.parametrize("n", [0, -1])
def test_counting_back_needs_at_least_one_day(n):
    with pytest.raises(ValueError):
        deadlines.nth_working_day_before(D(2026, 3, 18), n, CALENDAR)


def test_a_broken_calendar_fails_instead_of_looping():
    everything_off = WorkCalendar(
        {D(2020, 1, 1) + dt.timedelta(days=n): DAY_OFF for n in range(2500)}
    )

    with pytest.raises(ValueError):
        deadlines.nth_working_day_before(D(2026, 3, 18), 1, everything_off)
