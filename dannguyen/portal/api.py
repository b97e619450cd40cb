"""The portal's public, read-only API: no token, only what the portal's pages show.

GET /api/v1/public/schedules, /public/legal/search, /public/voter-answers. Lists are
paged like the rest of the API (?page=&page_size=, at most 100 → {"items", "count"}), and
answered with Cache-Control: public like the pages.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.legal import search
from dannguyen.lib.formfields import MAX_ID

from . import queries
from .caching import MAX_AGE

router = Router(tags=["public portal"])


def _public(response: HttpResponse) -> None:
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)

    def cut(self, rows: list) -> list:
        start = (self.page - 1) * self.page_size
        return rows[start : start + self.page_size]


# ----------------------------------------------------------------------------- schedules


class ScheduleParams(Paging):
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")
    kind: str = Field("", pattern=r"^(|reception|meeting|event)$")


class ScheduleItemOut(Schema):
    kind: str
    id: int
    title: str
    date: datetime.date
    last_date: datetime.date | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    place: str
    body: str
    hosts: list[str]
    method: str
    cancelled: bool
    url: str


class ScheduleOut(Schema):
    items: list[ScheduleItemOut]
    count: int


@router.get(
    "/public/schedules",
    response=ScheduleOut,
    auth=None,
    summary="Public schedule: citizen reception, voter meetings, public events",
)
def public_schedules(
    request: HttpRequest, response: HttpResponse, params: Query[ScheduleParams]
) -> ScheduleOut:
    """From today for 60 days unless FROM and TO say otherwise (at most a year)."""
    today = timezone.localdate()
    start = params.date_from or today
    end = params.date_to or start + datetime.timedelta(days=60)
    if end < start:
        raise HttpError(422, _("The end of the period is before its start."))
    if (end - start).days > queries.MAX_SPAN_DAYS:
        raise HttpError(422, _("Ask for at most a year at a time."))
    kinds = (params.kind,) if params.kind else queries.ITEM_KINDS
    items = queries.schedule(start, end, today=today, kinds=kinds)
    page_url = reverse("portal:schedules")
    _public(response)
    return ScheduleOut(
        count=len(items),
        items=[
            ScheduleItemOut(
                kind=i.kind,
                id=i.pk,
                title=i.title,
                date=i.day,
                last_date=i.last_day,
                starts_at=i.starts_at,
                ends_at=i.ends_at,
                place=i.place,
                body=i.body,
                hosts=list(i.hosts),
                method=i.method,
                cancelled=i.cancelled,
                url=f"{page_url}?month={i.day:%Y-%m}#{i.anchor}",
            )
            for i in params.cut(items)
        ],
    )


# ----------------------------------------------------------------------------- legal


class LegalParams(Paging):
    q: str = Field(..., min_length=1, max_length=500)
    document_type: int | None = Field(None, ge=1, le=MAX_ID)
    status: str = Field("", max_length=20)
    year_from: int | None = Field(None, ge=1945, le=2100)
    year_to: int | None = Field(None, ge=1945, le=2100)


class HitOut(Schema):
    document_id: int
    so_ky_hieu: str
    title: str
    type: str
    article: str
    heading: str
    snippet: str
    url: str


class LegalOut(Schema):
    items: list[HitOut]
    count: int
    suggestion: str


@router.get(
    "/public/legal/search",
    response=LegalOut,
    auth=None,
    summary="Search the published legal documents, article by article",
)
def public_legal_search(
    request: HttpRequest, response: HttpResponse, params: Query[LegalParams]
) -> LegalOut:
    """The snippet is HTML: the query's words are marked with <mark>, the rest escaped."""
    filters = search.Filters.from_values(params.dict())
    results = queries.find_legal(params.q, filters, today=timezone.localdate())
    hits = search.hits_for(params.cut(results.scored), params.q)
    _public(response)
    return LegalOut(
        count=len(results.scored),
        suggestion=results.suggestion,
        items=[
            HitOut(
                document_id=h.document.pk,
                so_ky_hieu=h.document.number_raw,
                title=h.document.title,
                type=h.document.document_type.name,
                article=h.article_number,
                heading=h.provision.heading if h.provision else "",
                snippet=str(h.snippet),
                url=reverse("portal:legal_document", args=[h.document.pk])
                + (f"#{h.provision.anchor}" if h.provision else ""),
            )
            for h in hits
        ],
    )


# ----------------------------------------------------------------------------- answers


class AnswerParams(Paging):
    session: int | None = Field(None, ge=1, le=MAX_ID)
    commune: int | None = Field(None, ge=1, le=MAX_ID)


class AnswerOut(Schema):
    petition_id: int
    session_id: int
    session: str
    petition: str
    communes: list[str]
    agency: str
    result: str
    result_label: str
    detail: str
    reference: str
    dated: datetime.date
    text: str
    roadmap: str
    promised_on: datetime.date | None
    published_from: datetime.date


class AnswersOut(Schema):
    items: list[AnswerOut]
    count: int


@router.get(
    "/public/voter-answers",
    response=AnswersOut,
    auth=None,
    summary="Answers to voters' petitions, once they may be published (NQLT 72 Art 51)",
)
def public_voter_answers(
    request: HttpRequest, response: HttpResponse, params: Query[AnswerParams]
) -> AnswersOut:
    answers = queries.voter_answers(today=timezone.localdate())
    if params.session:
        answers = [a for a in answers if a.session_id == params.session]
    if params.commune:
        answers = [a for a in answers if params.commune in a.commune_ids]
    _public(response)
    return AnswersOut(
        count=len(answers),
        items=[
            AnswerOut(
                petition_id=a.petition_id,
                session_id=a.session_id,
                session=a.session,
                petition=a.petition,
                communes=list(a.communes),
                agency=a.agency,
                result=a.result,
                result_label=a.result_label,
                detail=a.detail_label,
                reference=a.reference,
                dated=a.dated,
                text=a.text,
                roadmap=a.roadmap,
                promised_on=a.promised_on,
                published_from=a.published_from,
            )
            for a in params.cut(answers)
        ],
    )
