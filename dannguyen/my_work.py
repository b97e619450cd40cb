""" "Việc của tôi": what each person has to do, gathered from every duty on one page.

It lives at project level, like navigation.py, because it names every app; apps never
import it. Each app answers with its own queries and predicates; this module only picks
what concerns the person and cuts each list to its first rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import OFFICE_MANAGERS, has_any_role
from dannguyen.correspondence.models import LetterStatus, OutgoingLetter
from dannguyen.events import permissions as event_permissions
from dannguyen.events import queries as event_queries
from dannguyen.petitions import permissions as petition_permissions
from dannguyen.petitions import queries as petition_queries
from dannguyen.research import permissions as research_permissions
from dannguyen.research import queries as research_queries
from dannguyen.supervision import queries as supervision_queries
from dannguyen.voters import queries as voter_queries

SHOWN = 5


@dataclass(frozen=True)
class Row:
    label: str
    detail: str
    url: str
    due_on: datetime.date | None = None
    late: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    url: str
    count: int
    rows: list[Row] = field(default_factory=list)


def _deadlines(user: Any, today: datetime.date) -> Section:
    """The person's petitions whose legal clock is overdue or runs out within days."""
    rows = petition_queries.work_list(user, today=today)
    clocks = petition_queries.read_clocks(list(rows[:SHOWN]), today)
    return Section(
        "deadlines",
        _("Petition deadlines, overdue or due soon"),
        reverse("petitions:work"),
        rows.count(),
        [
            Row(
                c.deadline.petition.code,
                c.label,
                c.deadline.petition.get_absolute_url(),
                c.deadline.due_on,
                c.status == "overdue",
            )
            for c in clocks
        ],
    )


def _approvals() -> Section:
    """Letters put before the Trưởng / Phó trưởng phòng."""
    waiting = OutgoingLetter.objects.filter(status=LetterStatus.SUBMITTED).order_by(
        "drafted_at", "id"
    )
    return Section(
        "approvals",
        _("Letters waiting for approval"),
        f"{reverse('correspondence:list')}?status={LetterStatus.SUBMITTED}",
        waiting.count(),
        [
            Row(letter.get_kind_display(), letter.subject, letter.get_absolute_url())
            for letter in waiting.select_related("petition")[:SHOWN]
        ],
    )


def _recommendations(user: Any, today: datetime.date) -> Section:
    overdue = supervision_queries.overdue_recommendations(user, today)
    return Section(
        "recommendations",
        _("Supervision recommendations past their date"),
        reverse("supervision:overdue"),
        overdue.count(),
        [
            Row(
                r.agency.name if r.agency else r.plan.title,
                r.text,
                r.plan.get_absolute_url(),
                r.due_on,
                True,
            )
            for r in overdue[:SHOWN]
        ],
    )


def _milestones(user: Any, today: datetime.date) -> Section:
    overdue = research_queries.overdue_milestones(user, today)
    return Section(
        "milestones",
        _("Research milestones past due"),
        reverse("research:topic_list"),
        overdue.count(),
        [
            Row(m.topic.title, m.title, m.topic.get_absolute_url(), m.due_on, True)
            for m in overdue[:SHOWN]
        ],
    )


def _tasks(user: Any, today: datetime.date) -> Section:
    tasks = event_queries.my_tasks(user, today)
    return Section(
        "tasks",
        _("Follow-up tasks of conferences"),
        reverse("events:event_list"),
        tasks.count(),
        [
            Row(t.event.title, t.title, t.event.get_absolute_url(), t.due_on, t.due_on < today)
            for t in tasks[:SHOWN]
        ],
    )


def _voters(user: Any, today: datetime.date) -> Section:
    items = voter_queries.my_work_items(user, today=today)
    return Section(
        "voters",
        _("Voter contact: reports, plans and answers due"),
        reverse("voters:session_list"),
        len(items),
        [Row(i.label, i.detail, i.url, i.due_on, i.late) for i in items[:SHOWN]],
    )


def sections(user: Any, today: datetime.date) -> list[Section]:
    """What waits for USER today, duty by duty; only the sections that have something."""
    found: list[Section] = []
    if petition_permissions.can_browse(user):
        found.append(_deadlines(user, today))
    if has_any_role(user, OFFICE_MANAGERS):
        found.append(_approvals())
    if has_any_role(user, OFFICE_MANAGERS | {Role.Code.SUPERVISION_OFFICER}):
        found.append(_recommendations(user, today))
    if research_permissions.can_view_research(user):
        found.append(_milestones(user, today))
    if event_permissions.can_view_events(user):
        found.append(_tasks(user, today))
    # my_work_items answers [] for anyone who cannot record answers.
    found.append(_voters(user, today))
    return [section for section in found if section.count]
