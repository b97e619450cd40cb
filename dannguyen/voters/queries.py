"""What the voter-contact pages and the API read, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from dannguyen.lib.workdays import WorkCalendar

from . import deadlines, workflow
from .models import (
    Answer,
    AnswerResult,
    Audience,
    Competence,
    ContactPlan,
    Dispatch,
    Evaluation,
    Meeting,
    Opinion,
    PetitionStatus,
    RepeatLink,
    ReportStatus,
    RuleStep,
    Session,
    SynthesisReport,
    TimeRule,
    Timing,
    Verdict,
    VoterPetition,
)


def sessions() -> QuerySet[Session]:
    return (
        Session.objects.select_related("commune__parent")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            petition_count=Count("petitions", distinct=True),
        )
        .order_by("-opens_on", "-id")
    )


def session_detail(pk: int) -> QuerySet[Session]:
    return Session.objects.filter(pk=pk).select_related("commune__parent")


def meetings_of(session: Session) -> list[Meeting]:
    return list(
        session.meetings.select_related("commune__parent").annotate(opinion_count=Count("opinions"))
    )


def calendar_around(session: Session) -> WorkCalendar:
    first = session.opens_on - datetime.timedelta(days=120)
    last = session.closes_on + datetime.timedelta(days=120)
    return WorkCalendar.from_db(first, last)


def due_dates(session: Session, calendar: WorkCalendar) -> list[tuple[str, deadlines.Due]]:
    """The synthesis reports of the two rounds, with their basis (none without a rule)."""
    rules = list(TimeRule.objects.all())
    found = []
    for timing in (Timing.BEFORE, Timing.AFTER):
        due = deadlines.synthesis_due(
            timing=timing,
            kind=session.kind,
            opens_on=session.opens_on,
            closes_on=session.closes_on,
            rules=rules,
            calendar=calendar,
        )
        if due is not None:
            found.append((str(Timing(timing).label), due))
    return found


def publication_checks(
    session: Session, meetings: list[Meeting], calendar: WorkCalendar
) -> dict[int, dict[str, Any] | None]:
    """For each meeting: the last day to publish its round's plan (NQLT 72 Art 6), and
    whether the plan recorded was published in time."""
    plans = {p.timing: p for p in ContactPlan.objects.filter(session=session)}
    for meeting in meetings:
        meeting.session = session
    return {
        m.pk: workflow.plan_publication_late(m, plans.get(m.timing), calendar) for m in meetings
    }


def meeting_detail(pk: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(pk=pk).select_related("session__commune", "commune__parent")


def opinions_of(meeting: Meeting) -> list[Opinion]:
    return list(
        meeting.opinions.select_related("commune__parent", "intake", "group").order_by(
            "order", "id"
        )
    )


def petitions_of(session: Session) -> QuerySet[VoterPetition]:
    """The session's consolidated petitions with their opinions, meetings and communes."""
    return (
        session.petitions.select_related("field", "agency")
        .prefetch_related(
            Prefetch(
                "opinions",
                queryset=Opinion.objects.select_related(
                    "meeting", "commune", "meeting__commune"
                ).order_by("meeting__held_on", "order", "id"),
            )
        )
        .order_by("-is_fixed", "id")
    )


def reach(petition: VoterPetition) -> tuple[int, int]:
    """(meetings, communes) at which PETITION's opinions were raised (opinions prefetched)."""
    opinions = list(petition.opinions.all())
    meetings = {o.meeting_id for o in opinions}
    communes = {o.commune_id or o.meeting.commune_id for o in opinions}
    communes.discard(None)
    return len(meetings), len(communes)


def session_requests(session: Session) -> QuerySet[Opinion]:
    """The session's opinions that can be in a voters' petition (not letters for intake)."""
    return (
        Opinion.objects.filter(meeting__session=session, kind="request")
        .select_related("meeting")
        .order_by("meeting__held_on", "meeting_id", "order", "id")
    )


