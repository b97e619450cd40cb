"""The working-day calendar of a Vietnamese state office, and legal deadlines counted on it.

Three layers decide whether a date is a working day, the later winning over the earlier:

1. The week: Saturday and Sunday are weekly rest days of state bodies (the 40-hour week of
   Quyết định số 188/1999/QĐ-TTg: they work Monday to Friday).
2. The statute: public holidays of Bộ luật Lao động 2019, Điều 112 — Tết Dương lịch (1 day),
   Tết Âm lịch (5 days), Giỗ Tổ Hùng Vương (10/3 âm lịch), 30/4, 1/5, Quốc khánh 2/9 plus one
   adjacent day — with their "nghỉ bù" when they fall on a weekend, and the day swaps
   already announced by the Government, all taken from the `holidays` package (`VN`). The
   package also knows make-up Saturdays of those swaps (`weekend_workdays`), which are
   working days. From 2026 it also lists 24/11, Ngày Văn hóa Việt Nam (Nghị quyết
   80-NQ/TW); if that day is not a day off in law for a given year, the office records a
   working_day override for it.
3. The office's table `core.CalendarOverride`: swaps and extra days off that the package
   does not (yet) know. An override wins over everything else, so the office can also
   correct the package when it is wrong or late.

Deadlines follow Bộ luật Dân sự 2015: Điều 147 (a period counted in days, weeks, months or
years starts on the day after the event) and Điều 148 (where it ends; khoản 5: a period whose
last day is a weekly rest day or a holiday ends on the next working day).

Everything here is a pure function of its arguments and the data tables: nothing reads the
clock, so the same inputs give the same deadline in a test, a report and a job.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import holidays

__all__ = [
    "DAY_OFF",
    "WORKING_DAY",
    "DayUnit",
    "WorkCalendar",
    "add_working_days",
    "deadline",
    "is_working_day",
    "working_days_between",
]

# The values of `core.models.CalendarDayKind`, repeated here so that this module can build a
# calendar without Django (the tests check both spellings agree).
DAY_OFF = "day_off"
WORKING_DAY = "working_day"
_KINDS = frozenset({DAY_OFF, WORKING_DAY})

# Saturday and Sunday, as `date.weekday()` numbers them.
_WEEKEND = frozenset({5, 6})

# No real calendar has a year without a working day; a longer search means the override
# data are broken (e.g. a whole year marked day_off), and failing beats looping forever.
_MAX_SEARCH_DAYS = 366

_ONE_DAY = dt.timedelta(days=1)

OverrideRows = Iterable[tuple[dt.date, str]]
"""(date, kind) pairs, kind being DAY_OFF or WORKING_DAY."""

OverrideLoader = Callable[[int, int], OverrideRows]
"""Returns the override rows of the calendar years first..last (both included)."""


class DayUnit(enum.StrEnum):
    """How a legal time limit is counted.

    The values are stable strings so that a rule table or a model field can store them.
    Bộ luật Dân sự 2015, Điều 148 also defines weeks and years; they can be added here
    with a branch in `WorkCalendar.deadline` when a procedure needs them.
    """

    CALENDAR = "calendar"
    """"N ngày": N calendar days, the end moved off a day off (Điều 148 khoản 1 and 5)."""

    WORKING = "working"
    """"N ngày làm việc": N working days, e.g. Luật Tố cáo 2018, Điều 24 khoản 1."""

    MONTH = "month"
    """"N tháng": the same day-number N months later, or that month's last day if it has
    no such day (Điều 148 khoản 3), then moved off a day off (khoản 5)."""


@dataclass(frozen=True, slots=True)
class _StatutoryYear:
    days_off: frozenset[dt.date]
    weekend_workdays: frozenset[dt.date]


@functools.lru_cache(maxsize=32)
def _statutory_year(year: int) -> _StatutoryYear:
    """The package's holidays of one year, frozen.

    Building a `holidays` object runs the lunisolar conversion, so it is done once per year
    per process. The object itself is not kept: it grows when asked about another year,
    and a cached object that mutates would make answers depend on earlier calls.
    """
    vn = holidays.country_holidays("VN", years=year)
    # A swap may put its make-up Saturday in the neighbouring year (e.g. 31/12/2018 off,
    # 05/01/2019 worked), so the set can hold dates outside `year`: callers look at the
    # neighbouring years too.
    return _StatutoryYear(
        days_off=frozenset(d for d in vn if d.year == year),
        weekend_workdays=frozenset(vn.weekend_workdays),
    )


def _as_date(value: dt.date, name: str) -> dt.date:
    # A datetime is a date subclass but never equal to one, so it would silently miss every
    # table lookup; the caller must pick the local day (timezone.localdate) first.
    if isinstance(value, dt.datetime):
        raise TypeError(f"{name} must be a date, not a datetime; convert it to the local date")
    return value


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day-number `months` later, clamped to the month's end (BLDS 2015, Điều 148.3)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _gregorian.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


class WorkCalendar:
    """The working-day calendar: weekends, statutory holidays and the office's overrides.

    Build it from explicit data for pure computations and tests::

        cal = WorkCalendar({date(2026, 1, 2): DAY_OFF, date(2026, 1, 10): WORKING_DAY})

    or from the database with `WorkCalendar.from_db(start, end)`, which reads the override
    table once for the calendar years start..end and, if a computation runs past them, once
    more per further year (never once per day). Instances are cheap and meant to be
    short-lived (one request, one job), so they do not see overrides edited afterwards.
    """

    def __init__(
        self,
        overrides: Mapping[dt.date, str] | OverrideRows | None = None,
        *,
        loader: OverrideLoader | None = None,
    ) -> None:
        """OVERRIDES maps dates to DAY_OFF or WORKING_DAY (or is a list of such pairs).

        Without a LOADER the overrides are the whole table. With one, the calendar asks the
        loader for each calendar year it has not seen yet before answering about it.
        """
        self._overrides: dict[dt.date, str] = {}
        self._loader = loader
        self._loaded_years: set[int] = set()
        if overrides is not None:
            rows = overrides.items() if isinstance(overrides, Mapping) else overrides
            self._add_rows(rows)

    @classmethod
    def from_db(cls, start: dt.date, end: dt.date) -> WorkCalendar:
        """A calendar backed by `core.CalendarOverride`, preloaded for the years start..end."""
        calendar = cls(loader=_load_db_overrides)
        calendar.preload(start, end)
        return calendar

    # --- override data ---------------------------------------------------------------

    def _add_rows(self, rows: OverrideRows) -> None:
        for day, kind in rows:
            _as_date(day, "override date")
            if kind not in _KINDS:
                raise ValueError(f"unknown calendar override kind {kind!r} for {day}")
            # str() turns a Django TextChoices member into its plain value.
            self._overrides[day] = str(kind)

    def preload(self, start: dt.date, end: dt.date) -> None:
        """Fetch the overrides of the calendar years spanned by start..end in one call."""
        if self._loader is None:
            return
        first, last = sorted((start.year, end.year))
        missing = [y for y in range(first, last + 1) if y not in self._loaded_years]
        if not missing:
            return
        # One query for the whole gap, even if some years inside it were already loaded:
        # re-adding a row is harmless and a second round trip is not.
        self._add_rows(self._loader(missing[0], missing[-1]))
        self._loaded_years.update(range(missing[0], missing[-1] + 1))

    def _override(self, day: dt.date) -> str | None:
        if self._loader is not None and day.year not in self._loaded_years:
            self.preload(day, day)
        return self._overrides.get(day)

    # --- the rules ---------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether DAY is a working day of the office."""
        day = _as_date(day, "day")
        kind = self._override(day)
        if kind is not None:
            return kind == WORKING_DAY
        if day in _statutory_year(day.year).days_off:
            return False
        if day.weekday() in _WEEKEND:
            # A make-up Saturday of a swap the package knows; it may be announced with the
            # holiday of the year before or after (see `_statutory_year`).
            return any(
                day in _statutory_year(year).weekend_workdays
                for year in (day.year - 1, day.year, day.year + 1)
            )
        return True

    def _working_days_after(self, start: dt.date) -> Iterator[dt.date]:
        """The working days strictly after START, in order."""
        day = start
        while True:
            origin = day
            for _ in range(_MAX_SEARCH_DAYS):
                day += _ONE_DAY
                if self.is_working_day(day):
                    yield day
                    break
            else:
                raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days after {origin}")

    def next_working_day(self, day: dt.date) -> dt.date:
        """DAY itself if it is a working day, otherwise the first working day after it."""
        day = _as_date(day, "day")
        if self.is_working_day(day):
            return day
        return next(self._working_days_after(day))

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The N-th working day after START; START itself is never counted.

        N = 0 returns START unchanged (nothing to count), whatever kind of day it is.
        """
        start = _as_date(start, "start")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        day = start
        days = self._working_days_after(start)
        for _ in range(n):
            day = next(days)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in the half-open interval (START, END].

        START is not counted and END is, matching `add_working_days`:
        `working_days_between(s, add_working_days(s, n)) == n`. The count is antisymmetric:
        when END is before START the result is minus the count of (END, START], so
        `working_days_between(a, b) == -working_days_between(b, a)` and a negative value
        reads as "that many working days late". Equal dates give 0.
        """
        start = _as_date(start, "start")
        end = _as_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        self.preload(start, end)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def deadline(self, event_date: dt.date, count: int, unit: DayUnit) -> dt.date:
        """The last day of a time limit of COUNT UNITs starting from EVENT_DATE.

        Bộ luật Dân sự 2015: counting starts on the day after the event (Điều 147 khoản 2);
        a limit in calendar days or months whose last day is a day off ends on the next
        working day (Điều 148 khoản 5). A limit in working days lands on a working day by
        construction.
        """
        event_date = _as_date(event_date, "event_date")
        if count < 0:
            raise ValueError(f"count must be >= 0, got {count}")
        unit = DayUnit(unit)
        if unit is DayUnit.WORKING:
            return self.add_working_days(event_date, count)
        if unit is DayUnit.CALENDAR:
            last = event_date + dt.timedelta(days=count)
        elif unit is DayUnit.MONTH:
            last = _add_months(event_date, count)
        else:  # pragma: no cover - a new unit must get its own rule above
            raise NotImplementedError(unit)
        return self.next_working_day(last)


