"""Visit programmes over the API: the list and one programme for those who may read them,
and drafting a programme for the office's staff. The same forms, predicates, queries and
workflow as the pages; households leave without their phone numbers."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID

from . import permissions, queries, workflow
from .forms import ProgrammeForm
from .models import Occasion, Programme, ProgrammeStatus

router = Router(tags=["outreach"])


class ProgrammeOut(Schema):
    id: int
    title: str
    occasion: str
    lead_body: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    leaders: list[str]
    households: int
    url: str


class GiftOut(Schema):
    money: int
    goods: str
    goods_value: int
    given_on: datetime.date | None


class HouseholdOut(Schema):
    id: int
    head_name: str
    address: str
    commune: str
    category: str
    gifts: list[GiftOut]
    also_supported_by: list[int]


class SourceOut(Schema):
    name: str
    amount: int


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    participants: list[str]
    guest_participants: str
    budget: int
    given: int
    sources: list[SourceOut]
    household_list: list[HouseholdOut]
    report_number: str
    reported_on: datetime.date | None


class ProgrammeListOut(Schema):
    items: list[ProgrammeOut]
    count: int


class ProgrammeParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    occasion: str = Field("", max_length=30, description=" | ".join(Occasion.values))
    status: str = Field("", max_length=20, description=" | ".join(ProgrammeStatus.values))
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class ProgrammeIn(Schema):
    title: str = Field(..., max_length=500)
    occasion: str = Field(..., max_length=30)
    lead_body: str = Field(..., max_length=30)
    starts_on: datetime.date
    ends_on: datetime.date
    description: str = Field("", max_length=20_000)
    leaders: list[int] = Field(default_factory=list, max_length=50)
    participants: list[int] = Field(default_factory=list, max_length=200)
    guest_participants: str = Field("", max_length=500)


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {"code": "invalid", "message": _("The request contains invalid values."), "fields": fields},
        status=422,
    )


def _programme_out(programme: Programme, households: int) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "title": programme.title,
        "occasion": programme.occasion,
        "lead_body": programme.lead_body,
        "status": programme.status,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "leaders": [u.get_full_name() for u in programme.leaders.all()],
        "households": households,
        "url": programme.get_absolute_url(),
    }


@router.get("/outreach/programmes", response=ProgrammeListOut, summary="Visit programmes")
def list_programmes(request: HttpRequest, params: Query[ProgrammeParams]) -> Any:
    require(permissions.can_view_outreach(request.user))
    filters = params.dict()
    if filters["occasion"] not in Occasion.values:
        filters["occasion"] = ""
    if filters["status"] not in ProgrammeStatus.values:
        filters["status"] = ""
    found = queries.programmes(request.user, filters)
    start = (params.page - 1) * params.page_size
    page = list(found[start : start + params.page_size])
    return {
        "items": [_programme_out(p, p.household_count) for p in page],  # type: ignore[attr-defined]
        "count": found.count(),
    }


@router.get(
    "/outreach/programmes/{programme_id}", response=ProgrammeDetailOut, summary="One programme"
)
def get_programme(request: HttpRequest, programme_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    programme = get_object_or_404(queries.programme_detail(programme_id))
    require(permissions.can_view_programme(request.user, programme))
    households = list(programme.beneficiaries.all())
    overlaps = queries.overlaps(programme, households)
    money = queries.money_summary(programme)
    return {
        **_programme_out(programme, len(households)),
        "description": programme.description,
        "participants": [u.get_full_name() for u in programme.participants.all()],
        "guest_participants": programme.guest_participants,
        "budget": money["budget"],
        "given": money["given"],
        "sources": [{"name": s.name, "amount": s.amount} for s in programme.sources.all()],
        "household_list": [
            {
                "id": h.pk,
                "head_name": h.head_name,
                "address": h.address,
                "commune": h.commune.name,
                "category": h.category,
                "gifts": [
                    {
                        "money": g.money,
                        "goods": g.goods,
                        "goods_value": g.goods_value,
                        "given_on": g.given_on,
                    }
                    for g in h.gifts.all()
                ],
                "also_supported_by": sorted({o.programme_id for o in overlaps.get(h.pk, [])}),
            }
            for h in households
        ],
        "report_number": programme.report_number,
        "reported_on": programme.reported_on,
    }


@router.post(
    "/outreach/programmes",
    response={201: ProgrammeDetailOut, 422: Any},
    summary="Plan a visit programme",
)
def create_programme(request: HttpRequest, body: ProgrammeIn) -> Any:
    require(permissions.can_create_programme(request.user))
    form = ProgrammeForm(
        {
            **body.dict(exclude={"leaders", "participants"}),
            "leaders": [str(pk) for pk in body.leaders],
            "participants": [str(pk) for pk in body.participants],
        }
    )
    if not form.is_valid():
        return _invalid({k: [str(e) for e in v] for k, v in form.errors.items()})
    programme = workflow.create_programme(
        values=form.programme_values(),
        leaders=form.cleaned_data["leaders"],
        participants=form.cleaned_data["participants"],
        by=request.user,
    )
    return Status(201, get_programme(request, programme.pk))
