"""Events over the API: the list, one event with its agenda and participants, creating an
event (with its agenda and its invited participants, all or nothing), and the staff's
writes after that: editing, agenda items, participants, replies, attendance, follow-up
tasks, the invitation letter and the moves through the workflow.

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
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID

from . import permissions, queries, workflow
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    EventForm,
    ParticipantsForm,
    ReportForm,
    TaskForm,
    VersionForm,
)
from .models import Event, EventKind, EventStatus, Participant

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
    attendee_name: str


class TaskOut(Schema):
    id: int
    title: str
    owner: str
    due_on: datetime.date
    done_on: datetime.date | None


class LetterOut(Schema):
    id: int
    status: str
    number: str
    issued_on: datetime.date | None


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
    version: int
    description: str
    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]
    tasks: list[TaskOut]
    invitation_letter: LetterOut | None
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


def _letter_out(event: Event) -> dict[str, Any] | None:
    letter = event.invitation_letter
    if letter is None:
        return None
    return {
        "id": letter.pk,
        "status": letter.status,
        "number": letter.number_label,
        "issued_on": letter.issued_on,
    }


def _detail_out(event: Event) -> dict[str, Any]:
    return {
        **_event_out(event),
        "version": event.version,
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
                "attendee_name": p.attendee_name,
            }
            for p in event.participants.all()
        ],
        "tasks": [
            {
                "id": t.pk,
                "title": t.title,
                "owner": t.owner.get_full_name(),
                "due_on": t.due_on,
                "done_on": t.done_on,
            }
            for t in event.tasks.all()
        ],
        "invitation_letter": _letter_out(event),
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


def _invite(event: Event, body: Any, by: Any) -> None:
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


# ------------------------------------------------------------------------- writes after creating


class EventUpdateIn(Schema):
    version: int = Field(..., ge=0, le=2**31, description="the event's version as last read")
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


class ParticipantsIn(Schema):
    deputy_ids: list[int] = Field(default_factory=list, max_length=500)
    agency_ids: list[int] = Field(default_factory=list, max_length=500)
    guests: list[GuestIn] = Field(default_factory=list, max_length=500)


class ReplyIn(Schema):
    confirmed: bool


class AttendanceIn(Schema):
    attended: bool
    attendee_name: str = Field("", max_length=300)


class TaskIn(Schema):
    title: str = Field(..., max_length=1000)
    owner_id: int = Field(..., ge=1, le=MAX_ID)
    due_on: str = Field(..., max_length=20, description="YYYY-MM-DD or dd/mm/yyyy")


class MoveIn(Schema):
    version: int = Field(..., ge=0, le=2**31, description="the event's version as last read")
    reason: str = Field("", max_length=1000, description="cancel: why")
    results: str = Field("", max_length=20_000, description="report: the results")
    proposals: str = Field("", max_length=20_000, description="report")
    number: str = Field("", max_length=60, description="report: its number, e.g. 15/BC-VP")
    reported_on: str = Field("", max_length=20, description="report: its date")


class VersionIn(Schema):
    version: int = Field(..., ge=0, le=2**31, description="the event's version as last read")


# Each move and the predicate that permits it (the same as the page's buttons).
MOVES: dict[str, Any] = {
    "invite": permissions.can_send_invitations,
    "held": permissions.can_mark_held,
    "cancel": permissions.can_cancel_event,
    "report": permissions.can_report_event,
}

EventId = Path(..., ge=1, le=MAX_ID)


def _conflict(error: Exception) -> JsonResponse:
    return JsonResponse({"code": "conflict", "message": str(error), "fields": {}}, status=409)


def _refused(error: workflow.EventError) -> JsonResponse:
    if isinstance(error, workflow.StaleEvent):
        return _conflict(error)
    return _invalid({"__all__": [str(error)]})


def _fetch(event_id: int) -> Event:
    return get_object_or_404(queries.event_detail(event_id))


def _fresh(event: Event, status: int = 200) -> Any:
    return Status(status, _detail_out(_fetch(event.pk)))


def _participant_of(event: Event, participant_id: int) -> Participant:
    """Only a participant of this event: another event's is not found here."""
    return get_object_or_404(
        Participant.objects.select_related("event", "user", "agency"),
        pk=participant_id,
        event=event,
    )


@router.put(
    "/events/{event_id}",
    response={200: EventDetailOut, 409: Any, 422: Any},
    summary="Edit an event",
    description="The whole event as on its edit page, with `version` as last read (409 if "
    "someone changed it since).",
)
def update_event(request: HttpRequest, body: EventUpdateIn, event_id: int = EventId) -> Any:
    event = _fetch(event_id)
    require(permissions.can_edit_event(request.user, event))
    form = EventForm(data=body.dict(exclude={"owner_id"}) | {"owner": body.owner_id or ""})
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.edit_event(event, values=form.values(), version=body.version, by=request.user)
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event)


@router.post(
    "/events/{event_id}/agenda",
    response={201: EventDetailOut, 422: Any},
    summary="Add an agenda item",
)
def add_agenda_item(request: HttpRequest, body: AgendaItemIn, event_id: int = EventId) -> Any:
    event = _fetch(event_id)
    require(permissions.can_edit_event(request.user, event))
    form = AgendaItemForm(data=body.dict(), event=event)
    if not form.is_valid():
        return _invalid(_errors(form))
    values = {name: form.cleaned_data[name] for name in form.fields}
    try:
        workflow.add_agenda_item(event, values=values, by=request.user)
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event, 201)


