"""Who may do what with accounts, and the role sets other apps build on.

Every view, template (through the `can` filter) and API endpoint asks these predicates;
nothing else decides. A superuser may do everything.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from .models import Role

Code = Role.Code

OFFICE_STAFF = frozenset(
    {
        Code.DEPARTMENT_HEAD,
        Code.DEPUTY_HEAD,
        Code.INFORMATION_OFFICER,
        Code.RECEPTION_OFFICER,
        Code.SUPERVISION_OFFICER,
        Code.VOTER_CONTACT_OFFICER,
    }
)
OFFICE_MANAGERS = frozenset({Code.DEPARTMENT_HEAD, Code.DEPUTY_HEAD})
LEADERS = frozenset({Code.OFFICE_LEADER, Code.DELEGATION_LEADER, Code.COUNCIL_LEADER})


def require(allowed: bool) -> None:
    """Raise 403 unless ALLOWED: `require(permissions.can_edit_legal(request.user))`."""
    if not allowed:
        raise PermissionDenied


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_any_role(user: Any, roles: frozenset[str]) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.has_role(*roles))


def is_office_staff(user: Any) -> bool:
    return has_any_role(user, OFFICE_STAFF)


def can_use_system(user: Any) -> bool:
    """Anyone with at least one role (or a superuser) may open the back office."""
    return has_any_role(user, frozenset(Code.values))


def can_manage_users(user: Any) -> bool:
    return has_any_role(user, frozenset({Code.SYSTEM_ADMIN}))


def can_view_audit(user: Any) -> bool:
    """The full audit log: administrators, the office's managers and the Office's leaders."""
    return has_any_role(user, frozenset({Code.SYSTEM_ADMIN, Code.OFFICE_LEADER}) | OFFICE_MANAGERS)


def can_manage_own_tokens(user: Any) -> bool:
    return can_use_system(user)
