"""Who may do what with petitions. Views, templates, exports and the API all ask these.

Protected identities (Luật Tố cáo Art 47, 56; domain.md §1.9) are the custody of the
specialist the petition is assigned to and of the office's managers (Trưởng / Phó trưởng
phòng), as GlobaLeaks keeps a whistleblower's identity behind named custodians. Even they see
it only by revealing it with a reason, and every reveal is logged.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import (
    LEADERS,
    OFFICE_MANAGERS,
    OFFICE_STAFF,
    has_any_role,
)

from .models import Petition, Status
from .workflow import ACTION_ROLES

Code = Role.Code

# Who enters letters into the register: the reception specialists, the voter-contact
# specialists (letters handed over at voter meetings) and the managers.
REGISTRARS = OFFICE_MANAGERS | {Code.RECEPTION_OFFICER, Code.VOTER_CONTACT_OFFICER}
# Who may be given a petition to handle.
SPECIALISTS = OFFICE_MANAGERS | {Code.RECEPTION_OFFICER, Code.SUPERVISION_OFFICER}
READERS = OFFICE_STAFF | LEADERS


def _is(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) == getattr(other, "pk", other)


def can_view_register(user: Any) -> bool:
    """The office's staff and its leaders read the register (identities masked)."""
    return has_any_role(user, READERS)


def can_browse(user: Any) -> bool:
    """The register page: staff and leaders see it all, a deputy the letters sent to them."""
    return can_view_register(user) or has_any_role(user, frozenset({Code.DEPUTY}))


def can_view_petition(user: Any, petition: Petition | None = None) -> bool:
    """Staff and leaders read every petition; a deputy reads the letters addressed to them."""
    if can_view_register(user):
        return True
    if petition is None or not has_any_role(user, frozenset({Code.DEPUTY})):
        return False
    return _is(user, petition.receiving_deputy_id)


def can_register(user: Any) -> bool:
    return has_any_role(user, REGISTRARS)


def can_assign(user: Any, petition: Petition | None = None) -> bool:
    """The Trưởng / Phó trưởng phòng give petitions to specialists."""
    return has_any_role(user, OFFICE_MANAGERS)


def is_handler(user: Any, petition: Petition) -> bool:
    return _is(user, petition.assigned_to_id)


def can_edit(user: Any, petition: Petition) -> bool:
    """The managers; the assigned specialist; whoever registered it, until it is assigned."""
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    if not has_any_role(user, SPECIALISTS | REGISTRARS):
        return False
    if is_handler(user, petition):
        return True
    return petition.status == Status.RECEIVED and _is(user, petition.registered_by_id)


def can_classify(user: Any, petition: Petition) -> bool:
    """Classification is the assigned specialist's job, or a manager's."""
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    return has_any_role(user, SPECIALISTS) and is_handler(user, petition)


def can_decide_duplicates(user: Any, petition: Petition) -> bool:
    return can_edit(user, petition)


def can_reveal_identity(user: Any, petition: Petition) -> bool:
    """Only the custodians of a protected identity may reveal it (and must give a reason)."""
    if not petition.is_identity_protected:
        return False
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    return has_any_role(user, SPECIALISTS) and is_handler(user, petition)


def can_see_identity(user: Any, petition: Petition) -> bool:
    """Whether the identity may be shown without a reveal: only when it is not protected."""
    return not petition.is_identity_protected and can_view_petition(user, petition)


def can_view_scans(user: Any, petition: Petition) -> bool:
    """A scanned letter and its text show the writer's name and hand (Luật Tố cáo Art 56):
    those of a protected petition only its custodians see, each time with a logged reveal;
    the others whoever reads the petition."""
    if petition.is_identity_protected:
        return can_reveal_identity(user, petition)
    return can_view_petition(user, petition)


def can_add_scans(user: Any, petition: Petition) -> bool:
    """Whoever may correct the registration may add the letter's scans (seeing them is
    another matter: `can_view_scans`)."""
    return can_edit(user, petition)


def can_correct_scans(user: Any, petition: Petition) -> bool:
    """Correcting a scan's text, and taking it as the content, needs both rights."""
    return can_edit(user, petition) and can_view_scans(user, petition)


def can_record_waiver(user: Any, petition: Petition) -> bool:
    return can_reveal_identity(user, petition)


def can_view_identity_log(user: Any, petition: Petition) -> bool:
    """Who saw a protected identity is itself for the custodians only."""
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    return has_any_role(user, SPECIALISTS) and is_handler(user, petition)


def can_export(user: Any) -> bool:
    return can_view_register(user)


def can_use_intake_tools(user: Any) -> bool:
    """The live checks of the form: people found again, duplicates, place names."""
    return has_any_role(user, REGISTRARS | SPECIALISTS)


def can_act(user: Any, petition: Petition, action: str) -> bool:
    """Whether USER's role allows ACTION on PETITION (workflow.ACTION_ROLES).

    Whether the petition's status allows it is the workflow's call (a 409, not a 403).
    "manager" actions are the Trưởng / Phó trưởng phòng's; "handler" actions are also the
    assigned specialist's.
    """
    role = ACTION_ROLES.get(action)
    if role is None:
        return False
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    return role == "handler" and has_any_role(user, SPECIALISTS) and is_handler(user, petition)


def can_process(user: Any, petition: Petition) -> bool:
    """Whether USER may take any handling action on PETITION (shows the action panel)."""
    return has_any_role(user, OFFICE_MANAGERS) or (
        has_any_role(user, SPECIALISTS) and is_handler(user, petition)
    )
