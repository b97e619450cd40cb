"""What the supervision pages, exports and the API read, in a bounded number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dannguyen.accounts.permissions import has_any_role
from dannguyen.lib.workdays import WorkCalendar
from dannguyen.petitions import queries as petition_queries
from dannguyen.petitions.models import Petition

from . import deadlines
from .models import (
    SETTLED,
    AgencyReport,
    PlanEvent,
    Recommendation,
    ReportRequest,
    SupervisedAgency,
    SupervisionPlan,
    SupervisionPlanQuerySet,
    WorkingSession,
)
from .permissions import READERS

# A pasted list of petition codes beyond this is a mistake, not a plan.
MAX_PETITIONS = 500


def visible_plans(user: Any) -> SupervisionPlanQuerySet:
    """Every plan for the office and the leaders; a deputy's own plans for a deputy."""
    plans = SupervisionPlan.objects.all()
    if has_any_role(user, READERS):
        return plans
    pk = getattr(user, "pk", None)
    return plans.filter(Q(head_id=pk) | Q(members__pk=pk)).distinct()


def plans(user: Any, filters: dict[str, Any]) -> QuerySet[SupervisionPlan]:
    found = visible_plans(user)
    if filters.get("year"):
        found = found.filter(starts_on__year=filters["year"])
    if filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("agency"):
        found = found.filter(supervised_agencies__agency=filters["agency"])
    if filters.get("q"):
        found = found.filter(Q(title__icontains=filters["q"]) | Q(number__icontains=filters["q"]))
    return found.for_list().order_by("-starts_on", "-id")


def plan_detail(pk: int) -> QuerySet[SupervisionPlan]:
    """One plan with everything its page shows."""
    from dannguyen.accounts.models import User  # noqa: PLC0415 -- avoid a cycle at import

    return (
        SupervisionPlan.objects.filter(pk=pk)
        .select_related("head", "approved_by", "created_by")
        .prefetch_related(
            Prefetch("members", queryset=User.objects.order_by("full_name", "username")),
            Prefetch(
                "supervised_agencies",
                queryset=SupervisedAgency.objects.select_related("agency").prefetch_related(
                    Prefetch(
                        "requests",
                        queryset=ReportRequest.objects.prefetch_related("reports").order_by(
                            "sent_on", "id"
                        ),
                    ),
                    Prefetch(
                        "reports", queryset=AgencyReport.objects.order_by("received_on", "id")
                    ),
                    Prefetch("sessions", queryset=WorkingSession.objects.order_by("date", "id")),
                ),
            ),
            Prefetch("findings", queryset=_findings()),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("agency")),
            Prefetch(
                "petitions",
                queryset=Petition.objects.select_related("main_field").order_by("year", "number"),
            ),
        )
    )


def _findings() -> Any:
    from .models import Finding  # noqa: PLC0415 -- keep the names above in reading order

    return Finding.objects.select_related("agency").order_by("created_at", "id")


def timeline(plan: SupervisionPlan) -> list[PlanEvent]:
    return list(
        PlanEvent.objects.filter(plan=plan)
        .select_related("actor", "recommendation")
        .order_by("-at", "-id")
    )


# ------------------------------------------------------------------------- deadlines


def calendar_for(days: list[datetime.date]) -> WorkCalendar:
    """One calendar read for all DAYS (overrides are loaded once per year)."""
    today = timezone.localdate()
    days = [*days, today]
    return WorkCalendar.from_db(min(days), max(days))


@dataclass
class RequestRow:
    request: ReportRequest
    status: deadlines.RequestStatus
    reports: list[AgencyReport]

    @property
    def status_label(self) -> str:
        return str(deadlines.REQUEST_STATUS_LABELS[self.status])


def request_rows(
    supervised: SupervisedAgency, *, today: datetime.date, calendar: WorkCalendar
) -> list[RequestRow]:
    """Each request with its deadline status; prefetched on the detail page."""
    rows = []
    for request in supervised.requests.all():
        answered = [r for r in supervised.reports.all() if r.received_on >= request.sent_on]
        rows.append(
            RequestRow(
                request=request,
                status=deadlines.request_status(
                    due_on=request.due_on, answered=bool(answered), today=today, calendar=calendar
                ),
                reports=list(request.reports.all()),
            )
        )
    return rows


def overdue_recommendations(user: Any, today: datetime.date) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(plan__in=visible_plans(user), due_on__lt=today)
        .exclude(status__in=sorted(SETTLED))
        .select_related("agency", "plan")
        .order_by("due_on", "id")
    )


# ------------------------------------------------------------------------- petitions


@dataclass
class PetitionRow:
    petition: Petition
    snippet: str
    signers: list[Any]


def petition_rows(plan: SupervisionPlan, user: Any) -> list[PetitionRow]:
    """The petitions supervised as USER may see them: protected identities masked."""
    rows = []
    for petition in plan.petitions.all():
        summary, content = petition_queries.shown_content(petition)
        rows.append(
            PetitionRow(
                petition=petition,
                snippet=(summary or content)[:300],
                signers=petition_queries.shown_signers(petition, user),
            )
        )
    return rows


def find_petitions(q: str, limit: int = 20) -> list[tuple[Petition, str]]:
    """Petitions whose code starts with Q, with the snippet a list may show."""
    q = q.strip()
    if not q:
        return []
    found = Petition.objects.filter(code__istartswith=q).order_by("-year", "-number")[:limit]
    return [(p, petition_queries.snippet(p)[:200]) for p in found]


def petitions_by_codes(codes: list[str]) -> tuple[list[Petition], list[str]]:
    """The petitions with CODES, in the order given, and the codes not found."""
    found = {p.code: p for p in Petition.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]
