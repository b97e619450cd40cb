"""Reports over the API: the same layouts, periods and numbers as the report pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from dannguyen.accounts.permissions import require
from dannguyen.petitions.models import ReceivingSubject
from dannguyen.reports import layouts, periods, permissions, queries
from dannguyen.reports.models import ReportLayout

router = Router(tags=["reports"])


class ReportParams(Schema):
    period: str = Field("", max_length=20, description="2026, 2026-11, 2026-Q3, 2026-H1, 2026-9M")
    from_: datetime.date | None = Field(None, alias="from", description="first day (custom range)")
    to: datetime.date | None = Field(None, description="last day (custom range)")
    subject: str = Field(
        "", max_length=20, description="receiving subject: " + " | ".join(ReceivingSubject.values)
    )


class LayoutOut(Schema):
    code: str
    version: int
    title: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


def _period(params: ReportParams) -> periods.Period:
    try:
        if params.from_ or params.to:
            if params.from_ is None or params.to is None:
                raise periods.PeriodError("from+to")
            return periods.custom(params.from_, params.to)
        if not params.period:
            raise periods.PeriodError("missing")
        return periods.parse(params.period)
    except periods.PeriodError as exc:
        message = str(exc)
        if message in ("from+to", "missing"):
            message = _("Give a period (period=2026-Q3) or a range (from= and to=).")
        raise HttpError(422, message) from None


@router.get("/reports", response=list[LayoutOut], summary="Report layouts in force today")
def list_reports(request: HttpRequest) -> Any:
    require(permissions.can_view_reports(request.user))
    return layouts.codes_in_force(timezone.localdate())


@router.get("/reports/{path:code}", summary="A computed report")
def get_report(request: HttpRequest, code: str, params: Query[ReportParams]) -> Any:
    require(permissions.can_view_reports(request.user))
    if len(code) > 20:
        raise Http404
    if params.subject and params.subject not in ReceivingSubject.values:
        raise HttpError(422, _("Unknown receiving subject."))
    period = _period(params)
    layout = layouts.in_force(code, period.end)
    if layout is None:
        if ReportLayout.objects.filter(code=code).exists():
            raise HttpError(404, _("No version of this report is in force for the period chosen."))
        raise Http404
    return queries.build(layout, period, subject=params.subject).as_dict()
