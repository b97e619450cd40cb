"""Outreach pages: fetch → permit → validate → one workflow call → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE

from . import exports, permissions, queries, workflow
from .forms import (
    GiftForm,
    HouseholdForm,
    NoteForm,
    PhotoForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    ReportForm,
    SourceForm,
)
from .models import Beneficiary, FundingSource, Gift, Photo, Programme, ProgrammeStatus

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Each button on the programme page: the status it leads to.
MOVES = {
    "approve": ProgrammeStatus.APPROVED,
    "return": ProgrammeStatus.PLANNED,
    "carry-out": ProgrammeStatus.CARRIED_OUT,
    "report": ProgrammeStatus.REPORTED,
}
MOVE_TITLES = {
    "approve": gettext_lazy("Approve the programme"),
    "return": gettext_lazy("Return for revision"),
    "carry-out": gettext_lazy("Mark the visits carried out"),
    "report": gettext_lazy("Issue the report"),
}


def _programme(pk: int) -> Programme:
    return get_object_or_404(queries.programme_detail(pk))


def _form_page(request: HttpRequest, programme: Programme, form: Any, title: str) -> HttpResponse:
    return render(
        request, "outreach/form.html", {"programme": programme, "form": form, "title": title}
    )


def _warn_overlaps(request: HttpRequest, others: list[Beneficiary]) -> None:
    if others:
        messages.warning(
            request,
            _("This household was already supported in the same period by: %(list)s.")
            % {"list": "; ".join(f"{o.programme.title} ({o.head_name})" for o in others)},
        )


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_outreach(request.user))
    form = ProgrammeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.programmes(request.user, filters)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = (
        "outreach/programme_list.html#results"
        if getattr(request, "htmx", False)
        else "outreach/programme_list.html"
    )
    return render(request, template, {"form": form, "page": page})


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_programme(request.user))
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = workflow.create_programme(
            values=form.programme_values(),
            leaders=form.cleaned_data["leaders"],
            participants=form.cleaned_data["participants"],
            by=request.user,
        )
        messages.success(request, _("Programme planned."))
        return redirect(programme)
    return render(request, "outreach/programme_form.html", {"form": form, "programme": None})


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_edit_programme(request.user, programme))
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_programme(
                programme,
                values=form.programme_values(),
                leaders=form.cleaned_data["leaders"],
                participants=form.cleaned_data["participants"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Programme saved."))
            return redirect(programme)
    return render(request, "outreach/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    user = request.user
    require(permissions.can_view_programme(user, programme))
    households = list(programme.beneficiaries.all())
    context = {
        "programme": programme,
        "households": households,
        "overlaps": queries.overlaps(programme, households),
        "by_commune": queries.totals_by_commune(programme),
        "by_category": queries.totals_by_category(programme),
        "money": queries.money_summary(programme),
        "events": queries.timeline(programme),
        "moves": [
            m for m, to in MOVES.items() if permissions.can_move_programme(user, programme, to)
        ],
        "may_edit": permissions.can_edit_programme(user, programme),
        "may_photo": permissions.can_add_photo(user, programme),
    }
    return render(request, "outreach/programme_detail.html", context)


@login_required
def programme_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in MOVES:
        raise Http404
    programme = _programme(pk)
    to = MOVES[move]
    require(permissions.can_view_programme(request.user, programme))
    require(permissions.can_move_programme(request.user, programme, to))
    data = request.POST if request.method == "POST" else None
    form: NoteForm = (
        # Bound on every POST: a move without a note posts nothing else.
        ReportForm(data) if move == "report" else NoteForm(data)
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            workflow.move(
                programme,
                to=to,
                by=request.user,
                note=values["note"],
                report_number=values.get("report_number", ""),
                reported_on=values.get("reported_on"),
                result_summary=values.get("result_summary", ""),
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, str(MOVE_TITLES[move]))
            return redirect(programme)
    return _form_page(request, programme, form, str(MOVE_TITLES[move]))


# ------------------------------------------------------------------------- households


@login_required
def household_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_edit_programme(request.user, programme))
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.add_household(programme, values=form.cleaned_data, by=request.user)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Household added."))
            _warn_overlaps(request, queries.household_overlaps(programme, form.cleaned_data))
            return redirect(programme)
    return _form_page(request, programme, form, _("Add a household"))


@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Beneficiary.objects.select_related("programme"), pk=pk)
    programme = household.programme
    require(permissions.can_edit_programme(request.user, programme))
    initial = {name: getattr(household, name) for name in workflow.HOUSEHOLD_FIELDS}
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_household(household, values=form.cleaned_data, by=request.user)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Household saved."))
            _warn_overlaps(request, queries.household_overlaps(programme, form.cleaned_data))
            return redirect(programme)
    return _form_page(request, programme, form, _("Correct a household"))


def _post_only_action(request: HttpRequest, programme: Programme, action: Any, done: str) -> Any:
    try:
        action()
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(programme)


@login_required
@require_POST
def household_remove(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Beneficiary.objects.select_related("programme"), pk=pk)
    programme = household.programme
    require(permissions.can_edit_programme(request.user, programme))
    return _post_only_action(
        request,
        programme,
        lambda: workflow.remove_household(household, by=request.user),
        _("Household removed."),
    )


# ------------------------------------------------------------------------- gifts and money


@login_required
def gift_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_edit_programme(request.user, programme))
    form = GiftForm(
        request.POST or None,
        programme=programme,
        initial={"household": request.GET.get("household", "")[:20]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.record_gift(
                programme,
                household=data["household"],
                money=data["money"],
                goods=data["goods"],
                goods_value=data["goods_value"],
                given_on=data.get("given_on"),
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Gift recorded."))
            return redirect(programme)
    return _form_page(request, programme, form, _("Record a gift"))


@login_required
@require_POST
def gift_remove(request: HttpRequest, pk: int) -> HttpResponse:
    gift = get_object_or_404(Gift.objects.select_related("beneficiary__programme"), pk=pk)
    programme = gift.beneficiary.programme
    require(permissions.can_edit_programme(request.user, programme))
    return _post_only_action(
        request,
        programme,
        lambda: workflow.remove_gift(gift, by=request.user),
        _("Gift removed."),
    )


@login_required
def source_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_edit_programme(request.user, programme))
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.add_source(
                programme,
                name=form.cleaned_data["name"],
                amount=form.cleaned_data["amount"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Funding source added."))
            return redirect(programme)
    return _form_page(request, programme, form, _("Add a funding source"))


@login_required
@require_POST
def source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(FundingSource.objects.select_related("programme"), pk=pk)
    programme = source.programme
    require(permissions.can_edit_programme(request.user, programme))
    return _post_only_action(
        request,
        programme,
        lambda: workflow.remove_source(source, by=request.user),
        _("Funding source removed."),
    )


# ------------------------------------------------------------------------- photos, exports


@login_required
def photo_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_add_photo(request.user, programme))
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.add_photo(
                programme,
                upload=form.cleaned_data["image"],
                content_type=form.content_type,
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Photo added."))
            return redirect(programme)
    return _form_page(request, programme, form, _("Add a photo"))


@login_required
def photo_file(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(Photo.objects.select_related("programme"), pk=pk)
    require(permissions.can_view_programme(request.user, photo.programme))
    with photo.image.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="{photo.image.name.rsplit("/", 1)[-1]}"'
    return response


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_export_programme(request.user, programme))
    response = HttpResponse(exports.report_docx(programme), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tham-hoi-{programme.pk}.docx"'
    return response


@login_required
def households_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    require(permissions.can_export_programme(request.user, programme))
    response = HttpResponse(exports.households_xlsx(programme), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-ho-{programme.pk}.xlsx"'
    return response
