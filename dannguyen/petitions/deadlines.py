"""Pure date rules of petition processing: which rule applies, when a step is due, how a
pause moves it, how a clock reads on a given day.

The periods themselves are data (`DeadlineRule`, fixtures/deadline_rules.json, each row with
its article and validity); this module only knows how to count them. Nothing here touches
the database: the caller passes the rules and a `WorkCalendar` loaded for the range.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from dannguyen.lib.workdays import DayUnit, WorkCalendar

# A clock is "due soon" from this many working days before its last day: enough to act on
# the reminder of the morning digest (the office's practice; not a legal rule).
DUE_SOON_WORKING_DAYS = 2

# Steps that measure the office's own work: they pause while the citizen supplements the
# letter (the office cannot act meanwhile), unlike an agency's clock.
OFFICE_STEPS = frozenset(
    {"office_processing", "denunciation_initial", "denunciation_forward", "reply_in_person"}
)
# Steps that an outcome of the office (forward, guide, file, split) completes.
DECISION_STEPS = frozenset({"office_processing", "denunciation_initial", "denunciation_forward"})


class ClockStatus:
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    MET = "met"
    LATE = "late"
    VOID = "void"


class RuleLike(Protocol):
    code: str
    step: str
    kinds: Any
    channels: Any
    legs: Any
    valid_from: datetime.date | None

    def applies(self, *, on: datetime.date, kind: str, channel: str) -> bool: ...


R = TypeVar("R", bound=RuleLike)


def applicable_rule(
    rules: Iterable[R], *, step: str, on: datetime.date, kind: str, channel: str
) -> R | None:
    """The rule of STEP in force ON that day for this kind and channel.

    A rule naming the kind (or channel) beats a general one; among equals the one in force
    most recently. None when no rule applies (e.g. no acceptance step for a petition).
    """
    candidates = [
        r for r in rules if r.step == step and r.applies(on=on, kind=kind, channel=channel)
    ]
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda r: (bool(r.kinds), bool(r.channels), r.valid_from or datetime.date.min),
    )


def legs_of(raw: Any) -> list[tuple[int, DayUnit]]:
    """Validated periods of a rule: [[count, unit], ...] → [(count, DayUnit)]."""
    if not isinstance(raw, list) or not raw:
        raise ValueError("a rule needs at least one period")
    legs = []
    for leg in raw:
        if not isinstance(leg, list | tuple) or len(leg) != 2:
            raise ValueError(f"a period is [count, unit], not {leg!r}")
        count, unit = leg
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 3650:
            raise ValueError(f"a period counts 0 to 3650 days, not {count!r}")
        if unit not in (DayUnit.WORKING.value, DayUnit.CALENDAR.value):
            raise ValueError(f"a period is counted in working or calendar days, not {unit!r}")
        legs.append((count, DayUnit(unit)))
    return legs


def horizon(start: datetime.date, legs: Sequence[tuple[int, DayUnit]]) -> datetime.date:
    """How far a computation from START may reach (to load the calendar once)."""
    days = sum(2 * n if unit is DayUnit.WORKING else n for n, unit in legs)
    return start + datetime.timedelta(days=days + 31)


def due_date(
    start: datetime.date, legs: Sequence[tuple[int, DayUnit]], calendar: WorkCalendar
) -> datetime.date:
    """The last day of a step that starts on START: each period starts where the last ended.

    Counting starts the day after START (Bộ luật Dân sự 2015, Điều 147 khoản 2); a period in
    calendar days ending on a day off ends on the next working day (Điều 148 khoản 5).
    """
    day = start
    for count, unit in legs:
        day = calendar.deadline(day, count, unit)
    return day


def resumed_due(
    due: datetime.date,
    *,
    paused_since: datetime.date,
    resumed_on: datetime.date,
    unit: DayUnit,
    calendar: WorkCalendar,
) -> datetime.date:
    """The last day after a pause: the days paused are added back, in the rule's unit.

    A pause from Monday to Thursday gives back three working days: the days from the
    pause (counted) to the resumption (not counted) were not the office's to use.
    """
    if resumed_on <= paused_since:
        return due
    if unit is DayUnit.WORKING:
        one = datetime.timedelta(days=1)
        # Working days in [paused_since, resumed_on) = (paused_since - 1, resumed_on - 1].
        lost = calendar.working_days_between(paused_since - one, resumed_on - one)
        return calendar.add_working_days(due, lost)
    return calendar.next_working_day(due + (resumed_on - paused_since))


def outcome_on(due: datetime.date, done: datetime.date) -> str:
    return ClockStatus.MET if done <= due else ClockStatus.LATE


def status_on(
    *,
    due: datetime.date,
    outcome: str,
    paused: bool,
    today: datetime.date,
    calendar: WorkCalendar,
) -> str:
    """How a clock reads on TODAY: finished (met / late / void), paused, or running."""
    if outcome:
        return outcome
    if paused:
        return ClockStatus.PAUSED
    if today > due:
        return ClockStatus.OVERDUE
    if calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return ClockStatus.DUE_SOON
    return ClockStatus.OPEN
