"""Tình trạng hiệu lực derived from dated events (domain.md §4.4; Luật 64/2025 Art 53–57).

A document's status is never stored: it is computed for a date from its own dates, the
acts of other documents on it (replacement, repeal, amendment, suspension — relations
pointing at it) and events recorded by hand. So "as of 01/01/2024" is as easy as today, and
a status changes on its expiry date without anybody editing the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import (
    EffectEvent,
    EffectEventKind,
    EffectStatus,
    LegalDocument,
    Relation,
    RelationKind,
)

Kind = EffectEventKind

# What an act of another document does to its target's effect (Luật 64/2025 Art 57: a
# document expires wholly or in part when replaced, repealed or amended; Art 56: effect is
# suspended, including when its execution is suspended).
_RELATION_EFFECT = {
    RelationKind.REPLACES: (Kind.EXPIRES, Kind.EXPIRES_PARTLY),
    RelationKind.REPEALS: (Kind.EXPIRES, Kind.EXPIRES_PARTLY),
    RelationKind.AMENDS: (Kind.EXPIRES_PARTLY, Kind.EXPIRES_PARTLY),
    RelationKind.SUSPENDS_EFFECT: (Kind.SUSPENDED, Kind.SUSPENDED),
    RelationKind.SUSPENDS_EXECUTION: (Kind.SUSPENDED, Kind.SUSPENDED),
}


@dataclass(frozen=True)
class Event:
    on: datetime.date
    kind: str
    provisions: str = ""
    basis: str = ""
    basis_document_id: int | None = None


def status_on(events: Iterable[Event], as_of: datetime.date) -> EffectStatus:
    """The status at AS_OF given the events; pure, so it is tested without a database."""
    ordered = sorted(events, key=lambda e: (e.on, e.kind != Kind.TAKES_EFFECT))
    starts = [e.on for e in ordered if e.kind == Kind.TAKES_EFFECT]
    if starts and as_of < min(starts):
        return EffectStatus.NOT_YET_IN_FORCE
    in_force = bool(starts)
    expired = suspended = partly = False
    for event in ordered:
        if event.on > as_of:
            break
        if event.kind == Kind.TAKES_EFFECT:
            in_force = True
        elif event.kind == Kind.EXPIRES:
            expired = True
        elif event.kind == Kind.EXPIRES_PARTLY:
            partly = True
        elif event.kind == Kind.SUSPENDED:
            suspended = True
        elif event.kind == Kind.RESUMED:
            suspended = False
    if expired:
        return EffectStatus.EXPIRED
    if suspended:
        return EffectStatus.SUSPENDED
    if not in_force:
        return EffectStatus.UNKNOWN
    if partly:
        return EffectStatus.PARTIALLY_EXPIRED
    return EffectStatus.IN_FORCE


def _act_date(relation: Relation) -> datetime.date | None:
    source = relation.source
    return relation.effective_on or source.effective_on or source.issued_on


def events_of(document: LegalDocument) -> list[Event]:
    """All events of DOCUMENT, in date order. Expects `incoming_relations__source` and
    `effect_events` prefetched when called in a loop (see `with_timeline`)."""
    events: list[Event] = []
    if document.effective_on:
        events.append(Event(document.effective_on, Kind.TAKES_EFFECT))
    if document.expires_on:
        events.append(Event(document.expires_on, Kind.EXPIRES))
    for relation in document.incoming_relations.all():
        effect = _RELATION_EFFECT.get(RelationKind(relation.kind))
        on = _act_date(relation)
        if effect is None or on is None:
            continue
        whole, part = effect
        events.append(
            Event(
                on,
                part if relation.is_partial else whole,
                provisions=relation.provision_label,
                basis=str(relation.source),
                basis_document_id=relation.source_id,
            )
        )
    events.extend(
        Event(e.on, e.kind, provisions=e.provision_label, basis=e.basis)
        for e in document.effect_events.all()
    )
    return sorted(events, key=lambda e: (e.on, e.kind != Kind.TAKES_EFFECT))


def document_status(document: LegalDocument, as_of: datetime.date) -> EffectStatus:
    return status_on(events_of(document), as_of)


def with_timeline(documents: QuerySet[LegalDocument]) -> QuerySet[LegalDocument]:
    """Prefetch what `events_of` reads, so a list page costs a fixed number of queries."""
    return documents.prefetch_related(
        Prefetch(
            "incoming_relations",
            queryset=Relation.objects.select_related("source").filter(
                kind__in=list(_RELATION_EFFECT)
            ),
        ),
        Prefetch("effect_events", queryset=EffectEvent.objects.order_by("on")),
    )
