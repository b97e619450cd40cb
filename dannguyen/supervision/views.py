"""Supervision pages: fetch → permit → validate → one workflow call → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE

from . import exports, permissions, queries, workflow
from .forms import (
    AgencyReportForm,
    FindingForm,
    FollowUpForm,
    NoteForm,
    PetitionSearchForm,
    PlanFilterForm,
    PlanForm,
    RecommendationForm,
    ReportIssueForm,
    RequestForm,
    WorkingSessionForm,
)
from .models import (
    AgencyReport,
    Finding,
    PlanAction,
    PlanEvent,
    PlanStatus,
    Recommendation,
    ReportRequest,
    SupervisedAgency,
    SupervisionPlan,
)

# Each button on the plan page: the status it leads to and the verb that does it.
MOVES = {
    "approve": (PlanStatus.APPROVED, PlanAction.APPROVED),
    "return": (PlanStatus.DRAFT, PlanAction.RETURNED),
    "start": (PlanStatus.IN_PROGRESS, PlanAction.STARTED),
    "report": (PlanStatus.REPORTED, PlanAction.REPORTED),
    "reopen": (PlanStatus.IN_PROGRESS, PlanAction.REOPENED),
    "close": (PlanStatus.CLOSED, PlanAction.CLOSED),
}
MOVE_VERBS: dict[str, Any] = {
    "approve": workflow.approve,
    "return": workflow.return_for_revision,
    "start": workflow.start,
    "reopen": workflow.reopen,
    "close": workflow.close,
}


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _plan(pk: int) -> SupervisionPlan:
    return get_object_or_404(queries.plan_detail(pk))


def _supervised(pk: int) -> SupervisedAgency:
    return get_object_or_404(SupervisedAgency.objects.select_related("plan", "agency"), pk=pk)


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _form_page(request: HttpRequest, plan: SupervisionPlan, form: Any, title: str) -> HttpResponse:
    return render(request, "supervision/form.html", {"plan": plan, "form": form, "title": title})


# ------------------------------------------------------------------------- plans


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_supervision(request.user))
    form = PlanFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.plans(request.user, filters), 30).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = (
        "supervision/plan_list.html#results" if _htmx(request) else "supervision/plan_list.html"
    )
    return render(request, template, context)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_plan(request.user))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = workflow.create_plan(
            values=form.plan_values(),
            members=form.cleaned_data["members"],
            agencies=form.cleaned_data["agency_list"],
            petitions=form.cleaned_data["petition_codes"],
            by=request.user,
        )
        messages.success(request, _("Plan drafted."))
        return redirect(plan)
    return render(request, "supervision/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    require(permissions.can_edit_plan(request.user, plan))
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_plan(
                plan,
                values=form.plan_values(),
                members=form.cleaned_data["members"],
                agencies=form.cleaned_data["agency_list"],
                petitions=form.cleaned_data["petition_codes"],
                by=request.user,
            )
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(request, "supervision/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    user = request.user
    require(permissions.can_view_plan(user, plan))
    today = timezone.localdate()
    agencies = list(plan.supervised_agencies.all())
    calendar = queries.calendar_for([r.sent_on for s in agencies for r in s.requests.all()])
    recommendations = list(plan.recommendations.all())
    context = {
        "plan": plan,
        "today": today,
        "agencies": [
            (s, queries.request_rows(s, today=today, calendar=calendar)) for s in agencies
        ],
        "petitions": queries.petition_rows(plan, user),
        "findings": list(plan.findings.all()),
        "recommendations": [
            (
                r,
                workflow.recommendation_targets(user, r)
                if plan.status in workflow.FOLLOW_UP_OPEN
                else [],
            )
            for r in recommendations
        ],
        "events": queries.timeline(plan),
        "moves": [
            name
            for name, (to, _action) in MOVES.items()
            if permissions.can_move_plan(user, plan, to)
        ],
        "may_edit": permissions.can_edit_plan(user, plan),
        "may_fieldwork": permissions.can_record_fieldwork(user, plan),
        "may_findings": permissions.can_edit_findings(user, plan),
    }
    return render(request, "supervision/plan_detail.html", context)


@login_required
def plan_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in MOVES:
        raise Http404
    plan = _plan(pk)
    to, action = MOVES[move]
    require(permissions.can_view_plan(request.user, plan))
    require(permissions.can_move_plan(request.user, plan, to))
    form: NoteForm = (
        ReportIssueForm(request.POST or None)
        if move == "report"
        else NoteForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if move == "report":
                workflow.issue_report(
                    plan,
                    by=request.user,
                    report_number=data["report_number"],
                    reported_on=data["reported_on"],
                    note=data["note"],
                )
            else:
                MOVE_VERBS[move](plan, by=request.user, note=data["note"])
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, str(PlanAction(action).label))
            return redirect(plan)
    return _form_page(request, plan, form, str(PlanAction(action).label))


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    require(permissions.can_export_plan(request.user, plan))
    return _docx(exports.plan_docx(plan), exports.filename("ke-hoach-giam-sat", plan))


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    require(permissions.can_export_plan(request.user, plan))
    return _docx(exports.report_docx(plan), exports.filename("bao-cao-giam-sat", plan))


# ------------------------------------------------------------------------- fieldwork


@login_required
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    supervised = _supervised(pk)
    plan = supervised.plan
    require(permissions.can_record_fieldwork(request.user, plan))
    form = RequestForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        workflow.send_request(supervised, values=form.cleaned_data, by=request.user)
        messages.success(request, _("Request for a report recorded."))
        return redirect(plan)
    title = _("Request a report from %(agency)s") % {"agency": supervised.agency}
    return _form_page(request, plan, form, title)


@login_required
def request_docx(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        ReportRequest.objects.select_related("supervised__plan", "supervised__agency"), pk=pk
    )
    plan = item.supervised.plan
    require(permissions.can_export_plan(request.user, plan))
    return _docx(exports.request_docx(item), exports.filename("de-nghi-bao-cao", plan, item.pk))


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    supervised = _supervised(pk)
    plan = supervised.plan
    require(permissions.can_record_fieldwork(request.user, plan))
    form = AgencyReportForm(request.POST or None, request.FILES or None, supervised=supervised)
    if request.method == "POST" and form.is_valid():
        workflow.receive_report(
            supervised,
            values=form.report_values(),
            upload=form.cleaned_data.get("upload"),
            content_type=form.content_type,
            by=request.user,
        )
        messages.success(request, _("Agency report recorded."))
        return redirect(plan)
    title = _("Report received from %(agency)s") % {"agency": supervised.agency}
    return _form_page(request, plan, form, title)


@login_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AgencyReport.objects.select_related("supervised__plan"), pk=pk)
    require(permissions.can_view_plan(request.user, report.supervised.plan))
    if not report.file:
        raise Http404
    with report.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=report.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{report.file.name.rsplit("/", 1)[-1]}"'
    )
    return response


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(PlanEvent.objects.select_related("plan"), pk=pk)
    require(permissions.can_view_plan(request.user, event.plan))
    if not event.evidence:
        raise Http404
    with event.evidence.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=event.evidence_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{event.evidence.name.rsplit("/", 1)[-1]}"'
    )
    return response


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    supervised = _supervised(pk)
    plan = supervised.plan
    require(permissions.can_record_fieldwork(request.user, plan))
    form = WorkingSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workflow.record_session(supervised, values=form.cleaned_data, by=request.user)
        messages.success(request, _("Working session recorded."))
        return redirect(plan)
    title = _("Working session with %(agency)s") % {"agency": supervised.agency}
    return _form_page(request, plan, form, title)


# ------------------------------------------------------------------------- findings


@login_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    require(permissions.can_edit_findings(request.user, plan))
    form = FindingForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        workflow.add_finding(
            plan,
            text=form.cleaned_data["text"],
            agency=form.cleaned_data["agency"],
            by=request.user,
        )
        messages.success(request, _("Finding recorded."))
        return redirect(plan)
    return _form_page(request, plan, form, _("Record a finding"))


@login_required
def recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    require(permissions.can_edit_findings(request.user, plan))
    form = RecommendationForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workflow.recommend(
            plan, agency=data["agency"], text=data["text"], due_on=data["due_on"], by=request.user
        )
        messages.success(request, _("Recommendation recorded."))
        return redirect(plan)
    return _form_page(request, plan, form, _("Make a recommendation"))


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.select_related("plan"), pk=pk)
    plan = finding.plan
    require(permissions.can_edit_findings(request.user, plan))
    form = FindingForm(
        request.POST or None,
        plan=plan,
        initial={"text": finding.text, "agency": finding.agency_id},
    )
    if request.method == "POST" and form.is_valid():
        workflow.correct_finding(
            finding,
            text=form.cleaned_data["text"],
            agency=form.cleaned_data["agency"],
            by=request.user,
        )
        messages.success(request, _("Finding saved."))
        return redirect(plan)
    return _form_page(request, plan, form, _("Correct a finding"))


@login_required
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Recommendation.objects.select_related("plan"), pk=pk)
    plan = item.plan
    require(permissions.can_edit_findings(request.user, plan))
    form = RecommendationForm(
        request.POST or None,
        plan=plan,
        initial={"agency": item.agency_id, "text": item.text, "due_on": item.due_on},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workflow.correct_recommendation(
            item, agency=data["agency"], text=data["text"], due_on=data["due_on"], by=request.user
        )
        messages.success(request, _("Recommendation saved."))
        return redirect(plan)
    return _form_page(request, plan, form, _("Correct a recommendation"))


@login_required
def recommendation_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Recommendation.objects.select_related("plan", "agency"), pk=pk)
    plan = item.plan
    require(permissions.can_view_plan(request.user, plan))
    require(permissions.can_follow_up(request.user, item))
    form = FollowUpForm(
        request.POST or None,
        request.FILES or None,
        targets=workflow.recommendation_targets(request.user, item),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.follow_up(
                item,
                to=data["to"],
                note=data["note"],
                evidence=data.get("evidence"),
                evidence_type=form.content_type,
                by=request.user,
            )
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recommendation followed up."))
            return redirect(plan)
    title = _("Follow up: %(text)s") % {"text": item.text[:80]}
    return _form_page(request, plan, form, title)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_overdue(request.user))
    today = timezone.localdate()
    page = Paginator(queries.overdue_recommendations(request.user, today), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "supervision/overdue.html", {"page": page, "today": today})


@login_required
def petition_search(request: HttpRequest) -> HttpResponse:
    """The search box of the plan form: petitions by the start of their code."""
    require(permissions.can_create_plan(request.user))
    form = PetitionSearchForm(request.GET or None)
    found = queries.find_petitions(form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "supervision/petition_search.html", {"found": found})
