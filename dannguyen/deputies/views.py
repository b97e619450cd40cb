"""Deputies pages: fetch → permit → validate → one save → render.

The staff pages (/deputies/) keep the records; the public pages (/portal/dai-bieu/, no
login) show the current deputies, their positions and their public activity. Public pages
are cacheable: they carry an ETag and a short public max-age, and answer 304 to a browser
or proxy that already holds the same page.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE

from . import exports, permissions, queries
from .forms import (
    ActivityEntryForm,
    AreaForm,
    MembershipForm,
    OrganizationForm,
    PersonFilterForm,
    PersonForm,
    PublicFilterForm,
    TermForm,
    YearForm,
)
from .models import ActivityEntry, Area, Membership, Organization, Person, Term

# How long a browser or proxy may keep a public page without asking again.
PUBLIC_MAX_AGE = 300


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _person(pk: int) -> Person:
    return get_object_or_404(queries.person_detail(pk))


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "deputies/form.html",
        {"form": form, "title": title, "back": back},
        status=status,
    )


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid():
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


# --------------------------------------------------------------------------- staff


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_deputies(request.user))
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.people(filters), 30).get_page(request.GET.get("page"))
    template = (
        "deputies/person_list.html#results" if _htmx(request) else "deputies/person_list.html"
    )
    return render(request, template, {"form": form, "page": page})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_edit_deputies(request.user))
    form = PersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("Deputy saved."))
        return redirect(person)
    return _form_page(request, form, _("New deputy"), reverse("deputies:person_list"))


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    require(permissions.can_edit_person(request.user, person))
    previous = person.photo.name
    form = PersonForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        # A replaced or cleared photo would otherwise stay on disk with nothing pointing at it.
        if previous and previous != person.photo.name:
            person.photo.storage.delete(previous)
        messages.success(request, _("Deputy saved."))
        return redirect(person)
    return _form_page(request, form, _("Edit deputy"), person.get_absolute_url())


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    require(permissions.can_view_person(request.user, person))
    user = request.user
    full = permissions.can_view_full_activity(user, person)
    editor = permissions.can_edit_person(user, person)
    context = {
        "person": person,
        "memberships": list(person.memberships.all()),
        "activity": queries.activity(person, public_only=not full),
        "full": full,
        "editor": editor,
        "can_export": permissions.can_export_summary(user, person),
        "this_year": timezone.localdate().year,
    }
    return render(request, "deputies/person_detail.html", context)


@login_required
def person_photo(request: HttpRequest, pk: int) -> FileResponse:
    person = get_object_or_404(Person, pk=pk)
    require(permissions.can_view_person(request.user, person))
    return _photo(person)


def _photo(person: Person) -> FileResponse:
    if not person.photo:
        raise Http404
    try:
        handle = person.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    require(permissions.can_edit_person(request.user, person))
    form = MembershipForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid() and _save(form):
        messages.success(request, _("Position saved."))
        return redirect(person)
    return _form_page(
        request,
        form,
        _("New position of %(name)s") % {"name": person.name},
        person.get_absolute_url(),
    )


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("person"), pk=pk)
    person = membership.person
    require(permissions.can_edit_person(request.user, person))
    form = MembershipForm(request.POST or None, instance=membership, person=person)
    if request.method == "POST" and form.is_valid() and _save(form):
        messages.success(request, _("Position saved."))
        return redirect(person)
    return _form_page(request, form, _("Edit position"), person.get_absolute_url())


def _save(form: Any) -> bool:
    """FORM saved, or False with a form error when a concurrent save made it a duplicate."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error(None, _("The deputy already holds this position in this organisation then."))
        return False
    return True


@login_required
@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("person"), pk=pk)
    require(permissions.can_edit_person(request.user, membership.person))
    membership.delete()
    messages.success(request, _("Position removed."))
    return redirect(membership.person)


