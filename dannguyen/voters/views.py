"""Voter-contact pages: fetch → permit → validate → one workflow call → render."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import require
from dannguyen.core.models import AdministrativeUnit
from dannguyen.lib.documents import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE
from dannguyen.lib.workdays import WorkCalendar

from . import classification, exports, groups, permissions, queries, workflow
from .forms import (
    AnswerForm,
    ClassifyForm,
    DispatchForm,
    EvaluationForm,
    MeetingForm,
    MembersForm,
    MergeForm,
    MinutesForm,
    MoveForm,
    OpinionForm,
    PieceFormSet,
    PlanForm,
    ReportEditForm,
    ReportForm,
    RewordForm,
    SessionForm,
    SplitForm,
    VersionForm,
)
from .minutes import split_minutes
from .models import (
    Answer,
    ContactPlan,
    Opinion,
    ReportStatus,
    SynthesisReport,
    Timing,
    VoterPetition,
)
from .workflow import OpinionInput


def _session(pk: int) -> Any:
    return get_object_or_404(queries.session_detail(pk))


def _meeting(pk: int) -> Any:
    return get_object_or_404(queries.meeting_detail(pk))


def _refused(form: Any, error: workflow.WorkflowError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# ----------------------------------------------------------------------------- sessions


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_voters(request.user))
    page = Paginator(queries.sessions(), 30).get_page(request.GET.get("page"))
    return render(request, "voters/session_list.html", {"page": page})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage_sessions(request.user))
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = workflow.create_session(values=form.values(), by=request.user)
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Session recorded."))
            return redirect(session)
    return render(request, "voters/form.html", {"form": form, "title": _("New session")})


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_manage_sessions(request.user))
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_session(session, values=form.values(), by=request.user)
        except workflow.WorkflowError as error:
            session.refresh_from_db()
            _refused(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect(session)
    context = {"form": form, "title": _("Edit the session"), "session": session}
    return render(request, "voters/form.html", context)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    meetings = queries.meetings_of(session)
    calendar = queries.calendar_around(session)
    checks = queries.publication_checks(session, meetings, calendar)
    context = {
        "session": session,
        "meetings": [(m, checks.get(m.pk)) for m in meetings],
        "plans": list(ContactPlan.objects.filter(session=session)),
        "due_dates": queries.due_dates(session, calendar),
        "may_manage": permissions.can_manage_sessions(request.user),
        "may_record": permissions.can_record_meetings(request.user),
        "petition_count": session.petitions.count(),
        "reports": list(session.reports.all()),
        "may_report": permissions.can_draft_report(request.user),
    }
    return render(request, "voters/session_detail.html", context)


@login_required
def plan_edit(request: HttpRequest, pk: int, timing: str) -> HttpResponse:
    if timing not in Timing.values:
        raise Http404
    session = _session(pk)
    require(permissions.can_manage_sessions(request.user))
    existing = ContactPlan.objects.filter(session=session, timing=timing).first()
    form = PlanForm(request.POST or None, instance=existing, initial={"timing": timing})
    form.fields["timing"].disabled = True
    if request.method == "POST" and form.is_valid():
        workflow.record_plan(
            session=session, values={**form.cleaned_data, "timing": timing}, by=request.user
        )
        messages.success(request, _("Contact plan saved."))
        return redirect(session)
    context = {"form": form, "title": _("Contact plan"), "session": session}
    return render(request, "voters/form.html", context)


# ----------------------------------------------------------------------------- meetings


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_record_meetings(request.user))
    form = MeetingForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = workflow.record_meeting(
                session=session,
                values=form.values(),
                minutes_file=form.new_file(),
                by=request.user,
            )
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect(meeting)
    context = {"form": form, "title": _("New meeting"), "session": session}
    return render(request, "voters/form.html", context)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    require(permissions.can_record_meetings(request.user))
    form = MeetingForm(
        request.POST or None, request.FILES or None, instance=meeting, session=meeting.session
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_meeting(
                meeting, values=form.values(), minutes_file=form.new_file(), by=request.user
            )
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    context = {
        "form": form,
        "title": _("Edit the meeting"),
        "session": meeting.session,
        "meeting": meeting,
    }
    return render(request, "voters/form.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    require(permissions.can_view_voters(request.user))
    may_record = permissions.can_record_meetings(request.user)
    context = {
        "meeting": meeting,
        "session": meeting.session,
        "opinions": queries.opinions_of(meeting),
        "may_record": may_record,
        "opinion_form": OpinionForm(initial={"commune": meeting.commune_id})
        if may_record
        else None,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes_text})
        if may_record
        else None,
    }
    return render(request, "voters/meeting_detail.html", context)


@login_required
def minutes_file(request: HttpRequest, pk: int) -> FileResponse:
    meeting = _meeting(pk)
    require(permissions.can_view_voters(request.user))
    if not meeting.minutes_file:
        raise Http404
    name = meeting.minutes_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )


# ----------------------------------------------------------------------------- opinions


@login_required
@require_POST
def opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    require(permissions.can_record_meetings(request.user))
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            workflow.add_opinions(meeting=meeting, items=[form.to_input()], by=request.user)
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Opinion recorded."))
            return redirect(meeting)
    context = {
        "meeting": meeting,
        "session": meeting.session,
        "opinions": queries.opinions_of(meeting),
        "may_record": True,
        "opinion_form": form,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes_text}),
    }
    return render(request, "voters/meeting_detail.html", context, status=400)


@login_required
@require_POST
def minutes_split(request: HttpRequest, pk: int) -> HttpResponse:
    """One click cuts the pasted minutes into opinions; a second saves them as corrected."""
    meeting = _meeting(pk)
    require(permissions.can_record_meetings(request.user))
    minutes_form = MinutesForm(request.POST)
    context: dict[str, Any] = {"meeting": meeting, "session": meeting.session}
    if request.POST.get("step") == "save":
        formset = PieceFormSet(request.POST, prefix="piece")
        if formset.is_valid():
            items = [
                OpinionInput(
                    content=f.cleaned_data["content"],
                    speaker=f.cleaned_data["speaker"],
                    kind=f.cleaned_data["kind"],
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            minutes = minutes_form.cleaned_data["minutes"] if minutes_form.is_valid() else ""
            try:
                workflow.add_opinions(
                    meeting=meeting, items=items, minutes_text=minutes, by=request.user
                )
            except workflow.WorkflowError as error:
                context["error"] = error.message
            else:
                messages.success(
                    request,
                    _("%(n)s opinions recorded from the minutes.") % {"n": len(items)},
                )
                return redirect(meeting)
        context.update({"formset": formset, "minutes_form": minutes_form})
        return render(request, "voters/minutes_split.html", context, status=400)
    if not minutes_form.is_valid():
        context.update({"minutes_form": minutes_form, "formset": None})
        return render(request, "voters/minutes_split.html", context, status=400)
    pieces = split_minutes(minutes_form.cleaned_data["minutes"])
    formset = PieceFormSet(
        initial=[{"content": p.content, "speaker": p.speaker, "kind": "request"} for p in pieces],
        prefix="piece",
    )
    context.update({"formset": formset, "minutes_form": minutes_form})
    return render(request, "voters/minutes_split.html", context)


@login_required
def opinion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_object_or_404(
        Opinion.objects.select_related("meeting__session", "commune", "intake"), pk=pk
    )
    require(permissions.can_record_meetings(request.user))
    initial = {
        "speaker": opinion.speaker,
        "content": opinion.content,
        "kind": opinion.kind,
        "commune": opinion.commune_id,
        "answered_on_spot": opinion.answered_on_spot,
        "answered_by": opinion.answered_by,
    }
    form = OpinionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_opinion(opinion, item=form.to_input(), by=request.user)
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Opinion saved."))
            return redirect(opinion.meeting)
    context = {
        "form": form,
        "title": _("Edit the opinion"),
        "session": opinion.meeting.session,
        "meeting": opinion.meeting,
    }
    return render(request, "voters/form.html", context)


# ----------------------------------------------------------------------------- petitions


def _petition(pk: int) -> VoterPetition:
    return get_object_or_404(
        VoterPetition.objects.select_related("session", "field", "agency"), pk=pk
    )


@login_required
def petition_list(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    petitions = list(queries.petitions_of(session))
    context = {
        "session": session,
        "rows": [(p, *queries.reach(p)) for p in petitions],
        "opinion_count": sum(len(p.opinions.all()) for p in petitions),
        "ungrouped": queries.ungrouped_count(session),
        "may_group": permissions.can_group(request.user),
    }
    return render(request, "voters/petition_list.html", context)


@login_required
@require_POST
def group_run(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_group(request.user))
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page is out of date: reload it and try again."))
        return redirect("voters:petition_list", pk=session.pk)
    try:
        kept = groups.regroup(session, by=request.user, version=form.cleaned_data["version"])
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Grouping done: %(n)s petitions.") % {"n": len(kept)})
    return redirect("voters:petition_list", pk=session.pk)


def _petition_context(request: HttpRequest, petition: VoterPetition, **forms: Any) -> Any:
    session = petition.session
    opinions = Opinion.objects.filter(group=petition).select_related("meeting", "commune")
    members_queryset = queries.session_requests(session)
    may_group = permissions.can_group(request.user)
    context: dict[str, Any] = {
        "session": session,
        "petition": petition,
        "opinions": queries.opinions_with_meetings(petition),
        "reach": queries.reach_of(petition),
        "repeats": queries.repeats_of(petition),
        "may_group": may_group,
        "may_classify": permissions.can_classify(request.user),
        "answers": list(queries.EVALUATED_ANSWERS.filter(petition=petition)),
    }
    if permissions.can_record_answers(request.user) and petition.status == "classified":
        context["answer_form"] = AnswerForm(initial={"agency": petition.agency_id})
    if permissions.can_evaluate(request.user) and context["answers"]:
        context["evaluation_form"] = forms.get("evaluation") or EvaluationForm(
            petition=petition,
            initial={
                "answer": context["answers"][-1].pk,
                "evaluated_on": timezone.localdate(),
                "evaluator": getattr(request.user, "get_full_name", str)(),
            },
        )
    if context["may_classify"]:
        context["suggestions"] = classification.suggest(petition)
        context["classify_form"] = forms.get("classify") or ClassifyForm(
            initial={
                "version": session.version,
                "field": petition.field_id,
                "competence": petition.competence,
                "agency": petition.agency_id,
            }
        )
    if may_group:
        version = {"version": session.version}
        context.update(
            {
                "accept_form": VersionForm(initial=version),
                "reword_form": forms.get("reword")
                or RewordForm(initial={**version, "title": petition.title}),
                "split_form": forms.get("split") or SplitForm(initial=version, queryset=opinions),
                "merge_form": forms.get("merge") or MergeForm(initial=version, petition=petition),
                "move_form": forms.get("move") or MoveForm(initial=version, petition=petition),
                "members_form": forms.get("members")
                or MembersForm(
                    initial={**version, "opinions": [o.pk for o in opinions]},
                    queryset=members_queryset,
                ),
            }
        )
    return context


@login_required
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_view_voters(request.user))
    return render(request, "voters/petition_detail.html", _petition_context(request, petition))


PETITION_ACTIONS = ("accept", "reword", "split", "merge", "move", "members", "classify")


@login_required
@require_POST
def petition_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in PETITION_ACTIONS:
        raise Http404
    petition = _petition(pk)
    require(permissions.can_group(request.user))
    session = petition.session
    form: Any
    if action == "accept":
        form = VersionForm(request.POST)
    elif action == "reword":
        form = RewordForm(request.POST)
    elif action == "split":
        form = SplitForm(request.POST, queryset=Opinion.objects.filter(group=petition))
    elif action == "merge":
        form = MergeForm(request.POST, petition=petition)
    elif action == "move":
        form = MoveForm(request.POST, petition=petition)
    elif action == "classify":
        require(permissions.can_classify(request.user))
        form = ClassifyForm(request.POST)
    else:
        form = MembersForm(request.POST, queryset=queries.session_requests(session))
    if form.is_valid():
        data = form.cleaned_data
        version = data["version"]
        try:
            result = _perform(action, petition, form, data, version, request.user)
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Petition saved."))
            return redirect(result)
    context = _petition_context(request, petition, **{action: form})
    context["refused"] = form
    return render(request, "voters/petition_detail.html", context, status=400)


def _perform(
    action: str, petition: VoterPetition, form: Any, data: dict[str, Any], version: int, by: Any
) -> VoterPetition:
    if action == "accept":
        return groups.accept(petition, by=by, version=version)
    if action == "reword":
        return groups.reword(petition, data["title"], by=by, version=version)
    if action == "split":
        groups.split(petition, form.ids(), title=data["title"], by=by, version=version)
        return petition
    if action == "merge":
        return groups.merge(petition, list(data["others"]), by=by, version=version)
    if action == "move":
        groups.move(data["opinion"], data["target"], by=by, version=version)
        return data["target"]
    if action == "classify":
        return classification.classify(
            petition,
            field=data["field"],
            competence=data["competence"],
            agency=data["agency"],
            suggested=classification.suggest(petition),
            by=by,
            version=version,
        )
    return groups.edit_members(petition, form.ids(), by=by, version=version)


# ----------------------------------------------------------------------------- reports

REPORT_MOVES = {"approve": ReportStatus.APPROVED, "return": ReportStatus.DRAFT}


def _report(pk: int) -> SynthesisReport:
    return get_object_or_404(
        SynthesisReport.objects.select_related("session", "approved_by", "letter"), pk=pk
    )


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_draft_report(request.user))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = workflow.draft_report(session=session, **form.cleaned_data, by=request.user)
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Report drafted."))
            return redirect(report)
    context = {"form": form, "title": _("New synthesis report"), "session": session}
    return render(request, "voters/form.html", context)


def _report_context(request: HttpRequest, report: SynthesisReport, **forms: Any) -> Any:
    user = request.user
    version = {"version": report.version}
    context: dict[str, Any] = {
        "report": report,
        "session": report.session,
        "content": exports.content(report),
        "dispatches": list(report.dispatches.select_related("agency")),
        "unclassified": workflow.unclassified(report.session),
        "moves": [
            m for m, to in REPORT_MOVES.items() if permissions.can_move_report(user, report, to)
        ],
        "move_form": VersionForm(initial=version),
    }
    if permissions.can_draft_report(user) and report.status != ReportStatus.SENT:
        context["edit_form"] = forms.get("edit") or ReportEditForm(
            initial={**version, "reference": report.reference, "proposals": report.proposals}
        )
    if permissions.can_dispatch(user, report):
        context["dispatch_form"] = forms.get("dispatch") or DispatchForm(initial=version)
    return context


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    require(permissions.can_view_voters(request.user))
    return render(request, "voters/report_detail.html", _report_context(request, report))


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    require(permissions.can_view_voters(request.user))
    response = HttpResponse(exports.report_docx(report), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.report_name(report)}"'
    return response


@login_required
@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    require(permissions.can_draft_report(request.user))
    form = ReportEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.update_report(
                report,
                proposals=data["proposals"],
                reference=data["reference"],
                by=request.user,
                version=data["version"],
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Report saved."))
            return redirect(report)
    context = _report_context(request, report, edit=form)
    context["refused"] = form
    return render(request, "voters/report_detail.html", context, status=400)


@login_required
@require_POST
def report_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in REPORT_MOVES:
        raise Http404
    report = _report(pk)
    require(permissions.can_move_report(request.user, report, REPORT_MOVES[move]))
    form = VersionForm(request.POST)
    if form.is_valid():
        verb = workflow.approve_report if move == "approve" else workflow.return_report
        try:
            verb(report, by=request.user, version=form.cleaned_data["version"])
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Report saved."))
            return redirect(report)
    context = _report_context(request, report)
    context["refused"] = form
    return render(request, "voters/report_detail.html", context, status=400)


@login_required
@require_POST
def report_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    require(permissions.can_dispatch(request.user, report))
    form = DispatchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.record_dispatch(
                report,
                agencies=list(data["agencies"]),
                sent_on=data["sent_on"],
                by=request.user,
                version=data["version"],
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sending recorded."))
            return redirect(report)
    context = _report_context(request, report, dispatch=form)
    context["refused"] = form
    return render(request, "voters/report_detail.html", context, status=400)


# ----------------------------------------------------------------------------- answers


@login_required
@require_POST
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_record_answers(request.user))
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            workflow.record_answer(
                petition,
                values=form.values(),
                file=form.cleaned_data.get("file"),
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect(petition)
    context = _petition_context(request, petition)
    context["answer_form"] = form
    context["refused"] = form
    return render(request, "voters/petition_detail.html", context, status=400)


@login_required
@require_POST
def answer_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_evaluate(request.user))
    form = EvaluationForm(request.POST, petition=petition)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.evaluate_answer(
                data["answer"],
                verdict=data["verdict"],
                note=data["note"],
                evaluator=data["evaluator"],
                evaluated_on=data["evaluated_on"],
                on_schedule=data["on_schedule"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect(petition)
    context = _petition_context(request, petition, evaluation=form)
    context["refused"] = form
    return render(request, "voters/petition_detail.html", context, status=400)


@login_required
def answer_file(request: HttpRequest, pk: int) -> FileResponse:
    answer = get_object_or_404(Answer, pk=pk)
    require(permissions.can_view_voters(request.user))
    if not answer.file:
        raise Http404
    name = answer.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )


@login_required
def session_tracking(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    today = timezone.localdate()
    rows = queries.tracking(
        list(queries.tracked(session.petitions.all())),
        today=today,
        calendar=queries.calendar_around(session),
    )
    communes = queries.communes_of(session)
    context = {"session": session, "rows": rows, "communes": communes, "today": today}
    return render(request, "voters/tracking.html", context)


@login_required
def backlog(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_voters(request.user))
    today = timezone.localdate()
    calendar = WorkCalendar.from_db(today.replace(year=today.year - 3), today)
    rows = queries.backlog(today=today, calendar=calendar)
    return render(request, "voters/backlog.html", {"rows": rows, "today": today})


@login_required
def commune_summary(request: HttpRequest, pk: int, commune: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    unit = get_object_or_404(AdministrativeUnit, pk=commune)
    context = {
        "session": session,
        "commune": unit,
        "items": queries.commune_summary(session, unit),
    }
    return render(request, "voters/commune_summary.html", context)


@login_required
def appendix_1(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    response = HttpResponse(exports.appendix_1_xlsx(session), content_type=XLSX_CONTENT_TYPE)
    name = f"phu-luc-1-{session.term}-{session.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def appendix_4(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    return _docx(
        exports.appendix_4_docx(session), f"phu-luc-4-{session.term}-{session.number}.docx"
    )


@login_required
def appendix_5(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    return _docx(
        exports.appendix_5_docx(session), f"phu-luc-5-{session.term}-{session.number}.docx"
    )


@login_required
def commune_summary_docx(request: HttpRequest, pk: int, commune: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_voters(request.user))
    unit = get_object_or_404(AdministrativeUnit, pk=commune)
    content = exports.commune_docx(session, unit, queries.commune_summary(session, unit))
    return _docx(content, f"tra-loi-cu-tri-{session.term}-{session.number}-{unit.code}.docx")
