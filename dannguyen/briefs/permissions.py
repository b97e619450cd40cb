"""Who may do what with briefs. Views, templates and the API ask these.

* The information officer and the department's head and deputy head compile briefs: take
  a request on, choose what goes in, compile, deliver, cancel.
* The office's other staff read every brief; the leaders read every brief and may request
  one for a body (the other staff pass a request on through a compiler); a deputy
  requests briefs and reads those for them (or that they asked for).
* Anyone without a role sees nothing.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import LEADERS, OFFICE_STAFF, has_any_role

from . import workflow
from .models import Brief, BriefStatus

Code = Role.Code

COMPILERS = frozenset({Code.INFORMATION_OFFICER, Code.DEPARTMENT_HEAD, Code.DEPUTY_HEAD})
READERS = OFFICE_STAFF | LEADERS
DEPUTIES = frozenset({Code.DEPUTY})


def is_for(user: Any, brief: Brief) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and pk in (brief.deputy_id, brief.requested_by_id)


def can_view_briefs(user: Any) -> bool:
    return has_any_role(user, READERS | DEPUTIES)


def can_view_brief(user: Any, brief: Brief) -> bool:
    if has_any_role(user, READERS):
        return True
    return has_any_role(user, DEPUTIES) and is_for(user, brief)


def can_request_brief(user: Any) -> bool:
    return has_any_role(user, COMPILERS | LEADERS | DEPUTIES)


def can_compile(user: Any, brief: Brief | None = None) -> bool:
    return has_any_role(user, COMPILERS) and (brief is None or brief.status in workflow.COMPILING)


def can_edit_request(user: Any, brief: Brief) -> bool:
    return has_any_role(user, COMPILERS) and brief.status in workflow.REQUEST_EDITABLE


def can_move_brief(user: Any, brief: Brief, to: str) -> bool:
    if (brief.status, to) not in workflow.TRANSITIONS:
        return False
    if has_any_role(user, COMPILERS):
        return True
    # The one who asked may withdraw a request nobody has taken on yet.
    return (
        to == BriefStatus.CANCELLED
        and brief.status == BriefStatus.REQUESTED
        and has_any_role(user, DEPUTIES | LEADERS)
        and getattr(user, "pk", None) == brief.requested_by_id
    )


def can_download_brief(user: Any, brief: Brief) -> bool:
    """The Word file: the compilers at any stage; the other readers once it is delivered."""
    if has_any_role(user, COMPILERS):
        return True
    return brief.status == BriefStatus.DELIVERED and can_view_brief(user, brief)
