from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import require
from dannguyen.correspondence import queries as letter_queries
from dannguyen.lib.formfields import safe_id

from . import engine, exports, permissions, places, queries, scans, workflow
from .forms import (
    ACTION_FORMS,
    AssignForm,
    ClassifyForm,
    DuplicateForm,
    FilterForm,
    LookupForm,
    PetitionForm,
    RevealForm,
    ScanTextForm,
    ScanUploadForm,
    UseScanTextForm,
    WaiverForm,
    WorkFilterForm,
    unit_from,
)
from .models import (
    AgencyAnswer,
    IdentityAccess,
    IneligibilityReason,
    Petition,
    PetitionAttachment,
    ScanBatch,
    ScanPage,
    ScanStatus,
)

UNIT_FIELDS = {"place", "petitioner_ward"}


def _htmx(request: HttpRequest) -> bool:
    """An HTMX request for a fragment (a history restore needs the whole page)."""
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "history_restore_request", False)


def _petition(pk: int) -> Petition:
    return get_object_or_404(
        Petition.objects.select_related(
            "main_field",
            "competent_agency",
            "assigned_to",
            "registered_by",
            "classified_by",
            "place__parent",
            "forwarded_by_agency",
            "previously_handled_by",
            "receiving_deputy",
        ),
        pk=pk,
    )


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_browse(request.user))
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    petitions = queries.register(request.user, filters)
    page = Paginator(petitions, 30).get_page(request.GET.get("page"))
    rows = [(p, queries.shown_signers(p, request.user), queries.snippet(p)) for p in page]
    context = {"form": form, "page": page, "rows": rows, "filters": filters}
    template = "petitions/list.html#results" if _htmx(request) else "petitions/list.html"
    return render(request, template, context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    require(permissions.can_export(request.user))
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    petitions = queries.register(request.user, filters)
    period = queries.period_label(filters.get("received_from"), filters.get("received_to"))
    content = exports.register_xlsx(petitions, subtitle=period)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="so-theo-doi-don.xlsx"'
    return response


@login_required
def create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_register(request.user))
    form = PetitionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        petition = workflow.register(
            values=form.petition_values(),
            people=form.people() or [],
            files=form.cleaned_data["attachments"],
            attachment_kind=form.cleaned_data.get("attachment_kind") or "scan",
            by=request.user,
        )
        messages.success(request, _("Petition %(code)s registered.") % {"code": petition.code})
        if "save_and_new" in request.POST:
            return redirect("petitions:create")
        return redirect(petition)
    return render(request, "petitions/form.html", {"form": form, "petition": None})


def _ask_reason(
    request: HttpRequest, petition: Petition, *, what: str, **page: Any
) -> IdentityAccess | HttpResponse:
    """The gate before a protected identity: ask why, and log it once the reason is given.

    Returns the logged access, or the page that asks (again, with errors). PAGE tells the
    template which reveal it is (an attachment, the scans, a correction).
    """
    form = RevealForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "petitions/reveal.html", {"petition": petition, "form": form, **page}
        )
    return workflow.reveal_identity(
        petition, by=request.user, reason=form.cleaned_data["reason"], what=what
    )


# How long a logged reveal unlocks the identity in the edit form: long enough to type the
# corrections, short enough that a page left open does not stay unlocked.
EDIT_UNLOCK_MINUTES = 30


def _unlocking_access(request: HttpRequest, petition: Petition) -> IdentityAccess | None:
    """The reveal this user logged to correct a protected identity, if still fresh."""
    raw = request.POST.get("identity_access", "")
    user_id = request.user.pk
    if not raw.isdigit() or user_id is None:
        return None
    if not permissions.can_reveal_identity(request.user, petition):
        return None
    since = timezone.now() - datetime.timedelta(minutes=EDIT_UNLOCK_MINUTES)
    return IdentityAccess.objects.filter(
        pk=int(raw), petition=petition, user_id=user_id, at__gte=since
    ).first()


