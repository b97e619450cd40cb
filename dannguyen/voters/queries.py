"""What the voter-contact pages and the API read, in a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from dannguyen.lib.workdays import WorkCalendar

from . import deadlines, workflow
from .models import (
    ContactPlan,
    Meeting,
    Opinion,
    RepeatLink,
    Session,
    TimeRule,
    Timing,
    VoterPetition,
)


def sessions() -> QuerySet[Session]:
    return (
        Session.objects.select_related("commune__parent")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            petition_count=Count("petitions", distinct=True),
        )
        .order_by("-opens_on", "-id")
    )


def session_detail(pk: int) -> QuerySet[Session]:
    return Session.objects.filter(pk=pk).select_related("commune__parent")


def meetings_of(session: Session) -> list[Meeting]:
    return list(
        session.meetings.select_related("commune__parent").annotate(opinion_count=Count("opinions"))
    )


def calendar_around(session: Session) -> WorkCalendar:
    first = session.opens_on - datetime.timedelta(days=120)
    last = session.closes_on + datetime.timedelta(days=120)
    return WorkCalendar.from_db(first, last)


def due_dates(session: Session, calendar: WorkCalendar) -> list[tuple[str, deadlines.Due]]:
    """The synthesis reports of the two rounds, with their basis (none without a rule)."""
    rules = list(TimeRule.objects.all())
    found = []
    for timing in (Timing.BEFORE, Timing.AFTER):
        due = deadlines.synthesis_due(
            timing=timing,
            kind=session.kind,
            opens_on=session.opens_on,
            closes_on=session.closes_on,
            rules=rules,
            calendar=calendar,
        )
        if due is not None:
            found.append((str(Timing(timing).label), due))
    return found


def publication_checks(
    session: Session, meetings: list[Meeting], calendar: WorkCalendar
) -> dict[int, dict[str, Any] | None]:
    """For each meeting: the last day to publish its round's plan (NQLT 72 Art 6), and
    whether the plan recorded was published in time."""
    plans = {p.timing: p for p in ContactPlan.objects.filter(session=session)}
    for meeting in meetings:
        meeting.session = session
    return {
        m.pk: workflow.plan_publication_late(m, plans.get(m.timing), calendar) for m in meetings
    }


def meeting_detail(pk: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(pk=pk).select_related("session__commune", "commune__parent")


def opinions_of(meeting: Meeting) -> list[Opinion]:
    return list(
        meeting.opinions.select_related("commune__parent", "intake", "group").order_by(
            "order", "id"
        )
    )


def petitions_of(session: Session) -> QuerySet[VoterPetition]:
    """The session's consolidated petitions with their opinions, meetings and communes."""
    return (
        session.petitions.select_related("field", "agency")
        .prefetch_related(
            Prefetch(
                "opinions",
                queryset=Opinion.objects.select_related(
                    "meeting", "commune", "meeting__commune"
                ).order_by("meeting__held_on", "order", "id"),
            )
        )
        .order_by("-is_fixed", "id")
    )


def reach(petition: VoterPetition) -> tuple[int, int]:
    """(meetings, communes) at which PETITION's opinions were raised (opinions prefetched)."""
    opinions = list(petition.opinions.all())
    meetings = {o.meeting_id for o in opinions}
    communes = {o.commune_id or o.meeting.commune_id for o in opinions}
    communes.discard(None)
    return len(meetings), len(communes)


def session_requests(session: Session) -> QuerySet[Opinion]:
    """The session's opinions that can be in a voters' petition (not letters for intake)."""
    return (
        Opinion.objects.filter(meeting__session=session, kind="request")
        .select_related("meeting")
        .order_by("meeting__held_on", "meeting_id", "order", "id")
    )


def ungrouped_count(session: Session) -> int:
    return session_requests(session).filter(group__isnull=True).count()


def opinions_with_meetings(petition: VoterPetition) -> list[Opinion]:
    """The petition's original opinions: meeting, commune, deputies, date."""
    return list(
        Opinion.objects.filter(group=petition)
        .select_related("meeting__commune", "commune")
        .order_by("meeting__held_on", "meeting_id", "order", "id")
    )


def reach_of(petition: VoterPetition) -> tuple[int, int]:
    """(meetings, communes) for one petition, in one query."""
    rows = Opinion.objects.filter(group=petition).values_list(
        "meeting_id", "commune_id", "meeting__commune_id"
    )
    meetings = {m for m, _c, _mc in rows}
    communes = {c or mc for _m, c, mc in rows} - {None}
    return len(meetings), len(communes)


def repeats_of(petition: VoterPetition) -> list[RepeatLink]:
    """Earlier sessions' petitions found similar, with their session (answers come with
    the answers' records)."""
    return list(
        RepeatLink.objects.filter(petition=petition)
        .select_related("earlier__session", "earlier__agency")
        .order_by("-score", "id")
    )
