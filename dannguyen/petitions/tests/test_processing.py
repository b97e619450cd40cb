"""Processing a petition after intake (issue #5): the status table, whole flows with the
legal clocks, time limits across Tết, make-up Saturdays and the 01/7/2026 rule change."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from dannguyen.core.models import Agency, CalendarOverride
from dannguyen.petitions import permissions, workflow
from dannguyen.petitions.models import Deadline, Petition, Status
from dannguyen.petitions.workflow import PartInput, StaleError, TransitionError

from .conftest import BRIBERY, DENOUNCER, values

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+07:00"), tick=False)


def clocks(petition: Petition) -> list[tuple[str, str, str, str]]:
    """(step, counted from, due on, outcome) of every clock, in a fixed order."""
    return [
        (c.step, c.starts_on.isoformat(), c.due_on.isoformat(), c.outcome)
        for c in Deadline.objects.filter(petition=petition).order_by("step", "forwarding", "id")
    ]


@pytest.fixture
def classify(land_field):
    def run(petition, by, *, kind="complaint", eligibility="eligible"):
        workflow.classify(
            petition,
            kind=kind,
            main_field=land_field,
            eligibility=eligibility,
            competence="outside",
            competent_agency=None,
            procedure_stage="first_resolved",
            by=by,
        )

    return run


@pytest.fixture
def inspectorate(provincial_inspectorate):
    return provincial_inspectorate


@pytest.fixture
def commune(agencies):
    return Agency.objects.exclude(name="Thanh tra tỉnh Ninh Bình").order_by("id").first()


# ----------------------------------------------------------------------- the table


def test_the_status_table_is_exactly_this():
    table = {
        (action, start, target)
        for action, moves in workflow.TRANSITIONS.items()
        for start, targets in moves.items()
        for target in targets
    }
    handled = ["assigned", "classified", "awaiting_supplement", "forwarded", "answered"]
    handled += ["guided", "filed"]
    expected = {
        ("assign", "received", "assigned"),
        *(("assign", s, s) for s in handled),
        ("classify", "received", "classified"),
        ("classify", "assigned", "classified"),
        ("classify", "classified", "classified"),
        ("request_supplement", "assigned", "awaiting_supplement"),
        ("request_supplement", "classified", "awaiting_supplement"),
        ("receive_supplement", "awaiting_supplement", "assigned"),
        ("receive_supplement", "awaiting_supplement", "classified"),
        ("forward", "classified", "forwarded"),
        ("forward", "forwarded", "forwarded"),
        ("forward", "answered", "forwarded"),
        ("guide", "classified", "guided"),
        *(("file", s, "filed") for s in ("assigned", "classified", "answered", "guided")),
        ("urge", "forwarded", "forwarded"),
        ("record_answer", "forwarded", "forwarded"),
        ("record_answer", "forwarded", "answered"),
        ("record_answer", "answered", "answered"),
        ("evaluate", "answered", "answered"),
        *(("inform_citizen", s, s) for s in ("forwarded", "answered", "guided", "filed")),
        ("inform_citizen", "closed", "closed"),
        *(("close", s, "closed") for s in ("answered", "guided", "filed")),
        *(("reopen", s, "classified") for s in ("closed", "filed", "guided")),
        ("split", "assigned", "split"),
        ("split", "classified", "split"),
    }

    assert table == expected
    assert set(workflow.ACTION_LABELS) == set(workflow.TRANSITIONS)


PERSONAS = [
    "department_head",
    "deputy_head",
    "supervision_officer",  # the handler of the petitions below
    "reception_officer",  # registered them, not their handler
    "information_officer",
    "office_leader",
    "deputy",
    "outsider",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_take_each_action(request, complaint, department_head, persona):
    workflow.assign(
        complaint, to=request.getfixturevalue("supervision_officer"), by=department_head
    )
    user = request.getfixturevalue(persona)

    allowed = {a for a in workflow.TRANSITIONS if permissions.can_act(user, complaint, a)}

    everything = set(workflow.TRANSITIONS)
    expected = {
        "department_head": everything,
        "deputy_head": everything,
        "supervision_officer": everything - {"assign", "reopen"},
    }.get(persona, set())
    assert allowed == expected


def _force(petition: Petition, status: str) -> None:
    # Puts a petition in any status to try an action from there (not a workflow path).
    reason = "other" if status == Status.FILED else ""
    Petition.objects.filter(pk=petition.pk).update(status=status, filing_reason=reason)
    petition.refresh_from_db()


def _attempt(action, petition, user, inspectorate, land_field):
    forwarding = petition.forwardings.first()
    calls = {
        "assign": lambda: workflow.assign(petition, to=user, by=user),
        "classify": lambda: workflow.classify(
            petition,
            kind="complaint",
            main_field=land_field,
            eligibility="eligible",
            competence="outside",
            competent_agency=None,
            procedure_stage="first_resolved",
            by=user,
        ),
        "request_supplement": lambda: workflow.request_supplement(
            petition, by=user, note="Thiếu bản sao quyết định"
        ),
        "receive_supplement": lambda: workflow.receive_supplement(petition, by=user),
        "forward": lambda: workflow.forward(petition, agencies=[inspectorate], by=user),
        "guide": lambda: workflow.guide(petition, by=user, note="Hướng dẫn gửi UBND xã"),
        "file": lambda: workflow.file(petition, reason="duplicate", by=user),
        "urge": lambda: workflow.urge(petition, forwarding=forwarding, by=user),
        "record_answer": lambda: workflow.record_answer(
            petition,
            forwarding=forwarding,
            kind="result",
            number="15/TTr",
            issued_on=D(2026, 3, 20),
            received_on=D(2026, 3, 23),
            summary="Đã giải quyết",
            by=user,
        ),
        "evaluate": lambda: workflow.evaluate(
            petition, answer=petition.answers.first(), result="correct", by=user
        ),
        "inform_citizen": lambda: workflow.inform_citizen(petition, by=user, note="Gửi thông báo"),
        "close": lambda: workflow.close(petition, by=user),
        "reopen": lambda: workflow.reopen(petition, by=user, note="Có tình tiết mới"),
        "split": lambda: workflow.split(
            petition,
            parts=[PartInput("Phần 1", "complaint"), PartInput("Phần 2", "denunciation")],
            by=user,
        ),
    }
    calls[action]()


@pytest.mark.parametrize("action", sorted(workflow.TRANSITIONS))
def test_an_action_from_a_status_outside_the_table_changes_nothing(
    complaint, department_head, inspectorate, land_field, classify, action
):
    with at("2026-03-24"):
        workflow.assign(complaint, to=department_head, by=department_head)
        classify(complaint, department_head, kind="multiple")
        workflow.forward(complaint, agencies=[inspectorate], by=department_head, on=D(2026, 3, 5))
        workflow.record_answer(
            complaint,
            forwarding=complaint.forwardings.get(),
            kind="acceptance",
            number="1/TB",
            issued_on=D(2026, 3, 10),
            received_on=D(2026, 3, 11),
            summary="Đã thụ lý",
            by=department_head,
        )
        refused = []
        for status in Status.values:
            if status in workflow.TRANSITIONS[action]:
                continue
            _force(complaint, status)
            before = (complaint.events.count(), complaint.version, clocks(complaint))
            try:
                _attempt(action, complaint, department_head, inspectorate, land_field)
            except TransitionError:
                refused.append(status)
            complaint.refresh_from_db()
            assert complaint.status == status
            assert (complaint.events.count(), complaint.version, clocks(complaint)) == before

    outside = [s for s in Status.values if s not in workflow.TRANSITIONS[action]]
    assert refused == outside


# ----------------------------------------------------------------------- whole flows


def test_intake_to_closure_with_every_clock(
    complaint, department_head, supervision_officer, inspectorate, classify
):
    # The complaint fixture: received by post on Monday 02/3/2026.
    with at("2026-03-03"):
        workflow.assign(complaint, to=supervision_officer, by=department_head)
        classify(complaint, supervision_officer)
    with at("2026-03-05"):
        (forwarding,) = workflow.forward(
            complaint, agencies=[inspectorate], by=supervision_officer, note="Phiếu chuyển"
        )
    after_forwarding = clocks(complaint)
    with at("2026-04-28"):
        overdue = [
            c.step
            for c in Deadline.objects.filter(
                petition=complaint, outcome="", due_on__lt=D(2026, 4, 28)
            )
        ]
        workflow.urge(complaint, forwarding=forwarding, by=supervision_officer, note="Lần 1")
    with at("2026-05-05"):
        answer = workflow.record_answer(
            complaint,
            forwarding=forwarding,
            kind="result",
            number="245/QĐ-TTr",
            issued_on=D(2026, 5, 4),
            received_on=D(2026, 5, 5),
            signer="Chánh Thanh tra tỉnh",
            summary="Giữ nguyên quyết định thu hồi, điều chỉnh mức hỗ trợ.",
            by=supervision_officer,
        )
        workflow.evaluate(complaint, answer=answer, result="partly", by=supervision_officer)
    with at("2026-05-07"):
        workflow.inform_citizen(complaint, by=supervision_officer, note="Gửi thông báo kết quả")
        workflow.close(complaint, by=supervision_officer)

    complaint.refresh_from_db()
    forwarding.refresh_from_db()
    assert after_forwarding == [
        # Complaint acceptance (Luật KN Art 27, before 01/7/2026): 10 days from 05/3 is
        # Sunday 15/3, so Monday 16/3.
        ("agency_acceptance", "2026-03-05", "2026-03-16", ""),
        # + 30 days = 15/4, + 7 working days = 24/4.
        ("agency_answer", "2026-03-05", "2026-04-24", ""),
        # 10 working days from Monday 02/3.
        ("office_processing", "2026-03-02", "2026-03-16", "met"),
    ]
    assert sorted(overdue) == ["agency_acceptance", "agency_answer"]
    assert clocks(complaint) == [
        ("agency_acceptance", "2026-03-05", "2026-03-16", "late"),
        ("agency_answer", "2026-03-05", "2026-04-24", "late"),
        # 5 working days from 05/5 (Luật TCD Art 28(2)).
        ("inform_citizen", "2026-05-05", "2026-05-12", "met"),
        ("office_processing", "2026-03-02", "2026-03-16", "met"),
    ]
    assert (forwarding.answered_on, forwarding.urge_count) == (D(2026, 5, 5), 1)
    assert complaint.status == "closed"
    history = complaint.events.order_by("id").values_list("action", "from_status", "to_status")
    assert list(history) == [
        ("registered", "", "received"),
        ("assigned", "received", "assigned"),
        ("classified", "assigned", "classified"),
        ("forwarded", "classified", "forwarded"),
        ("urged", "forwarded", "forwarded"),
        ("answer_recorded", "forwarded", "answered"),
        ("evaluated", "answered", "answered"),
        ("citizen_informed", "answered", "answered"),
        ("closed", "answered", "closed"),
    ]


def test_two_agencies_each_answer_before_the_petition_is_answered(
    complaint, department_head, inspectorate, commune, classify
):
    with at("2026-03-05"):
        classify(complaint, department_head)
        first, second = workflow.forward(
            complaint, agencies=[inspectorate, commune], by=department_head
        )
    with at("2026-03-20"):
        workflow.record_answer(
            complaint,
            forwarding=first,
            kind="result",
            number="1/TTr",
            issued_on=D(2026, 3, 19),
            received_on=D(2026, 3, 20),
            summary="Trả lời",
            by=department_head,
        )
        after_first = Petition.objects.get(pk=complaint.pk).status
        workflow.record_answer(
            complaint,
            forwarding=second,
            kind="result",
            number="2/UBND",
            issued_on=D(2026, 3, 19),
            received_on=D(2026, 3, 20),
            summary="Trả lời",
            by=department_head,
        )

    assert (after_first, Petition.objects.get(pk=complaint.pk).status) == (
        "forwarded",
        "answered",
    )
    with pytest.raises(TransitionError, match="đánh giá văn bản trả lời"):
        workflow.close(complaint, by=department_head)


def test_forwarding_twice_to_an_agency_still_owing_an_answer_is_refused(
    complaint, department_head, inspectorate, classify
):
    with at("2026-03-05"):
        classify(complaint, department_head)
        workflow.forward(complaint, agencies=[inspectorate], by=department_head)
        with pytest.raises(TransitionError, match="hãy đôn đốc"):
            workflow.forward(complaint, agencies=[inspectorate], by=department_head)

    assert complaint.forwardings.count() == 1


def test_an_ineligible_petition_is_filed_not_forwarded(
    complaint, department_head, inspectorate, classify
):
    with at("2026-03-05"):
        classify(complaint, department_head, eligibility="ineligible")
        with pytest.raises(TransitionError, match="đủ điều kiện xử lý"):
            workflow.forward(complaint, agencies=[inspectorate], by=department_head)
        workflow.file(complaint, reason="not_forwarded", by=department_head, note="Không ký tên")

    complaint.refresh_from_db()
    assert (complaint.status, complaint.filing_reason) == ("filed", "not_forwarded")
    assert clocks(complaint) == [("office_processing", "2026-03-02", "2026-03-16", "met")]


def test_reopening_starts_the_offices_clock_again(complaint, department_head, classify):
    with at("2026-03-05"):
        classify(complaint, department_head)
        workflow.guide(complaint, by=department_head, note="Hướng dẫn gửi Tòa án")
    with at("2026-04-01"):
        workflow.reopen(complaint, by=department_head, note="Công dân bổ sung chứng cứ mới")

    complaint.refresh_from_db()
    assert complaint.status == "classified"
    assert clocks(complaint)[-1] == ("office_processing", "2026-04-01", "2026-04-15", "")


def test_the_first_processing_is_kept_for_the_reports_backlog(complaint, department_head, classify):
    with at("2026-03-05"):
        classify(complaint, department_head)
    unprocessed = Petition.objects.get(pk=complaint.pk).first_processed_at
    with at("2026-03-06"):
        workflow.guide(complaint, by=department_head, note="Hướng dẫn gửi Tòa án")
    with at("2026-04-01"):
        workflow.reopen(complaint, by=department_head, note="Công dân bổ sung chứng cứ mới")
        workflow.file(complaint, reason="duplicate", by=department_head)

    complaint.refresh_from_db()
    assert unprocessed is None
    # The day it was first handled out of the office's hands: reopening does not undo it.
    assert complaint.first_processed_at == datetime.datetime.fromisoformat(
        "2026-03-06T09:00:00+07:00"
    )


# ----------------------------------------------------------------------- clocks


def test_denunciation_clocks_across_tet(register, department_head, corruption_field):
    # Received Wednesday 11/02/2026; Tết: 16–20/02/2026 off.
    with at("2026-02-11"):
        petition = register(
            people=[DENOUNCER], kind="denunciation", content=BRIBERY, received_on=D(2026, 2, 11)
        )

    assert clocks(petition) == [
        # Luật Tố cáo Art 24(2): 5 working days — 12, 13, 23, 24, 25/02.
        ("denunciation_forward", "2026-02-11", "2026-02-25", ""),
        # Art 24(1): 7 working days — … 26, 27/02.
        ("denunciation_initial", "2026-02-11", "2026-02-27", ""),
        # The office's own 10 working days — … 02, 03, 04/03.
        ("office_processing", "2026-02-11", "2026-03-04", ""),
    ]
    assert [c.basis[:40] for c in Deadline.objects.filter(petition=petition).order_by("step")] == [
        "Luật Tố cáo số 25/2018/QH14, Điều 24 kho",
        "Luật Tố cáo số 25/2018/QH14, Điều 24 kho",
        "Quy chế làm việc của Văn phòng: thời hạn",
    ]


def test_a_make_up_saturday_counts_as_a_working_day(register):
    CalendarOverride.objects.create(
        date=D(2026, 1, 10), kind="working_day", reason="Làm bù", legal_basis="12729/VPCP-KGVX"
    )
    with at("2026-01-08"):
        petition = register(
            people=[DENOUNCER], kind="denunciation", content=BRIBERY, received_on=D(2026, 1, 8)
        )

    forward_clock = Deadline.objects.get(petition=petition, step="denunciation_forward")
    # 09/01, Saturday 10/01 (make-up), 12, 13, 14/01.
    assert forward_clock.due_on == D(2026, 1, 14)


@pytest.mark.parametrize(
    ("forwarded_on", "acceptance_due", "basis", "answer_due"),
    [
        # Luật KN Art 27: 10 days; 29/6 + 10 = Thursday 09/7.
        ("2026-06-29", "2026-07-09", "Luật Khiếu nại số 02/2011", "2026-08-19"),
        # NĐ 155/2026 from 01/7/2026: 7 working days — 02, 03, 06, 07, 08, 09, 10/7.
        ("2026-07-01", "2026-07-10", "Nghị định 124/2020/NĐ-CP", "2026-08-19"),
    ],
)
def test_the_complaint_acceptance_rule_changes_on_1_july_2026(
    register,
    department_head,
    inspectorate,
    classify,
    forwarded_on,
    acceptance_due,
    basis,
    answer_due,
):
    with at(forwarded_on):
        complaint = register(kind="complaint", received_on=D(2026, 6, 26))
        classify(complaint, department_head)
        (forwarding,) = workflow.forward(complaint, agencies=[inspectorate], by=department_head)

    acceptance = Deadline.objects.get(forwarding=forwarding, step="agency_acceptance")
    answer = Deadline.objects.get(forwarding=forwarding, step="agency_answer")
    assert (acceptance.due_on.isoformat(), acceptance.basis[: len(basis)]) == (
        acceptance_due,
        basis,
    )
    assert answer.due_on.isoformat() == answer_due


def test_asking_for_a_supplement_pauses_the_offices_clocks(complaint, department_head):
    with at("2026-03-04"):
        workflow.assign(complaint, to=department_head, by=department_head)
        workflow.request_supplement(complaint, by=department_head, note="Thiếu quyết định số 1234")
    paused = Deadline.objects.get(petition=complaint)
    with at("2026-03-09"):
        workflow.receive_supplement(complaint, by=department_head, note="Đã nộp bổ sung")

    resumed = Deadline.objects.get(petition=complaint)
    complaint.refresh_from_db()
    assert (paused.paused_since, paused.due_on) == (D(2026, 3, 4), D(2026, 3, 16))
    # Wednesday 04 to Friday 06/03 were lost: three working days back, 16/3 → 19/3.
    assert (resumed.paused_since, resumed.due_on) == (None, D(2026, 3, 19))
    assert complaint.status == "assigned"


def test_reclassifying_a_denunciation_as_a_complaint_voids_its_clocks(
    register, department_head, land_field
):
    with at("2026-03-03"):
        petition = register(people=[DENOUNCER], kind="denunciation", content=BRIBERY)
        workflow.classify(
            petition,
            kind="complaint",
            main_field=land_field,
            eligibility="eligible",
            competence="outside",
            competent_agency=None,
            procedure_stage="not_resolved",
            by=department_head,
        )

    assert clocks(petition) == [
        ("denunciation_forward", "2026-03-02", "2026-03-09", "void"),
        ("denunciation_initial", "2026-03-02", "2026-03-11", "void"),
        ("office_processing", "2026-03-02", "2026-03-16", ""),
    ]


# ----------------------------------------------------------------------- split, concurrency


def test_a_letter_with_several_matters_is_split_into_parts(
    complaint, department_head, supervision_officer, classify, corruption_field
):
    with at("2026-03-04"):
        workflow.assign(complaint, to=supervision_officer, by=department_head)
        classify(complaint, supervision_officer, kind="multiple")
        parts = workflow.split(
            complaint,
            parts=[
                PartInput("Khiếu nại mức bồi thường", "complaint"),
                PartInput("Tố cáo cán bộ địa chính", "denunciation", corruption_field),
            ],
            by=supervision_officer,
        )

    complaint.refresh_from_db()
    assert complaint.status == "split"
    assert [(p.code, p.kind, p.status, p.received_on, p.assigned_to) for p in parts] == [
        ("2026/0001-1", "complaint", "assigned", D(2026, 3, 2), supervision_officer),
        ("2026/0001-2", "denunciation", "assigned", D(2026, 3, 2), supervision_officer),
    ]
    assert [p.signers.count() for p in parts] == [1, 1]
    assert parts[1].is_identity_protected is True
    assert {c[0] for c in clocks(parts[1])} == {
        "denunciation_forward",
        "denunciation_initial",
        "office_processing",
    }
    assert {c[3] for c in clocks(complaint)} == {"void"}


def test_a_form_drawn_before_someone_elses_action_is_refused(complaint, department_head):
    drawn = complaint.version
    workflow.assign(complaint, to=department_head, by=department_head)

    with pytest.raises(StaleError, match="người khác thay đổi"):
        workflow.file(complaint, reason="duplicate", by=department_head, version=drawn)

    assert Petition.objects.get(pk=complaint.pk).status == "assigned"


@pytest.mark.django_db(transaction=True)
def test_two_people_guiding_at_once_cannot_both_succeed(world, land_field):
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and ("memory" in name or name == ""):
        pytest.skip("an in-memory SQLite database cannot be shared between threads")
    # No personas: an earlier transactional test may have flushed the roles the
    # migrations made; the verbs accept an unnamed actor.
    petition = workflow.register(values=values(kind="complaint"), people=[], by=None)
    workflow.classify(
        petition,
        kind="complaint",
        main_field=land_field,
        eligibility="eligible",
        competence="outside",
        competent_agency=None,
        procedure_stage="not_resolved",
        by=None,
    )
    outcomes: list[str] = []

    def act(n: int) -> None:
        target = Petition.objects.get(pk=petition.pk)
        try:
            workflow.guide(target, by=None, note=f"Hướng dẫn {n}")
            outcomes.append("done")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "refused", "refused", "refused"]
    assert petition.events.filter(action="guided").count() == 1
