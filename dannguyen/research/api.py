"""Research topics over the API: the list and one topic for those who may read them; for the
office's staff, proposing and editing a topic, its milestones (added, marked done), its
outputs (with a file, sent as multipart) and its moves — through the same forms,
predicates and workflow as the pages. A refusal is 422 with the field concerned."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID

from . import permissions, queries, workflow
from .forms import DoneForm, MilestoneForm, NoteForm, OutputForm, TopicForm
from .models import Milestone, OutputKind, Topic, TopicStatus

router = Router(tags=["research"])


class MilestoneOut(Schema):
    id: int
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
                "id": m.pk,
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


# ------------------------------------------------------------------------- one topic, writes


TopicId = Path(..., ge=1, le=MAX_ID)

# Each move of the page's buttons and the status it leads to.
MOVES = {
    "approve": TopicStatus.APPROVED,
    "start": TopicStatus.IN_PROGRESS,
    "complete": TopicStatus.COMPLETED,
    "cancel": TopicStatus.CANCELLED,
}


class MilestoneIn(Schema):
    title: str = Field(..., max_length=300)
    due_on: str = Field(..., max_length=20, description="YYYY-MM-DD or dd/mm/yyyy")


class DoneIn(Schema):
    done_on: str = Field(..., max_length=20, description="YYYY-MM-DD or dd/mm/yyyy")


class NoteIn(Schema):
    note: str = Field("", max_length=1000)


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {"code": "invalid", "message": _("The request contains invalid values."), "fields": fields},
        status=422,
    )


def _errors(form: Any) -> dict[str, list[str]]:
    return {k: [str(e) for e in v] for k, v in form.errors.items()}


def _refused(error: workflow.WorkflowError) -> JsonResponse:
    return _invalid({"__all__": [str(error)]})


def _fetch(topic_id: int) -> Topic:
    return get_object_or_404(queries.topic_detail(topic_id))


def _fresh(topic: Topic, status: int = 200) -> Any:
    return Status(status, _topic_out(_fetch(topic.pk), timezone.localdate()))


def _topic_form(body: TopicIn) -> TopicForm:
    return TopicForm(
        {
            **body.dict(exclude={"team", "legal_documents", "owner"}),
            "owner": str(body.owner),
            "team": [str(pk) for pk in body.team],
            "legal_numbers": "\n".join(body.legal_documents),
        }
    )


@router.get("/research/topics/{topic_id}", response=TopicOut, summary="One research topic")
def get_topic(request: HttpRequest, topic_id: int = TopicId) -> Any:
    topic = _fetch(topic_id)
    require(permissions.can_view_topic(request.user, topic))
    return _topic_out(topic, timezone.localdate())


@router.put(
    "/research/topics/{topic_id}",
    response={200: TopicOut, 422: Any},
    summary="Edit a research topic",
)
def update_topic(request: HttpRequest, body: TopicIn, topic_id: int = TopicId) -> Any:
    topic = _fetch(topic_id)
    require(permissions.can_edit_topic(request.user, topic))
    form = _topic_form(body)
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.update_topic(
            topic,
            values=form.topic_values(),
            team=form.cleaned_data["team"],
            legal_documents=form.cleaned_data["legal_numbers"],
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(topic)


@router.post(
    "/research/topics/{topic_id}/milestones",
    response={201: TopicOut, 422: Any},
    summary="Add a milestone",
)
def add_milestone(request: HttpRequest, body: MilestoneIn, topic_id: int = TopicId) -> Any:
    topic = _fetch(topic_id)
    require(permissions.can_edit_topic(request.user, topic))
    form = MilestoneForm(body.dict(), topic=topic)
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.add_milestone(
            topic,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(topic, 201)


@router.post(
    "/research/topics/{topic_id}/milestones/{milestone_id}/done",
    response={200: TopicOut, 422: Any},
    summary="Mark a milestone done",
)
def milestone_done(
    request: HttpRequest,
    body: DoneIn,
    topic_id: int = TopicId,
    milestone_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    topic = _fetch(topic_id)
    require(permissions.can_edit_topic(request.user, topic))
    # Only a milestone of this topic: another topic's is not found here.
    milestone = get_object_or_404(
        Milestone.objects.select_related("topic"), pk=milestone_id, topic=topic
    )
    form = DoneForm(body.dict())
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.mark_done(milestone, done_on=form.cleaned_data["done_on"], by=request.user)
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(topic)


_OUTPUT_FIELDS = {
    "type": "object",
    "required": ["kind", "title", "dated"],
    "properties": {
        "kind": {"type": "string", "enum": OutputKind.values},
        "title": {"type": "string", "maxLength": 500},
        "summary": {"type": "string", "maxLength": 20_000},
        "dated": {"type": "string", "description": "YYYY-MM-DD or dd/mm/yyyy"},
        "upload": {"type": "string", "format": "binary", "description": "PDF or Word (.docx)"},
    },
}


def _output_input(request: HttpRequest) -> tuple[Any, Any] | JsonResponse:
    """The output's fields and file: multipart (to send a file) or a JSON object."""
    if request.content_type == "multipart/form-data":
        return request.POST, request.FILES
    try:
        raw = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _invalid({"__all__": [_("The body is not valid JSON.")]})
    if not isinstance(raw, dict):
        return _invalid({"__all__": [_("The body must be a JSON object.")]})
    return {k: v for k, v in raw.items() if isinstance(v, str)}, None


@router.post(
    "/research/topics/{topic_id}/outputs",
    response={201: TopicOut, 422: Any},
    summary="Record an output (report, recommendation), with its file",
    description="Send multipart/form-data with `upload` to attach a file (judged by its "
    "content: PDF or Word .docx), or JSON without a file.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _OUTPUT_FIELDS},
                "multipart/form-data": {"schema": _OUTPUT_FIELDS},
            },
        }
    },
)
def add_output(request: HttpRequest, topic_id: int = TopicId) -> Any:
    topic = _fetch(topic_id)
    require(permissions.can_add_output(request.user, topic))
    received = _output_input(request)
    if isinstance(received, JsonResponse):
        return received
    data, files = received
    form = OutputForm(data, files)
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.add_output(
            topic,
            values=form.cleaned_data,
            upload=form.cleaned_data.get("upload"),
            content_type=form.content_type,
            by=request.user,
        )
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(topic, 201)


@router.post(
    "/research/topics/{topic_id}/moves/{move}",
    response={200: TopicOut, 404: Any, 422: Any},
    summary="Move a topic: approve, start, complete, cancel",
)
def move_topic(
    request: HttpRequest,
    body: NoteIn,
    topic_id: int = TopicId,
    move: str = Path(..., max_length=20),
) -> Any:
    if move not in MOVES:
        return JsonResponse(
            {"code": "unknown_action", "message": _("There is no such action."), "fields": {}},
            status=404,
        )
    topic = _fetch(topic_id)
    require(permissions.can_view_topic(request.user, topic))
    require(permissions.can_move_topic(request.user, topic, MOVES[move]))
    form = NoteForm(body.dict())
    if not form.is_valid():
        return _invalid(_errors(form))
    try:
        workflow.move(topic, to=MOVES[move], by=request.user, note=form.cleaned_data["note"])
    except workflow.WorkflowError as error:
        return _refused(error)
    return _fresh(topic)
