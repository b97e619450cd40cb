"""Visit programmes over the API: the list and one programme for those who may read them;
for the office's staff, drafting and editing a programme, its households, the gifts each
received, its funding sources and its moves. The same forms, predicates, queries and
workflow as the pages (a gift that would overdraw the budget is refused with what is
missing; a household already supported in the period is saved with a warning); households
leave without their phone numbers."""

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
from .forms import GiftForm, HouseholdForm, NoteForm, ProgrammeForm, ReportForm, SourceForm
from .models import (
    MAX_BUDGET_VND,
    MAX_GIFT_VND,
    Category,
    Occasion,
    Programme,
    ProgrammeStatus,
)

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
    id: int
    name: str
    amount: int


class ProgrammeDetailOut(ProgrammeOut):
    warnings: list[str] = []
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


def _programme_form(body: ProgrammeIn, instance: Programme | None = None) -> ProgrammeForm:
    return ProgrammeForm(
        {
            **body.dict(exclude={"leaders", "participants"}),
            "leaders": [str(pk) for pk in body.leaders],
            "participants": [str(pk) for pk in body.participants],
        },
        instance=instance,
    )


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
        "sources": [
            {"id": s.pk, "name": s.name, "amount": s.amount} for s in programme.sources.all()
        ],
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
    form = _programme_form(body)
    if not form.is_valid():
        return _invalid({k: [str(e) for e in v] for k, v in form.errors.items()})
    programme = workflow.create_programme(
        values=form.programme_values(),
        leaders=form.cleaned_data["leaders"],
        participants=form.cleaned_data["participants"],
        by=request.user,
    )
    return Status(201, get_programme(request, programme.pk))


# ------------------------------------------------------------------------- writes on a programme


ProgrammeId = Path(..., ge=1, le=MAX_ID)

# Each move of the page's buttons and the status it leads to.
MOVES = {
    "approve": ProgrammeStatus.APPROVED,
    "return": ProgrammeStatus.PLANNED,
    "carry-out": ProgrammeStatus.CARRIED_OUT,
    "report": ProgrammeStatus.REPORTED,
}


class HouseholdIn(Schema):
    head_name: str = Field(..., max_length=150)
    address: str = Field(..., max_length=300)
    commune_id: int = Field(..., ge=1, le=MAX_ID)
    category: str = Field(..., max_length=20, description=" | ".join(Category.values))
    phone: str = Field("", max_length=30)
    note: str = Field("", max_length=500)


class GiftIn(Schema):
    household_id: int = Field(..., ge=1, le=MAX_ID, description="a household of this programme")
    money: int = Field(0, ge=0, le=MAX_GIFT_VND)
    goods: str = Field("", max_length=500)
    goods_value: int = Field(0, ge=0, le=MAX_GIFT_VND)
    given_on: datetime.date | None = None


class SourceIn(Schema):
    name: str = Field(..., max_length=300)
    amount: int = Field(..., ge=1, le=MAX_BUDGET_VND)


class MoveIn(Schema):
    note: str = Field("", max_length=1000)
    report_number: str = Field("", max_length=60, description="report")
    reported_on: datetime.date | None = Field(None, description="report: its date")
    result_summary: str = Field("", max_length=20_000, description="report")


