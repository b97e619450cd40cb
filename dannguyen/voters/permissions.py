"""Who may do what with voter contact. Views, templates and the API ask these.

* The voter contact officers and the office's managers record sessions, plans, meetings
  and opinions, and make the consolidated petitions (grouping, wording, classification).
* The office's staff, the leaders and the deputies read everything: what voters raised is
  not secret (it is published, NQLT 72 Art 49(3), 51); complaints and denunciations raised
  at a meeting are in the petition register, under its own protection, and shown here only
  as their register code.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import LEADERS, OFFICE_MANAGERS, OFFICE_STAFF, has_any_role

Code = Role.Code

RECORDERS = OFFICE_MANAGERS | {Code.VOTER_CONTACT_OFFICER}
READERS = OFFICE_STAFF | LEADERS | {Code.DEPUTY}


def can_view_voters(user: Any) -> bool:
    return has_any_role(user, READERS)


def can_manage_sessions(user: Any) -> bool:
    """Sessions and their contact plans."""
    return has_any_role(user, RECORDERS)


def can_record_meetings(user: Any) -> bool:
    """Meetings, minutes and opinions."""
    return has_any_role(user, RECORDERS)


def can_group(user: Any) -> bool:
    """Run the grouping and accept, merge, split, move and reword petitions."""
    return has_any_role(user, RECORDERS)


def can_classify(user: Any) -> bool:
    return has_any_role(user, RECORDERS)


def can_draft_report(user: Any) -> bool:
    return has_any_role(user, RECORDERS)


def can_move_report(user: Any, report: Any, to: str) -> bool:
    from . import workflow  # noqa: PLC0415 -- workflow imports this module's role sets

    return workflow.may_move_report(user, report, to)


def can_dispatch(user: Any, report: Any) -> bool:
    """Record the report sent to agencies: once approved (the first sending marks it sent)."""
    return has_any_role(user, RECORDERS) and report.status in ("approved", "sent")


def can_record_answers(user: Any) -> bool:
    return has_any_role(user, RECORDERS)


# The Đoàn evaluates the answers (NQLT 72 Art 53–54): its leaders and deputies, or the
# office recording their evaluation.
EVALUATORS = RECORDERS | {Code.DELEGATION_LEADER, Code.COUNCIL_LEADER, Code.DEPUTY}


def can_evaluate(user: Any) -> bool:
    return has_any_role(user, EVALUATORS)
