"""What the public portal reads from the other apps: only public information.

Each function picks the public fields itself, so a template or the API cannot reach a
staff-only one by accident: reception sessions without their cases, staff, notes or
connection details; voter meetings without their minutes and opinions; answers to voters
without the speakers; legal documents without provenance, attachments or history.
"""

from __future__ import annotations

import calendar as gregorian
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import User
from dannguyen.events import queries as event_queries
from dannguyen.events.models import Event, EventStatus
from dannguyen.legal import effect, ranking, search
from dannguyen.legal import queries as legal_queries
from dannguyen.legal.models import LegalDocument, SearchEntry
from dannguyen.lib.workdays import WorkCalendar
from dannguyen.reception.models import ReceptionSession, SessionStatus
from dannguyen.voters import queries as voter_queries
from dannguyen.voters.models import (
    Answer,
    AnswerDetail,
    AnswerResult,
    ContactPlan,
    Dispatch,
    Meeting,
    Opinion,
    VoterPetition,
)

# ----------------------------------------------------------------------------- schedules


class ItemKind:
    RECEPTION = "reception"
    MEETING = "meeting"
    EVENT = "event"


ITEM_KINDS = (ItemKind.RECEPTION, ItemKind.MEETING, ItemKind.EVENT)

# The longest span one request may ask for (a year and a day: a whole year, inclusive).
MAX_SPAN_DAYS = 367


@dataclass(frozen=True)
class ScheduleItem:
    """One public entry of the calendar: a reception session, a voter meeting or an event.

    Voter meetings are recorded by day only (NQLT 72 Art 6 plans give the day), so they
    have no time of day.
    """

    kind: str
    pk: int
    day: datetime.date
    title: str
    place: str
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    last_day: datetime.date | None = None
    hosts: tuple[str, ...] = ()
    body: str = ""
    method: str = ""
    cancelled: bool = False
    modified_at: datetime.datetime | None = None
    sequence: int = 0

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def is_all_day(self) -> bool:
        return self.starts_at is None


def _reception_items(start: datetime.date, end: datetime.date) -> list[ScheduleItem]:
    """Planned and held sessions (NĐ 154/2026 Art 29(1)(d): the schedule is published)."""
    sessions = (
        ReceptionSession.objects.filter(
            date__range=(start, end), status__in=[SessionStatus.PLANNED, SessionStatus.HELD]
        )
        .only(
            "kind",
            "host_body",
            "method",
            "date",
            "start_time",
            "end_time",
            "place",
            "guest_hosts",
            "status",
            "sequence",
            "updated_at",
        )
        .prefetch_related(
            Prefetch(
                "hosts", queryset=User.objects.only("full_name").order_by("full_name", "username")
            )
        )
        .order_by("date", "start_time", "id")
    )
    return [
        ScheduleItem(
            kind=ItemKind.RECEPTION,
            pk=s.pk,
            day=s.date,
            title=_("Citizen reception (%(kind)s)") % {"kind": s.get_kind_display().lower()},
            place=s.place,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            hosts=tuple(s.host_names()),
            body=s.get_host_body_display(),
            method=s.get_method_display(),
            modified_at=s.updated_at,
            sequence=s.sequence,
        )
        for s in sessions
    ]


def published_meetings(today: datetime.date) -> QuerySet[Meeting]:
    """Meetings whose round's contact plan has been published (NQLT 72 Art 6): before
    that, the date and place are the office's working notes."""
    plan = ContactPlan.objects.filter(
        session=OuterRef("session"),
        timing=OuterRef("timing"),
        published_on__isnull=False,
        published_on__lte=today,
    )
    return Meeting.objects.filter(Exists(plan))


