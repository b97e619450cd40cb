"""Who may do what with outgoing letters. Pages, templates, the API and workflow.py ask these.

The specialists draft; only the Trưởng / Phó trưởng phòng approve or send back (the
clearance before a letter goes out); whoever may draft may number an approved letter
(the office has no separate văn thư role). A letter addressed to the citizen of a protected
petition names the denouncer: only that petition's custodians may touch or open it.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.permissions import LEADERS, OFFICE_MANAGERS, OFFICE_STAFF, has_any_role
from dannguyen.petitions import permissions as petition_permissions

from .models import LetterStatus, OutgoingLetter

Status = LetterStatus

DRAFTERS = petition_permissions.SPECIALISTS | petition_permissions.REGISTRARS
READERS = OFFICE_STAFF | LEADERS


def _is(user: Any, user_id: int | None) -> bool:
    return user_id is not None and getattr(user, "pk", None) == user_id


def _custody(user: Any, letter: OutgoingLetter) -> bool:
    """Letters naming a protected denouncer are for the petition's custodians only."""
    if not letter.is_citizen_notice_of_protected:
        return True
    assert letter.petition is not None
    return petition_permissions.can_reveal_identity(user, letter.petition)


def can_view_letters(user: Any) -> bool:
    """The sổ văn bản đi: the office's staff and its leaders."""
    return has_any_role(user, READERS)


def can_export_letters(user: Any) -> bool:
    return can_view_letters(user)


def can_draft(user: Any) -> bool:
    return has_any_role(user, DRAFTERS)


def can_view_letter(user: Any, letter: OutgoingLetter) -> bool:
    return can_view_letters(user) and _custody(user, letter)


def can_download_letter(user: Any, letter: OutgoingLetter) -> bool:
    return can_view_letter(user, letter)


def can_edit_letter(user: Any, letter: OutgoingLetter) -> bool:
    """A draft: its drafter or a manager (a draft the system made: any drafter)."""
    if letter.status != Status.DRAFT or not _custody(user, letter):
        return False
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    if not has_any_role(user, DRAFTERS):
        return False
    return letter.drafted_by_id is None or _is(user, letter.drafted_by_id)


def can_move(user: Any, letter: OutgoingLetter, to: str) -> bool:
    """The role half of the transition table (the status half is workflow.ALLOWED)."""
    if not _custody(user, letter):
        return False
    move = (letter.status, to)
    if move in {(Status.DRAFT, Status.SUBMITTED), (Status.DRAFT, Status.CANCELLED)}:
        return can_edit_letter(user, letter)
    if move in {
        (Status.SUBMITTED, Status.APPROVED),
        (Status.SUBMITTED, Status.DRAFT),
        (Status.APPROVED, Status.DRAFT),
    }:
        return has_any_role(user, OFFICE_MANAGERS)
    if move == (Status.APPROVED, Status.ISSUED):
        return has_any_role(user, DRAFTERS)
    return False


def can_submit(user: Any, letter: OutgoingLetter) -> bool:
    return can_move(user, letter, Status.SUBMITTED)


def can_approve(user: Any, letter: OutgoingLetter) -> bool:
    return letter.status == Status.SUBMITTED and can_move(user, letter, Status.APPROVED)


def can_return(user: Any, letter: OutgoingLetter) -> bool:
    return letter.status != Status.DRAFT and can_move(user, letter, Status.DRAFT)


def can_issue(user: Any, letter: OutgoingLetter) -> bool:
    return can_move(user, letter, Status.ISSUED)


def can_cancel(user: Any, letter: OutgoingLetter) -> bool:
    return can_move(user, letter, Status.CANCELLED)


def can_manage_templates(user: Any) -> bool:
    """The office's own Word templates: the Trưởng / Phó trưởng phòng."""
    return has_any_role(user, OFFICE_MANAGERS)
