"""Who may do what with citizen reception. Views, templates, exports and the API all ask these.

The schedule is public information (NĐ 154/2026 Art 29(1)(d) has it published), so everyone
working on reception sees the calendar. What citizens said is for the office's staff and
leaders, and for the deputies and leaders who presided over that session.

A protected identity (a denouncer's, Luật Tố cáo Art 47 and 56) is in the custody of the
office's managers (Trưởng / Phó trưởng phòng) and of those who presided over the session
(they received the person face to face). Even they see it only by revealing it with a
reason, and every reveal is logged, as on the petition register.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import LEADERS, OFFICE_MANAGERS, OFFICE_STAFF, has_any_role
from dannguyen.petitions import permissions as petition_permissions

from .models import ReceptionCase, ReceptionSession, SessionStatus

Code = Role.Code

# Who plans sessions and records what was heard: the reception specialists and managers.
RECORDERS = OFFICE_MANAGERS | {Code.RECEPTION_OFFICER}
# Who reads the cases and the Sổ tiếp công dân.
READERS = OFFICE_STAFF | LEADERS
# Who may preside over a session (and so be reminded of it).
HOST_ROLES = frozenset({Code.DEPUTY}) | LEADERS | OFFICE_MANAGERS
# Who sees the calendar.
CALENDAR_READERS = READERS | frozenset({Code.DEPUTY})


def _is_host(user: Any, session: ReceptionSession) -> bool:
    pk = getattr(user, "pk", None)
    if pk is None:
        return False
    # `hosts` is prefetched on detail pages; all() then costs no query.
    return any(h.pk == pk for h in session.hosts.all())


def _today() -> datetime.date:
    return timezone.localdate()


def can_view_reception(user: Any) -> bool:
    """The reception pages: index, calendar, list of sessions, a session's details."""
    return has_any_role(user, CALENDAR_READERS)


def can_view_session(user: Any, session: ReceptionSession | None = None) -> bool:
    return can_view_reception(user)


def can_plan_session(user: Any) -> bool:
    return has_any_role(user, RECORDERS)


def can_edit_session(user: Any, session: ReceptionSession) -> bool:
    return has_any_role(user, RECORDERS) and session.status != SessionStatus.CANCELLED


def can_hold_session(user: Any, session: ReceptionSession) -> bool:
    """Record that a planned session took place (not before its day)."""
    return (
        has_any_role(user, RECORDERS)
        and session.status == SessionStatus.PLANNED
        and session.date <= _today()
    )


def can_cancel_session(user: Any, session: ReceptionSession) -> bool:
    return has_any_role(user, RECORDERS) and session.status == SessionStatus.PLANNED


def can_view_cases(user: Any, session: ReceptionSession) -> bool:
    """The office's staff and leaders; a deputy the sessions they presided over."""
    if has_any_role(user, READERS):
        return True
    return has_any_role(user, frozenset({Code.DEPUTY})) and _is_host(user, session)


def can_view_case(user: Any, case: ReceptionCase) -> bool:
    return can_view_cases(user, case.session)


def can_record_case(user: Any, session: ReceptionSession) -> bool:
    """Cases are recorded on or after the day of a session that was not cancelled."""
    return (
        has_any_role(user, RECORDERS)
        and session.status != SessionStatus.CANCELLED
        and session.date <= _today()
    )


def can_edit_case(user: Any, case: ReceptionCase) -> bool:
    return has_any_role(user, RECORDERS) and case.session.status != SessionStatus.CANCELLED


def is_custodian(user: Any, case: ReceptionCase) -> bool:
    """The managers, and whoever presided over the session the person came to."""
    if has_any_role(user, OFFICE_MANAGERS):
        return True
    return has_any_role(user, HOST_ROLES) and _is_host(user, case.session)


def can_reveal_identity(user: Any, case: ReceptionCase) -> bool:
    """Only custodians, only for a protected identity, and always with a reason."""
    return case.is_identity_protected and is_custodian(user, case)


def can_see_identity(user: Any, case: ReceptionCase) -> bool:
    """Whether identities may be shown without a reveal: only when not protected."""
    return not case.is_identity_protected and can_view_case(user, case)


def can_view_identity_log(user: Any, case: ReceptionCase) -> bool:
    return is_custodian(user, case)


def can_record_waiver(user: Any, case: ReceptionCase) -> bool:
    return can_reveal_identity(user, case)


def can_view_register(user: Any) -> bool:
    """The Sổ tiếp công dân (identities of protected cases masked)."""
    return has_any_role(user, READERS)


def can_export_register(user: Any) -> bool:
    return can_view_register(user)


def can_export_identities(user: Any) -> bool:
    """A register with the protected identities in it: the managers, with a logged reason."""
    return has_any_role(user, OFFICE_MANAGERS)


def can_register_petition(user: Any, case: ReceptionCase) -> bool:
    """Enter a letter handed in at the session into the petition register."""
    return (
        petition_permissions.can_register(user)
        and can_edit_case(user, case)
        and case.outcome != ReceptionCase.Outcome.REFUSED
    )
