"""Reads of events: the list, one event with everything on its page, the month calendar."""

from __future__ import annotations

import calendar as gregorian
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from dannguyen.lib.workdays import WorkCalendar

from .models import INVITED, Event, EventHistory, EventStatus, FollowUpTask, Participant

# A follow-up task shows on its owner's "việc của tôi" from this many days before it is due.
TASK_NOTICE_DAYS = 7


def my_tasks(user: Any, today: datetime.date) -> QuerySet[FollowUpTask]:
    """USER's follow-up tasks not done: overdue, or due within TASK_NOTICE_DAYS; oldest first."""
    if not getattr(user, "is_authenticated", False):
        return FollowUpTask.objects.none()
    return (
        FollowUpTask.objects.filter(
            owner=user,
            done_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=TASK_NOTICE_DAYS),
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event")
        .order_by("due_on", "id")
    )


def events(filters: dict[str, Any] | None = None) -> QuerySet[Event]:
    filters = filters or {}
    found = Event.objects.select_related("owner").annotate(
        invited_count=Count("participants", filter=Q(participants__invitation__in=INVITED)),
        attended_count=Count("participants", filter=Q(participants__attended=True)),
    )
    if filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("kind"):
        found = found.filter(kind=filters["kind"])
    if filters.get("year"):
        found = found.filter(starts_at__year=filters["year"])
    if filters.get("q"):
        found = found.filter(Q(title__icontains=filters["q"]) | Q(place__icontains=filters["q"]))
    return found.order_by("-starts_at", "-id")


def event_detail(pk: int) -> QuerySet[Event]:
    return (
        Event.objects.filter(pk=pk)
        .select_related("owner", "created_by", "invitation_letter")
        .prefetch_related(
            "agenda",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user", "agency").order_by(
                    "kind", "id"
                ),
            ),
            "documents",
            Prefetch("tasks", queryset=FollowUpTask.objects.select_related("owner")),
            Prefetch("history", queryset=EventHistory.objects.select_related("actor")),
        )
    )


def between(start: datetime.date, end: datetime.date) -> QuerySet[Event]:
    """Events overlapping START..END (dates, both included), in local time."""
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    return Event.objects.filter(starts_at__lt=after, ends_at__gte=first).order_by("starts_at", "id")


def public_between(start: datetime.date, end: datetime.date) -> QuerySet[Event]:
    """What the public portal may show: events marked public, cancelled ones included so a
    visitor learns of the cancellation."""
    return between(start, end).filter(is_public=True)


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_working_day: bool
    is_today: bool
    events: list[Event]


@dataclass
class Month:
    first: datetime.date
    weeks: list[list[Day]]

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        days = gregorian.monthrange(self.first.year, self.first.month)[1]
        return self.first + datetime.timedelta(days=days)


def month(first: datetime.date, today: datetime.date) -> Month:
    """The weeks (Monday first) covering the month of FIRST; an event of several days is
    shown on each of its days."""
    first = first.replace(day=1)
    start = first - datetime.timedelta(days=first.weekday())
    last = first + datetime.timedelta(days=gregorian.monthrange(first.year, first.month)[1] - 1)
    end = last + datetime.timedelta(days=6 - last.weekday())
    by_day: dict[datetime.date, list[Event]] = {}
    for event in between(start, end):
        day = max(timezone.localtime(event.starts_at).date(), start)
        last_day = min(timezone.localtime(event.ends_at).date(), end)
        while day <= last_day:
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    work = WorkCalendar.from_db(start, end)
    weeks: list[list[Day]] = []
    day = start
    while day <= end:
        week = []
        for _weekday in range(7):
            week.append(
                Day(
                    date=day,
                    in_month=day.month == first.month,
                    is_working_day=work.is_working_day(day),
                    is_today=day == today,
                    events=by_day.get(day, []),
                )
            )
            day += datetime.timedelta(days=1)
        weeks.append(week)
    return Month(first=first, weeks=weeks)
