"""Outgoing letters over the API (/api/v1/letters): the register, one letter, its .docx.

The same predicates and redaction as the pages: a letter naming a protected denouncer is
its custodians' only, and each time it is opened the reveal is logged (source "api").
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.documents import DOCX_CONTENT_TYPE
from dannguyen.lib.formfields import MAX_ID
from dannguyen.petitions import identity

from . import permissions, queries, rendering, services
from .models import LetterKind, LetterStatus, OutgoingLetter

router = Router(tags=["letters"])


class LetterOut(Schema):
    id: int
    kind: str
    status: str
    petition_id: int | None
    petition_code: str | None
    recipient: str
    subject: str
    body: str
    number: int | None
    symbol: str
    year: int | None
    issued_on: datetime.date | None
    signer_name: str
    signer_position: str
    drafted_at: datetime.datetime
    url: str
    docx_url: str


class ListOut(Schema):
    items: list[LetterOut]
    count: int


class ListParams(Schema):
    petition: int | None = Field(None, ge=1, le=MAX_ID)
    kind: LetterKind | None = None
    status: LetterStatus | None = None
    year: int | None = Field(None, ge=1990, le=2100)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _shown(letter: OutgoingLetter, user: Any) -> dict[str, Any]:
    hidden = not permissions.can_view_letter(user, letter)
    mark = str(identity.PROTECTED)
    clean = rendering.redactor(letter)
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "status": letter.status,
        "petition_id": letter.petition_id,
        "petition_code": letter.petition.code if letter.petition else None,
        "recipient": queries.recipient_label(letter, user),
        "subject": mark if hidden else clean(letter.subject),
        "body": mark if hidden else clean(letter.body),
        "number": letter.number,
        "symbol": letter.symbol,
        "year": letter.year,
        "issued_on": letter.issued_on,
        "signer_name": letter.signer_name,
        "signer_position": letter.signer_position,
        "drafted_at": letter.drafted_at,
        "url": letter.get_absolute_url(),
        "docx_url": f"/api/v1/letters/{letter.pk}/docx",
    }


def _open(request: HttpRequest, letter: OutgoingLetter, what: str) -> None:
    require(permissions.can_view_letter(request.user, letter))
    services.log_opening(letter, by=request.user, what=what, source="api")


@router.get("/letters", response=ListOut, summary="The outgoing letters register")
def list_letters(request: HttpRequest, params: Query[ListParams]) -> Any:
    require(permissions.can_view_letters(request.user))
    filters = {k: v for k, v in params.dict().items() if v not in (None, "")}
    letters = queries.register(request.user, filters)
    start = (params.page - 1) * params.page_size
    page = list(letters[start : start + params.page_size])
    return {"items": [_shown(letter, request.user) for letter in page], "count": letters.count()}


@router.get("/letters/{letter_id}", response=LetterOut, summary="One outgoing letter")
def get_letter(request: HttpRequest, letter_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    letter = get_object_or_404(queries.letters(), pk=letter_id)
    _open(request, letter, _("the letter's text"))
    return _shown(letter, request.user)


@router.get("/letters/{letter_id}/docx", summary="The letter as Word (.docx)")
def get_letter_docx(
    request: HttpRequest, letter_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse:
    letter = get_object_or_404(queries.letters(), pk=letter_id)
    _open(request, letter, _("the letter's Word file"))
    content = rendering.docx_of(letter)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{rendering.filename(letter)}"'
    return response
