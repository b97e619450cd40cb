"""Voter contact workflow: sessions, contact plans, meetings and the opinions raised.

Every verb runs in one transaction with the `VoterEvent` it writes. Refusals are
`WorkflowError`s carrying a Vietnamese message (and the form field it concerns), shown as
they are by the pages and the API.

Complaints and denunciations raised at a meeting are letters, not voters' petitions (NQLT 72
Art 37(4)): they are registered through the petition register (`petitions.workflow.register`,
channel "at a voter meeting") and linked from the opinion; the grouping never sees them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.permissions import OFFICE_MANAGERS, has_any_role
from dannguyen.core.models import AdministrativeUnit, Agency
from dannguyen.correspondence import services as letters
from dannguyen.correspondence import workflow as letter_workflow
from dannguyen.lib.workdays import WorkCalendar
from dannguyen.petitions import workflow as petitions_workflow
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import Channel, ReceivingSubject

from . import deadlines
from .models import (
    DETAILS_OF,
    INTAKE_KINDS,
    Answer,
    AnswerDetail,
    AnswerResult,
    Body,
    ContactPlan,
    Dispatch,
    Evaluation,
    EventAction,
    Meeting,
    Opinion,
    OpinionKind,
    PetitionStatus,
    ReportStatus,
    RuleStep,
    Session,
    SynthesisReport,
    TimeRule,
    Verdict,
    VoterEvent,
    VoterPetition,
    actor,
)
from .permissions import RECORDERS

MAX_OPINION_CHARS = 10_000

SESSION_FIELDS = ("body", "commune", "term", "number", "kind", "opens_on", "closes_on")
MEETING_FIELDS = (
    "timing",
    "kind",
    "method",
    "held_on",
    "place",
    "commune",
    "chair",
    "na_deputies",
    "province_deputies",
    "commune_deputies",
    "officials",
    "voter_count",
    "minutes_text",
)


class WorkflowError(Exception):
    """A refused change; FIELD names the form field it concerns ("" for the whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class OpinionInput:
    content: str
    speaker: str = ""
    commune: AdministrativeUnit | None = None
    kind: str = OpinionKind.REQUEST
    answered_on_spot: bool = False
    answered_by: str = ""


def event(
    session: Session,
    action: str,
    *,
    by: Any,
    petition: VoterPetition | None = None,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
    details: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> VoterEvent:
    return VoterEvent.objects.create(
        session=session,
        petition_ref=petition.pk if petition is not None else None,
        at=now or timezone.now(),
        actor=actor(by),
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note[:1000],
        details=details or {},
    )


# ----------------------------------------------------------------------------- sessions


def _neighbours(session: Session) -> tuple[Session | None, Session | None]:
    """The previous and the next session of the same body (and commune)."""
    same = Session.objects.filter(body=session.body, commune=session.commune).exclude(pk=session.pk)
    previous = same.filter(opens_on__lt=session.opens_on).order_by("-opens_on", "-id").first()
    following = same.filter(opens_on__gt=session.opens_on).order_by("opens_on", "id").first()
    return previous, following


def window_of(session: Session, timing: str) -> deadlines.Window:
    """The days a meeting of SESSION's round TIMING may be held (rules in force, neighbours)."""
    step = RuleStep.MEETINGS_BEFORE if timing == "before" else RuleStep.MEETINGS_AFTER
    rule = deadlines.rule_for(
        TimeRule.objects.filter(step=step), step, on=session.opens_on, session_kind=session.kind
    )
    previous, following = _neighbours(session)
    return deadlines.meeting_window(
        timing=timing,
        opens_on=session.opens_on,
        closes_on=session.closes_on,
        rule=rule,
        previous_closes_on=previous.closes_on if previous else None,
        next_opens_on=following.opens_on if following else None,
    )


def _check_session(values: dict[str, Any], *, pk: int | None = None) -> None:
    if values["closes_on"] < values["opens_on"]:
        raise WorkflowError(_("A session cannot close before it opens."), "closes_on")
    if values["body"] == Body.HDND_COMMUNE and values.get("commune") is None:
        raise WorkflowError(_("Name the commune of this People's Council."), "commune")
    if values["body"] != Body.HDND_COMMUNE:
        values["commune"] = None
    same = Session.objects.filter(
        body=values["body"],
        commune=values.get("commune"),
        term=values["term"],
        number=values["number"],
    ).exclude(pk=pk)
    if same.exists():
        raise WorkflowError(_("This session is already recorded."), "number")


@transaction.atomic
def create_session(*, values: dict[str, Any], by: Any) -> Session:
    values = {k: values.get(k) for k in SESSION_FIELDS}
    values["term"] = (values["term"] or "").strip().upper()
    _check_session(values)
    session = Session.objects.create(**values, created_by=actor(by))
    event(session, EventAction.SESSION_CREATED, by=by)
    return session


@transaction.atomic
def update_session(session: Session, *, values: dict[str, Any], by: Any) -> Session:
    stored = Session.objects.select_for_update().get(pk=session.pk)
    values = {k: values.get(k) for k in SESSION_FIELDS}
    values["term"] = (values["term"] or "").strip().upper()
    _check_session(values, pk=stored.pk)
    for key, value in values.items():
        setattr(stored, key, value)
    for timing in ("before", "after"):
        window = window_of(stored, timing)
        outside = stored.meetings.filter(timing=timing).exclude(
            held_on__range=(window.first, window.last)
        )
        if outside.exists():
            raise WorkflowError(
                _("Meetings already recorded would lie outside the new dates of the session."),
                "opens_on",
            )
    stored.save()
    event(stored, EventAction.SESSION_EDITED, by=by)
    return stored


@transaction.atomic
def record_plan(*, session: Session, values: dict[str, Any], by: Any) -> ContactPlan:
    """Record (or correct) the contact plan of SESSION's round values["timing"]."""
    plan, _created = ContactPlan.objects.update_or_create(
        session=session,
        timing=values["timing"],
        defaults={
            "reference": values.get("reference", ""),
            "issued_on": values["issued_on"],
            "published_on": values.get("published_on"),
            "content": values.get("content", ""),
            "created_by": actor(by),
        },
    )
    event(session, EventAction.PLAN_RECORDED, by=by, note=plan.reference)
    return plan


def plan_publication_late(
    meeting: Meeting, plan: ContactPlan | None, calendar: WorkCalendar
) -> dict[str, Any] | None:
    """The publication check of NQLT 72 Art 6 for MEETING: the last day and whether it was met.

    None when no rule is in force on the meeting's day.
    """
    rule = deadlines.rule_for(
        TimeRule.objects.filter(step=RuleStep.PLAN_PUBLICATION),
        RuleStep.PLAN_PUBLICATION,
        on=meeting.held_on,
        session_kind=meeting.session.kind,
    )
    if rule is None:
        return None
    last = deadlines.plan_published_by(meeting.held_on, rule, calendar)
    published = plan.published_on if plan is not None else None
    return {
        "last_day": last,
        "published_on": published,
        "in_time": published is not None and published <= last,
        "basis": rule.legal_basis,
    }


# ----------------------------------------------------------------------------- meetings


def meeting_date_error(session: Session, timing: str, held_on: datetime.date) -> str:
    """Why a meeting of SESSION's round TIMING cannot be held on HELD_ON ("" if it can)."""
    window = window_of(session, timing)
    if held_on in window:
        return ""
    return _("A meeting %(round)s this session must be held between %(first)s and %(last)s.") % {
        "round": _("before") if timing == "before" else _("after"),
        "first": "…" if window.first == datetime.date.min else f"{window.first:%d/%m/%Y}",
        "last": "…" if window.last == datetime.date.max else f"{window.last:%d/%m/%Y}",
    }


def _check_meeting(session: Session, values: dict[str, Any]) -> None:
    message = meeting_date_error(session, values["timing"], values["held_on"])
    if message:
        raise WorkflowError(message, "held_on")
    if not (values.get("place") or "").strip():
        raise WorkflowError(_("Say where the meeting was held."), "place")


@transaction.atomic
def record_meeting(
    *, session: Session, values: dict[str, Any], minutes_file: Any = None, by: Any
) -> Meeting:
    values = {k: values[k] for k in MEETING_FIELDS if k in values}
    _check_meeting(session, values)
    meeting = Meeting(session=session, created_by=actor(by), **values)
    if minutes_file is not None:
        meeting.minutes_file.save(minutes_file.name, minutes_file, save=False)
    meeting.save()
    event(session, EventAction.MEETING_RECORDED, by=by, note=str(meeting))
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, values: dict[str, Any], minutes_file: Any = None, by: Any
) -> Meeting:
    stored = Meeting.objects.select_for_update().select_related("session").get(pk=meeting.pk)
    values = {k: values[k] for k in MEETING_FIELDS if k in values}
    _check_meeting(stored.session, values)
    for key, value in values.items():
        setattr(stored, key, value)
    if minutes_file is not None:
        stored.minutes_file.save(minutes_file.name, minutes_file, save=False)
    stored.save()
    event(stored.session, EventAction.MEETING_EDITED, by=by, note=str(stored))
    return stored


# ----------------------------------------------------------------------------- opinions


def clean_content(text: str) -> str:
    content = " ".join((text or "").split())
    if not content:
        raise WorkflowError(_("An opinion cannot be empty."), "content")
    if len(content) > MAX_OPINION_CHARS:
        raise WorkflowError(
            _("An opinion is at most %(n)s characters long.") % {"n": MAX_OPINION_CHARS},
            "content",
        )
    return content


def _intake_values(meeting: Meeting, opinion: Opinion) -> dict[str, Any]:
    session = meeting.session
    note = _("Raised at the voter meeting of %(date)s at %(place)s.") % {
        "date": f"{meeting.held_on:%d/%m/%Y}",
        "place": meeting.place,
    }
    subject = (
        ReceivingSubject.NA_DELEGATION
        if session.body == Body.NA
        else ReceivingSubject.COUNCIL_STANDING
    )
    return {
        "received_on": meeting.held_on,
        "channel": Channel.VOTER_MEETING,
        "receiving_subject": subject,
        "content": opinion.content,
        "kind": opinion.kind,
        "is_anonymous": not opinion.speaker,
        "note": note,
    }


def _send_to_intake(opinion: Opinion, *, by: Any) -> None:
    meeting = opinion.meeting
    people = [PersonInput(full_name=opinion.speaker)] if opinion.speaker else []
    petition = petitions_workflow.register(
        values=_intake_values(meeting, opinion), people=people, by=by
    )
    opinion.intake = petition
    opinion.group = None


@transaction.atomic
def add_opinions(
    *, meeting: Meeting, items: Sequence[OpinionInput], by: Any, minutes_text: str = ""
) -> list[Opinion]:
    """Record the opinions raised at MEETING, in the order given (after those recorded).

    MINUTES_TEXT, the minutes they were cut from, is kept as the meeting's minutes when it
    has none yet.
    """
    if not items:
        raise WorkflowError(_("There is no opinion to record."), "content")
    cleaned = [clean_content(item.content) for item in items]
    for item in items:
        if item.kind not in OpinionKind.values:
            raise WorkflowError(_("Unknown kind of opinion."), "kind")
    start = meeting.opinions.count()
    created = []
    for n, (item, content) in enumerate(zip(items, cleaned, strict=True), start=1):
        opinion = Opinion(
            meeting=meeting,
            order=start + n,
            speaker=item.speaker.strip()[:200],
            content=content,
            commune=item.commune or meeting.commune,
            kind=item.kind,
            answered_on_spot=item.answered_on_spot,
            answered_by=item.answered_by.strip()[:200] if item.answered_on_spot else "",
            created_by=actor(by),
        )
        if opinion.kind in INTAKE_KINDS:
            _send_to_intake(opinion, by=by)
        opinion.save()
        created.append(opinion)
    if minutes_text.strip() and not meeting.minutes_text:
        meeting.minutes_text = minutes_text.strip()
        meeting.save(update_fields=["minutes_text"])
    sent = [o.intake.code for o in created if o.intake is not None]
    event(
        meeting.session,
        EventAction.OPINIONS_ADDED,
        by=by,
        note=str(meeting),
        details={"opinions": [o.pk for o in created], "sent_to_intake": sent},
    )
    return created


@transaction.atomic
def update_opinion(opinion: Opinion, *, item: OpinionInput, by: Any) -> Opinion:
    """Correct an opinion. Turning it into a complaint or denunciation registers the letter;
    one already registered stays a letter (the petition register has its own corrections)."""
    # Lock the opinion's own row: PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer join to its group.
    stored = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("meeting__session", "group")
        .get(pk=opinion.pk)
    )
    content = clean_content(item.content)
    if item.kind not in OpinionKind.values:
        raise WorkflowError(_("Unknown kind of opinion."), "kind")
    if stored.intake_id is not None and item.kind != stored.kind:
        raise WorkflowError(
            _("This opinion was registered as petition %(code)s: correct it there.")
            % {"code": stored.intake.code if stored.intake else ""},
            "kind",
        )
    stored.content = content
    stored.speaker = item.speaker.strip()[:200]
    stored.commune = item.commune
    stored.answered_on_spot = item.answered_on_spot
    stored.answered_by = item.answered_by.strip()[:200] if item.answered_on_spot else ""
    action = EventAction.OPINION_EDITED
    old_group = stored.group
    if item.kind in INTAKE_KINDS and stored.intake_id is None:
        stored.kind = item.kind
        _send_to_intake(stored, by=by)
        action = EventAction.SENT_TO_INTAKE
    stored.save()
    if old_group is not None and stored.group_id is None and not old_group.opinions.exists():
        # The group held only this opinion: nothing is left to petition for.
        old_group.delete()
    event(
        stored.meeting.session,
        action,
        by=by,
        petition=old_group if action == EventAction.SENT_TO_INTAKE else stored.group,
        details={"opinion": stored.pk, "intake": stored.intake.code if stored.intake else ""},
    )
    return stored


