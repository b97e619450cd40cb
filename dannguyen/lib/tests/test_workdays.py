"""The working-day calendar and legal deadlines (BLDS 2015 Điều 147-148).

Pure tests build `WorkCalendar` from explicit overrides; only the tests of the database-backed
helpers use the `db` fixture. 2026 landmarks: Tết Bính Ngọ is Tuesday 17/02/2026, the office
is closed Saturday 14/02 to Sunday 22/02; New Year 2026 was swapped (Friday 02/01 off,
Saturday 10/01 worked).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest

from dannguyen.lib import workdays
from dannguyen.lib.workdays import DAY_OFF, WORKING_DAY, DayUnit, WorkCalendar

FIXTURE = Path(__file__).resolve().parents[2] / "core" / "fixtures" / "calendar_overrides.json"

# The official New Year 2026 swap (Công văn 12729/VPCP-KGVX), as the office would record it.
NEW_YEAR_2026 = {date(2026, 1, 2): DAY_OFF, date(2026, 1, 10): WORKING_DAY}


@pytest.fixture
def plain() -> WorkCalendar:
    """Weekends and the `holidays` package only, no office overrides."""
    return WorkCalendar()


@pytest.fixture
def office() -> WorkCalendar:
    return WorkCalendar(NEW_YEAR_2026)


# --- is_working_day ----------------------------------------------------------------------


def test_is_working_day_weekdays_work_and_weekends_rest(plain: WorkCalendar) -> None:
    assert plain.is_working_day(date(2026, 3, 6)) is True  # Friday
    assert plain.is_working_day(date(2026, 3, 7)) is False  # Saturday
    assert plain.is_working_day(date(2026, 3, 8)) is False  # Sunday
    assert plain.is_working_day(date(2026, 3, 9)) is True  # Monday


def test_is_working_day_statutory_holidays_2026_are_days_off(plain: WorkCalendar) -> None:
    days_off = [
        date(2026, 1, 1),  # Tết Dương lịch
        date(2026, 2, 16),  # 29 tháng Chạp (the month has no 30th)
        date(2026, 2, 17),  # Mùng 1 Tết Bính Ngọ
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),  # Mùng 4
        date(2026, 4, 27),  # Giỗ Tổ falls on Sunday 26/4: nghỉ bù on Monday
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # swapped with Saturday 22/8
        date(2026, 9, 1),
        date(2026, 9, 2),
    ]
    assert [d for d in days_off if plain.is_working_day(d)] == []
    assert plain.is_working_day(date(2026, 2, 13)) is True  # last working day before Tết
    assert plain.is_working_day(date(2026, 2, 23)) is True  # first one after


def test_is_working_day_package_make_up_saturdays_count(plain: WorkCalendar) -> None:
    assert plain.is_working_day(date(2025, 4, 26)) is True  # for Friday 02/05/2025
    assert plain.is_working_day(date(2025, 5, 2)) is False
    assert plain.is_working_day(date(2026, 8, 22)) is True  # for Monday 31/08/2026


def test_is_working_day_override_makes_saturday_a_working_day(
    plain: WorkCalendar, office: WorkCalendar
) -> None:
    assert plain.is_working_day(date(2026, 1, 10)) is False
    assert office.is_working_day(date(2026, 1, 10)) is True


def test_is_working_day_override_adds_a_day_off(plain: WorkCalendar, office: WorkCalendar) -> None:
    assert plain.is_working_day(date(2026, 1, 2)) is True
    assert office.is_working_day(date(2026, 1, 2)) is False


def test_is_working_day_override_wins_over_statutory_holiday() -> None:
    # E.g. the office corrects the package if a listed holiday is not one in law that year.
    calendar = WorkCalendar({date(2026, 2, 20): WORKING_DAY, date(2026, 11, 24): WORKING_DAY})
    assert calendar.is_working_day(date(2026, 2, 20)) is True
    assert calendar.is_working_day(date(2026, 11, 24)) is True
    assert WorkCalendar().is_working_day(date(2026, 11, 24)) is False  # Ngày Văn hóa VN


def test_is_working_day_override_day_off_wins_over_make_up_saturday() -> None:
    calendar = WorkCalendar([(date(2026, 8, 22), DAY_OFF)])
    assert calendar.is_working_day(date(2026, 8, 22)) is False


def test_is_working_day_rejects_datetime(plain: WorkCalendar) -> None:
    with pytest.raises(TypeError):
        plain.is_working_day(datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001


def test_work_calendar_rejects_unknown_override_kind() -> None:
    with pytest.raises(ValueError, match="holiday"):
        WorkCalendar({date(2026, 3, 2): "holiday"})


def test_override_kinds_match_the_model() -> None:
    from dannguyen.core.models import CalendarOverride

    assert CalendarOverride.Kind.DAY_OFF.value == DAY_OFF
    assert CalendarOverride.Kind.WORKING_DAY.value == WORKING_DAY
    # A TextChoices member is accepted as well as its plain value.
    calendar = WorkCalendar({date(2026, 3, 4): CalendarOverride.Kind.DAY_OFF})
    assert calendar.is_working_day(date(2026, 3, 4)) is False


# --- add_working_days --------------------------------------------------------------------


def test_add_working_days_zero_returns_start(plain: WorkCalendar) -> None:
    assert plain.add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)
    assert plain.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)  # even in Tết


def test_add_working_days_skips_the_weekend(plain: WorkCalendar) -> None:
    assert plain.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 6)  # Thu -> Fri
    assert plain.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    assert plain.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Sat -> Mon
    assert plain.add_working_days(date(2026, 3, 8), 1) == date(2026, 3, 9)  # Sun -> Mon
    assert plain.add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)


def test_add_working_days_skips_tet_2026(plain: WorkCalendar) -> None:
    assert plain.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert plain.add_working_days(date(2026, 2, 17), 1) == date(2026, 2, 23)


def test_add_working_days_counts_make_up_saturday(
    plain: WorkCalendar, office: WorkCalendar
) -> None:
    assert office.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert plain.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)


def test_add_working_days_skips_new_year_2026_swap(
    plain: WorkCalendar, office: WorkCalendar
) -> None:
    assert office.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert plain.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)


def test_add_working_days_seven_working_days_before_tet(plain: WorkCalendar) -> None:
    # Luật Tố cáo 2018, Điều 24 khoản 1: 07 ngày làm việc to register and sort a
    # denunciation received on Thursday 12/02/2026: 13/02, then 23-27/02, then 02/03.
    assert plain.add_working_days(date(2026, 2, 12), 7) == date(2026, 3, 2)


def test_add_working_days_rejects_negative_n(plain: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        plain.add_working_days(date(2026, 3, 2), -1)


def test_add_working_days_fails_when_no_working_day_exists() -> None:
    # Broken data (every day of 2030 off) must fail loudly instead of looping forever.
    everything_off = {date(2030, 1, 1) + timedelta(days=i): DAY_OFF for i in range(400)}
    with pytest.raises(ValueError, match="no working day"):
        WorkCalendar(everything_off).add_working_days(date(2029, 12, 31), 1)


# --- working_days_between ----------------------------------------------------------------


def test_working_days_between_excludes_start_and_includes_end(plain: WorkCalendar) -> None:
    assert plain.working_days_between(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert plain.working_days_between(date(2026, 3, 2), date(2026, 3, 6)) == 4
    assert plain.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1  # Fri -> Mon
    assert plain.working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0  # weekend only


def test_working_days_between_same_day_is_zero(plain: WorkCalendar) -> None:
    assert plain.working_days_between(date(2026, 3, 4), date(2026, 3, 4)) == 0
    assert plain.working_days_between(date(2026, 2, 17), date(2026, 2, 17)) == 0


def test_working_days_between_is_antisymmetric(plain: WorkCalendar) -> None:
    pairs = [
        (date(2026, 2, 12), date(2026, 3, 2)),
        (date(2026, 3, 6), date(2026, 3, 9)),
        (date(2025, 12, 31), date(2026, 1, 5)),
    ]
    assert [plain.working_days_between(a, b) for a, b in pairs] == [7, 1, 2]
    assert [plain.working_days_between(b, a) for a, b in pairs] == [-7, -1, -2]


def test_working_days_between_across_tet_2026(plain: WorkCalendar) -> None:
    assert plain.working_days_between(date(2026, 2, 13), date(2026, 2, 22)) == 0
    assert plain.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert plain.working_days_between(date(2026, 2, 12), date(2026, 3, 2)) == 7


def test_working_days_between_inverts_add_working_days(office: WorkCalendar) -> None:
    starts = [date(2025, 12, 30), date(2026, 1, 9), date(2026, 2, 11), date(2026, 8, 20)]
    for start in starts:
        for n in range(0, 25):
            end = office.add_working_days(start, n)
            assert office.working_days_between(start, end) == n, (start, n)


def test_working_days_between_counts_office_year_2026(office: WorkCalendar) -> None:
    # 261 weekdays - 13 weekday holidays (1/1, 16-20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9,
    # 24/11) + Saturday 22/8; the New Year swap moves a day and keeps the total.
    assert office.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 249


# --- deadline ----------------------------------------------------------------------------


def test_deadline_calendar_days_counted_from_next_day(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 3, 2), 15, DayUnit.CALENDAR) == date(2026, 3, 17)
    assert plain.deadline(date(2026, 3, 2), 1, DayUnit.CALENDAR) == date(2026, 3, 3)


def test_deadline_calendar_days_ending_on_sunday_moves_to_monday(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 3, 2), 6, DayUnit.CALENDAR) == date(2026, 3, 9)


def test_deadline_calendar_days_ending_in_tet_moves_after_tet(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 2, 6), 10, DayUnit.CALENDAR) == date(2026, 2, 23)
    assert plain.deadline(date(2026, 2, 7), 10, DayUnit.CALENDAR) == date(2026, 2, 23)
    assert plain.deadline(date(2026, 1, 17), 30, DayUnit.CALENDAR) == date(2026, 2, 23)


def test_deadline_calendar_days_ending_on_make_up_saturday_stays(
    plain: WorkCalendar, office: WorkCalendar
) -> None:
    assert office.deadline(date(2026, 1, 5), 5, DayUnit.CALENDAR) == date(2026, 1, 10)
    assert plain.deadline(date(2026, 1, 5), 5, DayUnit.CALENDAR) == date(2026, 1, 12)


def test_deadline_working_days_before_tet(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 2, 12), 7, DayUnit.WORKING) == date(2026, 3, 2)
    assert plain.deadline(date(2026, 2, 12), 10, DayUnit.WORKING) == date(2026, 3, 5)


def test_deadline_zero_working_days_is_event_date(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 3, 4), 0, DayUnit.WORKING) == date(2026, 3, 4)


def test_deadline_months_keep_the_day_number(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 3, 16), 1, DayUnit.MONTH) == date(2026, 4, 16)


def test_deadline_months_clamp_to_month_end_then_leave_day_off(plain: WorkCalendar) -> None:
    # 31/01 + 1 tháng: February has no 31st, so 28/02/2026, a Saturday -> Monday 02/03.
    assert plain.deadline(date(2026, 1, 31), 1, DayUnit.MONTH) == date(2026, 3, 2)
    # Across a year: 30/11/2026 + 3 tháng = 28/02/2027, a Sunday -> Monday 01/03/2027.
    assert plain.deadline(date(2026, 11, 30), 3, DayUnit.MONTH) == date(2027, 3, 1)


def test_deadline_months_ending_in_tet_moves_after_tet(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2025, 12, 17), 2, DayUnit.MONTH) == date(2026, 2, 23)


def test_deadline_accepts_unit_value_strings(plain: WorkCalendar) -> None:
    assert plain.deadline(date(2026, 2, 12), 7, DayUnit("working")) == date(2026, 3, 2)


def test_deadline_rejects_negative_count(plain: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        plain.deadline(date(2026, 3, 2), -1, DayUnit.CALENDAR)


# --- the fixture -------------------------------------------------------------------------


def _fixture_rows() -> list[dict[str, Any]]:
    with open(FIXTURE, encoding="utf-8") as f:
        rows: list[dict[str, Any]] = json.load(f)
    return rows


def test_fixture_rows_are_valid_overrides() -> None:
    rows = _fixture_rows()
    dates = [date.fromisoformat(row["date"]) for row in rows]
    assert len(set(dates)) == len(dates)
    for row in rows:
        assert set(row) == {"date", "kind", "reason", "legal_basis"}
        assert row["kind"] in {DAY_OFF, WORKING_DAY}
        assert row["reason"].strip()
        assert row["legal_basis"].strip()
        assert len(row["reason"]) <= 255
        assert len(row["legal_basis"]) <= 255


def test_fixture_rows_add_only_what_the_package_lacks() -> None:
    for row in _fixture_rows():
        day = date.fromisoformat(row["date"])
        years = range(day.year - 1, day.year + 2)
        package = holidays.country_holidays("VN", years=years)
        if row["kind"] == DAY_OFF:
            assert day.weekday() < 5, row
            assert day not in package, row
        else:
            assert day.weekday() >= 5, row
            assert day not in package.weekend_workdays, row


def test_fixture_gives_the_new_year_2026_break() -> None:
    calendar = WorkCalendar(
        [(date.fromisoformat(row["date"]), row["kind"]) for row in _fixture_rows()]
    )
    assert [calendar.is_working_day(date(2026, 1, d)) for d in range(1, 6)] == [
        False,
        False,
        False,
        False,
        True,
    ]
    assert calendar.is_working_day(date(2026, 1, 10)) is True


# --- the database-backed helpers ---------------------------------------------------------


@pytest.fixture
def new_year_2026_rows(db: Any) -> None:
    from dannguyen.core.models import CalendarOverride

    for day, kind in NEW_YEAR_2026.items():
        CalendarOverride.objects.create(date=day, kind=kind, reason="Tết Dương lịch 2026")


def test_db_helpers_use_calendar_override_rows(new_year_2026_rows: None) -> None:
    assert workdays.is_working_day(date(2026, 1, 2)) is False
    assert workdays.is_working_day(date(2026, 1, 10)) is True
    assert workdays.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert workdays.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert workdays.working_days_between(date(2026, 1, 9), date(2026, 1, 12)) == 2
    assert workdays.deadline(date(2026, 1, 5), 5, DayUnit.CALENDAR) == date(2026, 1, 10)


def test_db_helpers_without_rows_use_the_package_only(db: Any) -> None:
    assert workdays.is_working_day(date(2026, 1, 2)) is True
    assert workdays.deadline(date(2026, 2, 12), 7, DayUnit.WORKING) == date(2026, 3, 2)


def test_db_helpers_query_once_per_computation(
    new_year_2026_rows: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(1):
        assert workdays.deadline(date(2026, 2, 12), 7, DayUnit.WORKING) == date(2026, 3, 2)
    with django_assert_max_num_queries(1):
        assert workdays.deadline(date(2025, 12, 26), 5, DayUnit.WORKING) == date(2026, 1, 6)
    with django_assert_max_num_queries(1):
        days = workdays.working_days_between(date(2025, 12, 31), date(2026, 12, 31))
    assert days == 249


def test_db_calendar_loads_further_years_once_each(
    new_year_2026_rows: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        calendar = WorkCalendar.from_db(date(2025, 12, 1), date(2025, 12, 1))  # loads 2025
        # Running into 2026 loads that year once, not once per day.
        assert calendar.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
        # January 21 (22 weekdays - 1/1 - 2/1 + Saturday 10/1), February 15, March 22.
        assert calendar.add_working_days(date(2025, 12, 31), 60) == date(2026, 4, 2)