def _load_db_overrides(first_year: int, last_year: int) -> list[tuple[dt.date, str]]:
    # Imported here because lib sits below the apps: core.models itself imports from lib,
    # and the pure calendar must stay usable without Django's app registry.
    from dannguyen.core.models import CalendarOverride  # noqa: PLC0415 -- lib sits below core

    rows = CalendarOverride.objects.filter(
        date__range=(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    ).values_list("date", "kind")
    return list(rows)


def _horizon(start: dt.date, count: int, unit: DayUnit) -> dt.date:
    """A generous guess of how far a computation from START reaches, to preload in one query.

    A wrong guess costs one more query per further year, never a wrong answer.
    """
    if unit is DayUnit.MONTH:
        days = 31 * count
    elif unit is DayUnit.WORKING:
        days = 2 * count
    else:
        days = count
    # Room for the longest run of days off (Tết: 9 days and more) after the last day.
    return start + dt.timedelta(days=days + 31)


# --- module-level helpers on the database-backed calendar -----------------------------


def is_working_day(day: dt.date) -> bool:
    """Whether DAY is a working day, with the office's overrides from the database."""
    return WorkCalendar.from_db(day, day).is_working_day(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The N-th working day after START (START not counted), on the database calendar."""
    return WorkCalendar.from_db(start, _horizon(start, n, DayUnit.WORKING)).add_working_days(
        start, n
    )


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (START, END] on the database calendar; negative if END < START."""
    return WorkCalendar.from_db(start, end).working_days_between(start, end)


def deadline(event_date: dt.date, count: int, unit: DayUnit) -> dt.date:
    """The last day of a COUNT-UNIT time limit after EVENT_DATE, on the database calendar."""
    unit = DayUnit(unit)
    calendar = WorkCalendar.from_db(event_date, _horizon(event_date, count, unit))
    return calendar.deadline(event_date, count, unit)