@router.post(
    "/events/{event_id}/participants",
    response={201: EventDetailOut, 422: Any},
    summary="Invite participants",
    description="Deputies and agencies by id, guests by name: all are added or none (a party "
    "already on the list, or named twice, refuses the whole request).",
)
def add_participants(request: HttpRequest, body: ParticipantsIn, event_id: int = EventId) -> Any:
    event = _fetch(event_id)
    require(permissions.can_edit_event(request.user, event))
    if not (body.deputy_ids or body.agency_ids or body.guests):
        return _invalid({"__all__": [_("Choose at least one participant.")]})
    try:
        _invite(event, body, request.user)
    except _Refused as refused:
        return _invalid(refused.fields)
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event, 201)


@router.post(
    "/events/{event_id}/participants/{participant_id}/reply",
    response={200: EventDetailOut, 422: Any},
    summary="Record a participant's reply (confirmed or declined)",
)
def record_reply(
    request: HttpRequest,
    body: ReplyIn,
    event_id: int = EventId,
    participant_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    event = _fetch(event_id)
    require(permissions.can_record_replies(request.user, event))
    participant = _participant_of(event, participant_id)
    try:
        workflow.record_reply(participant, confirmed=body.confirmed, by=request.user)
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event)


@router.post(
    "/events/{event_id}/participants/{participant_id}/attendance",
    response={200: EventDetailOut, 422: Any},
    summary="Record whether a participant attended",
)
def record_attendance(
    request: HttpRequest,
    body: AttendanceIn,
    event_id: int = EventId,
    participant_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    event = _fetch(event_id)
    require(permissions.can_record_attendance(request.user, event))
    participant = _participant_of(event, participant_id)
    form = AttendanceForm(
        data={"attended": "1" if body.attended else "0", "attendee_name": body.attendee_name}
    )
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.record_attendance(
            participant,
            attended=form.cleaned_data["attended"],
            attendee_name=form.cleaned_data["attendee_name"],
            by=request.user,
        )
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event)


@router.post(
    "/events/{event_id}/tasks",
    response={201: EventDetailOut, 422: Any},
    summary="Add a follow-up task",
)
def add_task(request: HttpRequest, body: TaskIn, event_id: int = EventId) -> Any:
    event = _fetch(event_id)
    require(permissions.can_add_tasks(request.user, event))
    form = TaskForm(
        data={"title": body.title, "owner": str(body.owner_id), "due_on": body.due_on},
        event=event,
    )
    if not form.is_valid():
        owner = _renamed(form, "owner", "owner_id")
        return _invalid(_errors(form) | owner)
    try:
        workflow.add_task(
            event,
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            by=request.user,
        )
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event, 201)


def _renamed(form: Any, field: str, name: str) -> dict[str, list[str]]:
    """The API's name for a form field (owner → owner_id), when it has an error."""
    errors = form.errors.pop(field, None)
    return {name: [str(e) for e in errors]} if errors else {}


@router.post(
    "/events/{event_id}/invitation-letter",
    response={201: EventDetailOut, 409: Any, 422: Any},
    summary="Draft the event's invitation letter in the outgoing register",
    description="A draft giấy mời naming everyone on the list; it is approved and numbered "
    "through /letters like every outgoing letter.",
)
def draft_invitation_letter(request: HttpRequest, body: VersionIn, event_id: int = EventId) -> Any:
    event = _fetch(event_id)
    require(permissions.can_draft_invitation_letter(request.user, event))
    try:
        workflow.draft_invitation_letter(event, version=body.version, by=request.user)
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event, 201)


@router.post(
    "/events/{event_id}/moves/{move}",
    response={200: EventDetailOut, 404: Any, 409: Any, 422: Any},
    summary="Move an event: invite, held, cancel, report",
    description="`version` as last read (409 if someone changed the event since); cancel "
    "needs `reason`, report needs `results` and `reported_on` (and takes `proposals`, "
    "`number`).",
)
def move_event(
    request: HttpRequest,
    body: MoveIn,
    event_id: int = EventId,
    move: str = Path(..., max_length=20),
) -> Any:
    if move not in MOVES:
        return JsonResponse(
            {"code": "unknown_action", "message": _("There is no such action."), "fields": {}},
            status=404,
        )
    event = _fetch(event_id)
    user = request.user
    require(MOVES[move](user, event))
    form: Any
    if move == "cancel":
        form = CancelForm(data={"version": body.version, "reason": body.reason})
    elif move == "report":
        form = ReportForm(data=body.dict(exclude={"reason"}), event=event)
    else:
        form = VersionForm(data={"version": body.version})
    if not form.is_valid():
        return _invalid(_errors(form))
    data = form.cleaned_data
    try:
        if move == "invite":
            workflow.send_invitations(
                event, version=data["version"], by=user, on=timezone.localdate()
            )
        elif move == "held":
            workflow.mark_held(event, version=data["version"], by=user)
        elif move == "cancel":
            workflow.cancel(event, version=data["version"], by=user, reason=data["reason"])
        else:
            workflow.report(
                event,
                version=data["version"],
                by=user,
                results=data["results"],
                proposals=data["proposals"],
                number=data["number"],
                reported_on=data["reported_on"],
            )
    except workflow.EventError as error:
        return _refused(error)
    return _fresh(event)