@login_required
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    require(permissions.can_edit_person(request.user, person))
    form = ActivityEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.person = person
        entry.created_by = request.user
        entry.save()
        messages.success(request, _("Activity recorded."))
        return redirect(person)
    return _form_page(
        request,
        form,
        _("New activity of %(name)s") % {"name": person.name},
        person.get_absolute_url(),
    )


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ActivityEntry.objects.select_related("person"), pk=pk)
    require(permissions.can_edit_entry(request.user, entry))
    form = ActivityEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Activity saved."))
        return redirect(entry.person)
    return _form_page(request, form, _("Edit activity"), entry.person.get_absolute_url())


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ActivityEntry.objects.select_related("person"), pk=pk)
    require(permissions.can_edit_entry(request.user, entry))
    entry.delete()
    messages.success(request, _("Activity removed."))
    return redirect(entry.person)


@login_required
def summary_docx(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    require(permissions.can_export_summary(request.user, person))
    year = _year(request)
    activity = queries.activity(person, public_only=False, year=year).year(year)
    content = exports.summary_docx(person, year, activity)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.summary_filename(person, year)}"'
    )
    return response


@login_required
def popolo_json(request: HttpRequest) -> HttpResponse:
    require(permissions.can_export_popolo(request.user))
    data = exports.popolo(
        queries.people(),
        public=False,
        image_url=lambda p: request.build_absolute_uri(
            reverse("deputies:person_photo", args=[p.pk])
        ),
        url=lambda p: request.build_absolute_uri(p.get_absolute_url()),
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type=exports.POPOLO_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="popolo.json"'
    return response


# --------------------------------------------------------------------------- reference


@login_required
def reference(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_deputies(request.user))
    return render(
        request,
        "deputies/reference.html",
        {
            "terms": queries.terms(),
            "organizations": queries.organizations(),
            "areas": queries.areas(),
        },
    )


_REFERENCE: dict[str, tuple[type, type, Any, Any]] = {
    "term": (Term, TermForm, lambda: _("New term"), lambda: _("Edit term")),
    "organization": (
        Organization,
        OrganizationForm,
        lambda: _("New organisation"),
        lambda: _("Edit organisation"),
    ),
    "area": (Area, AreaForm, lambda: _("New electoral unit"), lambda: _("Edit electoral unit")),
}


@login_required
def reference_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in _REFERENCE:
        raise Http404
    require(permissions.can_edit_deputies(request.user))
    model, form_class, new_title, edit_title = _REFERENCE[kind]
    instance = get_object_or_404(model, pk=pk) if pk is not None else None
    form = form_class(request.POST or None, instance=instance)
    back = reverse("deputies:reference")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(back)
    title = edit_title() if instance is not None else new_title()
    return _form_page(request, form, title, back)


# --------------------------------------------------------------------------- public


def _public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """RESPONSE made cacheable: public for PUBLIC_MAX_AGE, with an ETag of its content."""
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    if not response.streaming and response.status_code == 200:
        set_response_etag(response)
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
        return conditional if conditional is not None else response
    return response


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.public_people(filters), 48).get_page(request.GET.get("page"))
    return _public(
        request, render(request, "deputies/public/index.html", {"form": form, "page": page})
    )


@require_GET
def public_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(queries.public_person(pk))
    context = {
        "person": person,
        "memberships": list(person.memberships.all()),
        "activity": queries.activity(person, public_only=True),
    }
    return _public(request, render(request, "deputies/public/person.html", context))


@require_GET
def public_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = get_object_or_404(queries.public_person(pk))
    # A new photo is a new save of the person: its time validates the cached copy.
    changed = int(person.updated_at.timestamp())
    unchanged = get_conditional_response(request, last_modified=changed)
    if unchanged is not None:
        return unchanged
    response = _photo(person)
    response["Last-Modified"] = http_date(changed)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@require_GET
def public_areas(request: HttpRequest) -> HttpResponse:
    return _public(
        request, render(request, "deputies/public/areas.html", {"areas": queries.public_areas()})
    )


@require_GET
def public_area(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(queries.public_areas(), pk=pk)
    return _public(request, render(request, "deputies/public/area.html", {"area": area}))


@require_GET
def public_popolo(request: HttpRequest) -> HttpResponse:
    data = exports.popolo(
        queries.public_deputies(),
        public=True,
        image_url=lambda p: request.build_absolute_uri(
            reverse("deputies_public:photo", args=[p.pk])
        ),
        url=lambda p: request.build_absolute_uri(p.get_public_url()),
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type=exports.POPOLO_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="popolo.json"'
    return _public(request, response)