# ----------------------------------------------------------------------------- synthesis reports

# (from, to) → who may: the office's managers approve and return; the officers who drafted
# the report record its sending once it is approved.
MANAGER = "manager"
RECORDER = "recorder"
REPORT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (ReportStatus.DRAFT, ReportStatus.APPROVED): frozenset({MANAGER}),
    (ReportStatus.APPROVED, ReportStatus.DRAFT): frozenset({MANAGER}),
    (ReportStatus.APPROVED, ReportStatus.SENT): frozenset({MANAGER, RECORDER}),
}


def report_actor_kinds(user: Any) -> frozenset[str]:
    kinds = set()
    if has_any_role(user, OFFICE_MANAGERS):
        kinds.add(MANAGER)
    if has_any_role(user, RECORDERS):
        kinds.add(RECORDER)
    return frozenset(kinds)


def may_move_report(user: Any, report: SynthesisReport, to: str) -> bool:
    return bool(REPORT_TRANSITIONS.get((report.status, to), frozenset()) & report_actor_kinds(user))


def _lock_report(report: SynthesisReport, version: int | None) -> SynthesisReport:
    stored = SynthesisReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and stored.version != version:
        raise WorkflowError(_("The report was changed by someone else meanwhile: reload the page."))
    return stored


def _move_report(
    report: SynthesisReport, to: str, *, by: Any, version: int | None
) -> SynthesisReport:
    stored = _lock_report(report, version)
    if not may_move_report(by, stored, to):
        raise WorkflowError(_("This report cannot be moved to that status by you now."))
    stored.status = to
    stored.version += 1
    return stored


