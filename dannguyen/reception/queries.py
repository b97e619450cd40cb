"""Reads of citizen reception: sessions, the calendar, the register, the rules in force, and
what a given reader may see of each identity."""

from __future__ import annotations

import calendar as gregorian
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from dannguyen.accounts.models import User
from dannguyen.lib.workdays import WorkCalendar
from dannguyen.petitions import identity
from dannguyen.petitions.identity import ShownIdentity

from . import deadlines, permissions
from .models import (
    CaseIdentityAccess,
    HostReminder,
    LimitCode,
    ReceptionCase,
    ReceptionCitizen,
    ReceptionSession,
    RefusalGround,
    SessionStatus,
    TimeLimitRule,
)

# ------------------------------------------------------------------------- rules


def rule_for(code: str, day: datetime.date) -> TimeLimitRule | None:
    """The time limit CODE in force on DAY (the newest one when validities overlap)."""
    return (
        TimeLimitRule.objects.filter(code=code)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def rules_for(code: str) -> list[TimeLimitRule]:
    """Every version of time limit CODE, newest first (to pick per date without a query)."""
    return list(TimeLimitRule.objects.filter(code=code).order_by("-valid_from"))


def pick(
    rules: Iterable[TimeLimitRule], day: datetime.date, host_body: str = ""
) -> TimeLimitRule | None:
    """The first of RULES (newest first) in force on DAY for a session presided by HOST_BODY."""
    return next(
        (r for r in rules if r.applies_on(day) and (not host_body or r.applies_to(host_body))),
        None,
    )


def refusal_grounds_on(day: datetime.date) -> QuerySet[RefusalGround]:
    return RefusalGround.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


@dataclass(frozen=True)
class NoticeDates:
    """When the presiding persons must be told, and by when they must say they cannot come."""

    notify_by: datetime.date | None
    notify_basis: str
    absence_by: datetime.date | None
    absence_basis: str


def notice_dates(
    session: ReceptionSession,
    calendar: WorkCalendar,
    *,
    notice_rules: list[TimeLimitRule] | None = None,
    absence_rules: list[TimeLimitRule] | None = None,
) -> NoticeDates:
    notice = pick(
        notice_rules if notice_rules is not None else rules_for(LimitCode.HOST_NOTICE),
        session.date,
        session.host_body,
    )
    absence = pick(
        absence_rules if absence_rules is not None else rules_for(LimitCode.ABSENCE_NOTICE),
        session.date,
        session.host_body,
    )
    return NoticeDates(
        notify_by=(
            deadlines.latest_notice_day(session.date, notice.count, notice.unit, calendar)
            if notice
            else None
        ),
        notify_basis=notice.legal_basis if notice else "",
        absence_by=(
            deadlines.latest_notice_day(session.date, absence.count, absence.unit, calendar)
            if absence
            else None
        ),
        absence_basis=absence.legal_basis if absence else "",
    )


# ------------------------------------------------------------------------- sessions


def host_choices() -> QuerySet[User]:
    """People who may preside: deputies, leaders, the office's managers."""
    return (
        User.objects.filter(is_active=True, roles__code__in=list(permissions.HOST_ROLES))
        .distinct()
        .order_by("full_name", "username")
    )


def staff_choices() -> QuerySet[User]:
    from dannguyen.accounts.permissions import OFFICE_STAFF  # noqa: PLC0415 -- one use

    return (
        User.objects.filter(is_active=True, roles__code__in=list(OFFICE_STAFF))
        .distinct()
        .order_by("full_name", "username")
    )


def sessions(filters: dict[str, Any]) -> QuerySet[ReceptionSession]:
    """Sessions within FILTERS (SessionFilterForm's cleaned data), newest first."""
    found = ReceptionSession.objects.all()
    if filters.get("date_from"):
        found = found.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        found = found.filter(date__lte=filters["date_to"])
    for name in ("kind", "status", "method"):
        if filters.get(name):
            found = found.filter(**{name: filters[name]})
    if filters.get("host"):
        found = found.filter(hosts=filters["host"])
    return found.for_list().order_by("-date", "-start_time", "-id")


def session_detail(pk: int) -> QuerySet[ReceptionSession]:
    return ReceptionSession.objects.filter(pk=pk).prefetch_related(
        Prefetch("hosts", queryset=User.objects.order_by("full_name")),
        Prefetch("staff", queryset=User.objects.order_by("full_name")),
    )


@dataclass
class Upcoming:
    """A planned session on the index page, with who has been reminded."""

    session: ReceptionSession
    dates: NoticeDates
    reminders: list[HostReminder]
    unreminded: list[User] = field(default_factory=list)


def upcoming(today: datetime.date, *, limit: int = 10) -> list[Upcoming]:
    """The next planned sessions from TODAY, with their notice dates and reminders."""
    found = list(
        ReceptionSession.objects.filter(status=SessionStatus.PLANNED, date__gte=today)
        .for_list()
        .prefetch_related(
            Prefetch(
                "reminders",
                queryset=HostReminder.objects.select_related("host").order_by("host__full_name"),
            )
        )
        .order_by("date", "start_time", "id")[:limit]
    )
    if not found:
        return []
    calendar = WorkCalendar.from_db(today - datetime.timedelta(days=60), found[-1].date)
    notice_rules = rules_for(LimitCode.HOST_NOTICE)
    absence_rules = rules_for(LimitCode.ABSENCE_NOTICE)
    rows = []
    for session in found:
        reminders = [r for r in session.reminders.all() if r.session_date == session.date]
        reminded = {r.host_id for r in reminders if r.outcome == HostReminder.Outcome.SENT}
        rows.append(
            Upcoming(
                session=session,
                dates=notice_dates(
                    session, calendar, notice_rules=notice_rules, absence_rules=absence_rules
                ),
                reminders=reminders,
                unreminded=[h for h in session.hosts.all() if h.pk not in reminded],
            )
        )
    return rows


# ------------------------------------------------------------------------- calendar


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_working_day: bool
    is_today: bool
    sessions: list[ReceptionSession]


@dataclass
class Month:
    first: datetime.date
    weeks: list[list[Day]]

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        days = gregorian.monthrange(self.first.year, self.first.month)[1]
        return self.first + datetime.timedelta(days=days)


def month(first: datetime.date, today: datetime.date, *, host: User | None = None) -> Month:
    """The weeks (Monday first) covering the month of FIRST, with their sessions."""
    first = first.replace(day=1)
    start = first - datetime.timedelta(days=first.weekday())
    days_in_month = gregorian.monthrange(first.year, first.month)[1]
    last = first + datetime.timedelta(days=days_in_month - 1)
    end = last + datetime.timedelta(days=6 - last.weekday())
    found = ReceptionSession.objects.filter(date__range=(start, end))
    if host is not None:
        found = found.filter(hosts=host)
    by_day: dict[datetime.date, list[ReceptionSession]] = {}
    for session in found.for_list().order_by("date", "start_time", "id"):
        by_day.setdefault(session.date, []).append(session)
    calendar = WorkCalendar.from_db(start, end)
    weeks: list[list[Day]] = []
    day = start
    while day <= end:
        week = []
        for _weekday in range(7):
            week.append(
                Day(
                    date=day,
                    in_month=day.month == first.month,
                    is_working_day=calendar.is_working_day(day),
                    is_today=day == today,
                    sessions=by_day.get(day, []),
                )
            )
            day += datetime.timedelta(days=1)
        weeks.append(week)
    return Month(first=first, weeks=weeks)


# ------------------------------------------------------------------------- cases


def cases_of(session: ReceptionSession) -> QuerySet[ReceptionCase]:
    return session.cases.for_register().order_by("number")


def case_detail(pk: int) -> QuerySet[ReceptionCase]:
    return (
        ReceptionCase.objects.filter(pk=pk)
        .for_register()
        .select_related("recorded_by")
        .prefetch_related(Prefetch("session__hosts", queryset=User.objects.order_by("full_name")))
    )


def register(filters: dict[str, Any]) -> QuerySet[ReceptionCase]:
    """The Sổ tiếp công dân within FILTERS (RegisterFilterForm's cleaned data), in the order
    the cases were heard."""
    cases = ReceptionCase.objects.exclude(session__status=SessionStatus.CANCELLED)
    if filters.get("date_from"):
        cases = cases.filter(session__date__gte=filters["date_from"])
    if filters.get("date_to"):
        cases = cases.filter(session__date__lte=filters["date_to"])
    if filters.get("kind"):
        cases = cases.filter(session__kind=filters["kind"])
    if filters.get("host"):
        cases = cases.filter(session__hosts=filters["host"]).distinct()
    return cases.for_register().order_by(
        "session__date", "session__start_time", "session_id", "number"
    )


def cases_for_api(user: Any, filters: dict[str, Any]) -> QuerySet[ReceptionCase]:
    """The cases USER may read, within FILTERS."""
    cases = register(filters)
    if filters.get("session"):
        cases = cases.filter(session_id=filters["session"])
    if not permissions.can_view_register(user):
        cases = cases.filter(session__hosts=user).distinct()
    return cases


# ------------------------------------------------------------------------- identities


def _shown(citizen: ReceptionCitizen) -> ShownIdentity:
    place = ", ".join(str(u.name) for u in (citizen.ward, citizen.province) if u is not None)
    return ShownIdentity(
        full_name=citizen.full_name,
        id_number=citizen.id_number,
        phone=citizen.phone,
        address=citizen.address,
        place=place,
        is_masked=False,
    )


def citizens_of(case: ReceptionCase) -> list[ReceptionCitizen]:
    # `citizens` is prefetched on lists and details; otherwise one query.
    return list(case.citizens.all())


def shown_citizens(
    case: ReceptionCase, user: Any, *, revealed: bool = False
) -> list[ShownIdentity]:
    """The people as USER may see them: masked when protected, unless just REVEALED."""
    people = citizens_of(case)
    if case.is_identity_protected and not revealed:
        return [identity.masked() for _person in people]
    if not case.is_identity_protected and not permissions.can_view_case(user, case):
        return [identity.masked() for _person in people]
    return [_shown(p) for p in people]


def secrets_of(case: ReceptionCase) -> list[str]:
    values: list[str] = []
    for p in citizens_of(case):
        values.extend([p.full_name, p.id_number, p.phone, p.street, p.address])
    return [v for v in values if v]


def shown_text(case: ReceptionCase, text: str, *, revealed: bool = False) -> str:
    """TEXT of CASE as shown: the names and numbers of a protected case are redacted."""
    if not case.is_identity_protected or revealed or not text:
        return text
    return identity.redact(text, secrets_of(case))


def identity_log(case: ReceptionCase) -> list[CaseIdentityAccess]:
    return list(case.identity_accesses.select_related("user"))


def earlier_visits(case: ReceptionCase, user: Any) -> list[ReceptionCase]:
    """Other cases of the same people (same identity number), when neither is protected.

    A person received again and again about a matter already answered is what Art 9(3) of
    Luật Tiếp công dân is about; the receiver needs to see it.
    """
    if case.is_identity_protected or not permissions.can_view_case(user, case):
        return []
    hashes = [c.id_number_hash for c in citizens_of(case) if c.id_number_hash]
    if not hashes:
        return []
    found = ReceptionCase.objects.filter(
        citizens__id_number_hash__in=hashes, is_identity_protected=False
    ).exclude(pk=case.pk)
    if not permissions.can_view_register(user):
        found = found.filter(session__hosts=user)
    return list(found.select_related("session").distinct().order_by("-session__date")[:20])


def period_label(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return _("from %(a)s to %(b)s") % {"a": f"{start:%d/%m/%Y}", "b": f"{end:%d/%m/%Y}"}
    if start:
        return _("from %(a)s") % {"a": f"{start:%d/%m/%Y}"}
    if end:
        return _("until %(b)s") % {"b": f"{end:%d/%m/%Y}"}
    return ""
