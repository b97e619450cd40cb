"""Reads for the research pages, the API and the home page's "việc của tôi"."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from dannguyen.accounts.permissions import has_any_role

from . import permissions, workflow
from .models import Milestone, Topic, TopicEvent


def topics(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Topic]:
    """The topics USER may read (a deputy: those they own or work on), filtered."""
    filters = filters or {}
    found = Topic.objects.for_list()
    if not has_any_role(user, permissions.READERS):
        found = found.filter(Q(owner=user) | Q(team=user)).distinct()
    if filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("year"):
        found = found.filter(starts_on__year=filters["year"])
    if filters.get("q"):
        found = found.filter(title__icontains=filters["q"])
    return found


def topic_detail(pk: int) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(pk=pk)
        .select_related("owner")
        .prefetch_related(
            "team",
            "milestones",
            "outputs",
            "legal_documents",
            Prefetch("events", queryset=TopicEvent.objects.select_related("actor")),
        )
    )


def overdue_milestones(user: Any, today: datetime.date) -> QuerySet[Milestone]:
    """USER's milestones past due and not done, oldest first: those of the topics they own
    or work on, while the topic is approved or in progress. For the home page's "việc của
    tôi"; each row carries its topic (`milestone.topic`, with `get_absolute_url`)."""
    if not getattr(user, "is_authenticated", False):
        return Milestone.objects.none()
    return (
        Milestone.objects.filter(
            Q(topic__owner=user) | Q(topic__team=user),
            done_on__isnull=True,
            due_on__lt=today,
            topic__status__in=workflow.RUNNING,
        )
        .select_related("topic")
        .distinct()
        .order_by("due_on", "id")
    )