@never_cache
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_edit(request.user, petition))
    access = _unlocking_access(request, petition) if petition.is_identity_protected else None
    bound = request.method == "POST"
    if petition.is_identity_protected and access is None and "unlock" in request.GET:
        # A custodian corrects a protected identity or the letter's text only after a reason.
        require(permissions.can_reveal_identity(request.user, petition))
        asked = _ask_reason(
            request, petition, what=_("identity and text, to correct them"), editing=True
        )
        if isinstance(asked, HttpResponse):
            return asked
        access = asked
        bound = False  # the form below starts from the record, now with the identity
    # A protected identity is put into a form only after a logged reveal.
    show_identity = not petition.is_identity_protected or access is not None
    initial = _identity_initial(petition) if show_identity else {}
    # A letter registered from its scan: the text read is offered, saved only with the form.
    prefill = scans.prefill_text(petition) if show_identity else ""
    if prefill:
        initial["content"] = prefill
    form = PetitionForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        instance=petition,
        initial=initial,
        show_identity=show_identity,
    )
    if bound and form.is_valid():
        workflow.update(
            petition,
            values=form.petition_values(),
            people=form.people(),
            files=form.cleaned_data["attachments"],
            attachment_kind=form.cleaned_data.get("attachment_kind") or "scan",
            by=request.user,
        )
        messages.success(request, _("Petition %(code)s saved.") % {"code": petition.code})
        return redirect(petition)
    context = {
        "form": form,
        "petition": petition,
        "prefilled_from_scan": bool(prefill),
        "identity_access": access,
        "may_unlock": petition.is_identity_protected
        and access is None
        and permissions.can_reveal_identity(request.user, petition),
    }
    return render(request, "petitions/form.html", context)


def _identity_initial(petition: Petition) -> dict[str, Any]:
    signers = list(petition.signers.select_related("petitioner__ward__parent"))
    if not signers:
        return {}
    main = signers[0].petitioner
    others = [
        "; ".join(
            x for x in (s.petitioner.full_name, s.petitioner.id_number, s.petitioner.address) if x
        )
        for s in signers[1:]
    ]
    return {
        "full_name": main.full_name,
        "id_number": main.id_number,
        "phone": main.phone,
        "address": main.address,
        "petitioner_ward": main.ward_id,
        "existing_petitioner": main.pk,
        "other_signers": "\n".join(others),
    }


def _detail_context(request: HttpRequest, petition: Petition, *, revealed: bool) -> dict[str, Any]:
    user = request.user
    summary, content = queries.shown_content(petition, revealed=revealed)
    attachments = list(petition.attachments.all())
    protected = petition.is_identity_protected and not revealed
    return {
        "petition": petition,
        "revealed": revealed,
        "signers": queries.shown_signers(petition, user, revealed=revealed),
        "summary": summary,
        "content": content,
        "attachments": [(a, queries.attachment_label(a, protected=protected)) for a in attachments],
        "other_fields": list(petition.other_fields.all()),
        "ineligibility_labels": [
            IneligibilityReason(r).label
            for r in petition.ineligibility_reasons
            if r in IneligibilityReason.values
        ],
        "events": list(petition.events.select_related("actor")),
        "actions": queries.available_actions(petition, user),
        # Classifying again is for a letter still being studied, not one already handled.
        "classify_open": petition.status in workflow.TRANSITIONS["classify"],
        "clocks": queries.clocks_of(petition, timezone.localdate()),
        "forwardings": queries.forwardings_of(petition),
        "parts": list(petition.parts.all()),
        "letters": letter_queries.letters_of(petition, user),
        "decisions": queries.duplicate_decisions(petition),
        "duplicates": queries.duplicates_of(petition),
        "other_petitions": queries.other_petitions_of(petition, user),
        "identity_log": (
            queries.identity_log(petition)
            if permissions.can_view_identity_log(user, petition)
            else None
        ),
        "assign_form": AssignForm(initial={"assigned_to": petition.assigned_to_id}),
        "reveal_form": RevealForm(),
        "waiver_form": WaiverForm(),
        "duplicate_form": DuplicateForm(),
        **_scan_context(request, petition, queries.scan_batches(petition)),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_view_petition(request.user, petition))
    return render(
        request, "petitions/detail.html", _detail_context(request, petition, revealed=False)
    )


