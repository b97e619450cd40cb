"""Briefs pages: fetch → permit → validate → one workflow call → render.

The compile actions on the detail page post to small views that redirect back to it; a
refusal from the workflow (BriefError) or a bad form becomes a message, and nothing of the
refused action is saved, since each verb runs in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import has_any_role, require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE

from . import exports, permissions, queries, workflow
from .forms import (
    AddDocumentForm,
    AddPetitionsForm,
    BriefFilterForm,
    CancelForm,
    DeliverForm,
    DocumentSearchForm,
    RequestForm,
    ReturnForm,
    SectionForm,
    StatisticsFilterForm,
    SummaryForm,
    VersionForm,
)
from .models import Brief, BriefDocument, BriefSection, BriefStatus, BriefVoterPetition

MOVES = {
    "start": BriefStatus.IN_PROGRESS,
    "compile": BriefStatus.COMPILED,
    "return": BriefStatus.IN_PROGRESS,
    "deliver": BriefStatus.DELIVERED,
    "cancel": BriefStatus.CANCELLED,
}
# Starting and returning both lead to "in progress": each from its own status.
MOVE_FROM = {"start": BriefStatus.REQUESTED, "return": BriefStatus.COMPILED}


def _may_move(user: Any, brief: Brief, move: str) -> bool:
    if move in MOVE_FROM and brief.status != MOVE_FROM[move]:
        return False
    return permissions.can_move_brief(user, brief, MOVES[move])


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _brief(pk: int) -> Brief:
    return get_object_or_404(queries.brief_detail(pk))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _for_deputy(user: Any) -> bool:
    return not has_any_role(user, permissions.COMPILERS | permissions.LEADERS)


@login_required
def brief_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_briefs(request.user))
    form = BriefFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    found = queries.briefs(request.user, filters, today=today)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = "briefs/brief_list.html#results" if _htmx(request) else "briefs/brief_list.html"
    return render(request, template, {"form": form, "page": page, "today": today})


@login_required
def brief_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_request_brief(request.user))
    form = RequestForm(request.POST or None, for_deputy=_for_deputy(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            brief = workflow.request(values=form.values(), by=request.user)
        except workflow.BriefError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Brief requested."))
            return redirect(brief)
    return render(
        request, "briefs/form.html", {"form": form, "brief": None, "title": _("Request a brief")}
    )


@login_required
def brief_edit(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _brief(pk)
    require(permissions.can_edit_request(request.user, brief))
    form = RequestForm(request.POST or None, initial=RequestForm.initial_of(brief))
    if request.method == "POST" and form.is_valid():
        seen = form.cleaned_data["version"]
        try:
            workflow.edit_request(
                brief,
                values=form.values(),
                version=brief.version if seen is None else seen,
                by=request.user,
            )
        except workflow.BriefError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Brief saved."))
            return redirect(brief)
    return render(
        request, "briefs/form.html", {"form": form, "brief": brief, "title": _("Edit the request")}
    )


@login_required
def brief_detail(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _brief(pk)
    user = request.user
    require(permissions.can_view_brief(user, brief))
    today = timezone.localdate()
    compiling = permissions.can_compile(user, brief)
    search_form = DocumentSearchForm(request.GET if "q" in request.GET else None)
    hits = (
        queries.find_documents(search_form.cleaned_data["q"], today=today)
        if compiling and search_form.is_valid()
        else []
    )
    if _htmx(request) and "q" in request.GET:
        require(compiling)
        return render(
            request,
            "briefs/brief_detail.html#search",
            {"brief": brief, "hits": hits, "searched": True},
        )
    version = {"version": brief.version}
    context = {
        "brief": brief,
        "today": today,
        "documents": queries.document_lines(brief, as_of=queries.status_date(brief, today)),
        "statistics": queries.statistics(brief),
        "compiling": compiling,
        "search_form": search_form,
        "hits": hits,
        "searched": search_form.is_bound,
        "suggestions": queries.suggested_petitions(brief) if compiling else [],
        "summary_form": SummaryForm(initial={"summary": brief.summary}) if compiling else None,
        "section_form": SectionForm() if compiling else None,
        "statistics_form": StatisticsFilterForm(initial=StatisticsFilterForm.initial_of(brief))
        if compiling
        else None,
        "moves": [m for m in MOVES if _may_move(user, brief, m)],
        "deliver_form": DeliverForm(initial=version | {"delivered_on": today})
        if permissions.can_move_brief(user, brief, BriefStatus.DELIVERED)
        else None,
        "cancel_form": CancelForm(initial=version)
        if permissions.can_move_brief(user, brief, BriefStatus.CANCELLED)
        else None,
        "return_form": ReturnForm(initial=version) if _may_move(user, brief, "return") else None,
        "may_edit": permissions.can_edit_request(user, brief),
        "may_download": permissions.can_download_brief(user, brief),
    }
    return render(request, "briefs/brief_detail.html", context)


@login_required
@require_POST
def brief_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in MOVES:
        raise Http404
    brief = _brief(pk)
    user = request.user
    require(permissions.can_view_brief(user, brief))
    require(_may_move(user, brief, move))
    form: Any = {
        "deliver": DeliverForm,
        "cancel": CancelForm,
        "return": ReturnForm,
    }.get(move, VersionForm)(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(brief)
    data = form.cleaned_data
    try:
        if move == "start":
            workflow.start(brief, version=data["version"], by=user)
            messages.success(request, _("Compilation started."))
        elif move == "compile":
            workflow.compile_brief(brief, version=data["version"], by=user)
            messages.success(request, _("Brief compiled: the statistics are frozen."))
        elif move == "return":
            workflow.return_for_work(brief, version=data["version"], by=user, note=data["note"])
            messages.success(request, _("Brief returned for more work."))
        elif move == "deliver":
            workflow.deliver(
                brief,
                version=data["version"],
                by=user,
                on=data["delivered_on"],
                method=data["method"],
                note=data["note"],
            )
            messages.success(request, _("Brief delivered."))
        else:
            workflow.cancel(brief, version=data["version"], by=user, reason=data["reason"])
            messages.success(request, _("Brief cancelled."))
    except workflow.BriefError as error:
        messages.error(request, str(error))
    return redirect(brief)


def _compile_view(request: HttpRequest, pk: int) -> Brief:
    brief = _brief(pk)
    require(permissions.can_compile(request.user, brief))
    return brief


def _attempt(request: HttpRequest, action: Any, done: str) -> None:
    try:
        action()
    except workflow.BriefError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _compile_view(request, pk)
    form = AddDocumentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(brief)
    data = form.cleaned_data
    _attempt(
        request,
        lambda: workflow.add_document(
            brief,
            document=data["document"],
            provision=data["provision"],
            note=data["note"],
            by=request.user,
        ),
        _("Legal document added."),
    )
    return redirect(brief)


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = get_object_or_404(BriefDocument.objects.select_related("brief", "document"), pk=pk)
    require(permissions.can_compile(request.user, chosen.brief))
    _attempt(
        request,
        lambda: workflow.remove_document(chosen, by=request.user),
        _("Legal document removed."),
    )
    return redirect(chosen.brief)


@login_required
@require_POST
def petitions_add(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _compile_view(request, pk)
    form = AddPetitionsForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(brief)
    _attempt(
        request,
        lambda: workflow.add_petitions(
            brief, petitions=form.cleaned_data["petitions"], by=request.user
        ),
        _("Voters' petitions added."),
    )
    return redirect(brief)


@login_required
@require_POST
def petition_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(BriefVoterPetition.objects.select_related("brief", "petition"), pk=pk)
    require(permissions.can_compile(request.user, link.brief))
    _attempt(
        request,
        lambda: workflow.remove_petition(link, by=request.user),
        _("Voters' petition removed."),
    )
    return redirect(link.brief)


@login_required
@require_POST
def summary_save(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _compile_view(request, pk)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(brief)
    _attempt(
        request,
        lambda: workflow.save_summary(brief, summary=form.cleaned_data["summary"], by=request.user),
        _("Summary saved."),
    )
    return redirect(brief)


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _compile_view(request, pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(brief)
    _attempt(
        request,
        lambda: workflow.save_section(
            brief,
            heading=form.cleaned_data["heading"],
            text=form.cleaned_data["text"],
            by=request.user,
        ),
        _("Notes saved."),
    )
    return redirect(brief)


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(BriefSection.objects.select_related("brief"), pk=pk)
    brief = section.brief
    require(permissions.can_compile(request.user, brief))
    form = SectionForm(
        request.POST or None, initial={"heading": section.heading, "text": section.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.save_section(
                brief,
                section=section,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except workflow.BriefError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Notes saved."))
            return redirect(brief)
    return render(
        request, "briefs/form.html", {"form": form, "brief": brief, "title": _("Edit the notes")}
    )


@login_required
@require_POST
def section_remove(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(BriefSection.objects.select_related("brief"), pk=pk)
    require(permissions.can_compile(request.user, section.brief))
    _attempt(
        request,
        lambda: workflow.remove_section(section, by=request.user),
        _("Notes removed."),
    )
    return redirect(section.brief)


@login_required
@require_POST
def statistics_save(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _compile_view(request, pk)
    form = StatisticsFilterForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(brief)
    data = form.cleaned_data
    _attempt(
        request,
        lambda: workflow.set_statistics_filter(
            brief,
            fields=data["fields_of_work"],
            keywords=data["keywords"],
            since=data["since"],
            until=data["until"],
            area=data["area"],
            by=request.user,
        ),
        _("Statistics computed."),
    )
    return redirect(f"{brief.get_absolute_url()}#statistics")


@login_required
@require_POST
def statistics_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _compile_view(request, pk)
    _attempt(
        request,
        lambda: workflow.refresh_statistics(brief, by=request.user),
        _("Statistics computed."),
    )
    return redirect(f"{brief.get_absolute_url()}#statistics")


@login_required
def brief_docx(request: HttpRequest, pk: int) -> HttpResponse:
    brief = _brief(pk)
    require(permissions.can_view_brief(request.user, brief))
    require(permissions.can_download_brief(request.user, brief))
    response = HttpResponse(exports.brief_docx(brief), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="thong-tin-chuyen-de-{brief.pk}.docx"'
    return response
