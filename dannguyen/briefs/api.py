"""Briefs over the API: the list a user may read, one brief with what it contains, and
requesting one.

Input goes through the same form and workflow as the pages (422 with the field concerned),
permissions through the same predicates: compilers and readers see every brief, a deputy
those for them; a deputy's request is for them, whatever the body says.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from dannguyen.accounts.permissions import has_any_role, require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID

from . import permissions, queries, workflow
from .forms import RequestForm
from .models import Brief, BriefStatus, RecipientKind

router = Router(tags=["briefs"])


class BriefOut(Schema):
    id: int
    title: str
    status: str
    recipient_kind: str
    recipient_name: str
    deputy_id: int | None
    requested_on: datetime.date
    due_on: datetime.date
    is_overdue: bool
    owner: str
    delivered_on: datetime.date | None
    delivery_method: str
    url: str


class DocumentOut(Schema):
    document_id: int
    number: str
    title: str
    provision: str
    status: str
    note: str


class PetitionOut(Schema):
    petition_id: int
    title: str
    session: str
    where_raised: list[str]
    answers: list[str]


class SectionOut(Schema):
    heading: str
    text: str


class BriefDetailOut(BriefOut):
    topic: str
    summary: str
    documents: list[DocumentOut]
    petitions: list[PetitionOut]
    sections: list[SectionOut]
    statistics: dict[str, Any]


class BriefListOut(Schema):
    items: list[BriefOut]
    count: int


class BriefParams(Schema):
    status: str = Field("", max_length=20, description=" | ".join(BriefStatus.values))
    recipient_kind: str = Field("", max_length=30, description=" | ".join(RecipientKind.values))
    overdue: bool = False
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class BriefIn(Schema):
    title: str = Field(..., max_length=500)
    topic: str = Field(..., max_length=50_000)
    recipient_kind: str = Field(
        RecipientKind.DEPUTY, max_length=30, description=" | ".join(RecipientKind.values)
    )
    recipient_name: str = Field("", max_length=300)
    deputy_id: int | None = Field(None, ge=1, le=MAX_ID)
    requested_on: datetime.date | None = None
    due_on: datetime.date
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {"code": "invalid", "message": _("The request contains invalid values."), "fields": fields},
        status=422,
    )


def _brief_out(brief: Brief, today: datetime.date) -> dict[str, Any]:
    return {
        "id": brief.pk,
        "title": brief.title,
        "status": brief.status,
        "recipient_kind": brief.recipient_kind,
        "recipient_name": brief.recipient_name,
        "deputy_id": brief.deputy_id,
        "requested_on": brief.requested_on,
        "due_on": brief.due_on,
        "is_overdue": brief.is_open and brief.due_on < today,
        "owner": brief.owner.get_full_name() if brief.owner else "",
        "delivered_on": brief.delivered_on,
        "delivery_method": brief.delivery_method,
        "url": brief.get_absolute_url(),
    }


def _detail_out(brief: Brief, today: datetime.date) -> dict[str, Any]:
    lines = queries.document_lines(brief, as_of=queries.status_date(brief, today))
    return {
        **_brief_out(brief, today),
        "topic": brief.topic,
        "summary": brief.summary,
        "documents": [
            {
                "document_id": line.chosen.document_id,
                "number": line.chosen.document.number_raw,
                "title": line.chosen.document.title,
                "provision": str(line.chosen.provision) if line.chosen.provision else "",
                "status": line.status_label,
                "note": line.chosen.note,
            }
            for line in lines
        ],
        "petitions": [
            {
                "petition_id": link.petition_id,
                "title": link.petition.title,
                "session": str(link.petition.session),
                "where_raised": queries.where_raised(link.petition),
                "answers": [
                    f"{a.agency.name} ({a.reference}, {a.dated:%d/%m/%Y}): {a.get_result_display()}"
                    for a in link.petition.answers.all()
                ],
            }
            for link in brief.petition_links.all()
        ],
        "sections": [{"heading": s.heading, "text": s.text} for s in brief.sections.all()],
        "statistics": brief.statistics,
    }


@router.get("/briefs", response=BriefListOut, summary="Briefs")
def list_briefs(request: HttpRequest, params: Query[BriefParams]) -> Any:
    require(permissions.can_view_briefs(request.user))
    filters = params.dict()
    if filters["status"] not in BriefStatus.values:
        filters["status"] = ""
    if filters["recipient_kind"] not in RecipientKind.values:
        filters["recipient_kind"] = ""
    today = timezone.localdate()
    found = queries.briefs(request.user, filters, today=today)
    start = (params.page - 1) * params.page_size
    return {
        "items": [_brief_out(b, today) for b in found[start : start + params.page_size]],
        "count": found.count(),
    }


@router.get("/briefs/{brief_id}", response=BriefDetailOut, summary="One brief")
def get_brief(request: HttpRequest, brief_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    brief = get_object_or_404(queries.brief_detail(brief_id))
    require(permissions.can_view_brief(request.user, brief))
    return _detail_out(brief, timezone.localdate())


@router.post("/briefs", response={201: BriefDetailOut, 422: Any}, summary="Request a brief")
def request_brief(request: HttpRequest, body: BriefIn) -> Any:
    user = request.user
    require(permissions.can_request_brief(user))
    for_deputy = not has_any_role(user, permissions.COMPILERS | permissions.LEADERS)
    data = body.dict(exclude={"deputy_id", "owner_id"}) | {
        "deputy": body.deputy_id or "",
        "owner": body.owner_id or "",
        "requested_on": body.requested_on or timezone.localdate(),
    }
    form = RequestForm(data=data, for_deputy=for_deputy)
    if not form.is_valid():
        return _invalid({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    try:
        brief = workflow.request(values=form.values(), by=user)
    except workflow.BriefError as error:
        return _invalid({"__all__": [str(error)]})
    today = timezone.localdate()
    return Status(201, _detail_out(get_object_or_404(queries.brief_detail(brief.pk)), today))
