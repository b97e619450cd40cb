"""Who may do what with the deputies' records. Views, templates and the API ask these.

* Everyone with a role reads the deputies, their positions and their public activity.
* The full activity record — petitions addressed to the deputy, supervision, entries not
  made public — and the yearly summary built from it are for the office's staff, the
  leaders, and the deputy themself (their own record, through the linked account).
* The information officer (who keeps the information on deputies' activities, domain.md
  §7.10) and the office's managers edit the records.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import (
    LEADERS,
    OFFICE_MANAGERS,
    OFFICE_STAFF,
    can_use_system,
    has_any_role,
)

from .models import ActivityEntry, Person

EDITORS = OFFICE_MANAGERS | {Role.Code.INFORMATION_OFFICER}


def _is_own(user: Any, person: Person) -> bool:
    return person.user_id is not None and getattr(user, "pk", None) == person.user_id


def can_view_deputies(user: Any) -> bool:
    return can_use_system(user)


def can_view_person(user: Any, person: Person) -> bool:
    return can_use_system(user)


def can_view_full_activity(user: Any, person: Person) -> bool:
    if has_any_role(user, OFFICE_STAFF | LEADERS):
        return True
    return can_use_system(user) and _is_own(user, person)


def can_export_summary(user: Any, person: Person) -> bool:
    return can_view_full_activity(user, person)


def can_export_popolo(user: Any) -> bool:
    return can_use_system(user)


def can_edit_deputies(user: Any) -> bool:
    return has_any_role(user, EDITORS)


def can_edit_person(user: Any, person: Person) -> bool:
    return has_any_role(user, EDITORS)


def can_edit_entry(user: Any, entry: ActivityEntry) -> bool:
    return has_any_role(user, EDITORS)