@never_cache
@login_required
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask why, log it, then show the page with the identity (this response only)."""
    petition = _petition(pk)
    require(permissions.can_reveal_identity(request.user, petition))
    asked = _ask_reason(request, petition, what=_("identity of the signers and the full text"))
    if isinstance(asked, HttpResponse):
        return asked
    context = _detail_context(request, petition, revealed=True)
    return render(request, "petitions/detail.html", context)


@login_required
@require_POST
def waive(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_record_waiver(request.user, petition))
    form = WaiverForm(request.POST)
    if form.is_valid():
        workflow.waive_protection(petition, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("The waiver of protection is recorded."))
    else:
        messages.error(
            request, _("Say how the denouncer waived protection (10 characters or more).")
        )
    return redirect(petition)


@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_assign(request.user, petition))
    form = AssignForm(request.POST or None, initial={"assigned_to": petition.assigned_to_id})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.assign(
                petition,
                to=form.cleaned_data["assigned_to"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except workflow.TransitionError as exc:
            form.add_error(None, str(exc))
            context = {"petition": petition, "form": form}
            return render(request, "petitions/assign.html", context, status=409)
        messages.success(request, _("Petition %(code)s assigned.") % {"code": petition.code})
        return redirect(petition)
    return render(request, "petitions/assign.html", {"petition": petition, "form": form})


APPLICABLE = {"kind", "main_field", "competent_agency"}
MULTIPLE = {"other_fields", "ineligibility_reasons"}


@login_required
def classify(request: HttpRequest, pk: int) -> HttpResponse:
    """Suggestions beside the form; "use" fills the form, only "confirm" saves."""
    petition = _petition(pk)
    require(permissions.can_classify(request.user, petition))
    suggestions = engine.suggest(engine.text_of(petition))
    if request.method == "POST" and request.POST.get("use"):
        data = request.POST.copy()
        name, _sep, value = request.POST["use"].partition(":")
        if name in APPLICABLE:
            data[name] = value
            if name == "competent_agency":
                data["competence"] = data.get("competence") or "outside"
        form = ClassifyForm(
            initial={
                name: data.getlist(name) if name in MULTIPLE else data.get(name)
                for name in ClassifyForm.base_fields
            }
        )
    elif request.method == "POST":
        form = ClassifyForm(request.POST)
        if form.is_valid() and petition.status not in workflow.TRANSITIONS["classify"]:
            form.add_error(None, workflow.refusal("classify", petition.status))
        elif form.is_valid():
            confirmed = form.cleaned_data
            workflow.classify(
                petition,
                kind=confirmed["kind"],
                main_field=confirmed["main_field"],
                other_fields=confirmed["other_fields"],
                eligibility=confirmed["eligibility"],
                ineligibility_reasons=confirmed["ineligibility_reasons"],
                ineligibility_note=confirmed["ineligibility_note"],
                competence=confirmed["competence"],
                competent_agency=confirmed["competent_agency"],
                procedure_stage=confirmed["procedure_stage"],
                by=request.user,
                note=confirmed["note"],
                suggested=suggestions,
            )
            messages.success(
                request, _("Classification of %(code)s confirmed.") % {"code": petition.code}
            )
            return redirect(petition)
    else:
        form = ClassifyForm(initial=ClassifyForm.initial_for(petition))
    summary, content = queries.shown_content(petition)
    context = {
        "petition": petition,
        "form": form,
        "suggestions": suggestions,
        "summary": summary,
        "content": content,
    }
    return render(request, "petitions/classify.html", context)


@login_required
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The detail page's panel of earlier petitions that may be the same matter."""
    petition = _petition(pk)
    require(permissions.can_view_petition(request.user, petition))
    people = [] if petition.is_identity_protected else engine.people_of(petition)
    found = engine.candidates(
        text=engine.text_of(petition),
        people=people,
        visible=queries.visible_petitions(request.user).filter(
            received_on__lte=petition.received_on
        ),
        exclude={petition.pk, *queries.decided_originals(petition)},
    )
    context = {
        "petition": petition,
        "candidates": found,
        "can_decide": permissions.can_decide_duplicates(request.user, petition),
    }
    return render(request, "petitions/includes/candidates.html", context)


@login_required
@require_POST
def decide_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    require(permissions.can_decide_duplicates(request.user, petition))
    form = DuplicateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No petition with this code."))
        return redirect(petition)
    original = form.cleaned_data["original"]
    require(permissions.can_view_petition(request.user, original))
    verb = (
        workflow.link_duplicate
        if form.cleaned_data["verdict"] == "duplicate"
        else workflow.mark_not_duplicate
    )
    try:
        verb(petition, original=original, by=request.user)
    except workflow.DuplicateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect(petition)


