"""Who may do what with research topics. Views, templates and the API ask these.

* The office's staff and the leaders read every topic; a deputy reads the topics they own
  or work on. Anyone else sees nothing.
* The office's staff create and run topics; approval is in workflow.py's table.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import LEADERS, OFFICE_STAFF, has_any_role

from . import workflow
from .models import Topic

READERS = OFFICE_STAFF | LEADERS
DEPUTIES = frozenset({Role.Code.DEPUTY})


def is_involved(user: Any, topic: Topic) -> bool:
    pk = getattr(user, "pk", None)
    if pk is None:
        return False
    return topic.owner_id == pk or any(m.pk == pk for m in topic.team.all())


def can_view_research(user: Any) -> bool:
    return has_any_role(user, READERS | DEPUTIES)


def can_view_topic(user: Any, topic: Topic) -> bool:
    if has_any_role(user, READERS):
        return True
    return has_any_role(user, DEPUTIES) and is_involved(user, topic)


def can_create_topic(user: Any) -> bool:
    return has_any_role(user, OFFICE_STAFF)


def can_edit_topic(user: Any, topic: Topic) -> bool:
    return has_any_role(user, OFFICE_STAFF) and topic.status in workflow.OPEN


def can_add_output(user: Any, topic: Topic) -> bool:
    return has_any_role(user, OFFICE_STAFF) and topic.status in workflow.RUNNING


def can_move_topic(user: Any, topic: Topic, to: str) -> bool:
    return workflow.may_move(user, topic, to)
