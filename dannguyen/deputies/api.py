"""Deputies over the API: the list, one deputy with positions and activity, the master data
as Popolo JSON, and recording an activity entry.

The same predicates as the pages: everyone with a role reads (the full activity only for
the office's staff, the leaders and the deputy themself; others get the public activity),
the editors record activities, through the same form as the page (422 with the field).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID
from dannguyen.voters.models import Body

from . import exports, permissions, queries
from .forms import ActivityEntryForm
from .models import ActivityKind, Membership, Person

router = Router(tags=["deputies"])


class MembershipOut(Schema):
    id: int
    organization_id: int
    organization: str
    body: str
    term_id: int
    term: str
    role: str
    role_label: str
    engagement: str
    area_id: int | None
    area: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    is_public: bool


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    email: str
    phone: str
    user_id: int | None
    has_photo: bool
    memberships: list[MembershipOut]
    url: str


class ItemOut(Schema):
    date: datetime.date
    source: str
    label: str
    title: str
    detail: str
    is_public: bool


class YearOut(Schema):
    year: int
    counts: dict[str, int]
    items: list[ItemOut]


class PersonDetailOut(PersonOut):
    birth_date: datetime.date | None
    biography: str
    full_activity: bool
    activity: list[YearOut]


class PersonListOut(Schema):
    items: list[PersonOut]
    count: int


class PersonParams(Schema):
    q: str = Field("", max_length=100)
    body: str = Field("", max_length=20, description=" | ".join(Body.values))
    term_id: int | None = Field(None, ge=1, le=MAX_ID)
    area_id: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class ActivityParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class EntryIn(Schema):
    kind: str = Field(..., max_length=20, description=" | ".join(ActivityKind.values))
    date: str = Field(..., max_length=40, description="YYYY-MM-DD")
    title: str = Field(..., max_length=500)
    text: str = Field("", max_length=20_000)
    is_public: bool = False


class EntryOut(Schema):
    id: int
    person_id: int
    kind: str
    date: datetime.date
    title: str
    text: str
    is_public: bool


def _membership_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organization_id": m.organization_id,
        "organization": m.organization.name,
        "body": m.organization.body,
        "term_id": m.term_id,
        "term": str(m.term),
        "role": m.role,
        "role_label": str(m.get_role_display()),
        "engagement": m.engagement,
        "area_id": m.area_id,
        "area": m.area.name if m.area is not None else "",
        "starts_on": m.starts_on,
        "ends_on": m.ends_on,
        "is_public": m.is_public,
    }


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "email": person.email,
        "phone": person.phone,
        "user_id": person.user_id,
        "has_photo": bool(person.photo),
        "memberships": [_membership_out(m) for m in person.memberships.all()],
        "url": person.get_absolute_url(),
    }


@router.get("/deputies", response=PersonListOut, summary="Deputies")
def list_deputies(request: HttpRequest, params: Query[PersonParams]) -> Any:
    require(permissions.can_view_deputies(request.user))
    filters: dict[str, Any] = {"q": params.q}
    if params.body in Body.values:
        filters["body"] = params.body
    if params.term_id is not None:
        filters["term"] = params.term_id
    if params.area_id is not None:
        filters["area"] = params.area_id
    found = queries.people(filters)
    start = (params.page - 1) * params.page_size
    return {
        "items": [_person_out(p) for p in found[start : start + params.page_size]],
        "count": found.count(),
    }


@router.get("/deputies/popolo.json", summary="Deputies as Popolo JSON")
def popolo(request: HttpRequest) -> Any:
    require(permissions.can_export_popolo(request.user))
    return exports.popolo(queries.people(), public=False)


@router.get("/deputies/{person_id}", response=PersonDetailOut, summary="One deputy")
def get_deputy(
    request: HttpRequest,
    params: Query[ActivityParams],
    person_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    person = get_object_or_404(queries.person_detail(person_id))
    require(permissions.can_view_person(request.user, person))
    full = permissions.can_view_full_activity(request.user, person)
    activity = queries.activity(person, public_only=not full, year=params.year)
    return {
        **_person_out(person),
        "birth_date": person.birth_date,
        "biography": person.biography,
        "full_activity": full,
        "activity": [
            {
                "year": year.year,
                "counts": {source: n for source, _label, n in year.count_rows()},
                "items": [
                    {
                        "date": i.date,
                        "source": i.source,
                        "label": i.label,
                        "title": i.title,
                        "detail": i.detail,
                        "is_public": i.is_public,
                    }
                    for i in year.items
                ],
            }
            for year in activity.years
        ],
    }


@router.post(
    "/deputies/{person_id}/activities",
    response={201: EntryOut, 422: Any},
    summary="Record an activity of a deputy",
)
def create_entry(
    request: HttpRequest, body: EntryIn, person_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    person = get_object_or_404(Person, pk=person_id)
    require(permissions.can_edit_person(request.user, person))
    form = ActivityEntryForm(data={**body.dict(), "is_public": body.is_public or ""})
    if not form.is_valid():
        return JsonResponse(
            {
                "code": "invalid",
                "message": _("The request contains invalid values."),
                "fields": {n: [str(e) for e in errs] for n, errs in form.errors.items()},
            },
            status=422,
        )
    entry = form.save(commit=False)
    entry.person = person
    entry.created_by = request.user
    entry.save()
    return Status(
        201,
        {
            "id": entry.pk,
            "person_id": person.pk,
            "kind": entry.kind,
            "date": entry.date,
            "title": entry.title,
            "text": entry.text,
            "is_public": entry.is_public,
        },
    )
