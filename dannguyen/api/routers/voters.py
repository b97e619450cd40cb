"""Voter contact over the API: sessions, meetings, opinions, the grouping, one petition.

Input goes through the same forms and workflow as the pages (the same Vietnamese messages:
a blank opinion, a meeting outside its session's window, a session recorded twice are
422 with the field concerned), permissions through the same predicates.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.responses import Status

from dannguyen.accounts.permissions import require
from dannguyen.lib.formfields import MAX_ID
from dannguyen.voters import groups, permissions, queries, workflow
from dannguyen.voters.forms import MeetingForm, OpinionForm, SessionForm, communes
from dannguyen.voters.models import Meeting, Opinion, Session, VoterPetition

router = Router(tags=["voters"])


class SessionIn(Schema):
    body: str = Field(..., max_length=20, description="na | hdnd_province | hdnd_commune")
    term: str = Field(..., max_length=10, description="e.g. XVI")
    number: int = Field(..., ge=1, le=99)
    kind: str = Field(..., max_length=20, description="regular | extraordinary | thematic")
    opens_on: str = Field(..., max_length=20, description="YYYY-MM-DD")
    closes_on: str = Field(..., max_length=20, description="YYYY-MM-DD")
    commune_code: str = Field("", max_length=10, description="for a commune's council")


class DueOut(Schema):
    round: str
    due_on: datetime.date
    basis: str


class SessionOut(Schema):
    id: int
    body: str
    term: str
    number: int
    kind: str
    opens_on: datetime.date
    closes_on: datetime.date
    commune_code: str
    synthesis_due: list[DueOut]
    url: str


class MeetingIn(Schema):
    session_id: int = Field(..., ge=1, le=MAX_ID)
    timing: str = Field(..., max_length=10, description="before | after")
    held_on: str = Field(..., max_length=20, description="YYYY-MM-DD")
    place: str = Field(..., max_length=300)
    kind: str = Field("session", max_length=30)
    method: str = Field("in_person", max_length=20, description="in_person | online | hybrid")
    commune_code: str = Field("", max_length=10)
    chair: str = Field("", max_length=200)
    na_deputies: str = Field("", max_length=5_000)
    province_deputies: str = Field("", max_length=5_000)
    commune_deputies: str = Field("", max_length=5_000)
    officials: str = Field("", max_length=5_000)
    voter_count: int = Field(0, ge=0, le=1_000_000)
    minutes_text: str = Field("", max_length=200_000)


class MeetingOut(Schema):
    id: int
    session_id: int
    timing: str
    kind: str
    method: str
    held_on: datetime.date
    place: str
    commune_code: str
    voter_count: int
    url: str


class OpinionIn(Schema):
    meeting_id: int = Field(..., ge=1, le=MAX_ID)
    content: str = Field(..., max_length=10_000)
    commune_code: str = Field("", max_length=10)
    speaker: str = Field("", max_length=200)
    kind: str = Field("request", max_length=20, description="request | complaint | denunciation")
    answered_on_spot: bool = False
    answered_by: str = Field("", max_length=200)


class OpinionOut(Schema):
    id: int
    meeting_id: int
    content: str
    speaker: str
    commune_code: str
    kind: str
    petition_code: str | None = Field(description="the register's code of a complaint")
    group_id: int | None


class GroupOut(Schema):
    id: int
    opinion_ids: list[int]
    title: str


class GroupsOut(Schema):
    groups: list[GroupOut]


class OriginalOut(Schema):
    id: int
    meeting_id: int
    held_on: datetime.date
    place: str
    commune: str
    speaker: str
    content: str


class RepeatOut(Schema):
    id: int
    session: str
    title: str
    score: float


class PetitionOut(Schema):
    id: int
    session_id: int
    title: str
    status: str
    is_fixed: bool
    opinion_ids: list[int]
    opinions: list[OriginalOut]
    meetings: int
    communes: int
    field: str | None
    competence: str
    agency: str | None
    repeats: list[RepeatOut]


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {
            "code": "invalid",
            "message": _("The request contains invalid values."),
            "fields": fields,
        },
        status=422,
    )


def _form_errors(form: Any, rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    rename = rename or {}
    return {
        rename.get(name, name): [str(e) for e in errors] for name, errors in form.errors.items()
    }


def _refused(error: workflow.WorkflowError, rename: dict[str, str] | None = None) -> JsonResponse:
    name = (rename or {}).get(error.field, error.field) or "__all__"
    return _invalid({name: [error.message]})


def _commune_pk(code: str) -> int | str | None:
    """The commune's id for CODE, None for no code, "" for an unknown code."""
    if not code.strip():
        return None
    found = communes().filter(code=code.strip()).values_list("pk", flat=True).first()
    return found if found is not None else ""


def _unknown_commune(name: str = "commune_code") -> JsonResponse:
    return _invalid({name: [_("No commune or ward has this code.")]})


def _place(opinion: Opinion) -> str:
    unit = opinion.commune or opinion.meeting.commune
    return unit.name if unit is not None else ""


def _session_out(session: Session) -> dict[str, Any]:
    calendar = queries.calendar_around(session)
    return {
        "id": session.pk,
        "body": session.body,
        "term": session.term,
        "number": session.number,
        "kind": session.kind,
        "opens_on": session.opens_on,
        "closes_on": session.closes_on,
        "commune_code": session.commune.code if session.commune else "",
        "synthesis_due": [
            {"round": label, "due_on": due.due_on, "basis": due.basis}
            for label, due in queries.due_dates(session, calendar)
        ],
        "url": session.get_absolute_url(),
    }


