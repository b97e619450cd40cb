"""Who may do what with events. Views, templates and the API ask these.

* Everyone with a role reads the events and their calendar (deputies see what they are
  invited to, leaders what the office organises).
* The office's staff run events: create and edit them, the agenda, the participants,
  invitations, replies, attendance, documents and follow-up tasks.
* Cancelling an event and issuing its closing report are the office's managers' and the
  information officer's (who owns the office's conferences and training) call.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import (
    OFFICE_MANAGERS,
    OFFICE_STAFF,
    can_use_system,
    has_any_role,
)
from dannguyen.correspondence.models import LetterStatus

from . import workflow
from .models import Event, EventStatus, FollowUpTask

OWNERS = OFFICE_MANAGERS | {Role.Code.INFORMATION_OFFICER}


def can_view_events(user: Any) -> bool:
    return can_use_system(user)


def can_view_event(user: Any, event: Event) -> bool:
    return can_use_system(user)


def can_create_event(user: Any) -> bool:
    return has_any_role(user, OFFICE_STAFF)


def can_edit_event(user: Any, event: Event) -> bool:
    return has_any_role(user, OFFICE_STAFF) and event.status in workflow.EDITABLE


def can_send_invitations(user: Any, event: Event) -> bool:
    return can_edit_event(user, event)


def can_draft_invitation_letter(user: Any, event: Event) -> bool:
    """Drafting the giấy mời for the register; approving and numbering it are the
    correspondence app's (its own predicates)."""
    letter = event.invitation_letter
    return can_edit_event(user, event) and (
        letter is None or letter.status == LetterStatus.CANCELLED
    )


def can_record_replies(user: Any, event: Event) -> bool:
    return has_any_role(user, OFFICE_STAFF) and event.status in workflow.REPLIES_OPEN


def can_record_attendance(user: Any, event: Event) -> bool:
    return has_any_role(user, OFFICE_STAFF) and event.status in workflow.ATTENDANCE_OPEN


def can_mark_held(user: Any, event: Event) -> bool:
    return has_any_role(user, OFFICE_STAFF) and event.status == EventStatus.INVITED


def can_report_event(user: Any, event: Event) -> bool:
    return has_any_role(user, OWNERS) and event.status == EventStatus.HELD


def can_cancel_event(user: Any, event: Event) -> bool:
    return has_any_role(user, OWNERS) and (event.status, EventStatus.CANCELLED) in (
        workflow.TRANSITIONS
    )


def can_add_documents(user: Any, event: Event) -> bool:
    return has_any_role(user, OFFICE_STAFF) and event.status in workflow.DOCUMENTS_OPEN


def can_add_tasks(user: Any, event: Event) -> bool:
    return has_any_role(user, OFFICE_STAFF) and event.status != EventStatus.CANCELLED


def can_complete_task(user: Any, task: FollowUpTask) -> bool:
    if task.done_on is not None:
        return False
    return has_any_role(user, OFFICE_STAFF) or getattr(user, "pk", None) == task.owner_id


def can_export_event(user: Any, event: Event) -> bool:
    """Invitation letters and the closing report: the office's staff."""
    return has_any_role(user, OFFICE_STAFF)
