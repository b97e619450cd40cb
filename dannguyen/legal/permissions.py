"""Who may read, edit and import legal documents."""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import OFFICE_MANAGERS, can_use_system, has_any_role

EDITORS = OFFICE_MANAGERS | {Role.Code.INFORMATION_OFFICER, Role.Code.SYSTEM_ADMIN}


def can_view_legal(user: Any) -> bool:
    """Every role of the back office reads the database (the public reads it on the portal)."""
    return can_use_system(user)


def can_edit_legal(user: Any) -> bool:
    """The synthesis–information specialists keep the database, with the office's managers."""
    return has_any_role(user, EDITORS)


def can_import_legal(user: Any) -> bool:
    return has_any_role(user, EDITORS)