@contextmanager
def _as_workflow_error() -> Iterator[None]:
    """The register's refusals, said as this workflow's."""
    try:
        yield
    except (PermissionDenied, letter_workflow.TransitionError) as error:
        raise WorkflowError(str(error)) from error


def _register_entry(
    report: SynthesisReport, *, by: Any, now: datetime.datetime | None = None
) -> Any:
    """The report's entry in the sổ văn bản đi, cleared by the manager approving the report
    (drafted, submitted and approved in the register by the same person, in this
    transaction); numbered when the report is first sent."""
    timing = _("before the session") if report.timing == "before" else _("after the session")
    summary = f"tổng hợp ý kiến, kiến nghị của cử tri {timing} — {report.session}"
    with _as_workflow_error():
        letter = letters.draft_letter(
            # The register has no kind for a báo cáo: it goes as the công văn sending it.
            kind="forwarding_letter",
            by=by,
            subject=f"gửi Báo cáo {summary}",
            body="\n".join(
                (
                    f"Thực hiện Điều 37 Nghị quyết liên tịch số 72/2025, {settings.OFFICE_NAME} "
                    f"gửi kèm theo Báo cáo {summary}.",
                    "Đề nghị các cơ quan xem xét, giải quyết, trả lời theo thẩm quyền trong "
                    "thời hạn 60 ngày (khoản 1 Điều 49).",
                )
            ),
            extra={"voters_report": report.pk},
            now=now,
        )
        letter_workflow.submit(letter, by=by, now=now)
        letter_workflow.approve(letter, by=by, now=now)
    return letter


