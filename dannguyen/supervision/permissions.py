"""Who may do what with supervision plans. Views, templates, exports and the API ask these.

* The complaint supervision officers and the office's managers create and run plans.
* Office staff on a plan's team record its findings and recommendations and follow them up.
* The office's staff and the leaders read every plan; a deputy reads the plans whose team
  they are on. Anyone else sees nothing.

Status changes are decided by the tables in workflow.py; the predicates here only add the
"may read the plan at all" condition, so the page never offers what the verb would refuse.
Petitions under supervision are shown through the petition app's own masking: a protected
denouncer's identity never appears on a supervision page, export or API answer.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import LEADERS, OFFICE_MANAGERS, OFFICE_STAFF, has_any_role

from . import workflow
from .models import PlanStatus, Recommendation, SupervisionPlan

Code = Role.Code

RUNNERS = OFFICE_MANAGERS | {Code.SUPERVISION_OFFICER}
READERS = OFFICE_STAFF | LEADERS
DEPUTIES = frozenset({Code.DEPUTY})


def can_view_supervision(user: Any) -> bool:
    """The list of plans (a deputy's lists only the plans they are on)."""
    return has_any_role(user, READERS | DEPUTIES)


def can_view_plan(user: Any, plan: SupervisionPlan) -> bool:
    if has_any_role(user, READERS):
        return True
    return has_any_role(user, DEPUTIES) and workflow.is_on_team(user, plan)


def can_create_plan(user: Any) -> bool:
    return has_any_role(user, RUNNERS)


def can_edit_plan(user: Any, plan: SupervisionPlan) -> bool:
    return has_any_role(user, RUNNERS) and plan.status in workflow.EDITABLE


def can_record_fieldwork(user: Any, plan: SupervisionPlan) -> bool:
    """Requests for reports, agencies' reports and working sessions."""
    return has_any_role(user, RUNNERS) and plan.status in workflow.FIELDWORK


def can_edit_findings(user: Any, plan: SupervisionPlan) -> bool:
    """Findings and recommendations: the runners and the office staff on the team."""
    kinds = workflow.kinds_of(user, plan)
    return bool(kinds) and plan.status in workflow.FINDINGS_OPEN


def can_follow_up(user: Any, recommendation: Recommendation) -> bool:
    return bool(workflow.recommendation_targets(user, recommendation))


def can_move_plan(user: Any, plan: SupervisionPlan, to: str) -> bool:
    return workflow.may_move_plan(user, plan, to)


def can_approve_plan(user: Any, plan: SupervisionPlan) -> bool:
    return can_move_plan(user, plan, PlanStatus.APPROVED)


def can_export_plan(user: Any, plan: SupervisionPlan) -> bool:
    return can_view_plan(user, plan)


def can_view_overdue(user: Any) -> bool:
    return has_any_role(user, READERS)
