"""Research workflow: the only module that changes `Topic.status` or its milestones and
outputs, each time with a `TopicEvent` in the same transaction.

* APPROVER — the office's managers and the delegation / Thường trực HĐND leaders approve
  or cancel a topic;
* STAFF — the office's staff start it, record milestones and outputs, and complete it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import OFFICE_MANAGERS, OFFICE_STAFF, has_any_role

from .models import Milestone, Output, Topic, TopicAction, TopicEvent, TopicStatus

APPROVER = "approver"
STAFF = "staff"
S = TopicStatus
APPROVERS = OFFICE_MANAGERS | frozenset({Role.Code.DELEGATION_LEADER, Role.Code.COUNCIL_LEADER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.PROPOSED, S.APPROVED): frozenset({APPROVER}),
    (S.APPROVED, S.IN_PROGRESS): frozenset({STAFF}),
    (S.IN_PROGRESS, S.COMPLETED): frozenset({STAFF}),
    (S.PROPOSED, S.CANCELLED): frozenset({APPROVER}),
    (S.APPROVED, S.CANCELLED): frozenset({APPROVER}),
    (S.IN_PROGRESS, S.CANCELLED): frozenset({APPROVER}),
}
ACTIONS: dict[str, str] = {
    S.APPROVED: TopicAction.APPROVED,
    S.IN_PROGRESS: TopicAction.STARTED,
    S.COMPLETED: TopicAction.COMPLETED,
    S.CANCELLED: TopicAction.CANCELLED,
}
OPEN = frozenset({S.PROPOSED, S.APPROVED, S.IN_PROGRESS})
# Milestones count as "việc của tôi" only once the topic is under way.
RUNNING = frozenset({S.APPROVED, S.IN_PROGRESS})
TOPIC_FIELDS = ("title", "kind", "owner_body", "owner", "summary", "starts_on", "ends_on")


class WorkflowError(Exception):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def kinds_of(user: Any) -> frozenset[str]:
    kinds = set()
    if has_any_role(user, APPROVERS):
        kinds.add(APPROVER)
    if has_any_role(user, OFFICE_STAFF):
        kinds.add(STAFF)
    return frozenset(kinds)


def may_move(user: Any, topic: Topic, to: str) -> bool:
    return bool(TRANSITIONS.get((topic.status, to), frozenset()) & kinds_of(user))


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _event(topic: Topic, action: str, *, by: Any, note: str = "", frm: str = "") -> None:
    TopicEvent.objects.create(
        topic=topic,
        at=timezone.now(),
        actor=_actor(by),
        action=action,
        from_status=frm or topic.status,
        to_status=topic.status,
        note=note[:1000],
    )


def _lock(topic: Topic) -> Topic:
    stored = Topic.objects.select_for_update().get(pk=topic.pk)
    _check(
        stored.status == topic.status,
        _("The topic was changed by someone else meanwhile: reload the page."),
    )
    return stored


def _open(topic: Topic) -> None:
    _check(topic.status in OPEN, _("A completed or cancelled topic can no longer be changed."))


def _check_period(starts_on: datetime.date, ends_on: datetime.date) -> None:
    _check(ends_on >= starts_on, _("The topic cannot end before it starts."))


@transaction.atomic
def create_topic(*, values: dict[str, Any], team: Any, legal_documents: Any = (), by: Any) -> Topic:
    _check_period(values["starts_on"], values["ends_on"])
    topic = Topic(created_by=_actor(by), status=S.PROPOSED)
    for name in TOPIC_FIELDS:
        if name in values:
            setattr(topic, name, values[name])
    topic.save()
    topic.team.set(team)
    topic.legal_documents.set(legal_documents)
    _event(topic, TopicAction.CREATED, by=by)
    return topic


@transaction.atomic
def update_topic(
    topic: Topic, *, values: dict[str, Any], team: Any, legal_documents: Any, by: Any
) -> Topic:
    stored = _lock(topic)
    _open(stored)
    _check_period(values["starts_on"], values["ends_on"])
    for name in TOPIC_FIELDS:
        if name in values:
            setattr(stored, name, values[name])
    stored.save()
    stored.team.set(team)
    stored.legal_documents.set(legal_documents)
    _event(stored, TopicAction.EDITED, by=by)
    return stored


@transaction.atomic
def set_statistics_scope(topic: Topic, *, fields: Any, keywords: str, by: Any) -> Topic:
    """What the topic is about in the petition register: the lĩnh vực and keywords whose
    letters its page counts. Recorded in the history, as any edit of the topic."""
    stored = _lock(topic)
    _open(stored)
    stored.keywords = keywords.strip()
    stored.save(update_fields=["keywords"])
    chosen = list(fields)
    stored.fields_of_work.set(chosen)
    names = ", ".join(sorted(f.code for f in chosen))
    _event(
        stored,
        TopicAction.EDITED,
        by=by,
        note=_("Statistics: fields %(fields)s; keywords %(keywords)s")
        % {"fields": names or "—", "keywords": stored.keywords or "—"},
    )
    return stored


@transaction.atomic
def move(topic: Topic, *, to: str, by: Any, note: str = "") -> Topic:
    stored = _lock(topic)
    _check(
        (stored.status, to) in TRANSITIONS, _("This step is not possible from the topic's status.")
    )
    _check(may_move(by, stored, to), _("You may not take this step."))
    if to == S.COMPLETED:
        _check(
            not stored.milestones.filter(done_on__isnull=True).exists(),
            _("Mark every milestone done before completing the topic."),
        )
        _check(stored.outputs.exists(), _("Record the topic's output before completing it."))
    previous = stored.status
    stored.status = to
    stored.save()
    _event(stored, ACTIONS[to], by=by, note=note, frm=previous)
    topic.status = stored.status
    return stored


@transaction.atomic
def add_milestone(topic: Topic, *, title: str, due_on: datetime.date, by: Any) -> Milestone:
    stored = _lock(topic)
    _open(stored)
    _check(
        stored.starts_on <= due_on <= stored.ends_on,
        _("The milestone must fall within the topic's period."),
    )
    milestone = Milestone.objects.create(topic=stored, title=title.strip(), due_on=due_on)
    _event(stored, TopicAction.MILESTONE_ADDED, by=by, note=milestone.title)
    return milestone


@transaction.atomic
def mark_done(milestone: Milestone, *, done_on: datetime.date, by: Any) -> Milestone:
    stored = _lock(milestone.topic)
    _open(stored)
    _check(milestone.done_on is None, _("This milestone is already done."))
    _check(done_on >= stored.starts_on, _("A milestone cannot be done before the topic starts."))
    _check(done_on <= timezone.localdate(), _("A milestone cannot be done in the future."))
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _event(stored, TopicAction.MILESTONE_DONE, by=by, note=milestone.title)
    return milestone


@transaction.atomic
def add_output(
    topic: Topic,
    *,
    values: dict[str, Any],
    upload: UploadedFile | None,
    content_type: str,
    by: Any,
) -> Output:
    stored = _lock(topic)
    _check(stored.status in RUNNING, _("Outputs are recorded while the topic is under way."))
    output = Output(
        topic=stored,
        kind=values["kind"],
        title=values["title"],
        summary=values.get("summary", ""),
        dated=values["dated"],
        created_by=_actor(by),
    )
    if upload is not None:
        extension = {"application/pdf": ".pdf"}.get(content_type, ".docx")
        output.file.save(f"output{extension}", upload, save=False)
        output.content_type = content_type
    output.save()
    _event(stored, TopicAction.OUTPUT_ADDED, by=by, note=output.title)
    return output
