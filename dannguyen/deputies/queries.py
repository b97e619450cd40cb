"""Reads of deputies: the lists, one deputy's page, and the activity record.

The activity record is found, not copied: reception sessions the deputy presided over,
petitions addressed to them, voter meetings they attended, supervision teams they were on
and events they attended come from the other apps each time they are asked for, beside the
entries staff record by hand. The public side sees only what is public in its own app:
held reception sessions (date, kind, place — never a case), voter meetings (date, place),
public events and the entries staff marked public.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.events.models import Event, EventStatus, Participant
from dannguyen.lib.vietnamese import fold
from dannguyen.petitions.models import Petition
from dannguyen.reception.models import ReceptionSession, SessionStatus
from dannguyen.supervision.models import SupervisionPlan
from dannguyen.voters.models import Meeting

from .models import ActivityEntry, ActivityKind, Area, Membership, Organization, Person, Term


class Source:
    """Where an activity item comes from; also its label in counts and on the timeline."""

    RECEPTION = "reception"
    PETITIONS_RECEIVED = "petitions_received"
    PETITIONS_FORWARDED = "petitions_forwarded"
    VOTER_MEETINGS = "voter_meetings"
    VOTER_OPINIONS = "voter_opinions"
    SUPERVISION = "supervision"
    EVENTS = "events"


LABELS: dict[str, Any] = {
    Source.RECEPTION: _("Citizen reception sessions presided"),
    Source.PETITIONS_RECEIVED: _("Petitions addressed to the deputy"),
    Source.PETITIONS_FORWARDED: _("of which forwarded to the competent agency"),
    Source.VOTER_MEETINGS: _("Voter meetings attended"),
    Source.VOTER_OPINIONS: _("Opinions and requests of voters collected"),
    Source.SUPERVISION: _("Supervisions taken part in"),
    Source.EVENTS: _("Conferences and events attended"),
    **{kind.value: kind.label for kind in ActivityKind},
}
# The order of the counts in the summary, on the page and in the Word file.
COUNT_ORDER = (
    Source.RECEPTION,
    Source.PETITIONS_RECEIVED,
    Source.PETITIONS_FORWARDED,
    Source.VOTER_MEETINGS,
    Source.VOTER_OPINIONS,
    Source.SUPERVISION,
    Source.EVENTS,
    *ActivityKind.values,
)
# The found sources a summary shows even at zero, for the full and for the public record.
MAIN_SOURCES = COUNT_ORDER[:7]
PUBLIC_SOURCES = (Source.RECEPTION, Source.VOTER_MEETINGS, Source.EVENTS)


# --------------------------------------------------------------------------- people


def current_memberships(today: datetime.date | None = None) -> Q:
    """Memberships running on TODAY, as a filter on Membership."""
    today = today or timezone.localdate()
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _memberships() -> QuerySet[Membership]:
    return Membership.objects.select_related("organization__parent", "term", "area").order_by(
        "-term__starts_on", "organization__body", "organization__classification", "role", "id"
    )


def public_deputies(today: datetime.date | None = None) -> QuerySet[Person]:
    """People with a public membership running today, with their public memberships."""
    running = current_memberships(today)
    public = Membership.objects.filter(running, is_public=True)
    return (
        Person.objects.filter(pk__in=public.values("person"))
        .prefetch_related(
            Prefetch("memberships", queryset=_memberships().filter(running, is_public=True))
        )
        .order_by("name_folded", "id")
    )


def people(filters: dict[str, Any] | None = None) -> QuerySet[Person]:
    """The staff list: everyone recorded, filtered by text, body, term, organisation, area."""
    filters = filters or {}
    found = Person.objects.select_related("user")
    scope = Q()
    if filters.get("body"):
        scope &= Q(organization__body=filters["body"])
    if filters.get("term"):
        scope &= Q(term=filters["term"])
    if filters.get("organization"):
        scope &= Q(organization=filters["organization"])
    if filters.get("area"):
        scope &= Q(area=filters["area"])
    if scope:
        found = found.filter(pk__in=Membership.objects.filter(scope).values("person"))
    if filters.get("q"):
        found = found.filter(name_folded__contains=fold(filters["q"]))
    return found.prefetch_related(Prefetch("memberships", queryset=_memberships())).order_by(
        "name_folded", "id"
    )


def public_people(filters: dict[str, Any] | None = None) -> QuerySet[Person]:
    """The portal's list: the current deputies, or those of a chosen term; only public
    memberships are looked at and shown."""
    filters = filters or {}
    scope = Q(is_public=True)
    if filters.get("term"):
        scope &= Q(term=filters["term"])
    else:
        scope &= current_memberships()
    if filters.get("body"):
        scope &= Q(organization__body=filters["body"])
    if filters.get("area"):
        scope &= Q(area=filters["area"])
    shown = Membership.objects.filter(scope)
    return (
        Person.objects.filter(pk__in=shown.values("person"))
        .prefetch_related(Prefetch("memberships", queryset=_memberships().filter(scope)))
        .order_by("name_folded", "id")
    )


def person_detail(pk: int) -> QuerySet[Person]:
    return (
        Person.objects.filter(pk=pk)
        .select_related("user")
        .prefetch_related(Prefetch("memberships", queryset=_memberships()))
    )


def public_person(pk: int) -> QuerySet[Person]:
    """A deputy the portal may show: one with a public membership, of this term or past."""
    public = Membership.objects.filter(is_public=True)
    return Person.objects.filter(pk=pk, pk__in=public.values("person")).prefetch_related(
        Prefetch("memberships", queryset=_memberships().filter(is_public=True))
    )


def terms() -> QuerySet[Term]:
    return Term.objects.order_by("-starts_on", "body", "id")


def organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("parent", "commune").order_by(
        "body", "classification", "name", "id"
    )


def areas(term: Term | None = None) -> QuerySet[Area]:
    found = Area.objects.select_related("term").prefetch_related("communes")
    if term is not None:
        found = found.filter(term=term)
    return found.order_by("-term__starts_on", "term__body", "number", "id")


def public_areas() -> QuerySet[Area]:
    """Electoral units with a public deputy, with those deputies."""
    public = Membership.objects.filter(is_public=True).select_related("person", "organization")
    return (
        areas()
        .filter(pk__in=public.values("area"))
        .prefetch_related(Prefetch("memberships", queryset=public.order_by("person__name_folded")))
    )


def last_change() -> datetime.datetime | None:
    """When the deputies' data last changed that the portal shows (for cache validation)."""
    return Person.objects.aggregate(at=Max("updated_at"))["at"]


