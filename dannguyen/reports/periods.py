"""Reporting periods: month, quarter, 6 and 9 months, year, or any range (domain.md §5.1:
quarterly, 6-monthly, 9-monthly and annual reports under TT 02/2021 and TT 06/2025).

Pure date arithmetic; a period is written `2026-11`, `2026-Q3`, `2026-H1`, `2026-H2`,
`2026-9M`, `2026` (the API's `period=`), or given as a range.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR, MAX_YEAR = 1990, 2100
# A custom range longer than this is a typo, not a report (and would scan everything).
MAX_RANGE_DAYS = 366 * 10

_CODE = re.compile(r"^(\d{4})(?:-(\d{1,2}|Q[1-4]|H[12]|9M))?$", re.IGNORECASE)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str  # month | quarter | half | nine_months | year | custom
    code: str

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == "month":
            return _("Month %(month)s of %(year)s") % {"month": self.start.month, "year": year}
        if self.kind == "quarter":
            return _("Quarter %(roman)s of %(year)s") % {
                "roman": ROMAN[(self.start.month - 1) // 3 + 1],
                "year": year,
            }
        if self.kind == "half":
            if self.start.month == 1:
                return _("First 6 months of %(year)s") % {"year": year}
            return _("Last 6 months of %(year)s") % {"year": year}
        if self.kind == "nine_months":
            return _("First 9 months of %(year)s") % {"year": year}
        if self.kind == "year":
            return _("Year %(year)s") % {"year": year}
        return _("From %(a)s to %(b)s") % {
            "a": f"{self.start:%d/%m/%Y}",
            "b": f"{self.end:%d/%m/%Y}",
        }

    @property
    def previous_day(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _year(value: int) -> int:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise PeriodError(
            _("The year must be between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
        )
    return value


def month(year: int, number: int) -> Period:
    if not 1 <= number <= 12:
        raise PeriodError(_("The month must be between 1 and 12."))
    return Period(
        datetime.date(_year(year), number, 1),
        _month_end(year, number),
        "month",
        f"{year}-{number:02d}",
    )


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise PeriodError(_("The quarter must be between 1 and 4."))
    first = 3 * (number - 1) + 1
    return Period(
        datetime.date(_year(year), first, 1),
        _month_end(year, first + 2),
        "quarter",
        f"{year}-Q{number}",
    )


def half(year: int, number: int) -> Period:
    if number not in (1, 2):
        raise PeriodError(_("The half-year must be 1 or 2."))
    first = 1 if number == 1 else 7
    return Period(
        datetime.date(_year(year), first, 1),
        _month_end(year, first + 5),
        "half",
        f"{year}-H{number}",
    )


def nine_months(year: int) -> Period:
    return Period(
        datetime.date(_year(year), 1, 1), datetime.date(year, 9, 30), "nine_months", f"{year}-9M"
    )


def whole_year(year: int) -> Period:
    return Period(datetime.date(_year(year), 1, 1), datetime.date(year, 12, 31), "year", f"{year}")


def custom(start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise PeriodError(_("The end of the period is before its start."))
    if (end - start).days > MAX_RANGE_DAYS:
        raise PeriodError(_("A period may cover at most ten years."))
    _year(start.year)
    _year(end.year)
    return Period(start, end, "custom", f"{start:%Y-%m-%d}..{end:%Y-%m-%d}")


def of_kind(kind: str, year: int, number: int | None = None) -> Period:
    """The period of KIND ("month", "quarter", "half", "nine_months", "year") in YEAR."""
    if kind == "year":
        return whole_year(year)
    if kind == "nine_months":
        return nine_months(year)
    makers = {"month": month, "quarter": quarter, "half": half}
    if kind not in makers:
        raise PeriodError(_("Unknown kind of period."))
    if number is None:
        raise PeriodError(_("Say which month, quarter or half-year."))
    return makers[kind](year, number)


def parse(code: str) -> Period:
    """`2026-11`, `2026-Q3`, `2026-H1`, `2026-9M` or `2026`."""
    match = _CODE.match(code.strip())
    if match is None:
        raise PeriodError(
            _("Write the period as 2026, 2026-11, 2026-Q3, 2026-H1, 2026-H2 or 2026-9M.")
        )
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if not part:
        return whole_year(year)
    if part == "9M":
        return nine_months(year)
    if part[0] == "Q":
        return quarter(year, int(part[1]))
    if part[0] == "H":
        return half(year, int(part[1]))
    return month(year, int(part))