def _number(report: SynthesisReport, *, by: Any, now: datetime.datetime | None = None) -> None:
    """Number the report in the sổ văn bản đi as it is first sent: its number and date are
    the register's, printed on the Word file."""
    if report.letter is None:
        report.letter = _register_entry(report, by=by, now=now)
    with _as_workflow_error():
        letter_workflow.issue(report.letter, by=by, now=now)
    report.reference = f"{report.letter.number:02d}/{report.session.report_symbol}"


@transaction.atomic
def draft_report(
    *, session: Session, timing: str, audience: str, proposals: str, reference: str, by: Any
) -> SynthesisReport:
    if SynthesisReport.objects.filter(session=session, timing=timing, audience=audience).exists():
        raise WorkflowError(_("This report is already drafted: open it."), "audience")
    due = deadlines.synthesis_due(
        timing=timing,
        kind=session.kind,
        opens_on=session.opens_on,
        closes_on=session.closes_on,
        rules=TimeRule.objects.all(),
        calendar=WorkCalendar.from_db(
            session.opens_on, session.closes_on + datetime.timedelta(days=60)
        ),
    )
    report = SynthesisReport.objects.create(
        session=session,
        timing=timing,
        audience=audience,
        proposals=proposals.strip(),
        reference=reference.strip(),
        due_on=due.due_on if due else None,
        due_basis=due.basis if due else "",
        created_by=actor(by),
    )
    event(session, EventAction.REPORT_DRAFTED, by=by, note=str(report), to_status=report.status)
    return report


