"""The two transition tables, exhaustively (every from × to × kind of actor), and whole flows.

Status set-up goes straight to the database (it is the state under test, not a step);
every move goes through workflow.py.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from dannguyen.core.models import Agency
from dannguyen.petitions.models import AppendOnly
from dannguyen.supervision import workflow
from dannguyen.supervision.models import (
    Finding,
    PlanAction,
    PlanEvent,
    PlanStatus,
    Recommendation,
    RecommendationStatus,
    SupervisionPlan,
)
from dannguyen.supervision.workflow import MANAGER, OFFICER, TEAM

pytestmark = pytest.mark.django_db

# The persona → the kinds of actor it is for the light plan below (its team: the information
# officer and the deputy; nobody heads it).
KINDS = {
    "department_head": {MANAGER},
    "deputy_head": {MANAGER},
    "supervision_officer": {OFFICER},
    "information_officer": {TEAM},
    "reception_officer": set(),
    "office_leader": set(),
    "deputy": set(),
    "outsider": set(),
}
PERSONAS = sorted(KINDS)
DAY = datetime.date(2026, 11, 2)


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Ủy ban nhân dân xã Thử", level="commune")


@pytest.fixture
def light_plan(agency, supervision_officer, information_officer, deputy):
    plan = workflow.create_plan(
        values={
            "title": "Giám sát thử",
            "scope": "Phạm vi thử",
            "period_from": datetime.date(2025, 1, 1),
            "period_to": datetime.date(2025, 12, 31),
            "starts_on": datetime.date(2026, 9, 1),
            "ends_on": datetime.date(2026, 12, 1),
        },
        members=[information_officer, deputy],
        agencies=[agency],
        by=supervision_officer,
    )
    Finding.objects.create(plan=plan, text="Kết quả thử")
    return plan


def put(plan, status):
    SupervisionPlan.objects.filter(pk=plan.pk).update(
        status=status, reported_on=DAY if status in ("reported", "closed") else None
    )
    return SupervisionPlan.objects.get(pk=plan.pk)


def plan_verb(plan, frm, to, by):
    note = "Ghi chú của người thực hiện"
    if to == PlanStatus.APPROVED:
        return workflow.approve(plan, by=by)
    if to == PlanStatus.DRAFT:
        return workflow.return_for_revision(plan, by=by, note=note)
    if to == PlanStatus.IN_PROGRESS:
        if frm == PlanStatus.REPORTED:
            return workflow.reopen(plan, by=by, note=note)
        return workflow.start(plan, by=by)
    if to == PlanStatus.REPORTED:
        return workflow.issue_report(plan, by=by, report_number="52/BC-ĐĐBQH", reported_on=DAY)
    return workflow.close(plan, by=by, note=note)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_kinds_of_actor_each_persona_is(request, light_plan, persona):
    user = request.getfixturevalue(persona)

    assert workflow.kinds_of(user, light_plan) == KINDS[persona]


PLAN_PAIRS = [(a, b) for a, b in itertools.product(PlanStatus.values, repeat=2) if a != b]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("frm", "to"), PLAN_PAIRS)
def test_plan_transition_table(request, light_plan, frm, to, persona):
    user = request.getfixturevalue(persona)
    plan = put(light_plan, frm)
    events = PlanEvent.objects.filter(plan=plan).count()
    allowed = bool(workflow.PLAN_TRANSITIONS.get((frm, to), frozenset()) & KINDS[persona])

    if allowed:
        plan_verb(plan, frm, to, user)
        plan.refresh_from_db()
        assert plan.status == to
        last = PlanEvent.objects.filter(plan=plan).latest("id")
        assert (last.from_status, last.to_status, last.actor) == (frm, to, user)
        assert last.action == workflow.PLAN_ACTIONS[(frm, to)]
    else:
        with pytest.raises(workflow.TransitionError):
            plan_verb(plan, frm, to, user)
        assert SupervisionPlan.objects.get(pk=plan.pk).status == frm
        assert PlanEvent.objects.filter(plan=plan).count() == events


REC_PAIRS = [(a, b) for a, b in itertools.product(RecommendationStatus.values, repeat=2) if a != b]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("frm", "to"), REC_PAIRS)
def test_recommendation_transition_table(request, light_plan, agency, frm, to, persona):
    user = request.getfixturevalue(persona)
    plan = put(light_plan, PlanStatus.IN_PROGRESS)
    item = Recommendation.objects.create(
        plan=plan,
        agency=agency,
        text="Kiến nghị thử",
        due_on=DAY,
        status=frm,
        settled_on=DAY if frm in ("done", "not_done", "partly_done") else None,
    )
    allowed = bool(workflow.RECOMMENDATION_TRANSITIONS.get((frm, to), frozenset()) & KINDS[persona])

    if allowed:
        workflow.follow_up(item, to=to, note="Kết quả theo dõi", by=user, today=DAY)
        item.refresh_from_db()
        assert item.status == to
        assert (item.settled_on is not None) == (to in ("done", "not_done", "partly_done"))
        last = PlanEvent.objects.filter(recommendation=item).latest("id")
        assert (last.action, last.from_status, last.to_status) == (PlanAction.FOLLOWED_UP, frm, to)
    else:
        with pytest.raises(workflow.TransitionError):
            workflow.follow_up(item, to=to, note="Kết quả theo dõi", by=user, today=DAY)
        assert Recommendation.objects.get(pk=item.pk).status == frm
        assert not PlanEvent.objects.filter(recommendation=item).exists()


@pytest.mark.parametrize("status", ["draft", "approved", "closed"])
def test_recommendations_are_followed_up_only_while_running_or_reported(
    light_plan, agency, supervision_officer, status
):
    plan = put(light_plan, status)
    item = Recommendation.objects.create(plan=plan, agency=agency, text="K", due_on=DAY)

    with pytest.raises(workflow.TransitionError):
        workflow.follow_up(item, to="done", note="Xong", by=supervision_officer)

    assert Recommendation.objects.get(pk=item.pk).status == "open"


def test_a_stale_page_cannot_move_a_plan_twice(light_plan, department_head, deputy_head):
    first = SupervisionPlan.objects.get(pk=light_plan.pk)
    second = SupervisionPlan.objects.get(pk=light_plan.pk)
    workflow.approve(first, by=department_head)

    with pytest.raises(workflow.TransitionError, match="tải lại trang"):
        workflow.approve(second, by=deputy_head)

    assert PlanEvent.objects.filter(plan=light_plan, action="approved").count() == 1


def test_closing_with_unsettled_recommendations_needs_a_note(light_plan, agency, department_head):
    plan = put(light_plan, PlanStatus.REPORTED)
    Recommendation.objects.create(plan=plan, agency=agency, text="K", due_on=DAY)

    with pytest.raises(workflow.TransitionError, match="1"):
        workflow.close(plan, by=department_head)
    workflow.close(plan, by=department_head, note="Chuyển theo dõi sang kỳ sau.")

    plan.refresh_from_db()
    assert (plan.status, plan.closing_note) == ("closed", "Chuyển theo dõi sang kỳ sau.")


def test_a_report_needs_a_number_and_a_finding(light_plan, supervision_officer):
    plan = put(light_plan, PlanStatus.IN_PROGRESS)
    with pytest.raises(workflow.TransitionError):
        workflow.issue_report(plan, by=supervision_officer, report_number=" ", reported_on=DAY)
    Finding.objects.filter(plan=plan).delete()
    with pytest.raises(workflow.TransitionError):
        workflow.issue_report(plan, by=supervision_officer, report_number="1/BC", reported_on=DAY)

    assert SupervisionPlan.objects.get(pk=plan.pk).status == "in_progress"


def test_a_recommendation_goes_to_an_agency_of_the_plan(light_plan, supervision_officer):
    plan = put(light_plan, PlanStatus.IN_PROGRESS)
    stranger = Agency.objects.create(name="Sở khác", level="provincial")

    with pytest.raises(workflow.TransitionError):
        workflow.recommend(plan, agency=stranger, text="K", due_on=DAY, by=supervision_officer)

    assert not plan.recommendations.exists()


def test_history_is_append_only(light_plan):
    event = PlanEvent.objects.filter(plan=light_plan).first()

    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        PlanEvent.objects.filter(plan=light_plan).update(note="sửa")
    with pytest.raises(AppendOnly):
        event.delete()


def test_a_whole_supervision_from_draft_to_closed(
    running_plan, commune, inspectorate, supervision_officer, information_officer, department_head
):
    supervised = {s.agency_id: s for s in running_plan.supervised_agencies.all()}
    request = workflow.send_request(
        supervised[commune.pk],
        values={
            "sent_on": DAY,
            "reference": "120/ĐĐBQH-TTDN",
            "due_on": DAY + datetime.timedelta(days=14),
            "content": "",
        },
        by=supervision_officer,
    )
    workflow.receive_report(
        supervised[commune.pk],
        values={
            "request": request,
            "number": "30/BC-UBND",
            "dated": DAY + datetime.timedelta(days=10),
            "received_on": DAY + datetime.timedelta(days=11),
            "signer": "Chủ tịch UBND xã",
            "summary": "Đã giải quyết 9/12 đơn.",
        },
        by=supervision_officer,
    )
    workflow.record_session(
        supervised[inspectorate.pk],
        values={
            "date": DAY,
            "place": "Thanh tra tỉnh",
            "participants": "Đoàn",
            "notes": "Nghe báo cáo",
        },
        by=supervision_officer,
    )
    workflow.add_finding(
        running_plan, text="Còn 3 đơn quá hạn.", agency=commune, by=information_officer
    )
    first = workflow.recommend(
        running_plan, agency=commune, text="Giải quyết 3 đơn.", due_on=DAY, by=information_officer
    )
    second = workflow.recommend(
        running_plan,
        agency=inspectorate,
        text="Bảo vệ người tố cáo.",
        due_on=DAY,
        by=supervision_officer,
    )
    workflow.issue_report(
        running_plan, by=supervision_officer, report_number="52/BC-ĐĐBQH", reported_on=DAY
    )
    workflow.follow_up(first, to="done", note="Đã giải quyết.", by=information_officer)
    workflow.follow_up(second, to="partly_done", note="Một phần.", by=supervision_officer)
    running_plan.refresh_from_db()
    assert running_plan.progress() == 75
    workflow.close(running_plan, by=department_head)

    running_plan.refresh_from_db()
    actions = list(PlanEvent.objects.filter(plan=running_plan).values_list("action", flat=True))
    assert running_plan.status == "closed"
    assert actions == [
        "created", "approved", "started", "request_sent", "report_received", "session_held",
        "finding_added", "recommended", "recommended", "reported", "followed_up", "followed_up",
        "closed",
    ]  # fmt: skip


def test_an_agency_with_records_stays_on_the_plan(
    running_plan, commune, inspectorate, supervision_officer
):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    workflow.record_session(
        supervised,
        values={"date": DAY, "place": "Xã", "participants": "Đoàn", "notes": ""},
        by=supervision_officer,
    )

    with pytest.raises(workflow.TransitionError):
        workflow.update_plan(
            running_plan, values={}, agencies=[inspectorate], by=supervision_officer
        )

    assert running_plan.supervised_agencies.filter(agency=commune).exists()