@router.post("/voters/sessions", response={201: SessionOut, 422: Any}, summary="Record a session")
def create_session(request: HttpRequest, body: SessionIn) -> Any:
    require(permissions.can_manage_sessions(request.user))
    commune = _commune_pk(body.commune_code)
    if commune == "":
        return _unknown_commune()
    data = body.dict(exclude={"commune_code"}) | {"commune": commune or ""}
    form = SessionForm(data=data)
    if not form.is_valid():
        return _invalid(_form_errors(form, {"commune": "commune_code"}))
    try:
        session = workflow.create_session(values=form.values(), by=request.user)
    except workflow.WorkflowError as error:
        return _refused(error, {"commune": "commune_code"})
    return Status(201, _session_out(session))


@router.post(
    "/voters/meetings", response={201: MeetingOut, 422: Any}, summary="Record a voter meeting"
)
def create_meeting(request: HttpRequest, body: MeetingIn) -> Any:
    require(permissions.can_record_meetings(request.user))
    session = Session.objects.filter(pk=body.session_id).first()
    if session is None:
        return _invalid({"session_id": [_("There is no such session.")]})
    commune = _commune_pk(body.commune_code)
    if commune == "":
        return _unknown_commune()
    data = body.dict(exclude={"commune_code", "session_id"}) | {"commune": commune or ""}
    form = MeetingForm(data=data, session=session)
    if not form.is_valid():
        return _invalid(_form_errors(form, {"commune": "commune_code"}))
    try:
        meeting = workflow.record_meeting(session=session, values=form.values(), by=request.user)
    except workflow.WorkflowError as error:
        return _refused(error, {"commune": "commune_code"})
    return Status(
        201,
        {
            "id": meeting.pk,
            "session_id": session.pk,
            "timing": meeting.timing,
            "kind": meeting.kind,
            "method": meeting.method,
            "held_on": meeting.held_on,
            "place": meeting.place,
            "commune_code": meeting.commune.code if meeting.commune else "",
            "voter_count": meeting.voter_count,
            "url": meeting.get_absolute_url(),
        },
    )


@router.post(
    "/voters/opinions",
    response={201: OpinionOut, 422: Any},
    summary="Record an opinion raised at a meeting",
)
def create_opinion(request: HttpRequest, body: OpinionIn) -> Any:
    require(permissions.can_record_meetings(request.user))
    meeting = Meeting.objects.filter(pk=body.meeting_id).select_related("session").first()
    if meeting is None:
        return _invalid({"meeting_id": [_("There is no such meeting.")]})
    commune = _commune_pk(body.commune_code)
    if commune == "":
        return _unknown_commune()
    data = body.dict(exclude={"commune_code", "meeting_id"}) | {
        "commune": commune or meeting.commune_id or ""
    }
    form = OpinionForm(data=data)
    if not form.is_valid():
        return _invalid(_form_errors(form, {"commune": "commune_code"}))
    try:
        opinion = workflow.add_opinions(meeting=meeting, items=[form.to_input()], by=request.user)[
            0
        ]
    except workflow.WorkflowError as error:
        return _refused(error)
    return Status(
        201,
        {
            "id": opinion.pk,
            "meeting_id": meeting.pk,
            "content": opinion.content,
            "speaker": opinion.speaker,
            "commune_code": opinion.commune.code if opinion.commune else "",
            "kind": opinion.kind,
            "petition_code": opinion.intake.code if opinion.intake else None,
            "group_id": opinion.group_id,
        },
    )


@router.post(
    "/voters/sessions/{session_id}/group",
    response={200: GroupsOut, 409: Any},
    summary="Group all of a session's opinions",
)
def group_session(request: HttpRequest, session_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    session = get_object_or_404(Session, pk=session_id)
    require(permissions.can_group(request.user))
    try:
        kept = groups.regroup(session, by=request.user)
    except workflow.WorkflowError as error:
        return JsonResponse({"code": "conflict", "message": error.message}, status=409)
    members: dict[int, list[int]] = {}
    for pk, group in Opinion.objects.filter(group__in=kept).values_list("pk", "group_id"):
        members.setdefault(group, []).append(pk)
    return {
        "groups": [
            {"id": p.pk, "opinion_ids": sorted(members.get(p.pk, [])), "title": p.title}
            for p in kept
        ]
    }


@router.get("/voters/petitions/{petition_id}", response=PetitionOut, summary="One voters' petition")
def get_petition(request: HttpRequest, petition_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    petition = get_object_or_404(
        VoterPetition.objects.select_related("field", "agency"), pk=petition_id
    )
    require(permissions.can_view_voters(request.user))
    originals = queries.opinions_with_meetings(petition)
    meetings, communes_count = queries.reach_of(petition)
    return {
        "id": petition.pk,
        "session_id": petition.session_id,
        "title": petition.title,
        "status": petition.status,
        "is_fixed": petition.is_fixed,
        "opinion_ids": [o.pk for o in originals],
        "opinions": [
            {
                "id": o.pk,
                "meeting_id": o.meeting_id,
                "held_on": o.meeting.held_on,
                "place": o.meeting.place,
                "commune": _place(o),
                "speaker": o.speaker,
                "content": o.content,
            }
            for o in originals
        ],
        "meetings": meetings,
        "communes": communes_count,
        "field": petition.field.code if petition.field else None,
        "competence": petition.competence,
        "agency": petition.agency.name if petition.agency else None,
        "repeats": [
            {
                "id": r.earlier_id,
                "session": str(r.earlier.session),
                "title": r.earlier.title,
                "score": r.score,
            }
            for r in queries.repeats_of(petition)
        ],
    }
