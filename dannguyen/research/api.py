"""Research topics over the API: the list for those who may read them, and proposing a
topic for the office's staff, through the same form, predicates and workflow as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE

from . import permissions, queries, workflow
from .forms import TopicForm
from .models import Topic, TopicStatus

router = Router(tags=["research"])


class MilestoneOut(Schema):
    title: str
    due_on: datetime.date
    done_on: datetime.date | None
    is_overdue: bool


class TopicOut(Schema):
    id: int
    title: str
    kind: str
    owner_body: str
    owner: str
    team: list[str]
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    milestones: list[MilestoneOut]
    outputs: list[str]
    legal_documents: list[str]
    url: str


class TopicListOut(Schema):
    items: list[TopicOut]
    count: int


class TopicParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=20, description=" | ".join(TopicStatus.values))
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class TopicIn(Schema):
    title: str = Field(..., max_length=500)
    kind: str = Field(..., max_length=20)
    owner_body: str = Field(..., max_length=30)
    owner: int = Field(..., ge=1)
    team: list[int] = Field(default_factory=list, max_length=100)
    summary: str = Field("", max_length=20_000)
    starts_on: datetime.date
    ends_on: datetime.date
    legal_documents: list[str] = Field(
        default_factory=list, max_length=50, description="numbers and symbols, e.g. 64/2025/QH15"
    )


def _topic_out(topic: Topic, today: datetime.date) -> dict[str, Any]:
    return {
        "id": topic.pk,
        "title": topic.title,
        "kind": topic.kind,
        "owner_body": topic.owner_body,
        "owner": topic.owner.get_full_name(),
        "team": [u.get_full_name() for u in topic.team.all()],
        "status": topic.status,
        "starts_on": topic.starts_on,
        "ends_on": topic.ends_on,
        "milestones": [
            {
                "title": m.title,
                "due_on": m.due_on,
                "done_on": m.done_on,
                "is_overdue": m.done_on is None and m.due_on < today,
            }
            for m in topic.milestones.all()
        ],
        "outputs": [o.title for o in topic.outputs.all()],
        "legal_documents": [d.number_raw for d in topic.legal_documents.all()],
        "url": topic.get_absolute_url(),
    }


@router.get("/research/topics", response=TopicListOut, summary="Research topics")
def list_topics(request: HttpRequest, params: Query[TopicParams]) -> Any:
    require(permissions.can_view_research(request.user))
    filters = params.dict()
    if filters["status"] not in TopicStatus.values:
        filters["status"] = ""
    found = queries.topics(request.user, filters).prefetch_related(
        "team", "milestones", "outputs", "legal_documents"
    )
    start = (params.page - 1) * params.page_size
    today = timezone.localdate()
    return {
        "items": [_topic_out(t, today) for t in found[start : start + params.page_size]],
        "count": found.count(),
    }


@router.post(
    "/research/topics", response={201: TopicOut, 422: Any}, summary="Propose a research topic"
)
def create_topic(request: HttpRequest, body: TopicIn) -> Any:
    require(permissions.can_create_topic(request.user))
    form = TopicForm(
        {
            **body.dict(exclude={"team", "legal_documents", "owner"}),
            "owner": str(body.owner),
            "team": [str(pk) for pk in body.team],
            "legal_numbers": "\n".join(body.legal_documents),
        }
    )
    if not form.is_valid():
        return JsonResponse(
            {
                "code": "invalid",
                "message": _("The request contains invalid values."),
                "fields": {k: [str(e) for e in v] for k, v in form.errors.items()},
            },
            status=422,
        )
    topic = workflow.create_topic(
        values=form.topic_values(),
        team=form.cleaned_data["team"],
        legal_documents=form.cleaned_data["legal_numbers"],
        by=request.user,
    )
    stored = queries.topic_detail(topic.pk).get()
    return Status(201, _topic_out(stored, timezone.localdate()))
