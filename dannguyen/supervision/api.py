"""Supervision over the API (read only): plans, and one plan with its recommendations.

The same predicates and queries as the pages; petitions leave as codes only, so no
petitioner's identity is ever in an answer.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import MAX_PAGE_SIZE
from dannguyen.lib.formfields import MAX_ID

from . import deadlines, permissions, queries
from .models import PlanStatus, SupervisionPlan

router = Router(tags=["supervision"])


class RecommendationOut(Schema):
    id: int
    agency: str
    text: str
    due_on: datetime.date
    status: str
    settled_on: datetime.date | None
    is_overdue: bool


class PlanOut(Schema):
    id: int
    number: str
    title: str
    issuing_body: str
    status: str
    period_from: datetime.date
    period_to: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    agencies: list[str]
    progress: int
    url: str


class PlanDetailOut(PlanOut):
    scope: str
    legal_basis: str
    team: list[str]
    petitions: list[str]
    report_number: str
    reported_on: datetime.date | None
    findings: list[str]
    recommendations: list[RecommendationOut]


class PlanListOut(Schema):
    items: list[PlanOut]
    count: int


class PlanParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=20, description=" | ".join(PlanStatus.values))
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="agency id")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _plan_out(plan: SupervisionPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "number": plan.number,
        "title": plan.title,
        "issuing_body": plan.issuing_body,
        "status": plan.status,
        "period_from": plan.period_from,
        "period_to": plan.period_to,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "agencies": [s.agency.name for s in plan.supervised_agencies.all()],
        "progress": plan.progress(),
        "url": plan.get_absolute_url(),
    }


@router.get("/supervision/plans", response=PlanListOut, summary="Supervision plans")
def list_plans(request: HttpRequest, params: Query[PlanParams]) -> Any:
    require(permissions.can_view_supervision(request.user))
    filters = params.dict()
    if filters["status"] not in PlanStatus.values:
        filters["status"] = ""
    plans = queries.plans(request.user, filters)
    start = (params.page - 1) * params.page_size
    page = list(plans[start : start + params.page_size])
    return {"items": [_plan_out(p) for p in page], "count": plans.count()}


@router.get("/supervision/plans/{plan_id}", response=PlanDetailOut, summary="One plan")
def get_plan(request: HttpRequest, plan_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    plan = get_object_or_404(queries.plan_detail(plan_id))
    require(permissions.can_view_plan(request.user, plan))
    today = timezone.localdate()
    return {
        **_plan_out(plan),
        "scope": plan.scope,
        "legal_basis": plan.legal_basis,
        "team": [u.get_full_name() for u in plan.team()]
        + ([plan.guest_members] if plan.guest_members else []),
        "petitions": [p.code for p in plan.petitions.all()],
        "report_number": plan.report_number,
        "reported_on": plan.reported_on,
        "findings": [f.text for f in plan.findings.all()],
        "recommendations": [
            {
                "id": r.pk,
                "agency": r.agency.name,
                "text": r.text,
                "due_on": r.due_on,
                "status": r.status,
                "settled_on": r.settled_on,
                "is_overdue": deadlines.is_recommendation_overdue(
                    due_on=r.due_on, settled=r.is_settled, today=today
                ),
            }
            for r in plan.recommendations.all()
        ],
    }