def ungrouped_count(session: Session) -> int:
    return session_requests(session).filter(group__isnull=True).count()


def opinions_with_meetings(petition: VoterPetition) -> list[Opinion]:
    """The petition's original opinions: meeting, commune, deputies, date."""
    return list(
        Opinion.objects.filter(group=petition)
        .select_related("meeting__commune", "commune")
        .order_by("meeting__held_on", "meeting_id", "order", "id")
    )


def reach_of(petition: VoterPetition) -> tuple[int, int]:
    """(meetings, communes) for one petition, in one query."""
    rows = Opinion.objects.filter(group=petition).values_list(
        "meeting_id", "commune_id", "meeting__commune_id"
    )
    meetings = {m for m, _c, _mc in rows}
    communes = {c or mc for _m, c, mc in rows} - {None}
    return len(meetings), len(communes)


def repeats_of(petition: VoterPetition) -> list[RepeatLink]:
    """Earlier sessions' petitions found similar, with their session (answers come with
    the answers' records)."""
    return list(
        RepeatLink.objects.filter(petition=petition)
        .select_related("earlier__session", "earlier__agency")
        .prefetch_related(Prefetch("earlier__answers", queryset=ANSWERS))
        .order_by("-score", "id")
    )


# ----------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Tracking:
    petition: VoterPetition
    forwarded_on: datetime.date | None
    due_on: datetime.date | None
    status: str
    answers: list[Answer]
    today: datetime.date
    # NQLT 72 Art 51: the first day the result may be published (none without a clock).
    publish_from: datetime.date | None = None

    @property
    def last_answer(self) -> Answer | None:
        return self.answers[-1] if self.answers else None

    @property
    def evaluation(self) -> Any:
        """The Đoàn's latest evaluation of the latest answer (None when not evaluated)."""
        last = self.last_answer
        return workflow.latest_evaluation(last) if last is not None else None

    @property
    def unsatisfactory(self) -> bool:
        evaluation = self.evaluation
        return evaluation is not None and evaluation.verdict == Verdict.UNSATISFACTORY

    @property
    def is_open(self) -> bool:
        """Not settled: no answer, still being resolved, or found wanting (NQLT 72 Art 53)."""
        return workflow.answer_state(self.last_answer, self.evaluation) == workflow.OPEN

    @property
    def promise_passed(self) -> bool:
        """Being resolved, with a promised date gone by: a follow-up is due."""
        last = self.last_answer
        return bool(
            last is not None
            and last.result == AnswerResult.IN_PROGRESS
            and last.promised_on is not None
            and last.promised_on < self.today
        )


ANSWERS = Answer.objects.select_related("agency").order_by("dated", "id")
# With the Đoàn's evaluations (one more query for the lot).
EVALUATED_ANSWERS = (
    Answer.objects.select_related("agency")
    .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.order_by("id")))
    .order_by("dated", "id")
)


def _audience_of(competence: str) -> str:
    return Audience.CENTRAL if competence == Competence.CENTRAL else Audience.LOCAL


def tracked(petitions: QuerySet[VoterPetition]) -> QuerySet[VoterPetition]:
    return (
        petitions.filter(status=PetitionStatus.CLASSIFIED)
        .select_related("session", "agency", "field")
        .prefetch_related(Prefetch("answers", queryset=EVALUATED_ANSWERS))
        .order_by("session__opens_on", "id")
    )