# --------------------------------------------------------------------------- activity


@dataclass(frozen=True)
class Item:
    """One dated line of the activity timeline."""

    date: datetime.date
    source: str
    title: str
    detail: str = ""
    url: str = ""
    is_public: bool = False
    entry: ActivityEntry | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.source])


@dataclass
class Year:
    year: int
    items: list[Item] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    main: tuple[str, ...] = MAIN_SOURCES

    def count_rows(self) -> list[tuple[str, str, int]]:
        """(source, label, count) in the summary's order: the main sources always (so a
        "0" reads as nothing done), the others when something was recorded."""
        return [
            (source, str(LABELS[source]), self.counts.get(source, 0))
            for source in COUNT_ORDER
            if source in self.main or self.counts.get(source)
        ]


@dataclass
class Activity:
    years: list[Year]
    main: tuple[str, ...] = MAIN_SOURCES

    def year(self, year: int) -> Year:
        for found in self.years:
            if found.year == year:
                return found
        return Year(year=year, main=self.main)

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for year in self.years:
            total.update(year.counts)
        return total


_WORD = re.compile(r"\w")


def names_in(text: str, name: str) -> bool:
    """Whether NAME appears in TEXT as a whole name: "Nguyễn Văn An" is not "Nguyễn Văn
    Anh". Compared folded, so "Nguyen Van An" typed without diacritics also counts."""
    haystack, needle = fold(text), fold(name)
    if not needle:
        return False
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        before = haystack[start - 1] if start else " "
        after = haystack[end] if end < len(haystack) else " "
        if not _WORD.match(before) and not _WORD.match(after):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _meetings(person: Person, since: datetime.date | None) -> list[Meeting]:
    """Voter meetings whose lists of deputies attending name PERSON.

    The minutes list deputies as text, so the database narrows by the given name (the last
    word, which the folding of the lists would otherwise need a column for) and Python checks
    the whole name, folded."""
    given = person.name.split()[-1] if person.name.split() else ""
    if not given:
        return []
    found = Meeting.objects.filter(
        Q(na_deputies__icontains=given)
        | Q(province_deputies__icontains=given)
        | Q(commune_deputies__icontains=given)
        | Q(na_deputies__icontains=fold(given))
        | Q(province_deputies__icontains=fold(given))
        | Q(commune_deputies__icontains=fold(given))
    ).annotate(opinion_count=Count("opinions"))
    if since is not None:
        found = found.filter(held_on__gte=since)
    return [
        m
        for m in found.select_related("session", "commune").order_by("held_on", "id")
        if names_in(f"{m.na_deputies}\n{m.province_deputies}\n{m.commune_deputies}", person.name)
    ]


