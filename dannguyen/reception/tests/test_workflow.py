"""Sessions move planned → held / cancelled only through workflow.py, each move with its
history row; cases get their running number, their people, and the letters they produced."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import Petition, Petitioner
from dannguyen.reception import workflow
from dannguyen.reception.models import (
    CaseCounter,
    RefusalGround,
    SessionEvent,
    TimeLimitRule,
)

from .conftest import COMPLAINANT, DENOUNCER, SESSION_DAY

pytestmark = pytest.mark.django_db


def history(session):
    return list(session.events.values_list("action", "from_status", "to_status"))


def test_the_shipped_rules_are_in_the_database_after_migrating():
    limits = {(r.code, r.count, r.unit, r.valid_from) for r in TimeLimitRule.objects.all()}

    assert limits == {
        ("host_notice", 10, "working", datetime.date(2014, 7, 1)),
        ("absence_notice", 5, "working", datetime.date(2014, 7, 1)),
        ("refusal_notice", 3, "working", datetime.date(2026, 7, 1)),
    }
    assert all(r.legal_basis for r in TimeLimitRule.objects.all())
    assert TimeLimitRule.objects.get(code="host_notice").host_bodies == [
        "na_deputy",
        "na_delegation",
        "council_standing",
        "council_deputy",
    ]
    assert RefusalGround.objects.filter(legal_basis__startswith="Luật Tiếp công dân").count() == 4


def test_planning_then_holding_writes_both_steps(session, reception_officer):
    workflow.hold(session, by=reception_officer, note="Tiếp 3 lượt công dân.")

    session.refresh_from_db()
    assert session.status == "held"
    assert session.held_at is not None
    assert history(session) == [("planned", "", "planned"), ("held", "planned", "held")]


def test_cancelling_needs_a_reason_and_writes_history(session, reception_officer):
    with pytest.raises(workflow.TransitionError):
        workflow.cancel(session, by=reception_officer, reason="   ")

    workflow.cancel(session, by=reception_officer, reason="Đại biểu đi công tác đột xuất.")

    session.refresh_from_db()
    assert (session.status, session.cancelled_reason) == (
        "cancelled",
        "Đại biểu đi công tác đột xuất.",
    )
    assert history(session)[-1] == ("cancelled", "planned", "cancelled")


@pytest.mark.parametrize(
    ("first", "then"),
    [("hold", "cancel"), ("cancel", "hold"), ("hold", "hold"), ("cancel", "cancel")],
)
def test_no_way_back_from_held_or_cancelled(session, reception_officer, first, then):
    verbs = {
        "hold": lambda: workflow.hold(session, by=reception_officer),
        "cancel": lambda: workflow.cancel(session, by=reception_officer, reason="Lý do hủy."),
    }
    verbs[first]()
    events = SessionEvent.objects.count()

    with pytest.raises(workflow.TransitionError):
        verbs[then]()

    assert SessionEvent.objects.count() == events


def test_a_session_is_not_held_before_its_day(session, reception_officer):
    session.date = timezone.localdate() + datetime.timedelta(days=3)

    with pytest.raises(workflow.TransitionError):
        workflow.hold(session, by=reception_officer)


def test_rescheduling_a_planned_session_raises_its_sequence(session, reception_officer):
    changed = workflow.update(
        session,
        values={"date": SESSION_DAY + datetime.timedelta(days=1)},
        by=reception_officer,
    )

    session.refresh_from_db()
    assert session.sequence == 1
    assert len(changed) == 1
    assert history(session)[-1] == ("rescheduled", "planned", "planned")


def test_saving_nothing_new_writes_no_history(session, reception_officer):
    changed = workflow.update(session, values={"place": session.place}, by=reception_officer)

    assert changed == []
    assert len(history(session)) == 1


def test_case_numbers_run_per_year_of_the_session(record, session):
    first, second = record(), record()

    assert (first.code, second.code) == ("TCD-2026/0001", "TCD-2026/0002")
    assert CaseCounter.objects.get(year=2026).last == 2


def test_people_are_stored_encrypted_with_today_ward(complaint):
    citizen = complaint.citizens.get()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, id_number, phone, address FROM reception_receptioncitizen"
        )
        raw = cursor.fetchone()
    assert citizen.full_name == "Trần Thị Khiếu"
    assert all(v.startswith("fernet:") for v in raw)
    assert (citizen.ward.name, citizen.province.name) == ("Phường Hoa Lư", "Tỉnh Ninh Bình")
    assert citizen.id_number_hash


def test_an_old_address_is_mapped_to_today_ward(record):
    person = PersonInput(
        full_name="Lê Văn Cũ",
        id_number="037080009999",
        address="Xóm 2, xã Gia Sinh, huyện Gia Viễn, tỉnh Ninh Bình",
    )

    case = record(people=[person])

    citizen = case.citizens.get()
    assert citizen.province.name == "Tỉnh Ninh Bình"
    assert citizen.ward is not None
    assert citizen.address == person.address


def test_a_denunciation_is_protected_unless_waived(record, denunciation):
    waived = record(
        people=[DENOUNCER],
        kind="denunciation",
        protection_waived=True,
        protection_waiver_note="Người tố cáo đồng ý công khai họ tên.",
    )

    assert denunciation.is_identity_protected is True
    assert waived.is_identity_protected is False
    assert waived.protection_waived_at is not None


def test_receiving_a_letter_registers_a_petition_in_person_and_links_it(
    record, session, deputy, reception_officer
):
    case = record(outcome="petition_received", citizen_request="Đề nghị bồi thường đúng giá.")

    petition = case.petitions.get()
    signer = petition.signers.get().petitioner
    assert petition.channel == "in_person"
    assert petition.received_on == SESSION_DAY
    assert petition.receiving_subject == "na_deputy"
    assert petition.receiving_deputy == deputy
    assert petition.kind == "complaint"
    assert petition.registered_by == reception_officer
    assert petition.content.startswith(case.content)
    assert "Đề nghị bồi thường đúng giá." in petition.content
    assert case.code in petition.note
    assert (signer.full_name, signer.id_number) == (COMPLAINANT.full_name, COMPLAINANT.id_number)


def test_a_denunciation_letter_stays_protected_in_the_register(record):
    case = record(
        people=[DENOUNCER],
        kind="denunciation",
        outcome="petition_received",
        content="Tố cáo cán bộ địa chính nhận tiền của dân.",
    )

    assert case.petitions.get().is_identity_protected is True


def test_changing_the_outcome_to_received_registers_once(complaint, reception_officer):
    workflow.update_case(
        complaint, values={"outcome": "petition_received"}, people=None, by=reception_officer
    )
    workflow.update_case(
        complaint, values={"note": "Đã nhận đơn."}, people=None, by=reception_officer
    )

    assert complaint.petitions.count() == 1
    assert Petition.objects.count() == 1


def test_a_person_who_comes_again_is_the_same_petitioner(record):
    record(outcome="petition_received")
    record(outcome="petition_received", content="Bà tiếp tục khiếu nại về việc bồi thường.")

    assert Petition.objects.count() == 2
    assert Petitioner.objects.count() == 1


def test_a_refused_case_registers_no_letter(record, refusal_ground, reception_officer):
    case = record(kind="", outcome="refused", refusal_ground=refusal_ground)

    with pytest.raises(workflow.TransitionError):
        workflow.register_petition(case, by=reception_officer)
    assert Petition.objects.count() == 0


def test_no_case_at_a_cancelled_session(session, reception_officer, record):
    workflow.cancel(session, by=reception_officer, reason="Hoãn do mưa bão.")

    with pytest.raises(workflow.TransitionError):
        record()


def test_editing_people_replaces_them_in_order(complaint, reception_officer):
    other = PersonInput(full_name="Lê Văn Hai", id_number="037090005555")

    workflow.update_case(complaint, values={}, people=[other, COMPLAINANT], by=reception_officer)

    names = [c.full_name for c in complaint.citizens.order_by("order")]
    assert names == ["Lê Văn Hai", "Trần Thị Khiếu"]