def tracking(
    petitions: list[VoterPetition], *, today: datetime.date, calendar: WorkCalendar
) -> list[Tracking]:
    """Each classified petition's 60-day clock (NQLT 72 Art 49(1)) from its sending."""
    sessions = {p.session_id for p in petitions}
    sent: dict[tuple[int, int, str], datetime.date] = {}
    for session_id, agency_id, audience, first in (
        Dispatch.objects.filter(report__session_id__in=sessions)
        .values("report__session_id", "agency_id", "report__audience")
        .annotate(first=Min("sent_on"))
        .values_list("report__session_id", "agency_id", "report__audience", "first")
    ):
        sent[(session_id, agency_id, audience)] = first
    rules = list(TimeRule.objects.filter(step__in=[RuleStep.ANSWER, RuleStep.PUBLICATION]))
    rows = []
    for petition in petitions:
        forwarded = (
            sent.get((petition.session_id, petition.agency_id, _audience_of(petition.competence)))
            if petition.agency_id
            else None
        )
        answers = list(petition.answers.all())
        due = None
        status = deadlines.AnswerStatus.OPEN
        if forwarded is not None:
            rule = deadlines.rule_for(
                rules, RuleStep.ANSWER, on=forwarded, session_kind=petition.session.kind
            )
            if rule is not None:
                due = deadlines.answer_due(forwarded, rule, calendar)
        if due is not None:
            status = deadlines.answer_status(
                due_on=due,
                answered_on=answers[0].received_on if answers else None,
                today=today,
            )
        elif answers:
            status = deadlines.AnswerStatus.ANSWERED
        publish = None
        if due is not None:
            rule = deadlines.rule_for(
                rules, RuleStep.PUBLICATION, on=due, session_kind=petition.session.kind
            )
            if rule is not None:
                publish = deadlines.publication_from(due, rule, calendar)
        rows.append(Tracking(petition, forwarded, due, status, answers, today, publish))
    return rows


def backlog(*, today: datetime.date, calendar: WorkCalendar) -> list[Tracking]:
    """Tồn đọng: petitions still being resolved, answered in a way the Đoàn found
    unsatisfactory, or not answered past their due date."""
    rows = tracking(list(tracked(VoterPetition.objects.all())), today=today, calendar=calendar)
    return [
        r
        for r in rows
        if (r.last_answer is not None and r.is_open)
        or (r.last_answer is None and r.status == deadlines.AnswerStatus.OVERDUE)
    ]


def publishable(*, today: datetime.date, calendar: WorkCalendar) -> list[Tracking]:
    """Answered petitions whose results may be published today (NQLT 72 Art 51), for the
    portal: the answers as recorded, from the first day the article allows."""
    rows = tracking(list(tracked(VoterPetition.objects.all())), today=today, calendar=calendar)
    return [r for r in rows if r.answers and r.publish_from is not None and r.publish_from <= today]


def commune_summary(session: Session, commune: Any) -> list[tuple[VoterPetition, list[Opinion]]]:
    """What the voters of COMMUNE raised in SESSION and what came of it (answers prefetched)."""
    here = Q(commune=commune) | Q(commune__isnull=True, meeting__commune=commune)
    opinions = (
        Opinion.objects.filter(here, meeting__session=session, group__isnull=False)
        .select_related("meeting")
        .order_by("group_id", "meeting__held_on", "order")
    )
    by_group: dict[int, list[Opinion]] = {}
    for opinion in opinions:
        by_group.setdefault(opinion.group_id or 0, []).append(opinion)
    petitions = (
        VoterPetition.objects.filter(pk__in=by_group)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "answers", queryset=Answer.objects.select_related("agency").order_by("dated", "id")
            )
        )
        .order_by("id")
    )
    return [(p, by_group[p.pk]) for p in petitions]


def communes_of(session: Session) -> list[Any]:
    """The communes whose voters raised something in SESSION (for the summaries back)."""
    from dannguyen.core.models import AdministrativeUnit  # noqa: PLC0415 -- core sits below

    ids = set(
        Opinion.objects.filter(meeting__session=session, group__isnull=False).values_list(
            "commune_id", flat=True
        )
    ) | set(session.meetings.values_list("commune_id", flat=True))
    ids.discard(None)
    return list(AdministrativeUnit.objects.filter(pk__in=ids).order_by("name"))


