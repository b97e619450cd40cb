"""Who may read and edit reference data and history."""

from __future__ import annotations

from typing import Any

from django.db import models

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import (
    OFFICE_MANAGERS,
    can_use_system,
    can_view_audit,
    has_any_role,
)

from .models import AdministrativeUnit, Agency, CalendarOverride, FieldOfWork

REFERENCE_MODELS: tuple[type[models.Model], ...] = (
    AdministrativeUnit,
    Agency,
    CalendarOverride,
    FieldOfWork,
)


def can_view_reference_data(user: Any) -> bool:
    return can_use_system(user)


def can_manage_reference_data(user: Any) -> bool:
    """The office's managers and the administrators keep the directories and code lists."""
    return has_any_role(user, OFFICE_MANAGERS | {Role.Code.SYSTEM_ADMIN})


def can_view_history(user: Any, obj: models.Model) -> bool:
    """Readers of a reference record may read its history; other records need audit rights."""
    if can_view_audit(user):
        return True
    return isinstance(obj, REFERENCE_MODELS) and can_view_reference_data(user)