@login_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """Live checks while a letter is typed: earlier petitions like it, suggested kind."""
    require(permissions.can_use_intake_tools(request.user))
    content = request.POST.get("content", "")[:20_000]
    summary = request.POST.get("summary", "")[:500]
    text = f"{summary}\n{content}".strip()
    person = engine.person(
        request.POST.get("full_name", "")[:150],
        request.POST.get("id_number", "")[:30],
        request.POST.get("address", "")[:300],
        request.POST.get("phone", "")[:30],
    )
    current = safe_id(request.POST.get("petition", ""))
    found = engine.candidates(
        text=text,
        people=[person] if person.full_name or person.id_number else [],
        visible=queries.visible_petitions(request.user),
        exclude={current} if current else set(),
    )
    context = {
        "candidates": found,
        "suggestions": engine.suggest(text) if len(text) >= 20 else None,
        "typed": bool(text),
    }
    return render(request, "petitions/includes/checks.html", context)


@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    """Is this person already in the register? (by identity number, or name and address)"""
    require(permissions.can_use_intake_tools(request.user))
    form = LookupForm(request.GET)
    people: list[queries.KnownPerson] = []
    mapped = None
    if form.is_valid():
        data = form.cleaned_data
        people = queries.known_people(
            request.user,
            full_name=data["full_name"],
            id_number=data["id_number"],
            address=data["address"],
        )
        if data["address"].strip():
            mapped = places.map_address(data["address"])
    return render(
        request,
        "petitions/includes/lookup.html",
        {"people": people, "mapped": mapped, "form": form},
    )


@login_required
def units(request: HttpRequest) -> HttpResponse:
    """Autocomplete over today's wards, communes and provinces (HTMX)."""
    require(permissions.can_use_intake_tools(request.user))
    name = request.GET.get("field", "")
    if name not in UNIT_FIELDS:
        raise Http404
    q = request.GET.get(f"{name}_q", "").strip()[:100]
    found = list(places.units_like(q)[:12]) if len(q) >= 2 else []
    return render(request, "petitions/includes/units.html", {"units": found, "name": name, "q": q})


@login_required
def pick_unit(request: HttpRequest) -> HttpResponse:
    require(permissions.can_use_intake_tools(request.user))
    name = request.GET.get("field", "")
    if name not in UNIT_FIELDS:
        raise Http404
    unit = unit_from(request.GET.get("id", ""))
    return render(request, "petitions/includes/unit_picker.html", {"name": name, "unit": unit})


@never_cache
@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a file; one of a protected petition only by a custodian, with a reason."""
    item = get_object_or_404(PetitionAttachment.objects.select_related("petition"), pk=pk)
    petition = item.petition
    require(permissions.can_view_petition(request.user, petition))
    if petition.is_identity_protected:
        require(permissions.can_reveal_identity(request.user, petition))
        asked = _ask_reason(
            request, petition, what=_("file %(n)s") % {"n": item.order + 1}, attachment=item
        )
        if isinstance(asked, HttpResponse):
            return asked
    name = f"{petition.code.replace('/', '-')}-{item.order + 1}"
    return exports.download(workflow.read_attachment(item), item.content_type, name)


@login_required
def answer_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of an agency's answer; of a protected petition as its letters (a result
    notice is addressed to the denouncer by name)."""
    answer = get_object_or_404(
        AgencyAnswer.objects.select_related("petition").exclude(file=""), pk=pk
    )
    petition = answer.petition
    require(permissions.can_view_petition(request.user, petition))
    if petition.is_identity_protected:
        require(permissions.can_reveal_identity(request.user, petition))
        asked = _ask_reason(
            request,
            petition,
            what=_("the file of answer %(number)s") % {"number": answer.number},
            attachment=answer,
        )
        if isinstance(asked, HttpResponse):
            return asked
    name = f"{petition.code.replace('/', '-')}-{_('answer')}-{answer.pk}"
    return exports.download(workflow.read_answer_file(answer), answer.file_type, name)


# ------------------------------------------------------------------------- scanned letters


@dataclass(frozen=True)
class ShownPage:
    page: ScanPage
    image_url: str
    field: BoundField | None


@dataclass(frozen=True)
class ShownBatch:
    """A scan batch as one reader sees it: the pages only when they may be shown here."""

    batch: ScanBatch
    pages: list[ShownPage]
    low_confidence: int
    shown: bool
    form: ScanTextForm | None