def calendar_window(petitions: list[VoterPetition], today: datetime.date) -> WorkCalendar:
    """The working-day calendar spanning PETITIONS' sessions and TODAY (one query)."""
    days = [p.session.opens_on for p in petitions] + [today]
    return WorkCalendar.from_db(
        min(days) - datetime.timedelta(days=30), max(days) + datetime.timedelta(days=400)
    )


# ----------------------------------------------------------------------------- việc của tôi

# Office practice: a synthesis report shows on "việc của tôi" this many days before it is due.
REPORT_NOTICE_DAYS = 7


@dataclass(frozen=True)
class WorkItem:
    """The shape of my_work.Row: label, detail, url, due date, late."""

    label: str
    detail: str
    url: str
    due_on: datetime.date | None = None
    late: bool = False


def my_work_items(user: Any, *, today: datetime.date) -> list[WorkItem]:
    """Voter work waiting for USER (a voter-contact officer or manager): synthesis reports
    not sent and due within a week or late; contact plans not published by the last day
    their first meeting allows (NQLT 72 Art 6); 60-day answers overdue. Soonest first."""
    from django.utils.translation import gettext as _  # noqa: PLC0415 -- local: lazy names

    from .permissions import can_record_answers  # noqa: PLC0415 -- permissions imports models

    if not can_record_answers(user):
        return []
    items: list[WorkItem] = []
    horizon = today + datetime.timedelta(days=REPORT_NOTICE_DAYS)
    for report in (
        SynthesisReport.objects.exclude(status=ReportStatus.SENT)
        .filter(due_on__lte=horizon)
        .select_related("session")
        .order_by("due_on", "id")[:50]
    ):
        items.append(
            WorkItem(
                str(report.session),
                _("Synthesis report %(round)s: %(status)s")
                % {"round": report.get_timing_display(), "status": report.get_status_display()},
                report.get_absolute_url(),
                report.due_on,
                report.due_on is not None and report.due_on < today,
            )
        )
    rules = list(TimeRule.objects.filter(step=RuleStep.PLAN_PUBLICATION))
    first_meetings = (
        Meeting.objects.filter(held_on__gte=today)
        .values("session_id", "timing")
        .annotate(first=Min("held_on"))
        .order_by("first")[:50]
    )
    wanted = {(m["session_id"], m["timing"]): m["first"] for m in first_meetings}
    if wanted:
        published = {
            (p.session_id, p.timing)
            for p in ContactPlan.objects.filter(
                session_id__in={s for s, _t in wanted}, published_on__isnull=False
            )
        }
        sessions = Session.objects.in_bulk({s for s, _t in wanted})
        calendar = WorkCalendar.from_db(today - datetime.timedelta(days=30), max(wanted.values()))
        for (session_id, timing), first in wanted.items():
            session = sessions[session_id]
            rule = deadlines.rule_for(
                rules, RuleStep.PLAN_PUBLICATION, on=first, session_kind=session.kind
            )
            if rule is None or (session_id, timing) in published:
                continue
            last = deadlines.plan_published_by(first, rule, calendar)
            if last > horizon:
                continue
            items.append(
                WorkItem(
                    str(session),
                    _("Contact plan %(round)s not published") % {"round": Timing(timing).label},
                    session.get_absolute_url(),
                    last,
                    last < today,
                )
            )
    open_petitions = list(
        tracked(VoterPetition.objects.filter(agency__isnull=False, answers__isnull=True))[:500]
    )
    if open_petitions:
        for row in tracking(
            open_petitions, today=today, calendar=calendar_window(open_petitions, today)
        ):
            if row.status == deadlines.AnswerStatus.OVERDUE:
                items.append(
                    WorkItem(
                        row.petition.agency.name if row.petition.agency else "",
                        _("Answer overdue: %(title)s") % {"title": row.petition.title[:120]},
                        row.petition.get_absolute_url(),
                        row.due_on,
                        True,
                    )
                )
    items.sort(key=lambda i: (i.due_on or datetime.date.max, i.label))
    return items
