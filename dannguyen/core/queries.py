"""Reusable reads over reference data and history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dannguyen.lib.vietnamese import fold

from .models import AdministrativeUnit, Agency, AuditEntry


def search_agencies(q: str = "", *, level: str = "") -> QuerySet[Agency]:
    """Agencies whose name or short name contains every word of Q, diacritics optional."""
    agencies = Agency.objects.select_related("parent", "administrative_unit")
    for word in fold(q).split():
        agencies = agencies.filter(name_folded__contains=word)
    if level:
        agencies = agencies.filter(level=level)
    return agencies.order_by("level", "name")


def search_units(q: str = "", *, province: str = "", current: bool = True) -> QuerySet[Any]:
    """Administrative units by name (diacritics optional), e.g. for address autocomplete."""
    units = AdministrativeUnit.objects.select_related("parent")
    if current:
        units = units.filter(valid_to__isnull=True)
    for word in fold(q).split():
        units = units.filter(name_folded__contains=word)
    if province:
        units = units.filter(parent__code=province)
    return units.order_by("parent__code", "name")


def recent_changes_by(user: Any, *, limit: int = 10) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(actor=user).exclude(action="view").order_by("-at", "-id")[:limit]
    )