def _shown_batch(
    request: HttpRequest,
    petition: Petition,
    batch: ScanBatch,
    *,
    access: IdentityAccess | None = None,
    may_correct: bool = False,
) -> ShownBatch:
    pages = list(batch.pages.all())
    # A protected scan is shown only on the page that logged a reveal (ACCESS).
    shown = (access is not None or not petition.is_identity_protected) and not batch.is_pending
    form = ScanTextForm(batch=batch) if shown and may_correct and pages else None
    tokens = scans.tokens_for(pages, user=request.user, access=access) if shown else {}
    shown_pages = []
    if shown:
        for page in pages:
            url = reverse("petitions:scan_image", args=[page.pk])
            if page.pk in tokens:
                url = f"{url}?t={tokens[page.pk]}"
            field = form[ScanTextForm.name_of(page.pk)] if form is not None else None
            shown_pages.append(ShownPage(page=page, image_url=url, field=field))
    return ShownBatch(
        batch=batch,
        pages=shown_pages,
        low_confidence=sum(1 for p in pages if p.is_low_confidence),
        shown=shown,
        form=form,
    )


def _scan_context(
    request: HttpRequest,
    petition: Petition,
    batches: list[ScanBatch],
    *,
    access: IdentityAccess | None = None,
) -> dict[str, Any]:
    user = request.user
    may_view = permissions.can_view_scans(user, petition)
    may_correct = permissions.can_correct_scans(user, petition)
    may_add = permissions.can_add_scans(user, petition)
    return {
        "scan_batches": [
            _shown_batch(
                request,
                petition,
                b,
                access=access if may_view else None,
                may_correct=may_correct,
            )
            for b in batches
        ],
        "scan_form": ScanUploadForm(petition=petition) if may_add else None,
        "may_view_scans": may_view,
        "may_correct_scans": may_correct,
        "may_add_scans": may_add,
        "may_edit": permissions.can_edit(user, petition),
        "scans_revealed": access is not None,
    }


def _scan_batch(pk: int) -> tuple[ScanBatch, Petition]:
    batch = get_object_or_404(ScanBatch, pk=pk)
    return batch, _petition(batch.petition_id)


def _to_scans(petition: Petition) -> HttpResponse:
    return redirect(f"{petition.get_absolute_url()}#scans")


@login_required
@require_POST
def scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Scans of the letter added from its page; their text is read in the background."""
    petition = _petition(pk)
    require(permissions.can_add_scans(request.user, petition))
    form = ScanUploadForm(request.POST, request.FILES, petition=petition)
    if form.is_valid():
        workflow.add_scans(petition, files=form.cleaned_data["pages"], by=request.user)
        messages.success(request, _("The scan is kept; its text is being read."))
        return _to_scans(petition)
    context = _detail_context(request, petition, revealed=False)
    context["scan_form"] = form
    return render(request, "petitions/detail.html", context)


@login_required
def scan_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one batch, polled by the petition's page (HTMX)."""
    batch, petition = _scan_batch(pk)
    require(permissions.can_view_petition(request.user, petition))
    if not _htmx(request):
        return _to_scans(petition)
    context = _scan_context(request, petition, [batch])
    context["petition"] = petition
    context["sb"] = context["scan_batches"][0]
    return render(request, "petitions/includes/scans.html#batch", context)


@never_cache
@login_required
def scan_pages(request: HttpRequest, pk: int) -> HttpResponse:
    """The scanned letter beside its text; for a protected petition, after a logged reason."""
    petition = _petition(pk)
    require(permissions.can_view_scans(request.user, petition))
    access = None
    if petition.is_identity_protected:
        asked = _ask_reason(
            request, petition, what=_("the scanned letter and its text"), scans=True
        )
        if isinstance(asked, HttpResponse):
            return asked
        access = asked
    context = _scan_context(request, petition, queries.scan_batches(petition), access=access)
    context["petition"] = petition
    return render(request, "petitions/scans.html", context)