def _meeting_items(
    start: datetime.date, end: datetime.date, today: datetime.date
) -> list[ScheduleItem]:
    meetings = (
        published_meetings(today)
        .filter(held_on__range=(start, end))
        .select_related("session", "commune")
        .only(
            "held_on",
            "place",
            "method",
            "timing",
            "na_deputies",
            "province_deputies",
            "commune_deputies",
            "commune__name",
            "session__body",
            "session__term",
            "session__number",
            "session__opens_on",
            "created_at",
        )
        .order_by("held_on", "id")
    )
    items = []
    for m in meetings:
        deputies = [
            line.strip()
            for text in (m.na_deputies, m.province_deputies, m.commune_deputies)
            for line in text.replace(";", "\n").splitlines()
            if line.strip()
        ]
        items.append(
            ScheduleItem(
                kind=ItemKind.MEETING,
                pk=m.pk,
                day=m.held_on,
                title=_("Voter meeting (%(timing)s %(session)s)")
                % {"timing": m.get_timing_display().lower(), "session": m.session},
                place=", ".join(p for p in (m.place, m.commune.name if m.commune else "") if p),
                hosts=tuple(deputies),
                body=m.session.get_body_display(),
                method=m.get_method_display(),
                modified_at=m.created_at,
            )
        )
    return items


def _event_items(start: datetime.date, end: datetime.date) -> list[ScheduleItem]:
    events: QuerySet[Event] = event_queries.public_between(start, end).only(
        "title",
        "kind",
        "organiser",
        "starts_at",
        "ends_at",
        "place",
        "status",
        "version",
        "updated_at",
    )
    items = []
    for e in events:
        first = timezone.localtime(e.starts_at).date()
        last = timezone.localtime(e.ends_at).date()
        items.append(
            ScheduleItem(
                kind=ItemKind.EVENT,
                pk=e.pk,
                day=first,
                last_day=last if last > first else None,
                title=e.title,
                place=e.place,
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                body=e.organiser,
                method=e.get_kind_display(),
                cancelled=e.status == EventStatus.CANCELLED,
                modified_at=e.updated_at,
                sequence=e.version,
            )
        )
    return items


def schedule(
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date,
    kinds: Sequence[str] = ITEM_KINDS,
) -> list[ScheduleItem]:
    """The public entries from START to END (both included), in time order; three queries
    and one for the hosts."""
    items: list[ScheduleItem] = []
    if ItemKind.RECEPTION in kinds:
        items += _reception_items(start, end)
    if ItemKind.MEETING in kinds:
        items += _meeting_items(start, end, today)
    if ItemKind.EVENT in kinds:
        items += _event_items(start, end)
    return sorted(items, key=lambda i: (i.day, i.starts_at is not None, i.starts_at or 0, i.pk))


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_working_day: bool
    is_today: bool
    items: list[ScheduleItem]


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

    @property
    def items(self) -> list[ScheduleItem]:
        """The month's own entries once each, in order (the list under the table)."""
        seen: dict[tuple[str, int], ScheduleItem] = {}
        for week in self.weeks:
            for day in week:
                if day.in_month:
                    for item in day.items:
                        seen.setdefault((item.kind, item.pk), item)
        return list(seen.values())


def month(
    first: datetime.date, *, today: datetime.date, kinds: Sequence[str] = ITEM_KINDS
) -> Month:
    """The weeks (Monday first) covering FIRST's month; an event of several days is on
    each of its days."""
    first = first.replace(day=1)
    start = first - datetime.timedelta(days=first.weekday())
    last = first + datetime.timedelta(days=gregorian.monthrange(first.year, first.month)[1] - 1)
    end = last + datetime.timedelta(days=6 - last.weekday())
    by_day: dict[datetime.date, list[ScheduleItem]] = {}
    for item in schedule(start, end, today=today, kinds=kinds):
        day = max(item.day, start)
        while day <= min(item.last_day or item.day, end):
            by_day.setdefault(day, []).append(item)
            day += datetime.timedelta(days=1)
    work = WorkCalendar.from_db(start, end)
    weeks = []
    day = start
    while day <= end:
        week = []
        for _weekday in range(7):
            week.append(
                Day(
                    date=day,
                    in_month=day.month == first.month,
                    is_working_day=work.is_working_day(day),
                    is_today=day == today,
                    items=by_day.get(day, []),
                )
            )
            day += datetime.timedelta(days=1)
        weeks.append(week)
    return Month(first=first, weeks=weeks)