def _errors(form: Any, renamed: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The form's errors under the API's names (commune → commune_id …)."""
    renamed = renamed or {}
    return {renamed.get(k, k): [str(e) for e in v] for k, v in form.errors.items()}


def _refused(error: workflow.WorkflowError) -> JsonResponse:
    return _invalid({"__all__": [str(error)]})


def _fetch(programme_id: int) -> Programme:
    return get_object_or_404(queries.programme_detail(programme_id))


def _fresh(
    request: HttpRequest, programme: Programme, status: int = 200, warnings: list[str] | None = None
) -> Any:
    return Status(status, get_programme(request, programme.pk) | {"warnings": warnings or []})


@router.put(
    "/outreach/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, 422: Any},
    summary="Edit a visit programme",
)
def update_programme(
    request: HttpRequest, body: ProgrammeIn, programme_id: int = ProgrammeId
) -> Any:
    programme = _fetch(programme_id)
    require(permissions.can_edit_programme(request.user, programme))
    form = _programme_form(body, instance=programme)
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.update_programme(
            programme,
            values=form.programme_values(),
            leaders=form.cleaned_data["leaders"],
            participants=form.cleaned_data["participants"],
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(request, programme)


@router.post(
    "/outreach/programmes/{programme_id}/households",
    response={201: ProgrammeDetailOut, 422: Any},
    summary="Add a household to the programme",
    description="A household already on this programme's list is refused; one supported by "
    "another programme in the same period is added, with a warning in `warnings`.",
)
def add_household(request: HttpRequest, body: HouseholdIn, programme_id: int = ProgrammeId) -> Any:
    programme = _fetch(programme_id)
    require(permissions.can_edit_programme(request.user, programme))
    form = HouseholdForm(body.dict(exclude={"commune_id"}) | {"commune": str(body.commune_id)})
    if not form.is_valid():
        return _invalid(_errors(form, {"commune": "commune_id"}))
    try:
        workflow.add_household(programme, values=form.cleaned_data, by=request.user)
    except workflow.WorkflowError as error:
        return _refused(error)
    others = queries.household_overlaps(programme, form.cleaned_data)
    warnings = (
        [
            _("This household was already supported in the same period by: %(list)s.")
            % {"list": "; ".join(f"{o.programme.title} ({o.head_name})" for o in others)}
        ]
        if others
        else []
    )
    return _fresh(request, programme, 201, warnings)


@router.post(
    "/outreach/programmes/{programme_id}/gifts",
    response={201: ProgrammeDetailOut, 422: Any},
    summary="Record a gift to a household of the programme",
    description="Refused when the household is not on this programme's list, or when the "
    "gifts would total more than the funding sources (record the source first).",
)
def record_gift(request: HttpRequest, body: GiftIn, programme_id: int = ProgrammeId) -> Any:
    programme = _fetch(programme_id)
    require(permissions.can_edit_programme(request.user, programme))
    form = GiftForm(
        {
            "household": str(body.household_id),
            "money": body.money,
            "goods": body.goods,
            "goods_value": body.goods_value,
            "given_on": body.given_on or "",
        },
        programme=programme,
    )
    if not form.is_valid():
        return _invalid(_errors(form, {"household": "household_id"}))
    data = form.cleaned_data
    try:
        workflow.record_gift(
            programme,
            household=data["household"],
            money=data["money"],
            goods=data["goods"],
            goods_value=data["goods_value"],
            given_on=data.get("given_on"),
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(request, programme, 201)


@router.post(
    "/outreach/programmes/{programme_id}/sources",
    response={201: ProgrammeDetailOut, 422: Any},
    summary="Add a funding source",
)
def add_source(request: HttpRequest, body: SourceIn, programme_id: int = ProgrammeId) -> Any:
    programme = _fetch(programme_id)
    require(permissions.can_edit_programme(request.user, programme))
    form = SourceForm(body.dict())
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.add_source(
            programme,
            name=form.cleaned_data["name"],
            amount=form.cleaned_data["amount"],
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(request, programme, 201)


@router.post(
    "/outreach/programmes/{programme_id}/moves/{move}",
    response={200: ProgrammeDetailOut, 404: Any, 422: Any},
    summary="Move a programme: approve, return, carry-out, report",
    description="report needs `reported_on` (and takes `report_number`, `result_summary`).",
)
def move_programme(
    request: HttpRequest,
    body: MoveIn,
    programme_id: int = ProgrammeId,
    move: str = Path(..., max_length=20),
) -> Any:
    if move not in MOVES:
        return JsonResponse(
            {"code": "unknown_action", "message": _("There is no such action."), "fields": {}},
            status=404,
        )
    programme = _fetch(programme_id)
    require(permissions.can_view_programme(request.user, programme))
    require(permissions.can_move_programme(request.user, programme, MOVES[move]))
    data = body.dict() | {"reported_on": body.reported_on or ""}
    form: NoteForm = ReportForm(data) if move == "report" else NoteForm(data)
    if not form.is_valid():
        return _invalid(_errors(form))
    values = form.cleaned_data
    try:
        workflow.move(
            programme,
            to=MOVES[move],
            by=request.user,
            note=values["note"],
            report_number=values.get("report_number", ""),
            reported_on=values.get("reported_on"),
            result_summary=values.get("result_summary", ""),
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(request, programme)
