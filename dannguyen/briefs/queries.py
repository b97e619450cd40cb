"""Reads for the briefs pages and the API: the list a user may see, one brief with what it
contains, legal documents found with the legal database's own search, and voters'
petitions suggested for the topic."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dannguyen.accounts.permissions import has_any_role
from dannguyen.legal import effect, search
from dannguyen.legal.models import LegalDocument
from dannguyen.lib.vietnamese import fold
from dannguyen.petitions.queries import TopicStatistics, fields_with_subtrees, keywords_of
from dannguyen.voters.models import Answer, Opinion, VoterPetition

from . import permissions
from .models import OPEN_STATUSES, Brief, BriefDocument, BriefVoterPetition

SUGGESTIONS = 30
SEARCH_HITS = 15


def briefs(user: Any, filters: dict[str, Any] | None = None, *, today: datetime.date) -> Any:
    """The briefs USER may read (a deputy: those for them or asked by them), filtered."""
    filters = filters or {}
    found = Brief.objects.for_list()
    if not has_any_role(user, permissions.READERS):
        found = found.filter(Q(deputy=user) | Q(requested_by=user))
    if filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("recipient_kind"):
        found = found.filter(recipient_kind=filters["recipient_kind"])
    if filters.get("overdue"):
        found = found.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if filters.get("q"):
        for word in str(filters["q"]).split()[:10]:
            found = found.filter(Q(title__icontains=word) | Q(recipient_name__icontains=word))
    return found


def brief_detail(pk: int) -> QuerySet[Brief]:
    return (
        Brief.objects.filter(pk=pk)
        .select_related("owner", "deputy", "requested_by", "statistics_area")
        .prefetch_related(
            "statistics_fields",
            "sections",
            Prefetch(
                "documents",
                queryset=BriefDocument.objects.select_related(
                    "document__document_type", "provision"
                ),
            ),
            Prefetch(
                "petition_links",
                queryset=BriefVoterPetition.objects.select_related(
                    "petition__session", "petition__agency", "petition__field"
                ).prefetch_related(
                    Prefetch(
                        "petition__opinions",
                        queryset=Opinion.objects.select_related(
                            "meeting__commune", "commune"
                        ).order_by("meeting__held_on", "order", "id"),
                    ),
                    Prefetch(
                        "petition__answers",
                        queryset=Answer.objects.select_related("agency").order_by("dated", "id"),
                    ),
                ),
            ),
            "history__actor",
        )
    )


@dataclass(frozen=True)
class DocumentLine:
    """A chosen legal document as the page and the Word file show it."""

    chosen: BriefDocument
    status_label: str


def document_lines(brief: Brief, *, as_of: datetime.date) -> list[DocumentLine]:
    """The brief's documents with their effect status on AS_OF, in a fixed number of
    queries (the timelines of all of them prefetched together)."""
    chosen = list(brief.documents.all())
    documents = {
        d.pk: d
        for d in effect.with_timeline(
            LegalDocument.objects.filter(pk__in=[c.document_id for c in chosen])
        )
    }
    lines = []
    for c in chosen:
        document = documents.get(c.document_id, c.document)
        status = effect.document_status(document, as_of)
        lines.append(DocumentLine(c, str(status.label)))
    return lines


def status_date(brief: Brief, today: datetime.date) -> datetime.date:
    """The day the documents' status is read for: the day of delivery, else of compiling."""
    if brief.delivered_on is not None:
        return brief.delivered_on
    if brief.compiled_at is not None and brief.status != "in_progress":
        return timezone.localdate(brief.compiled_at)
    return today


def statistics(brief: Brief) -> TopicStatistics | None:
    """The stored statistics (the frozen ones once compiled), or None if never computed."""
    if not brief.statistics:
        return None
    return TopicStatistics.from_dict(brief.statistics)


def find_documents(text: str, *, today: datetime.date) -> list[search.Hit]:
    """Legal documents for a search box: an exact number jumps to its document, any other
    text goes through the legal database's ranked search (articles with snippets)."""
    text = text.strip()[:500]
    if not text:
        return []
    by_number = search.document_by_number(text)
    if by_number is not None:
        return [search.Hit(0, 1.0, by_number, None, search.snippet(by_number.title, set()))]
    results = search.find(text, search.Filters(), today=today)
    return search.hits_for(results.hits[:SEARCH_HITS], text)


def suggested_petitions(brief: Brief) -> list[VoterPetition]:
    """Voters' petitions on the brief's topic not yet in it: in one of its statistics'
    fields (or below), or whose wording has one of its keywords (accents optional);
    newest sessions first."""
    field_ids = fields_with_subtrees(list(brief.statistics_fields.all()))
    phrases = keywords_of(brief.statistics_keywords)
    if not field_ids and not phrases:
        return []
    taken = brief.petition_links.values("petition_id")
    candidates = VoterPetition.objects.exclude(pk__in=taken).select_related("session", "field")
    chosen: list[VoterPetition] = []
    if field_ids:
        chosen = list(
            candidates.filter(field_id__in=field_ids).order_by("-session__opens_on", "-id")[
                :SUGGESTIONS
            ]
        )
    if phrases and len(chosen) < SUGGESTIONS:
        seen = {p.pk for p in chosen}
        # Wordings are folded here: they are short and a province has thousands, not
        # millions, of consolidated petitions.
        rows = candidates.exclude(pk__in=seen).order_by("-session__opens_on", "-id")
        for petition in rows.iterator(chunk_size=500):
            title = fold(petition.title)
            if any(phrase in title for phrase in phrases):
                chosen.append(petition)
                if len(chosen) >= SUGGESTIONS:
                    break
    return chosen


def where_raised(petition: VoterPetition) -> list[str]:
    """The meetings a petition was raised at, once each: "Xã X, 12/05/2026" (opinions
    prefetched)."""
    places: dict[int, str] = {}
    for opinion in petition.opinions.all():
        meeting = opinion.meeting
        commune = opinion.commune or meeting.commune
        where = commune.name if commune is not None else meeting.place
        places.setdefault(meeting.pk, f"{where}, {meeting.held_on:%d/%m/%Y}")
    return list(places.values())