# ----------------------------------------------------------------------------- legal


def public_documents() -> QuerySet[LegalDocument]:
    return LegalDocument.objects.published()


@dataclass
class LegalResults:
    """Ranked entries of published documents only (a page becomes hits with `page_hits`)."""

    query: str
    scored: list[ranking.ScoredArticle] = field(default_factory=list)
    suggestion: str = ""


def find_legal(text: str, filters: search.Filters, *, today: datetime.date) -> LegalResults:
    """The staff search (`search.find`), without the documents kept off the portal.

    Unpublished documents are few, so they are removed from the ranked list afterwards
    instead of narrowing the candidate query, which stays the one the staff page runs.
    """
    results = search.find(text, filters, today=today)
    scored = results.hits
    hidden = set(LegalDocument.objects.filter(is_published=False).values_list("pk", flat=True))
    if hidden and scored:
        hidden_entries = set(
            SearchEntry.objects.filter(
                pk__in=[s.key for s in scored], document_id__in=hidden
            ).values_list("pk", flat=True)
        )
        scored = [s for s in scored if s.key not in hidden_entries]
    return LegalResults(query=text, scored=scored, suggestion=results.suggestion)


def public_document_by_number(text: str) -> LegalDocument | None:
    found = search.document_by_number(text)
    return found if found is not None and found.is_published else None


def browse_legal(filters: search.Filters, *, today: datetime.date) -> QuerySet[LegalDocument]:
    return legal_queries.browse(filters, today=today).filter(is_published=True)


@dataclass(frozen=True)
class RelatedLine:
    label: str
    document: LegalDocument | None  # None: outside the database or not on the portal
    reference: str
    provisions: str


@dataclass
class PublicDocument:
    document: LegalDocument
    status: str
    timeline: list[tuple[effect.Event, str, bool]]  # event, status after, basis is public
    related: list[RelatedLine]
    provisions: list[Any]
    issuers: list[Any]
    fields: list[Any]


def public_document(document: LegalDocument, *, today: datetime.date) -> PublicDocument:
    """What the portal shows of one published document: its metadata in force, status
    today, timeline, related documents (linked only when they are on the portal too) and
    structure. Never the source, the import's notes, the attachments or the edit history."""
    events = effect.events_of(document)
    outgoing, incoming = legal_queries.relations_both_ways(document)
    others = {line.other.pk for line in [*outgoing, *incoming] if line.other is not None}
    others |= {e.basis_document_id for e in events if e.basis_document_id}
    shown = set(
        LegalDocument.objects.filter(pk__in=others, is_published=True).values_list("pk", flat=True)
    )
    related = [
        RelatedLine(
            line.label,
            line.other if line.other is not None and line.other.pk in shown else None,
            line.other_reference or str(line.other or ""),
            line.provisions,
        )
        for line in [*incoming, *outgoing]
    ]
    return PublicDocument(
        document=document,
        status=effect.status_on(events, today),
        timeline=[
            (e, after, e.basis_document_id in shown) for e, after in legal_queries.timeline(events)
        ],
        related=related,
        provisions=legal_queries.table_of_contents(document),
        issuers=list(document.issuers.all()),
        fields=list(document.fields.all()),
    )


# ----------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class PublicAnswer:
    """One answer to a voters' petition as the portal publishes it: no speaker, no file,
    no signer's note — the petition as consolidated, where it was raised, the answer."""

    petition_id: int
    session_id: int
    session: str
    petition: str
    communes: tuple[str, ...]
    commune_ids: tuple[int, ...]
    agency: str
    result: str
    result_label: str
    detail_label: str
    reference: str
    dated: datetime.date
    text: str
    roadmap: str
    promised_on: datetime.date | None
    published_from: datetime.date


# The answers change a few times a year; computing their publication days costs a
# tenth of a second per hundred petitions, so the list is kept for the pages' own max-age.
ANSWERS_CACHE_SECONDS = 300