def activity(
    person: Person,
    *,
    public_only: bool,
    year: int | None = None,
    today: datetime.date | None = None,
) -> Activity:
    """PERSON's activity by year, newest first: what the other apps recorded in the name of
    their account (none without one) and in their name as text, and the hand entries.

    PUBLIC_ONLY keeps to what the portal may show (no petitions, no supervision, public
    events and entries only)."""
    today = today or timezone.localdate()
    items: list[Item] = []
    counts: dict[int, Counter[str]] = {}

    def count(day: datetime.date, source: str, n: int = 1) -> None:
        counts.setdefault(day.year, Counter())[source] += n

    def in_year(day: datetime.date) -> bool:
        return year is None or day.year == year

    user = person.user
    if user is not None:
        sessions = ReceptionSession.objects.filter(hosts=user, status=SessionStatus.HELD)
        if year is not None:
            sessions = sessions.filter(date__year=year)
        for session in sessions.order_by("date", "id"):
            count(session.date, Source.RECEPTION)
            items.append(
                Item(
                    date=session.date,
                    source=Source.RECEPTION,
                    title=str(session.get_kind_display()),
                    detail=session.place,
                    url="" if public_only else session.get_absolute_url(),
                    is_public=True,
                )
            )
        if not public_only:
            _petitions(user, year, count)
            _supervision(user, year, items, count)
        attended = Participant.objects.filter(user=user, attended=True).exclude(
            event__status=EventStatus.CANCELLED
        )
        if public_only:
            attended = attended.filter(event__is_public=True)
        events = Event.objects.filter(pk__in=attended.values("event"))
        for event in events.order_by("starts_at", "id"):
            day = timezone.localtime(event.starts_at).date()
            if not in_year(day):
                continue
            count(day, Source.EVENTS)
            items.append(
                Item(
                    date=day,
                    source=Source.EVENTS,
                    title=event.title,
                    detail=event.place,
                    url="" if public_only else event.get_absolute_url(),
                    is_public=event.is_public,
                )
            )

    since = datetime.date(year, 1, 1) if year is not None else None
    for meeting in _meetings(person, since):
        if not in_year(meeting.held_on) or meeting.held_on > today:
            continue
        count(meeting.held_on, Source.VOTER_MEETINGS)
        if not public_only:
            count(meeting.held_on, Source.VOTER_OPINIONS, meeting.opinion_count)  # type: ignore[attr-defined]
        items.append(
            Item(
                date=meeting.held_on,
                source=Source.VOTER_MEETINGS,
                title=str(meeting.session),
                detail=str(meeting.commune or meeting.place),
                url="" if public_only else meeting.get_absolute_url(),
                is_public=True,
            )
        )

    entries = person.activities.all()
    if public_only:
        entries = entries.filter(is_public=True)
    if year is not None:
        entries = entries.filter(date__year=year)
    for entry in entries.order_by("date", "id"):
        count(entry.date, entry.kind)
        items.append(
            Item(
                date=entry.date,
                source=entry.kind,
                title=entry.title,
                detail=entry.text,
                is_public=entry.is_public,
                entry=entry,
            )
        )

    main = PUBLIC_SOURCES if public_only else MAIN_SOURCES
    by_year = {y: Year(year=y, counts=c, main=main) for y, c in counts.items()}
    for item in items:
        by_year.setdefault(item.date.year, Year(year=item.date.year, main=main)).items.append(item)
    for found in by_year.values():
        found.items.sort(key=lambda i: (i.date, i.source), reverse=True)
    return Activity(years=sorted(by_year.values(), key=lambda y: y.year, reverse=True), main=main)


def _petitions(user: Any, year: int | None, count: Any) -> None:
    """Counts only: a petition's content and its citizens stay in the petitions app."""
    received = Petition.objects.filter(receiving_deputy=user)
    if year is not None:
        received = received.filter(received_on__year=year)
    for received_on, forwarded in received.annotate(forwarded=Count("forwardings")).values_list(
        "received_on", "forwarded"
    ):
        count(received_on, Source.PETITIONS_RECEIVED)
        if forwarded:
            count(received_on, Source.PETITIONS_FORWARDED)


def _supervision(user: Any, year: int | None, items: list[Item], count: Any) -> None:
    plans = SupervisionPlan.objects.filter(Q(head=user) | Q(members=user)).distinct()
    if year is not None:
        plans = plans.filter(starts_on__year=year)
    for plan in plans.order_by("starts_on", "id"):
        count(plan.starts_on, Source.SUPERVISION)
        items.append(
            Item(
                date=plan.starts_on,
                source=Source.SUPERVISION,
                title=plan.title,
                detail=plan.number,
                url=plan.get_absolute_url(),
            )
        )
