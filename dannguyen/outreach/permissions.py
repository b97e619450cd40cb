"""Who may do what with visit programmes. Views, templates, exports and the API ask these.

* The office's staff prepare programmes, list households, record gifts, sources and photos.
* The office's managers and the delegation / Thường trực HĐND leaders approve (workflow.py).
* The office's staff and the leaders read every programme; a deputy reads the programmes
  they lead or take part in. Anyone else sees nothing: households' names, addresses and
  phone numbers are personal data.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import LEADERS, OFFICE_STAFF, has_any_role

from . import workflow
from .models import Programme

READERS = OFFICE_STAFF | LEADERS
DEPUTIES = frozenset({Role.Code.DEPUTY})


def is_involved(user: Any, programme: Programme) -> bool:
    pk = getattr(user, "pk", None)
    if pk is None:
        return False
    # Prefetched on detail pages: all() then costs no query.
    people = list(programme.leaders.all()) + list(programme.participants.all())
    return any(p.pk == pk for p in people)


def can_view_outreach(user: Any) -> bool:
    return has_any_role(user, READERS | DEPUTIES)


def can_view_programme(user: Any, programme: Programme) -> bool:
    if has_any_role(user, READERS):
        return True
    return has_any_role(user, DEPUTIES) and is_involved(user, programme)


def can_create_programme(user: Any) -> bool:
    return has_any_role(user, OFFICE_STAFF)


def can_edit_programme(user: Any, programme: Programme) -> bool:
    """The programme itself, its households, gifts and sources."""
    return has_any_role(user, OFFICE_STAFF) and programme.status in workflow.EDITABLE


def can_add_photo(user: Any, programme: Programme) -> bool:
    return has_any_role(user, OFFICE_STAFF) and programme.status in workflow.PHOTOS_OPEN


def can_move_programme(user: Any, programme: Programme, to: str) -> bool:
    return workflow.may_move(user, programme, to)


def can_export_programme(user: Any, programme: Programme) -> bool:
    return can_view_programme(user, programme)
