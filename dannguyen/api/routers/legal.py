import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dannguyen.accounts.permissions import require
from dannguyen.legal import effect, permissions, queries, search
from dannguyen.lib.formfields import MAX_ID

from ..pagination import MAX_PAGE_SIZE

router = Router(tags=["legal documents"])


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=2000)
    document_type: int | None = Field(None, ge=1, le=MAX_ID)
    level: str = Field("", max_length=20)
    issuer: str = Field("", max_length=200)
    field: int | None = Field(None, ge=1, le=MAX_ID)
    year_from: int | None = Field(None, ge=1945, le=2100)
    year_to: int | None = Field(None, ge=1945, le=2100)
    status: str = Field("", max_length=20)
    as_of: datetime.date | None = None
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class HitOut(Schema):
    document_id: int
    so_ky_hieu: str
    title: str
    article: str
    heading: str
    snippet: str
    score: float
    url: str


class SearchOut(Schema):
    items: list[HitOut]
    count: int
    suggestion: str


class ProvisionOut(Schema):
    kind: str
    number: str
    heading: str
    text: str
    anchor: str


class RelationOut(Schema):
    kind: str
    label: str
    document_id: int | None
    reference: str
    provisions: str


class EventOut(Schema):
    on: datetime.date
    kind: str
    provisions: str
    basis: str


class DocumentOut(Schema):
    id: int
    so_ky_hieu: str
    title: str
    type: str
    is_normative: bool
    issuers: list[str]
    level: str
    signer_name: str
    signer_position: str
    issued_on: datetime.date | None
    effective_on: datetime.date | None
    expires_on: datetime.date | None
    status: str
    status_as_of: datetime.date
    timeline: list[EventOut]
    relations: list[RelationOut]
    articles: list[ProvisionOut]


@router.get("/legal/search", response=SearchOut, summary="Search articles and documents")
def legal_search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    require(permissions.can_view_legal(request.user))
    filters = search.Filters.from_values(params.dict())
    results = search.find(params.q, filters, today=timezone.localdate())
    start = (params.page - 1) * params.page_size
    page = results.hits[start : start + params.page_size]
    hits = search.hits_for(page, params.q)
    return SearchOut(
        count=len(results.hits),
        suggestion=results.suggestion,
        items=[
            HitOut(
                document_id=h.document.pk,
                so_ky_hieu=h.document.number_raw,
                title=h.document.title,
                article=h.article_number,
                heading=h.provision.heading if h.provision else "",
                snippet=str(h.snippet),
                score=round(h.score, 4),
                url=h.url,
            )
            for h in hits
        ],
    )


@router.get("/legal/documents/{document_id}", response=DocumentOut, summary="One document")
def legal_document(
    request: HttpRequest,
    document_id: int = Path(..., ge=1, le=MAX_ID),
    as_of: datetime.date | None = None,
) -> DocumentOut:
    require(permissions.can_view_legal(request.user))
    document = get_object_or_404(
        queries.documents_for_list().select_related("document_type"), pk=document_id
    )
    day = as_of or timezone.localdate()
    events = effect.events_of(document)
    outgoing, incoming = queries.relations_both_ways(document)
    return DocumentOut(
        id=document.pk,
        so_ky_hieu=document.number_raw,
        title=document.title,
        type=document.document_type.name,
        is_normative=document.document_type.is_normative,
        issuers=[a.name for a in document.issuers.all()],
        level=document.level,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        issued_on=document.issued_on,
        effective_on=document.effective_on,
        expires_on=document.expires_on,
        status=effect.status_on(events, day),
        status_as_of=day,
        timeline=[
            EventOut(on=e.on, kind=e.kind, provisions=e.provisions, basis=e.basis) for e in events
        ],
        relations=[
            RelationOut(
                kind=line.relation.kind,
                label=line.label,
                document_id=line.other.pk if line.other else None,
                reference=line.other_reference or str(line.other or ""),
                provisions=line.provisions,
            )
            for line in [*outgoing, *incoming]
        ],
        articles=[
            ProvisionOut(
                kind=p.kind, number=p.number, heading=p.heading, text=p.text, anchor=p.anchor
            )
            for p in document.provisions.filter(kind="article").order_by("order")
        ],
    )
