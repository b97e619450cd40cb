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
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

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


# Order of events on the same day: taking effect first, a resumption last — so a
# suspension and a resumption recorded for the same day leave the document in force
# (`filter_by_status` asks the database the same question in the same way).
_SAME_DAY_ORDER = {Kind.TAKES_EFFECT: 0, Kind.RESUMED: 2}


def _order(event: Event) -> tuple[datetime.date, int]:
    return event.on, _SAME_DAY_ORDER.get(Kind(event.kind), 1)


def status_on(events: Iterable[Event], as_of: datetime.date) -> EffectStatus:
    """The status at AS_OF given the events; pure, so it is tested without a database."""
    ordered = sorted(events, key=_order)
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
    return sorted(events, key=_order)


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


def _acts(target: Any, kinds: Iterable[str], *, partial: bool | None) -> QuerySet[Relation]:
    """Relations of KINDS acting on TARGET (an OuterRef), with their date as `act_on`."""
    acts = Relation.objects.filter(target=target, kind__in=list(kinds)).annotate(
        act_on=Coalesce("effective_on", "source__effective_on", "source__issued_on")
    )
    return acts if partial is None else acts.filter(is_partial=partial)


def _relation_kinds(event_kind: str, *, partial: bool) -> list[str]:
    return [
        kind
        for kind, (whole, part) in _RELATION_EFFECT.items()
        if (part if partial else whole) == event_kind
    ]


def _happened(kind: str, as_of: datetime.date) -> Q:
    """Q: the document has an event of KIND on or before AS_OF, from any source."""
    doc = OuterRef("pk")
    q = Q(Exists(EffectEvent.objects.filter(document=doc, kind=kind, on__lte=as_of)))
    for partial in (False, True):
        kinds = _relation_kinds(kind, partial=partial)
        if kinds:
            acts = _acts(doc, kinds, partial=partial)
            q |= Q(Exists(acts.filter(act_on__lte=as_of)))  # type: ignore[misc]  # annotation
    return q


def _suspended(as_of: datetime.date) -> Q:
    """Q: a suspension on or before AS_OF not followed (same day included) by a resumption."""
    doc = OuterRef("pk")

    def resumed_since(field: str) -> Exists:
        return Exists(
            EffectEvent.objects.filter(
                document=OuterRef(OuterRef("pk")),
                kind=Kind.RESUMED,
                on__gte=OuterRef(field),
                on__lte=as_of,
            )
        )

    by_hand = EffectEvent.objects.filter(document=doc, kind=Kind.SUSPENDED, on__lte=as_of)
    by_acts = _acts(doc, _relation_kinds(Kind.SUSPENDED, partial=False), partial=None)
    by_acts = by_acts.filter(act_on__lte=as_of)  # type: ignore[misc]  # an annotation
    return Q(Exists(by_hand.filter(~resumed_since("on")))) | Q(
        Exists(by_acts.filter(~resumed_since("act_on")))
    )


def filter_by_status(
    documents: QuerySet[LegalDocument], status: str, as_of: datetime.date
) -> QuerySet[LegalDocument]:
    """DOCUMENTS whose status at AS_OF is STATUS, decided by the database.

    The same rules as `status_on`, written as conditions, so a list of any length is
    filtered and paginated in SQL; a test checks both agree on every case.
    """
    doc = OuterRef("pk")
    has_start = Q(effective_on__isnull=False) | Q(
        Exists(EffectEvent.objects.filter(document=doc, kind=Kind.TAKES_EFFECT))
    )
    started = Q(effective_on__lte=as_of) | Q(
        Exists(EffectEvent.objects.filter(document=doc, kind=Kind.TAKES_EFFECT, on__lte=as_of))
    )
    expired = Q(expires_on__lte=as_of) | _happened(Kind.EXPIRES, as_of)
    not_yet = has_start & ~started
    conditions = {
        EffectStatus.NOT_YET_IN_FORCE: not_yet,
        EffectStatus.EXPIRED: ~not_yet & expired,
        EffectStatus.SUSPENDED: ~not_yet & ~expired & _suspended(as_of),
        EffectStatus.UNKNOWN: ~has_start & ~expired & ~_suspended(as_of),
        EffectStatus.PARTIALLY_EXPIRED: started
        & ~expired
        & ~_suspended(as_of)
        & _happened(Kind.EXPIRES_PARTLY, as_of),
        EffectStatus.IN_FORCE: started
        & ~expired
        & ~_suspended(as_of)
        & ~_happened(Kind.EXPIRES_PARTLY, as_of),
    }
    condition = conditions.get(EffectStatus(status)) if status in EffectStatus.values else None
    return documents.none() if condition is None else documents.filter(condition)
