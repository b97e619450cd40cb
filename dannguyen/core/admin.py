from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import AdministrativeUnit, Agency, AuditEntry, CalendarOverride, FieldOfWork


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "kind", "parent", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["name", "short_name", "name_folded"]
    raw_id_fields = ["parent", "administrative_unit"]
    filter_horizontal = ["fields"]


@admin.register(FieldOfWork)
class FieldOfWorkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason", "legal_basis"]
    list_filter = ["kind"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the history is append-only, even for superusers."""

    list_display = ["at", "actor_name", "source", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_name", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