@never_cache
@login_required
def scan_image(request: HttpRequest, pk: int) -> HttpResponse:
    """One page's preview, never from a public URL; a protected one only by a fresh reveal."""
    page = get_object_or_404(ScanPage.objects.select_related("batch__petition"), pk=pk)
    petition = page.batch.petition
    require(permissions.can_view_scans(request.user, petition))
    if petition.is_identity_protected:
        token = request.GET.get("t", "")[:2000]
        require(scans.token_allows(token, user=request.user, page=page))
    data = scans.open_preview(page)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    name = f"{petition.code.replace('/', '-')}-trang-{page.order}.jpg"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def scan_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the corrections; "use" then asks to confirm the text as the content."""
    batch, petition = _scan_batch(pk)
    require(permissions.can_correct_scans(request.user, petition))
    if batch.is_pending:
        messages.error(request, _("The text of this scan is still being read."))
        return _to_scans(petition)
    form = ScanTextForm(request.POST, batch=batch)
    if not form.is_valid():
        messages.error(request, _("The text was not saved: a page is longer than allowed."))
        return _to_scans(petition)
    workflow.correct_scan_text(batch, texts=form.texts(), by=request.user)
    if form.cleaned_data["action"] != "use":
        messages.success(request, _("The corrections are saved."))
        return _to_scans(petition)
    use_form = UseScanTextForm(
        initial={"text": form.combined(), "mode": "replace"}, petition=petition
    )
    return _render_use(request, petition, batch, use_form)


def _render_use(
    request: HttpRequest, petition: Petition, batch: ScanBatch, form: UseScanTextForm
) -> HttpResponse:
    _summary, content = queries.shown_content(petition)
    context = {"petition": petition, "batch": batch, "form": form, "content": content}
    return render(request, "petitions/scan_use.html", context)


@login_required
@require_POST
def scan_use(request: HttpRequest, pk: int) -> HttpResponse:
    """A person confirms the scan's text as the content (nothing is applied before)."""
    batch, petition = _scan_batch(pk)
    require(permissions.can_correct_scans(request.user, petition))
    if batch.is_pending:
        messages.error(request, _("The text of this scan is still being read."))
        return _to_scans(petition)
    form = UseScanTextForm(request.POST, petition=petition)
    if not form.is_valid():
        return _render_use(request, petition, batch, form)
    workflow.use_scan_text(
        petition,
        batch=batch,
        text=form.cleaned_data["text"],
        append=form.append,
        by=request.user,
    )
    messages.success(
        request, _("The content of %(code)s is now the scanned text.") % {"code": petition.code}
    )
    return redirect(petition)


@login_required
@require_POST
def scan_retry(request: HttpRequest, pk: int) -> HttpResponse:
    batch, petition = _scan_batch(pk)
    require(permissions.can_add_scans(request.user, petition))
    if batch.status != ScanStatus.FAILED and not batch.is_stalled():
        messages.error(request, _("Only a scan that could not be read is read again."))
        return _to_scans(petition)
    workflow.retry_reading(batch, by=request.user)
    messages.success(request, _("The scan will be read again."))
    return _to_scans(petition)


# ------------------------------------------------------------------ processing (issue #5)


@login_required
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One handling action: its form, then the workflow verb (409 when the status refuses)."""
    if action not in ACTION_FORMS:
        raise Http404
    petition = _petition(pk)
    require(permissions.can_view_petition(request.user, petition))
    require(permissions.can_act(request.user, petition, action))
    form_class = ACTION_FORMS[action]
    bound = request.method == "POST"
    form = form_class(
        request.POST if bound else None,
        request.FILES if bound else None,
        petition=petition,
        initial={"version": petition.version},
    )
    status = 200
    if bound and form.is_valid():
        try:
            workflow.perform(petition, action, by=request.user, values=form.values())
        except workflow.TransitionError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(
                request,
                _("%(action)s: done for %(code)s.")
                % {"action": workflow.ACTION_LABELS[action], "code": petition.code},
            )
            return redirect(petition)
    elif bound:
        status = 400
    context = {
        "petition": petition,
        "form": form,
        "action": action,
        "action_label": workflow.ACTION_LABELS[action],
        "allowed_now": petition.status in workflow.TRANSITIONS[action],
    }
    return render(request, "petitions/act.html", context, status=status)


@login_required
def work(request: HttpRequest) -> HttpResponse:
    """Việc của tôi — deadlines: overdue and due soon, mine or (managers) everyone's."""
    require(permissions.can_browse(request.user))
    today = timezone.localdate()
    form = WorkFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queries.work_list(request.user, today=today, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    clocks = queries.read_clocks(list(page.object_list), today)
    context = {
        "form": form,
        "page": page,
        "clocks": clocks,
        "today": today,
        "summary": queries.work_summary(request.user, today=today, **filters),
    }
    template = "petitions/work.html#panel" if request.GET.get("panel") else "petitions/work.html"
    return render(request, template, context)
