"""Supervision workflow: the only module that changes `SupervisionPlan.status` and
`Recommendation.status`.

Both tables below say, for each (from, to), which kinds of actor may make the move:

* MANAGER — the Trưởng / Phó trưởng phòng (accounts.permissions.OFFICE_MANAGERS): they
  approve a plan, close it and reopen what was settled;
* OFFICER — the complaint supervision officers, who run the plan day to day;
* TEAM — office staff named on the plan's team (head or member), who follow up the
  recommendations they made. Deputies on the team read; they do not change statuses.

Every verb runs in one transaction with the `PlanEvent` it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import OFFICE_MANAGERS, OFFICE_STAFF, has_any_role

from .models import (
    SETTLED,
    AgencyReport,
    Finding,
    PlanAction,
    PlanEvent,
    PlanStatus,
    Recommendation,
    RecommendationStatus,
    ReportRequest,
    SupervisedAgency,
    SupervisionPlan,
    WorkingSession,
)

MANAGER = "manager"
OFFICER = "officer"
TEAM = "team"
ACTOR_KINDS = (MANAGER, OFFICER, TEAM)

P = PlanStatus
R = RecommendationStatus
_RUNNERS = frozenset({MANAGER, OFFICER})
_FOLLOWERS = frozenset({MANAGER, OFFICER, TEAM})

PLAN_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (P.DRAFT, P.APPROVED): frozenset({MANAGER}),
    (P.APPROVED, P.DRAFT): frozenset({MANAGER}),
    (P.APPROVED, P.IN_PROGRESS): _RUNNERS,
    (P.IN_PROGRESS, P.REPORTED): _RUNNERS,
    (P.REPORTED, P.IN_PROGRESS): frozenset({MANAGER}),
    (P.REPORTED, P.CLOSED): frozenset({MANAGER}),
}
PLAN_ACTIONS = {
    (P.DRAFT, P.APPROVED): PlanAction.APPROVED,
    (P.APPROVED, P.DRAFT): PlanAction.RETURNED,
    (P.APPROVED, P.IN_PROGRESS): PlanAction.STARTED,
    (P.IN_PROGRESS, P.REPORTED): PlanAction.REPORTED,
    (P.REPORTED, P.IN_PROGRESS): PlanAction.REOPENED,
    (P.REPORTED, P.CLOSED): PlanAction.CLOSED,
}

RECOMMENDATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (R.OPEN, R.IN_PROGRESS): _FOLLOWERS,
    (R.OPEN, R.DONE): _FOLLOWERS,
    (R.OPEN, R.NOT_DONE): _FOLLOWERS,
    (R.OPEN, R.PARTLY_DONE): _FOLLOWERS,
    (R.IN_PROGRESS, R.DONE): _FOLLOWERS,
    (R.IN_PROGRESS, R.NOT_DONE): _FOLLOWERS,
    (R.IN_PROGRESS, R.PARTLY_DONE): _FOLLOWERS,
    (R.PARTLY_DONE, R.DONE): _FOLLOWERS,
    (R.PARTLY_DONE, R.NOT_DONE): _FOLLOWERS,
    # Taking back a settled verdict is the managers' and officers' call.
    (R.PARTLY_DONE, R.IN_PROGRESS): _RUNNERS,
    (R.NOT_DONE, R.IN_PROGRESS): _RUNNERS,
    (R.DONE, R.IN_PROGRESS): _RUNNERS,
}

# Where each kind of work may be recorded.
EDITABLE = frozenset({P.DRAFT, P.APPROVED, P.IN_PROGRESS})
FIELDWORK = frozenset({P.IN_PROGRESS, P.REPORTED})
FINDINGS_OPEN = frozenset({P.IN_PROGRESS})
FOLLOW_UP_OPEN = frozenset({P.IN_PROGRESS, P.REPORTED})


class TransitionError(Exception):
    pass


def is_on_team(user: Any, plan: SupervisionPlan) -> bool:
    pk = getattr(user, "pk", None)
    if pk is None:
        return False
    if plan.head_id == pk:
        return True
    # `members` is prefetched on detail pages; all() then costs no query.
    return any(m.pk == pk for m in plan.members.all())


def kinds_of(user: Any, plan: SupervisionPlan | None = None) -> frozenset[str]:
    """The actor kinds USER counts as for PLAN (none for outsiders)."""
    kinds = set()
    if has_any_role(user, OFFICE_MANAGERS):
        kinds.add(MANAGER)
    if has_any_role(user, frozenset({Role.Code.SUPERVISION_OFFICER})):
        kinds.add(OFFICER)
    if plan is not None and has_any_role(user, OFFICE_STAFF) and is_on_team(user, plan):
        kinds.add(TEAM)
    return frozenset(kinds)


def may_move_plan(user: Any, plan: SupervisionPlan, to: str) -> bool:
    allowed = PLAN_TRANSITIONS.get((plan.status, to), frozenset())
    return bool(allowed & kinds_of(user, plan))


def may_move_recommendation(user: Any, recommendation: Recommendation, to: str) -> bool:
    if recommendation.plan.status not in FOLLOW_UP_OPEN:
        return False
    allowed = RECOMMENDATION_TRANSITIONS.get((recommendation.status, to), frozenset())
    return bool(allowed & kinds_of(user, recommendation.plan))


def recommendation_targets(user: Any, recommendation: Recommendation) -> list[str]:
    return [
        to
        for (frm, to) in RECOMMENDATION_TRANSITIONS
        if frm == recommendation.status and may_move_recommendation(user, recommendation, to)
    ]


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _event(
    plan: SupervisionPlan,
    action: str,
    *,
    by: Any,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
    recommendation: Recommendation | None = None,
    evidence: UploadedFile | None = None,
    evidence_type: str = "",
    now: datetime.datetime | None = None,
) -> PlanEvent:
    event = PlanEvent(
        plan=plan,
        recommendation=recommendation,
        at=now or timezone.now(),
        actor=_actor(by),
        action=action,
        from_status=plan.status if from_status is None else from_status,
        to_status=plan.status if to_status is None else to_status,
        note=note[:1000],
        evidence_type=evidence_type if evidence is not None else "",
    )
    if evidence is not None:
        event.evidence.save(f"evidence{_extension(evidence_type)}", evidence, save=False)
    event.save()
    return event


def _extension(content_type: str) -> str:
    return {
        "application/pdf": ".pdf",
        "image/jpeg": ".jpg",
        "image/png": ".png",
    }.get(content_type, ".docx")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise TransitionError(message)


def _lock(plan: SupervisionPlan) -> SupervisionPlan:
    """The stored row, locked: two people acting at once cannot both move it."""
    return SupervisionPlan.objects.select_for_update().get(pk=plan.pk)


def _move_plan(plan: SupervisionPlan, to: str, *, by: Any) -> str:
    stored = _lock(plan)
    _check(
        stored.status == plan.status,
        _("The plan was changed by someone else meanwhile: reload the page."),
    )
    previous = plan.status
    if (previous, to) not in PLAN_TRANSITIONS:
        raise TransitionError(
            _("A plan cannot go from “%(a)s” to “%(b)s”.")
            % {"a": PlanStatus(previous).label, "b": PlanStatus(to).label}
        )
    _check(may_move_plan(by, plan, to), _("Your role may not make this change."))
    plan.status = to
    return previous


# ------------------------------------------------------------------------- plans


@transaction.atomic
def create_plan(
    *,
    values: dict[str, Any],
    members: Iterable[Any] = (),
    agencies: Iterable[Any] = (),
    petitions: Iterable[Any] = (),
    by: Any,
    now: datetime.datetime | None = None,
) -> SupervisionPlan:
    """Draft a plan with its team, agencies and petitions."""
    now = now or timezone.now()
    plan = SupervisionPlan(**values, status=PlanStatus.DRAFT, created_by=_actor(by), created_at=now)
    plan.save()
    plan.members.set(list(members))
    _set_agencies(plan, agencies)
    plan.petitions.set(list(petitions))
    _event(plan, PlanAction.CREATED, by=by, from_status="", now=now)
    return plan


def _set_agencies(plan: SupervisionPlan, agencies: Iterable[Any]) -> bool:
    wanted = [a.pk for a in agencies]
    current = {s.agency_id: s for s in SupervisedAgency.objects.filter(plan=plan)}
    changed = False
    for order, pk in enumerate(wanted):
        found = current.pop(pk, None)
        if found is None:
            SupervisedAgency.objects.create(plan=plan, agency_id=pk, order=order)
            changed = True
        elif found.order != order:
            found.order = order
            found.save(update_fields=["order"])
    for stale in current.values():
        # An agency already asked, heard or visited stays: its record is evidence.
        if stale.requests.exists() or stale.reports.exists() or stale.sessions.exists():
            raise TransitionError(
                _("%(agency)s already has requests, reports or sessions: it cannot be removed.")
                % {"agency": stale.agency}
            )
        stale.delete()
        changed = True
    return changed


def _label(name: str) -> str:
    return str(getattr(SupervisionPlan._meta.get_field(name), "verbose_name", name))


@transaction.atomic
def update_plan(
    plan: SupervisionPlan,
    *,
    values: dict[str, Any],
    members: Iterable[Any] | None = None,
    agencies: Iterable[Any] | None = None,
    petitions: Iterable[Any] | None = None,
    by: Any,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Correct a plan not yet reported; returns the labels of what changed."""
    stored = _lock(plan)
    _check(stored.status in EDITABLE, _("A reported or closed plan cannot be changed."))
    labels = [_label(n) for n, v in values.items() if getattr(stored, n) != v]
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    if members is not None:
        wanted = sorted(u.pk for u in members)
        if wanted != sorted(plan.members.values_list("pk", flat=True)):
            plan.members.set(wanted)
            labels.append(_label("members"))
    if agencies is not None and _set_agencies(plan, agencies):
        labels.append(_label("agencies"))
    if petitions is not None:
        wanted = sorted(p.pk for p in petitions)
        if wanted != sorted(plan.petitions.values_list("pk", flat=True)):
            plan.petitions.set(wanted)
            labels.append(_label("petitions"))
    if labels:
        _event(plan, PlanAction.EDITED, by=by, note=", ".join(labels), now=now)
    return labels


