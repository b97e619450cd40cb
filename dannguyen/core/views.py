from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dannguyen.accounts import permissions as account_permissions
from dannguyen.accounts.permissions import require
from dannguyen.lib.formfields import safe_id

from . import permissions, queries
from .addresses import convert_old_address
from .forms import (
    AddressConversionForm,
    AgencyFilterForm,
    AgencyForm,
    AuditFilterForm,
    CalendarOverrideForm,
    FieldOfWorkForm,
)
from .models import AdministrativeUnit, Agency, AuditEntry, CalendarOverride, FieldOfWork


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """ "Việc của tôi": what the signed-in person has to do and has just done."""
    if not account_permissions.can_use_system(request.user):
        return render(request, "core/no_role.html", status=403)
    # The project-level gatherer names every app; core does not need them at import.
    from dannguyen import my_work  # noqa: PLC0415

    context = {
        "to_do": my_work.sections(request.user, timezone.localdate()),
        "recent_changes": queries.recent_changes_by(request.user),
        "reference_counts": {
            "agencies": Agency.objects.filter(is_active=True).count(),
            "fields": FieldOfWork.objects.filter(is_active=True).count(),
            "units": AdministrativeUnit.objects.filter(valid_to__isnull=True).count(),
        },
        "upcoming_overrides": CalendarOverride.objects.filter(
            date__gte=timezone.localdate()
        ).order_by("date")[:5],
    }
    return render(request, "core/home.html", context)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reference_data(request.user))
    form = AgencyFilterForm(request.GET or None)
    q, level = "", ""
    if form.is_valid():
        q, level = form.cleaned_data["q"], form.cleaned_data["level"]
    page = Paginator(queries.search_agencies(q, level=level), 50).get_page(request.GET.get("page"))
    template = "core/agency_list.html#results" if request.htmx else "core/agency_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "q": q, "level": level})


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(
        Agency.objects.select_related("parent", "administrative_unit__parent"), pk=pk
    )
    require(permissions.can_view_reference_data(request.user))
    children = agency.children.order_by("name")
    return render(
        request,
        "core/agency_detail.html",
        {"agency": agency, "children": children, "fields": agency.fields.order_by("code")},
    )


@login_required
def agency_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    require(permissions.can_manage_reference_data(request.user))
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        agency = form.save()
        messages.success(request, _("Agency saved."))
        return redirect(agency)
    return render(request, "core/agency_form.html", {"form": form, "agency": agency})


@login_required
def field_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reference_data(request.user))
    fields = list(FieldOfWork.objects.annotate(agency_count=Count("agencies")))
    children: dict[int | None, list[FieldOfWork]] = {}
    for f in fields:
        children.setdefault(f.parent_id, []).append(f)

    def walk(parent: int | None, depth: int) -> list[tuple[FieldOfWork, int]]:
        rows: list[tuple[FieldOfWork, int]] = []
        for f in children.get(parent, []):
            rows.append((f, depth))
            rows.extend(walk(f.pk, depth + 1))
        return rows

    return render(request, "core/field_list.html", {"rows": walk(None, 0)})


@login_required
def field_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    field = get_object_or_404(FieldOfWork, pk=pk) if pk else None
    require(permissions.can_manage_reference_data(request.user))
    form = FieldOfWorkForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Field saved."))
        return redirect("core:field_list")
    return render(request, "core/field_form.html", {"form": form, "field": field})


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reference_data(request.user))
    q = request.GET.get("q", "").strip()[:100]
    province = request.GET.get("province", "").strip()[:10]
    units = queries.search_units(q, province=province)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    provinces = AdministrativeUnit.objects.filter(
        kind__in=AdministrativeUnit.PROVINCE_KINDS, valid_to__isnull=True
    ).order_by("name")
    template = "core/unit_list.html#results" if request.htmx else "core/unit_list.html"  # type: ignore[attr-defined]
    return render(
        request, template, {"page": page, "q": q, "province": province, "provinces": provinces}
    )


@login_required
def address_convert(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reference_data(request.user))
    form = AddressConversionForm(request.GET or None)
    result, tried = None, False
    if form.is_valid():
        tried = True
        result = convert_old_address(form.cleaned_data["address"])
    template = "core/address_convert.html#result" if request.htmx else "core/address_convert.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "result": result, "tried": tried})


@login_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reference_data(request.user))
    year = _int_or(request.GET.get("year"), timezone.localdate().year)
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST":
        require(permissions.can_manage_reference_data(request.user))
        if form.is_valid():
            form.save()
            messages.success(request, _("Calendar change saved."))
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    overrides = CalendarOverride.objects.filter(date__year=year).order_by("date")
    return render(
        request,
        "core/calendar_list.html",
        {"form": form, "overrides": overrides, "year": year, "years": [year - 1, year + 1]},
    )


@login_required
@require_POST
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(CalendarOverride, pk=pk)
    require(permissions.can_manage_reference_data(request.user))
    year = override.date.year
    override.delete()
    messages.success(request, _("Calendar change removed."))
    return redirect(f"{redirect('core:calendar_list').url}?year={year}")


def _int_or(value: str | None, default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if 1900 <= number <= 2200 else default


@login_required
def history(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The audit history of one record, including records that have since been deleted."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    pk = safe_id(object_id)
    obj = model._base_manager.filter(pk=pk).first() if pk is not None else None
    entries = AuditEntry.objects.filter(content_type=content_type, object_id=object_id)
    if obj is None and not entries.exists():
        raise Http404
    require(
        permissions.can_view_history(request.user, obj)
        if obj is not None
        else account_permissions.can_view_audit(request.user)
    )
    page = Paginator(entries.select_related("actor"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/history.html",
        {"obj": obj, "page": page, "model_name": model._meta.verbose_name, "object_id": object_id},
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(account_permissions.can_view_audit(request.user))
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("content_type")
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        if data["q"]:
            entries = entries.filter(object_repr__icontains=data["q"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})