@transaction.atomic
def update_report(
    report: SynthesisReport, *, proposals: str, reference: str, by: Any, version: int | None = None
) -> SynthesisReport:
    stored = _lock_report(report, version)
    if stored.status == ReportStatus.SENT:
        raise WorkflowError(_("A report already sent cannot be changed."))
    stored.proposals = proposals.strip()
    stored.reference = reference.strip()
    stored.version += 1
    stored.save()
    return stored


def unclassified(session: Session) -> int:
    """The session's petitions not yet classified: a report cannot be approved with them."""
    return (
        VoterPetition.objects.filter(session=session)
        .exclude(status=PetitionStatus.CLASSIFIED)
        .count()
    )


@transaction.atomic
def approve_report(
    report: SynthesisReport,
    *,
    by: Any,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> SynthesisReport:
    left = unclassified(report.session)
    if left:
        raise WorkflowError(
            _("%(n)s petition(s) of this session are not classified yet: classify them first.")
            % {"n": left}
        )
    stored = _move_report(report, ReportStatus.APPROVED, by=by, version=version)
    stored.approved_by = actor(by)
    stored.approved_at = now or timezone.now()
    stored.letter = _register_entry(stored, by=by, now=stored.approved_at)
    stored.save()
    event(
        stored.session,
        EventAction.REPORT_APPROVED,
        by=by,
        note=str(stored),
        from_status=ReportStatus.DRAFT,
        to_status=stored.status,
    )
    return stored


@transaction.atomic
def return_report(
    report: SynthesisReport, *, by: Any, note: str = "", version: int | None = None
) -> SynthesisReport:
    stored = _move_report(report, ReportStatus.DRAFT, by=by, version=version)
    stored.approved_by = None
    stored.approved_at = None
    if stored.letter is not None:
        # The cleared entry goes with the approval; a new approval clears a new one.
        letter = stored.letter
        with _as_workflow_error():
            letter_workflow.return_to_draft(
                letter, by=by, note=note.strip() or _("Report returned to draft")
            )
            letter_workflow.cancel(letter, by=by, note=_("Report returned to draft"))
        stored.letter = None
    stored.save()
    event(
        stored.session,
        EventAction.REPORT_RETURNED,
        by=by,
        note=note,
        from_status=ReportStatus.APPROVED,
        to_status=stored.status,
    )
    return stored


@transaction.atomic
def record_dispatch(
    report: SynthesisReport,
    *,
    agencies: Sequence[Agency],
    sent_on: datetime.date,
    by: Any,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> SynthesisReport:
    """Record the report sent to AGENCIES on SENT_ON; the first sending marks it sent and
    numbers it in the sổ văn bản đi (NOW: when, for recording a past sending's register)."""
    if not agencies:
        raise WorkflowError(_("Choose the agencies the report was sent to."), "agencies")
    stored = _lock_report(report, version)
    if stored.status == ReportStatus.DRAFT:
        raise WorkflowError(_("A report is sent only once approved."))
    if stored.approved_at is not None and sent_on < timezone.localdate(stored.approved_at):
        raise WorkflowError(_("A report cannot be sent before it was approved."), "sent_on")
    already = set(stored.dispatches.values_list("agency_id", flat=True))
    new = [a for a in agencies if a.pk not in already]
    if not new:
        raise WorkflowError(_("The report was already sent to these agencies."), "agencies")
    Dispatch.objects.bulk_create(
        Dispatch(report=stored, agency=a, sent_on=sent_on, created_by=actor(by)) for a in new
    )
    previous = stored.status
    if previous == ReportStatus.APPROVED:
        if not may_move_report(by, stored, ReportStatus.SENT):
            raise WorkflowError(_("This report cannot be moved to that status by you now."))
        stored.status = ReportStatus.SENT
        _number(stored, by=by, now=now)
    stored.version += 1
    stored.save()
    event(
        stored.session,
        EventAction.REPORT_SENT,
        by=by,
        note=", ".join(a.name for a in new),
        from_status=previous,
        to_status=stored.status,
    )
    return stored


# ----------------------------------------------------------------------------- answers

ANSWER_FIELDS = (
    "agency",
    "reference",
    "dated",
    "received_on",
    "signer",
    "text",
    "result",
    "detail",
    "roadmap",
    "promised_on",
)


def check_answer(values: dict[str, Any]) -> None:
    """The rules of an answer's record, said field by field (the model's constraints too)."""
    result = values.get("result")
    detail = values.get("detail") or ""
    if result not in AnswerResult.values:
        raise WorkflowError(_("Choose the result of the answer."), "result")
    if detail and detail not in DETAILS_OF[AnswerResult(result)]:
        raise WorkflowError(_("This detail does not go with this result."), "detail")
    if values["received_on"] < values["dated"]:
        raise WorkflowError(_("An answer cannot be received before it is dated."), "received_on")
    if result != AnswerResult.IN_PROGRESS and values.get("promised_on"):
        raise WorkflowError(
            _("Only an answer still being resolved promises a date."), "promised_on"
        )
    if detail == AnswerDetail.ROADMAP and not values.get("promised_on"):
        raise WorkflowError(_("A roadmap needs the date promised."), "promised_on")
    if not (values.get("text") or "").strip() and not values.get("has_file"):
        raise WorkflowError(_("Give the answer's text or its file."), "text")


@transaction.atomic
def record_answer(
    petition: VoterPetition, *, values: dict[str, Any], file: Any = None, by: Any
) -> Answer:
    """Record an agency's answer to a classified petition (NQLT 72 Art 49)."""
    petition = (
        VoterPetition.objects.select_for_update().select_related("session").get(pk=petition.pk)
    )
    if petition.status != PetitionStatus.CLASSIFIED:
        raise WorkflowError(_("Only a classified petition is answered by an agency."))
    check_answer({**values, "has_file": file is not None})
    answer = Answer(
        petition=petition,
        created_by=actor(by),
        **{k: values.get(k) for k in ANSWER_FIELDS if k in values},
    )
    answer.detail = answer.detail or ""
    answer.text = (answer.text or "").strip()
    if file is not None:
        answer.file.save(file.name, file, save=False)
    answer.save()
    event(
        petition.session,
        EventAction.ANSWERED,
        by=by,
        petition=petition,
        note=f"{answer.reference} ({answer.get_result_display()})",
    )
    return answer


# ----------------------------------------------------------------------------- evaluations

# Where a petition stands after its answers and the Đoàn's evaluations (the history's
# from / to): SETTLED once resolved or explained and not found wanting; OPEN otherwise.
OPEN = "open"
SETTLED = "settled"


def answer_state(answer: Answer | None, evaluation: Evaluation | None) -> str:
    """OPEN or SETTLED for a petition whose latest answer is ANSWER, evaluated EVALUATION.

    An answer still being resolved leaves it open; so does one the Đoàn found unsatisfactory
    (NQLT 72 Art 53–54: it stays tồn đọng until a better answer comes).
    """
    if answer is None or answer.result == AnswerResult.IN_PROGRESS:
        return OPEN
    if evaluation is not None and evaluation.verdict == Verdict.UNSATISFACTORY:
        return OPEN
    return SETTLED


def latest_evaluation(answer: Answer) -> Evaluation | None:
    """ANSWER's latest evaluation, from the prefetched `evaluations` when there."""
    found = sorted(answer.evaluations.all(), key=lambda e: (e.evaluated_on, e.pk or 0))
    return found[-1] if found else None


@transaction.atomic
def evaluate_answer(
    answer: Answer,
    *,
    verdict: str,
    note: str,
    evaluator: str,
    evaluated_on: datetime.date,
    on_schedule: bool = True,
    by: Any,
) -> Evaluation:
    """Record the Đoàn's evaluation of ANSWER (NQLT 72 Art 53–54) and what it does to its
    petition: an unsatisfactory evaluation of the latest answer keeps the petition open."""
    petition = (
        VoterPetition.objects.select_for_update()
        .select_related("session")
        .get(pk=answer.petition_id)
    )
    if verdict not in Verdict.values:
        raise WorkflowError(_("Choose the evaluation."), "verdict")
    note = (note or "").strip()
    if verdict == Verdict.UNSATISFACTORY and not note:
        raise WorkflowError(_("Say why the answer does not meet the request."), "note")
    evaluator = (evaluator or "").strip() or (by.get_full_name() if actor(by) else "")
    if not evaluator:
        raise WorkflowError(_("Name who evaluated the answer."), "evaluator")
    if evaluated_on < answer.received_on:
        raise WorkflowError(
            _("An answer cannot be evaluated before it was received."), "evaluated_on"
        )
    if evaluated_on > timezone.localdate():
        raise WorkflowError(_("An evaluation cannot be dated in the future."), "evaluated_on")
    answers = list(
        Answer.objects.filter(petition=petition)
        .prefetch_related("evaluations")
        .order_by("dated", "id")
    )
    last = answers[-1]
    before = answer_state(last, latest_evaluation(last))
    evaluation = Evaluation.objects.create(
        answer=answer,
        verdict=verdict,
        on_schedule=on_schedule,
        note=note,
        evaluator=evaluator[:200],
        evaluated_on=evaluated_on,
        created_by=actor(by),
    )
    last = Answer.objects.prefetch_related("evaluations").get(pk=last.pk)
    after = answer_state(last, latest_evaluation(last))
    event(
        petition.session,
        EventAction.EVALUATED,
        by=by,
        petition=petition,
        from_status=before,
        to_status=after,
        note=f"{answer.reference}: {evaluation.get_verdict_display()}"
        + (f" — {note}" if note else ""),
        details={"answer": answer.pk, "evaluation": evaluation.pk, "evaluator": evaluator},
    )
    return evaluation


# ----------------------------------------------------------------------------- petition statuses
# groups.py and classification.py run the grouping and classification verbs (locks, checks,
# events); the statuses they lead to are set here.


def keep_as_staff(petition: VoterPetition) -> None:
    """Staff accepted, made or changed PETITION: kept as it is by later grouping runs."""
    if petition.status == PetitionStatus.PROPOSED:
        petition.status = PetitionStatus.ACCEPTED
    petition.is_fixed = True
    petition.cohesion = None
    petition.version += 1


def mark_classified(
    petition: VoterPetition, *, field: Any, competence: str, agency: Agency | None
) -> None:
    petition.field = field
    petition.competence = competence
    petition.agency = agency
    petition.status = PetitionStatus.CLASSIFIED
    petition.is_fixed = True
    petition.cohesion = None
    petition.version += 1
