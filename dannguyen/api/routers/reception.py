"""Citizen reception over the API: sessions and the cases heard at them.

Input goes through the same case entry as the page (the same Vietnamese field errors, the
same Art 29 and identity rules), permissions through the same predicates, and identities
are masked the same way: a protected identity leaves only with a reason, and that reveal is
logged.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from dannguyen.accounts.permissions import require
from dannguyen.core.models import FieldOfWork
from dannguyen.lib.formfields import MAX_ID
from dannguyen.reception import permissions, queries, workflow
from dannguyen.reception.forms import MAX_PEOPLE_ROWS, CaseEntry
from dannguyen.reception.models import (
    Method,
    ReceptionCase,
    ReceptionSession,
    SessionKind,
    SessionStatus,
)

from ..pagination import MAX_PAGE_SIZE

router = Router(tags=["reception"])


class PersonIn(Schema):
    full_name: str = Field("", max_length=150)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=300)


class CaseIn(Schema):
    people: list[PersonIn] = Field(
        default_factory=list,
        max_length=MAX_PEOPLE_ROWS,
        description="who came; for a group of 5 or more, its representatives",
    )
    headcount: int = Field(1, ge=1, le=10_000)
    kind: str = Field(
        "", max_length=20, description="complaint | denunciation | petition | multiple"
    )
    field: str | None = Field(None, max_length=40, description="code of a lĩnh vực, e.g. HC-DD")
    content: str = Field(..., max_length=20_000)
    citizen_request: str = Field("", max_length=5_000)
    previous_handling: str = Field("", max_length=5_000)
    competence: str = Field("undetermined", max_length=20)
    outcome: str = Field(
        ...,
        max_length=30,
        description="explained | petition_received | guided | forwarded | urged | under_study "
        "| refused",
    )
    outcome_detail: str = Field("", max_length=5_000)
    guided_to: int | None = Field(None, ge=1, le=MAX_ID, description="agency id")
    accepting_agency: int | None = Field(None, ge=1, le=MAX_ID, description="agency id")
    refusal_ground: str | None = Field(None, max_length=60, description="code of the ground")
    instructions: str = Field("", max_length=5_000)
    protection_waived: bool = False
    protection_waiver_note: str = Field("", max_length=500)
    note: str = Field("", max_length=5_000)


class PersonOut(Schema):
    full_name: str
    id_number: str
    phone: str
    address: str
    place: str
    is_masked: bool


class CaseOut(Schema):
    id: int
    code: str
    session_id: int
    date: datetime.date
    people: list[PersonOut]
    headcount: int
    is_group: bool
    kind: str | None
    field: str | None
    content: str
    citizen_request: str
    outcome: str
    outcome_detail: str
    guided_to: str | None
    accepting_agency: str | None
    refusal_ground: str | None
    instructions: str
    petitions: list[str]
    is_identity_protected: bool
    url: str


class SessionOut(Schema):
    id: int
    kind: str
    host_body: str
    method: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    place: str
    online_details: str
    hosts: list[str]
    status: str
    cancelled_reason: str
    case_count: int
    url: str


class SessionDetailOut(SessionOut):
    staff: list[str]
    cases: list[CaseOut] | None


class SessionListOut(Schema):
    items: list[SessionOut]
    count: int


class CaseListOut(Schema):
    items: list[CaseOut]
    count: int


class SessionParams(Schema):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kind: str = Field("", max_length=20, description=" | ".join(SessionKind.values))
    status: str = Field("", max_length=20, description=" | ".join(SessionStatus.values))
    method: str = Field("", max_length=20, description=" | ".join(Method.values))
    host: int | None = Field(None, ge=1, le=MAX_ID, description="user id of a presiding person")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class CaseParams(Schema):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    session: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {"code": "invalid", "message": _("The request contains invalid values."), "fields": fields},
        status=422,
    )


def _case_count(session: ReceptionSession) -> int:
    annotated = getattr(session, "case_count", None)
    return annotated if annotated is not None else session.cases.count()


def _session_out(session: ReceptionSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "kind": session.kind,
        "host_body": session.host_body,
        "method": session.method,
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "place": session.place,
        "online_details": session.online_details,
        "hosts": session.host_names(),
        "status": session.status,
        "cancelled_reason": session.cancelled_reason,
        "case_count": _case_count(session),
        "url": session.get_absolute_url(),
    }


def _case_out(case: ReceptionCase, user: Any, *, revealed: bool = False) -> dict[str, Any]:
    people = [
        PersonOut(
            full_name=p.full_name,
            id_number=p.id_number,
            phone=p.phone,
            address=p.address,
            place=p.place,
            is_masked=p.is_masked,
        )
        for p in queries.shown_citizens(case, user, revealed=revealed)
    ]

    def text(value: str) -> str:
        return queries.shown_text(case, value, revealed=revealed)

    return {
        "id": case.pk,
        "code": case.code,
        "session_id": case.session_id,
        "date": case.session.date,
        "people": people,
        "headcount": case.headcount,
        "is_group": case.is_crowd,
        "kind": case.kind or None,
        "field": case.main_field.code if case.main_field else None,
        "content": text(case.content),
        "citizen_request": text(case.citizen_request),
        "outcome": case.outcome,
        "outcome_detail": text(case.outcome_detail),
        "guided_to": case.guided_to.name if case.guided_to else None,
        "accepting_agency": case.accepting_agency.name if case.accepting_agency else None,
        "refusal_ground": case.refusal_ground.code if case.refusal_ground else None,
        "instructions": text(case.instructions),
        "petitions": [p.code for p in case.petitions.all()],
        "is_identity_protected": case.is_identity_protected,
        "url": case.get_absolute_url(),
    }


@router.get("/reception/sessions", response=SessionListOut, summary="Reception sessions")
def list_sessions(request: HttpRequest, params: Query[SessionParams]) -> Any:
    require(permissions.can_view_reception(request.user))
    filters: dict[str, Any] = params.dict()
    if params.host:
        filters["host"] = params.host
    sessions = queries.sessions(filters)
    start = (params.page - 1) * params.page_size
    page = list(sessions[start : start + params.page_size])
    return {"items": [_session_out(s) for s in page], "count": sessions.count()}


@router.get("/reception/sessions/{session_id}", response=SessionDetailOut, summary="One session")
def get_session(request: HttpRequest, session_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    session = get_object_or_404(queries.session_detail(session_id))
    require(permissions.can_view_session(request.user, session))
    cases = None
    if permissions.can_view_cases(request.user, session):
        cases = []
        for case in queries.cases_of(session):
            case.session = session
            cases.append(_case_out(case, request.user))
    return {
        **_session_out(session),
        "staff": [u.get_full_name() for u in session.staff.all()],
        "cases": cases,
    }


@router.get("/reception/cases", response=CaseListOut, summary="Cases heard at sessions")
def list_cases(request: HttpRequest, params: Query[CaseParams]) -> Any:
    require(permissions.can_view_reception(request.user))
    cases = queries.cases_for_api(request.user, params.dict())
    start = (params.page - 1) * params.page_size
    page = list(cases[start : start + params.page_size])
    return {"items": [_case_out(c, request.user) for c in page], "count": cases.count()}


@router.get("/reception/cases/{case_id}", response=CaseOut, summary="One case")
def get_case(
    request: HttpRequest,
    case_id: int = Path(..., ge=1, le=MAX_ID),
    reveal_reason: str = Query("", max_length=500),
) -> Any:
    case = get_object_or_404(queries.case_detail(case_id))
    require(permissions.can_view_case(request.user, case))
    revealed = False
    if reveal_reason.strip():
        require(permissions.can_reveal_identity(request.user, case))
        if len(reveal_reason.strip()) < 10:
            return _invalid({"reveal_reason": [_("Give the reason in 10 characters or more.")]})
        workflow.reveal_identity(
            case,
            by=request.user,
            reason=reveal_reason,
            what=_("identity of the people who came and the full text"),
            source="api",
        )
        revealed = True
    return _case_out(case, request.user, revealed=revealed)


def _entry_for(session: ReceptionSession, body: CaseIn) -> tuple[CaseEntry, dict[str, list[str]]]:
    data: dict[str, Any] = {
        "headcount": body.headcount,
        "kind": body.kind,
        "content": body.content,
        "citizen_request": body.citizen_request,
        "previous_handling": body.previous_handling,
        "competence": body.competence,
        "outcome": body.outcome,
        "outcome_detail": body.outcome_detail,
        "guided_to": body.guided_to or "",
        "accepting_agency": body.accepting_agency or "",
        "instructions": body.instructions,
        "protection_waiver_note": body.protection_waiver_note,
        "note": body.note,
        "people-TOTAL_FORMS": str(MAX_PEOPLE_ROWS),
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": str(MAX_PEOPLE_ROWS),
    }
    if body.protection_waived:
        data["protection_waived"] = "on"
    for index, person in enumerate(body.people):
        for name in ("full_name", "id_number", "phone", "address"):
            data[f"people-{index}-{name}"] = getattr(person, name)
    errors: dict[str, list[str]] = {}
    if body.field:
        found = FieldOfWork.objects.filter(code=body.field.strip().upper(), is_active=True).first()
        if found is None:
            errors["field"] = [_("No field of work has this code.")]
        else:
            data["main_field"] = found.pk
    if body.refusal_ground:
        ground = queries.refusal_grounds_on(session.date).filter(code=body.refusal_ground).first()
        if ground is None:
            errors["refusal_ground"] = [_("No ground for refusing has this code.")]
        else:
            data["refusal_ground"] = ground.pk
    entry = CaseEntry(data, session=session)
    entry.is_valid()
    for name, messages in entry.errors.items():
        key = {"main_field": "field"}.get(name, name)
        errors.setdefault(key, []).extend(messages)
    return entry, errors


@router.post(
    "/reception/sessions/{session_id}/cases",
    response={201: CaseOut, 422: Any},
    summary="Record a case heard at a session",
)
def create_case(
    request: HttpRequest, body: CaseIn, session_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    session = get_object_or_404(queries.session_detail(session_id))
    require(permissions.can_record_case(request.user, session))
    entry, errors = _entry_for(session, body)
    if errors:
        return _invalid(errors)
    case = workflow.record_case(
        session, values=entry.values(), people=entry.people(), by=request.user
    )
    case = get_object_or_404(queries.case_detail(case.pk))
    return Status(201, _case_out(case, request.user))
