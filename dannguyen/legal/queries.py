"""Reusable reads of the legal database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from dannguyen.lib.vietnamese import parse_document_number

from . import effect
from .models import INVERSE_LABELS, LegalDocument, Provision, ProvisionKind, Relation, RelationKind


@dataclass(frozen=True)
class RelationLine:
    label: str
    other: LegalDocument | None
    other_reference: str
    provisions: str
    relation: Relation


def find_by_number(text: str) -> LegalDocument | None:
    """The document whose số ký hiệu TEXT is, written however sloppily ("nđ 154/2026")."""
    parsed = parse_document_number(text)
    if parsed is None:
        return None
    return LegalDocument.objects.filter(number_key=parsed.key).first()


def relations_both_ways(document: LegalDocument) -> tuple[list[RelationLine], list[RelationLine]]:
    """What DOCUMENT does to others, and what others do to it (read from the other side)."""
    outgoing = [
        RelationLine(r.get_kind_display(), r.target, r.target_reference, r.provision_label, r)
        for r in Relation.objects.filter(source=document)
        .select_related("target")
        .order_by("kind", "id")
    ]
    incoming = [
        RelationLine(str(INVERSE_LABELS[RelationKind(r.kind)]), r.source, "", r.provision_label, r)
        # Not document.incoming_relations: a timeline prefetch may have narrowed it.
        for r in Relation.objects.filter(target=document)
        .select_related("source")
        .order_by("kind", "id")
    ]
    return outgoing, incoming


def table_of_contents(document: LegalDocument) -> list[Provision]:
    """Parts, chapters, sections and articles (not clauses), in document order."""
    return list(
        document.provisions.filter(
            kind__in=[
                ProvisionKind.PART,
                ProvisionKind.CHAPTER,
                ProvisionKind.SECTION,
                ProvisionKind.SUBSECTION,
                ProvisionKind.ARTICLE,
            ]
        ).order_by("order")
    )


def timeline(events: list[effect.Event]) -> list[tuple[effect.Event, str]]:
    """The effect events with the status each one leads to."""
    return [(e, effect.status_on(events, e.on)) for e in events]


def documents_for_list() -> QuerySet[LegalDocument]:
    return effect.with_timeline(
        LegalDocument.objects.select_related("document_type").prefetch_related("issuers")
    )


def browse(filters: Any, *, today: datetime.date) -> QuerySet[LegalDocument]:
    """Documents for the list without a query, newest first, within FILTERS."""
    filtered = filters.documents()
    documents = LegalDocument.objects.all() if filtered is None else filtered
    documents = documents.select_related("document_type").order_by("-issued_on", "-id")
    if not filters.status:
        return documents
    return effect.filter_by_status(documents, filters.status, filters.as_of or today)


def resolve_reference(text: str) -> tuple[LegalDocument | None, str]:
    """The document TEXT names (by number, or by name and year) and the key to wait on."""
    from .parsing.citations import find_citations, name_key  # noqa: PLC0415 -- heavy import

    found = find_by_number(text)
    if found is not None:
        return found, found.number_key or ""
    parsed = parse_document_number(text)
    if parsed is not None:
        return None, parsed.key
    citations = find_citations(text)
    if citations and citations[0].name_key:
        key = citations[0].name_key
        return LegalDocument.objects.filter(name_key=key).first(), key
    key = name_key(text)
    return LegalDocument.objects.filter(name_key=key).first(), key