def _answers_fingerprint() -> str:
    """Changes whenever an answer, a petition or a sending is added or a petition edited."""
    answers = Answer.objects.aggregate(n=Count("id"), last=Max("id"))
    petitions = VoterPetition.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    sent = Dispatch.objects.aggregate(n=Count("id"), last=Max("id"))
    return "-".join(
        str(v)
        for v in (
            answers["n"],
            answers["last"],
            petitions["n"],
            petitions["changed"] and petitions["changed"].timestamp(),
            sent["n"],
            sent["last"],
        )
    )


def voter_answers(*, today: datetime.date) -> list[PublicAnswer]:
    """Answers whose publication day has come (NQLT 72 Art 51), newest session first; each
    petition with its last answer. A fixed number of queries whatever the count."""
    key = f"portal:voter-answers:{today.isoformat()}:{_answers_fingerprint()}"
    found: list[PublicAnswer] | None = cache.get(key)
    if found is None:
        found = _voter_answers(today)
        cache.set(key, found, ANSWERS_CACHE_SECONDS)
    return found


def _voter_answers(today: datetime.date) -> list[PublicAnswer]:
    calendar = WorkCalendar.from_db(today - datetime.timedelta(days=730), today)
    rows = voter_queries.publishable(today=today, calendar=calendar)
    places: dict[int, dict[int, str]] = {}
    for group_id, commune_id, commune, meeting_commune_id, meeting_commune in (
        Opinion.objects.filter(group_id__in=[r.petition.pk for r in rows])
        .values_list(
            "group_id",
            "commune_id",
            "commune__name",
            "meeting__commune_id",
            "meeting__commune__name",
        )
        .distinct()
    ):
        pk, name = (commune_id, commune) if commune_id else (meeting_commune_id, meeting_commune)
        if pk:
            places.setdefault(group_id, {})[pk] = name
    # Labels once, not per row: a choice's display translates every label each time.
    results = {k: str(v) for k, v in AnswerResult.choices}
    details = {k: str(v) for k, v in AnswerDetail.choices}
    session_names = {r.petition.session_id: str(r.petition.session) for r in rows}
    answers = []
    for row in rows:
        last = row.answers[-1]
        petition = row.petition
        communes = sorted(places.get(petition.pk, {}).items(), key=lambda kv: kv[1])
        answers.append(
            PublicAnswer(
                petition_id=petition.pk,
                session_id=petition.session_id,
                session=session_names[petition.session_id],
                petition=petition.title,
                communes=tuple(name for _pk, name in communes),
                commune_ids=tuple(pk for pk, _name in communes),
                agency=last.agency.name,
                result=last.result,
                result_label=results.get(last.result, last.result),
                detail_label=details.get(last.detail, ""),
                reference=last.reference,
                dated=last.dated,
                text=last.text,
                roadmap=last.roadmap,
                promised_on=last.promised_on,
                published_from=row.publish_from or today,
            )
        )
    sessions = {r.petition.session_id: r.petition.session.opens_on for r in rows}
    answers.sort(key=lambda a: (-sessions[a.session_id].toordinal(), a.petition_id))
    return answers


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str
    count: int


def answer_sessions(answers: Sequence[PublicAnswer]) -> list[Choice]:
    """The sessions with published answers, in the order of ANSWERS (newest first)."""
    found: dict[int, Choice] = {}
    for a in answers:
        old = found.get(a.session_id)
        found[a.session_id] = Choice(a.session_id, a.session, (old.count if old else 0) + 1)
    return list(found.values())


def answer_communes(answers: Sequence[PublicAnswer]) -> list[Choice]:
    counts: dict[int, Choice] = {}
    for a in answers:
        for pk, name in zip(a.commune_ids, a.communes, strict=True):
            old = counts.get(pk)
            counts[pk] = Choice(pk, name, (old.count if old else 0) + 1)
    return sorted(counts.values(), key=lambda c: c.label)
