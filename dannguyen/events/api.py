"""Events over the API: the list, one event with its agenda and participants, and creating
an event (with its agenda and its invited participants, all or nothing).

Input goes through the same forms and workflow as the pages (the same messages: 422 with
the field concerned), permissions through the same predicates: everyone with a role reads,
the office's staff write.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID

from . import permissions, queries, workflow
from .forms import AgendaItemForm, EventForm, ParticipantsForm
from .models import Event, EventKind, EventStatus

router = Router(tags=["events"])


class AgendaItemOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title: str
    speakers: str
    presided_by: str


class ParticipantOut(Schema):
    id: int
    kind: str
    name: str
    user_id: int | None
    agency_id: int | None
    invitation: str
    invited_on: datetime.date | None
    attended: bool | None


class EventOut(Schema):
    id: int
    title: str
    kind: str
    organiser: str
    co_organisers: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    budget_line: str
    is_public: bool
    status: str
    owner: str
    url: str


class EventDetailOut(EventOut):
    description: str
    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]
    results: str
    proposals: str
    reported_on: datetime.date | None


class EventListOut(Schema):
    items: list[EventOut]
    count: int


class EventParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=20, description=" | ".join(EventStatus.values))
    kind: str = Field("", max_length=20, description=" | ".join(EventKind.values))
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class AgendaItemIn(Schema):
    starts_at: str = Field(..., max_length=40)
    ends_at: str = Field(..., max_length=40)
    title: str = Field(..., max_length=500)
    speakers: str = Field("", max_length=1000)
    presided_by: str = Field("", max_length=300)


class GuestIn(Schema):
    name: str = Field(..., max_length=300)
    position: str = Field("", max_length=500)


class EventIn(Schema):
    title: str = Field(..., max_length=500)
    kind: str = Field(..., max_length=20, description=" | ".join(EventKind.values))
    organiser: str = Field(..., max_length=300)
    co_organisers: str = Field("", max_length=1000)
    starts_at: str = Field(..., max_length=40, description="ISO 8601, local time if no offset")
    ends_at: str = Field(..., max_length=40)
    place: str = Field(..., max_length=500)
    budget_line: str = Field("", max_length=300)
    description: str = Field("", max_length=20_000)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)
    is_public: bool = False
    agenda: list[AgendaItemIn] = Field(default_factory=list, max_length=200)
    deputy_ids: list[int] = Field(default_factory=list, max_length=500)
    agency_ids: list[int] = Field(default_factory=list, max_length=500)
    guests: list[GuestIn] = Field(default_factory=list, max_length=500)


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {"code": "invalid", "message": _("The request contains invalid values."), "fields": fields},
        status=422,
    )


def _errors(form: Any, prefix: str = "") -> dict[str, list[str]]:
    return {f"{prefix}{name}": [str(e) for e in errors] for name, errors in form.errors.items()}


def _event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "organiser": event.organiser,
        "co_organisers": event.co_organisers,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
        "budget_line": event.budget_line,
        "is_public": event.is_public,
        "status": event.status,
        "owner": event.owner.get_full_name() if event.owner else "",
        "url": event.get_absolute_url(),
    }


def _detail_out(event: Event) -> dict[str, Any]:
    return {
        **_event_out(event),
        "description": event.description,
        "agenda": [
            {
                "starts_at": a.starts_at,
                "ends_at": a.ends_at,
                "title": a.title,
                "speakers": a.speakers,
                "presided_by": a.presided_by,
            }
            for a in event.agenda.all()
        ],
        "participants": [
            {
                "id": p.pk,
                "kind": p.kind,
                "name": p.name,
                "user_id": p.user_id,
                "agency_id": p.agency_id,
                "invitation": p.invitation,
                "invited_on": p.invited_on,
                "attended": p.attended,
            }
            for p in event.participants.all()
        ],
        "results": event.results,
        "proposals": event.proposals,
        "reported_on": event.reported_on,
    }


@router.get("/events", response=EventListOut, summary="Events")
def list_events(request: HttpRequest, params: Query[EventParams]) -> Any:
    require(permissions.can_view_events(request.user))
    filters = params.dict()
    if filters["status"] not in EventStatus.values:
        filters["status"] = ""
    if filters["kind"] not in EventKind.values:
        filters["kind"] = ""
    found = queries.events(filters)
    start = (params.page - 1) * params.page_size
    return {
        "items": [_event_out(e) for e in found[start : start + params.page_size]],
        "count": found.count(),
    }


@router.get("/events/{event_id}", response=EventDetailOut, summary="One event")
def get_event(request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    event = get_object_or_404(queries.event_detail(event_id))
    require(permissions.can_view_event(request.user, event))
    return _detail_out(event)


class _Refused(Exception):
    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields


@router.post("/events", response={201: EventDetailOut, 422: Any}, summary="Create an event")
def create_event(request: HttpRequest, body: EventIn) -> Any:
    """The event, its agenda and its participants in one transaction: a refused agenda item
    or a participant named twice leaves nothing saved."""
    require(permissions.can_create_event(request.user))
    data = body.dict(exclude={"agenda", "deputy_ids", "agency_ids", "guests", "owner_id"})
    form = EventForm(data=data | {"owner": body.owner_id or ""})
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        with transaction.atomic():
            event = workflow.create_event(values=form.values(), by=request.user)
            for i, item in enumerate(body.agenda):
                agenda = AgendaItemForm(data=item.dict(), event=event)
                if not agenda.is_valid():
                    raise _Refused(_errors(agenda, f"agenda.{i}."))
                values = {name: agenda.cleaned_data[name] for name in agenda.fields}
                workflow.add_agenda_item(event, values=values, by=request.user)
            if body.deputy_ids or body.agency_ids or body.guests:
                _invite(event, body, request.user)
    except _Refused as refused:
        return _invalid(refused.fields)
    except workflow.EventError as error:
        return _invalid({"__all__": [str(error)]})
    return Status(201, _detail_out(get_object_or_404(queries.event_detail(event.pk))))


def _invite(event: Event, body: EventIn, by: Any) -> None:
    for i, guest in enumerate(body.guests):
        if not guest.name.strip():
            raise _Refused({f"guests.{i}.name": [_("Give the guest's name.")]})
    deputy_ids, agency_ids = body.deputy_ids, body.agency_ids
    for name, ids in (("deputy_ids", deputy_ids), ("agency_ids", agency_ids)):
        if len(set(ids)) != len(ids):
            raise _Refused({name: [_("A participant is named twice.")]})
    fields = ParticipantsForm().fields
    chosen: dict[str, Any] = {}
    for field, name, ids in (
        ("deputies", "deputy_ids", deputy_ids),
        ("agencies", "agency_ids", agency_ids),
    ):
        try:
            chosen[field] = fields[field].clean([str(i) for i in ids])
        except forms.ValidationError as error:
            raise _Refused({name: [str(m) for m in error.messages]}) from error
    workflow.add_participants(
        event,
        deputies=chosen["deputies"],
        agencies=chosen["agencies"],
        guests=[(g.name, g.position) for g in body.guests],
        by=by,
    )
