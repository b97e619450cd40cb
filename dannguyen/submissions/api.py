"""The public lookup over the API: POST /api/v1/public/submissions/lookup, no token.

The same rate limit, the same comparison and the same neutral answer as the page: a miss is
404 with one message whatever was wrong. Sending a petition has no endpoint: the check
question is answered by a person on the page.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from . import queries, throttle, workflow
from .forms import NOT_FOUND
from .models import Scope

router = Router(tags=["submissions"])


class LookupIn(Schema):
    code: str = Field(max_length=40)
    phone: str = Field("", max_length=30)
    id_number: str = Field("", max_length=30)


class StepOut(Schema):
    on: datetime.date
    text: str


class ProgressOut(Schema):
    register_code: str
    received_on: datetime.date
    kind: str
    stage: str
    stage_label: str
    details: list[str]
    steps: list[StepOut]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


@router.post(
    "/public/submissions/lookup",
    auth=None,
    response={200: ProgressOut, 404: ErrorOut, 429: ErrorOut},
    summary="Status of a petition sent online (tracking code + phone or identity number)",
)
def lookup(request: HttpRequest, payload: LookupIn) -> object:
    if not throttle.allow(request, Scope.LOOKUP):
        response = _error(429, "too_many_requests", _("Too many requests: try again later."))
        response["Retry-After"] = str(int(throttle.WINDOW.total_seconds()))
        return response
    contacts = [c for c in (payload.phone, payload.id_number) if c.strip()] or [""]
    found = None
    for contact in contacts:
        found = found or workflow.find(code=payload.code, contact=contact)
    if found is None:
        return _error(404, "not_found", str(NOT_FOUND))
    progress = queries.progress(found.petition)
    return {
        "register_code": progress.register_code,
        "received_on": progress.received_on,
        "kind": progress.kind,
        "stage": progress.stage,
        "stage_label": progress.stage_label,
        "details": progress.details,
        "steps": [{"on": s.on, "text": s.text} for s in progress.steps],
    }