@transaction.atomic
def approve(plan: SupervisionPlan, *, by: Any, note: str = "", now: Any = None) -> None:
    """Draft → approved, by the Trưởng or Phó trưởng phòng."""
    now = now or timezone.now()
    previous = _move_plan(plan, PlanStatus.APPROVED, by=by)
    plan.approved_by = _actor(by)
    plan.approved_at = now
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(plan, PlanAction.APPROVED, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def return_for_revision(plan: SupervisionPlan, *, by: Any, note: str, now: Any = None) -> None:
    """Approved → draft, saying what to revise."""
    _check(bool(note.strip()), _("Say what needs revising."))
    previous = _move_plan(plan, PlanStatus.DRAFT, by=by)
    plan.approved_by = None
    plan.approved_at = None
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(plan, PlanAction.RETURNED, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def start(plan: SupervisionPlan, *, by: Any, note: str = "", now: Any = None) -> None:
    """Approved → in progress."""
    _check(plan.supervised_agencies.exists(), _("Name at least one agency to supervise."))
    previous = _move_plan(plan, PlanStatus.IN_PROGRESS, by=by)
    plan.save(update_fields=["status", "updated_at"])
    _event(plan, PlanAction.STARTED, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def issue_report(
    plan: SupervisionPlan,
    *,
    by: Any,
    report_number: str,
    reported_on: datetime.date,
    note: str = "",
    now: Any = None,
) -> None:
    """In progress → reported: the báo cáo kết quả giám sát was issued."""
    _check(bool(report_number.strip()), _("Give the number of the report."))
    _check(plan.findings.exists(), _("Record at least one finding before reporting."))
    previous = _move_plan(plan, PlanStatus.REPORTED, by=by)
    plan.report_number = report_number.strip()[:60]
    plan.reported_on = reported_on
    plan.save(update_fields=["status", "report_number", "reported_on", "updated_at"])
    _event(plan, PlanAction.REPORTED, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def reopen(plan: SupervisionPlan, *, by: Any, note: str, now: Any = None) -> None:
    """Reported → in progress, when the supervision must go on; the report stays on record."""
    _check(bool(note.strip()), _("Say why the supervision is reopened."))
    previous = _move_plan(plan, PlanStatus.IN_PROGRESS, by=by)
    plan.save(update_fields=["status", "updated_at"])
    _event(plan, PlanAction.REOPENED, by=by, from_status=previous, note=note, now=now)


def unsettled(plan: SupervisionPlan) -> int:
    return plan.recommendations.exclude(status__in=sorted(SETTLED)).count()


@transaction.atomic
def close(plan: SupervisionPlan, *, by: Any, note: str = "", now: Any = None) -> None:
    """Reported → closed: every recommendation settled, or a note saying why not."""
    note = note.strip()
    open_count = unsettled(plan)
    _check(
        open_count == 0 or bool(note),
        _("%(n)s recommendations are not settled: say why the plan is closed anyway.")
        % {"n": open_count},
    )
    previous = _move_plan(plan, PlanStatus.CLOSED, by=by)
    plan.closing_note = note[:1000]
    plan.save(update_fields=["status", "closing_note", "updated_at"])
    _event(plan, PlanAction.CLOSED, by=by, from_status=previous, note=note, now=now)


# ------------------------------------------------------------------------- fieldwork


def _fieldwork(supervised: SupervisedAgency) -> SupervisionPlan:
    plan = _lock(supervised.plan)
    _check(
        plan.status in FIELDWORK,
        _("Requests, reports and sessions are recorded once the supervision has started."),
    )
    return plan


@transaction.atomic
def send_request(
    supervised: SupervisedAgency, *, values: dict[str, Any], by: Any, now: Any = None
) -> ReportRequest:
    plan = _fieldwork(supervised)
    request = ReportRequest.objects.create(
        supervised=supervised, **values, created_by=_actor(by), created_at=now or timezone.now()
    )
    _event(
        plan,
        PlanAction.REQUEST_SENT,
        by=by,
        note=f"{supervised.agency}: {request.reference or f'{request.sent_on:%d/%m/%Y}'}",
        now=now,
    )
    return request


@transaction.atomic
def receive_report(
    supervised: SupervisedAgency,
    *,
    values: dict[str, Any],
    upload: UploadedFile | None = None,
    content_type: str = "",
    by: Any,
    now: Any = None,
) -> AgencyReport:
    plan = _fieldwork(supervised)
    report = AgencyReport(
        supervised=supervised, **values, created_by=_actor(by), created_at=now or timezone.now()
    )
    if upload is not None:
        report.content_type = content_type
        report.original_name = (upload.name or "")[:200]
        report.file.save(f"report{_extension(content_type)}", upload, save=False)
    report.save()
    _event(
        plan,
        PlanAction.REPORT_RECEIVED,
        by=by,
        note=f"{supervised.agency}: {report.number}",
        now=now,
    )
    return report


@transaction.atomic
def record_session(
    supervised: SupervisedAgency, *, values: dict[str, Any], by: Any, now: Any = None
) -> WorkingSession:
    plan = _fieldwork(supervised)
    session = WorkingSession.objects.create(supervised=supervised, **values, created_by=_actor(by))
    _event(
        plan,
        PlanAction.SESSION_HELD,
        by=by,
        note=f"{supervised.agency}: {session.date:%d/%m/%Y}, {session.place}",
        now=now,
    )
    return session


# ------------------------------------------------------------------------- findings


def _findings_open(plan: SupervisionPlan) -> SupervisionPlan:
    stored = _lock(plan)
    _check(
        stored.status in FINDINGS_OPEN,
        _("Findings and recommendations are recorded while the supervision is in progress."),
    )
    return stored


@transaction.atomic
def add_finding(
    plan: SupervisionPlan, *, text: str, agency: Any = None, by: Any, now: Any = None
) -> Finding:
    stored = _findings_open(plan)
    finding = Finding.objects.create(
        plan=stored,
        agency=agency,
        text=text,
        created_by=_actor(by),
        created_at=now or timezone.now(),
    )
    _event(stored, PlanAction.FINDING_ADDED, by=by, note=text[:200], now=now)
    return finding


@transaction.atomic
def correct_finding(
    finding: Finding, *, text: str, agency: Any = None, by: Any, now: Any = None
) -> bool:
    """Correct a finding while the supervision runs; False when nothing changed."""
    stored = _findings_open(finding.plan)
    if (finding.text, finding.agency_id) == (text, getattr(agency, "pk", None)):
        return False
    finding.text = text
    finding.agency = agency
    finding.save(update_fields=["text", "agency"])
    _event(stored, PlanAction.EDITED, by=by, note=_("Finding: %(t)s") % {"t": text[:200]}, now=now)
    return True


@transaction.atomic
def recommend(
    plan: SupervisionPlan,
    *,
    agency: Any,
    text: str,
    due_on: datetime.date,
    by: Any,
    now: Any = None,
) -> Recommendation:
    stored = _findings_open(plan)
    _check(
        stored.supervised_agencies.filter(agency=agency).exists(),
        _("A recommendation is addressed to one of the agencies supervised."),
    )
    item = Recommendation.objects.create(
        plan=stored,
        agency=agency,
        text=text,
        due_on=due_on,
        created_by=_actor(by),
        created_at=now or timezone.now(),
    )
    _event(
        stored,
        PlanAction.RECOMMENDED,
        by=by,
        recommendation=item,
        from_status="",
        to_status=item.status,
        note=f"{agency}: {text[:200]}",
        now=now,
    )
    return item


@transaction.atomic
def correct_recommendation(
    recommendation: Recommendation,
    *,
    agency: Any,
    text: str,
    due_on: datetime.date,
    by: Any,
    now: Any = None,
) -> bool:
    """Correct a recommendation while the supervision runs (its status moves only by
    `follow_up`); False when nothing changed."""
    stored = _findings_open(recommendation.plan)
    _check(
        stored.supervised_agencies.filter(agency=agency).exists(),
        _("A recommendation is addressed to one of the agencies supervised."),
    )
    before = (recommendation.agency_id, recommendation.text, recommendation.due_on)
    if before == (agency.pk, text, due_on):
        return False
    recommendation.agency = agency
    recommendation.text = text
    recommendation.due_on = due_on
    recommendation.save(update_fields=["agency", "text", "due_on"])
    _event(
        stored,
        PlanAction.EDITED,
        by=by,
        recommendation=recommendation,
        from_status=recommendation.status,
        to_status=recommendation.status,
        note=f"{agency}: {text[:200]}",
        now=now,
    )
    return True


@transaction.atomic
def follow_up(
    recommendation: Recommendation,
    *,
    to: str,
    note: str,
    by: Any,
    evidence: UploadedFile | None = None,
    evidence_type: str = "",
    today: datetime.date | None = None,
    now: Any = None,
) -> None:
    """Move a recommendation along its table, with a note and, if any, the evidence."""
    stored = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _check(
        stored.status == recommendation.status,
        _("The recommendation was changed by someone else meanwhile: reload the page."),
    )
    _check(bool(note.strip()), _("Write what was found when following up."))
    previous = recommendation.status
    if (previous, to) not in RECOMMENDATION_TRANSITIONS:
        raise TransitionError(
            _("A recommendation cannot go from “%(a)s” to “%(b)s”.")
            % {"a": RecommendationStatus(previous).label, "b": RecommendationStatus(to).label}
        )
    _check(
        recommendation.plan.status in FOLLOW_UP_OPEN,
        _("Recommendations are followed up while the plan is in progress or reported."),
    )
    _check(
        may_move_recommendation(by, recommendation, to), _("Your role may not make this change.")
    )
    recommendation.status = to
    recommendation.settled_on = (today or timezone.localdate()) if to in SETTLED else None
    recommendation.save(update_fields=["status", "settled_on"])
    _event(
        recommendation.plan,
        PlanAction.FOLLOWED_UP,
        by=by,
        recommendation=recommendation,
        from_status=previous,
        to_status=to,
        note=note.strip(),
        evidence=evidence,
        evidence_type=evidence_type,
        now=now,
    )
