from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE
from dannguyen.petitions import permissions as petition_permissions
from dannguyen.petitions.models import Petition

from . import exports, permissions, queries, rendering, services, workflow
from .forms import FilterForm, LetterForm, NewLetterForm, NoteForm, TemplateForm
from .models import LetterKind, LetterStatus, LetterTemplate, OutgoingLetter


def _htmx(request: HttpRequest) -> bool:
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "history_restore_request", False)


def _letter(pk: int) -> OutgoingLetter:
    return get_object_or_404(queries.letters().select_related("approved_by"), pk=pk)


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_letters(request.user))
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.register(request.user, filters), 50).get_page(request.GET.get("page"))
    rows = [(letter, queries.recipient_label(letter, request.user)) for letter in page]
    context = {"form": form, "page": page, "rows": rows}
    template = "correspondence/list.html#results" if _htmx(request) else "correspondence/list.html"
    return render(request, template, context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    require(permissions.can_export_letters(request.user))
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    issued = queries.register(request.user, {**filters, "status": LetterStatus.ISSUED})
    subtitle = _("Year %(year)s") % {"year": filters["year"]} if filters.get("year") else ""
    content = exports.register_xlsx(issued.order_by("year", "number"), subtitle=subtitle)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="so-van-ban-di.xlsx"'
    return response


@login_required
def create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_draft(request.user))
    form = NewLetterForm(request.POST or None, initial={"petition": request.GET.get("petition")})
    if request.method == "POST" and form.is_valid():
        petition = None
        if form.cleaned_data.get("petition"):
            petition = get_object_or_404(Petition, pk=form.cleaned_data["petition"])
            require(petition_permissions.can_view_petition(request.user, petition))
        letter = services.draft_letter(
            kind=form.cleaned_data["kind"],
            by=request.user,  # type: ignore[arg-type]
            petition=petition,
            recipient_agency=form.cleaned_data.get("recipient_agency"),
        )
        messages.success(request, _("Draft created."))
        return redirect(letter)
    return render(request, "correspondence/new.html", {"form": form})


@never_cache
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(pk)
    require(permissions.can_view_letter(request.user, letter))
    services.log_opening(letter, by=request.user, what=_("the letter's page"))
    form = None
    if permissions.can_edit_letter(request.user, letter):
        form = LetterForm(instance=letter)
    return _detail(request, letter, form=form)


def _detail(
    request: HttpRequest, letter: OutgoingLetter, *, form: LetterForm | None, status: int = 200
) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "letter": letter,
        "form": form,
        "note_form": NoteForm(),
        "body": rendering.shown_body(letter),
        "recipient": queries.recipient_label(letter, user),
        "events": queries.history(letter),
        "may": {
            "submit": permissions.can_submit(user, letter),
            "approve": permissions.can_approve(user, letter),
            "return": permissions.can_return(user, letter),
            "issue": permissions.can_issue(user, letter),
            "cancel": permissions.can_cancel(user, letter),
        },
    }
    return render(request, "correspondence/detail.html", context, status=status)


@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(pk)
    require(permissions.can_edit_letter(request.user, letter))
    form = LetterForm(request.POST, instance=letter)
    if not form.is_valid():
        letter.refresh_from_db()
        return _detail(request, letter, form=form, status=422)
    values = form.values()
    letter.refresh_from_db()  # the ModelForm already wrote its values onto the object
    try:
        changed = workflow.update(letter, values=values, by=request.user)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
    return redirect(letter)


MESSAGES = {
    "submit": gettext_lazy("Submitted for approval."),
    "approve": gettext_lazy("Approved."),
    "return": gettext_lazy("Sent back for changes."),
    "cancel": gettext_lazy("Cancelled."),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One move of the workflow; the workflow refuses a move the table or the role forbids
    (a refused role is a 403, a refused status a message and no change)."""
    letter = _letter(pk)
    require(permissions.can_view_letter(request.user, letter))
    by: Any = request.user
    try:
        if action == "return":
            note_form = NoteForm(request.POST)
            if not note_form.is_valid():
                messages.error(request, _("Say what should be changed."))
                return redirect(letter)
            workflow.return_to_draft(letter, by=by, note=note_form.cleaned_data["note"])
        elif action == "submit":
            workflow.submit(letter, by=by)
        elif action == "approve":
            workflow.approve(letter, by=by)
        elif action == "issue":
            workflow.issue(letter, by=by)
        elif action == "cancel":
            workflow.cancel(letter, by=by)
        else:
            return redirect(letter)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(letter)
    if action == "issue":
        messages.success(
            request, _("Issued as number %(number)s.") % {"number": letter.number_label}
        )
    else:
        messages.success(request, str(MESSAGES[action]))
    return redirect(letter)


@never_cache
@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The .docx: a draft rendered now (number and date left as “…”), an issued letter's
    frozen original."""
    letter = _letter(pk)
    require(permissions.can_download_letter(request.user, letter))
    services.log_opening(letter, by=request.user, what=_("the letter's Word file"))
    content = rendering.docx_of(letter)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{rendering.filename(letter)}"'
    return response


# ------------------------------------------------------------------------- templates


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage_templates(request.user))
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.uploaded_by = request.user
        template.size = getattr(form, "size", 0)
        template.save()
        messages.success(request, _("Template saved."))
        return redirect("correspondence:templates")
    today = rendering.local_today()
    in_force = {kind: rendering.template_for(kind, today) for kind in LetterKind.values}
    context = {
        "form": form,
        "templates": LetterTemplate.objects.select_related("uploaded_by"),
        "kinds": [(LetterKind(k).label, in_force[k]) for k in LetterKind.values],
        "placeholders": rendering.PLACEHOLDERS,
    }
    return render(
        request, "correspondence/templates.html", context, status=422 if form.errors else 200
    )


@login_required
@require_POST
def template_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_templates(request.user))
    template = get_object_or_404(LetterTemplate, pk=pk)
    template.is_active = not template.is_active
    template.save(update_fields=["is_active"])
    return redirect("correspondence:templates")


@login_required
def template_file(request: HttpRequest, pk: int = 0) -> HttpResponse:
    """An uploaded template (pk) or the shipped NĐ 30/2020 layout (no pk), to edit in Word."""
    require(permissions.can_manage_templates(request.user))
    template = get_object_or_404(LetterTemplate, pk=pk) if pk else None
    response = HttpResponse(rendering.template_bytes(template), content_type=DOCX_CONTENT_TYPE)
    name = f"mau-{template.kind}-{template.pk}.docx" if template else "mau-nd30.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
