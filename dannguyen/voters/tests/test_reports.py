"""Synthesis reports: due dates with their article, draft → approved → sent per agency,
the Word file's structure read back, who may do what."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.voters import classification, exports, groups, workflow
from dannguyen.voters.grouping import ProposedGroup
from dannguyen.voters.models import Dispatch, SynthesisReport, VoterPetition
from dannguyen.voters.workflow import WorkflowError

from .conftest import PENSION, ROAD

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(world):
    return {
        level: Agency.objects.filter(level=level, is_active=True).order_by("pk").first()
        for level in ("central", "provincial")
    }


@pytest.fixture
def classified(session, opinions, agencies, voter_contact_officer):
    """The road (twice) for the province, the pension and the flood bank for the centre."""
    groups.apply_proposals(
        session,
        [
            ProposedGroup((opinions[0].pk, opinions[2].pk), ROAD, 0.7, False),
            ProposedGroup((opinions[1].pk,), PENSION, 1.0, False),
            ProposedGroup((opinions[3].pk,), "Đề nghị xây kè sông Hoàng Long", 1.0, False),
        ],
        opinion_ids={o.pk for o in opinions},
    )
    field = FieldOfWork.objects.filter(is_active=True).order_by("code").first()
    petitions = [VoterPetition.objects.get(opinions=opinions[i]) for i in (0, 1, 3)]
    for petition, level in zip(petitions, ["provincial", "central", "central"], strict=True):
        classification.classify(
            petition,
            field=field,
            competence=level,
            agency=agencies[level],
            by=voter_contact_officer,
        )
    return [VoterPetition.objects.get(pk=p.pk) for p in petitions]


@pytest.fixture
def report(session, voter_contact_officer):
    return workflow.draft_report(
        session=session,
        timing="before",
        audience="central",
        proposals="Đề nghị Chính phủ sớm điều chỉnh lương hưu.",
        reference="",
        by=voter_contact_officer,
    )


def test_a_report_is_due_by_the_rule_in_force(report, voter_contact_officer, session):
    assert report.due_on == datetime.date(2026, 4, 29)
    assert "Điều 37" in report.due_basis
    with pytest.raises(WorkflowError):
        workflow.draft_report(
            session=session,
            timing="before",
            audience="central",
            proposals="",
            reference="",
            by=voter_contact_officer,
        )


def test_approval_waits_for_every_petition_to_be_classified(
    report, opinions, session, department_head, voter_contact_officer, agencies
):
    groups.regroup(session, by=voter_contact_officer)
    with pytest.raises(WorkflowError):
        workflow.approve_report(report, by=department_head)
    report.refresh_from_db()
    assert report.status == "draft"


def test_draft_approved_sent_per_agency(
    report, classified, department_head, voter_contact_officer, agencies
):
    with pytest.raises(WorkflowError):  # an officer does not approve
        workflow.approve_report(report, by=voter_contact_officer)
    with pytest.raises(WorkflowError):  # nor is a draft sent
        workflow.record_dispatch(
            report,
            agencies=[agencies["central"]],
            sent_on=datetime.date(2026, 4, 28),
            by=voter_contact_officer,
        )
    approved = workflow.approve_report(report, by=department_head)
    assert approved.status == "approved" and approved.approved_by == department_head
    today = timezone.localdate(approved.approved_at)
    sent = workflow.record_dispatch(
        approved, agencies=[agencies["central"]], sent_on=today, by=voter_contact_officer
    )
    assert sent.status == "sent"
    with pytest.raises(WorkflowError):
        workflow.record_dispatch(
            sent, agencies=[agencies["central"]], sent_on=today, by=voter_contact_officer
        )
    workflow.record_dispatch(
        sent, agencies=[agencies["provincial"]], sent_on=today, by=voter_contact_officer
    )
    assert Dispatch.objects.filter(report=report).count() == 2
    with pytest.raises(WorkflowError):
        workflow.update_report(sent, proposals="", reference="", by=voter_contact_officer)


def test_the_word_file_follows_the_structure(report, classified):
    document = docx.Document(io.BytesIO(exports.report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "I. KHÁI QUÁT" in text
    assert "II. Ý KIẾN, KIẾN NGHỊ THUỘC THẨM QUYỀN TRUNG ƯƠNG" in text
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert "Đề nghị Chính phủ sớm điều chỉnh lương hưu." in text
    # Central competence only: the pension and the flood bank, not the provincial road.
    assert PENSION in text and "xây kè sông Hoàng Long" in text
    assert ROAD not in text
    content = exports.content(report)
    assert (content.meetings, content.voters, content.opinions) == (2, 240, 4)
    local = SynthesisReport(session=report.session, timing="before", audience="local")
    assert [i.petition.title for i in exports.content(local).items] == [ROAD]
    assert exports.content(local).items[0].repetitions == 2
    assert len(exports.content(local).items[0].communes) == 2


def test_report_pages_for_each_persona(client, request, report, classified, agencies):
    readers = {
        "department_head",
        "voter_contact_officer",
        "information_officer",
        "office_leader",
        "deputy",
    }
    everyone = sorted(readers | {"outsider", "system_admin"})
    for persona in everyone:
        client.force_login(request.getfixturevalue(persona))
        expected = 200 if persona in readers else 403
        assert client.get(reverse("voters:report_detail", args=[report.pk])).status_code == expected
        assert client.get(reverse("voters:report_docx", args=[report.pk])).status_code == expected
        create = client.get(reverse("voters:report_create", args=[report.session_id]))
        assert create.status_code == (
            200 if persona in {"department_head", "voter_contact_officer"} else 403
        )
    approve = reverse("voters:report_move", args=[report.pk, "approve"])
    for persona in ["voter_contact_officer", "deputy", "outsider"]:
        client.force_login(request.getfixturevalue(persona))
        assert client.post(approve, {"version": report.version}).status_code == 403
    report.refresh_from_db()
    assert report.status == "draft"
    client.force_login(request.getfixturevalue("department_head"))
    assert client.post(approve, {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    client.force_login(request.getfixturevalue("voter_contact_officer"))
    dispatch = reverse("voters:report_dispatch", args=[report.pk])
    stale = client.post(
        dispatch,
        {
            "version": report.version - 1,
            "agencies": [agencies["central"].pk],
            "sent_on": "01/12/2026",
        },
    )
    assert stale.status_code == 400
    done = client.post(
        dispatch,
        {"version": report.version, "agencies": [agencies["central"].pk], "sent_on": "01/12/2026"},
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == "sent"


def test_sending_numbers_the_report_in_the_outgoing_register(
    report, classified, department_head, voter_contact_officer, agencies
):
    from dannguyen.correspondence.models import OutgoingLetter

    approved = workflow.approve_report(report, by=department_head)
    letter = approved.letter
    assert letter is not None and (letter.status, letter.number) == ("approved", None)
    # Returned to draft: the cleared entry is cancelled; approved again: a new one.
    workflow.return_report(approved, by=department_head, note="Bổ sung số liệu.")
    assert OutgoingLetter.objects.get(pk=letter.pk).status == "cancelled"
    assert SynthesisReport.objects.get(pk=report.pk).letter is None
    again = workflow.approve_report(SynthesisReport.objects.get(pk=report.pk), by=department_head)
    today = timezone.localdate()
    sent = workflow.record_dispatch(
        again, agencies=[agencies["central"]], sent_on=today, by=voter_contact_officer
    )
    entry = OutgoingLetter.objects.get(pk=sent.letter_id)
    assert entry.status == "issued" and entry.number is not None
    assert sent.reference == f"{entry.number:02d}/BC-ĐĐBQH"
    # A later sending to another agency keeps the one number.
    workflow.record_dispatch(
        sent, agencies=[agencies["provincial"]], sent_on=today, by=voter_contact_officer
    )
    assert OutgoingLetter.objects.filter(status="issued").count() == 1
    document = docx.Document(
        io.BytesIO(exports.report_docx(SynthesisReport.objects.get(pk=report.pk)))
    )
    # The number and date sit in the header table (NĐ 30/2020 layout).
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert f"Số: {entry.number:02d}/BC-ĐĐBQH" in text
    assert f"ngày {entry.issued_on.day:02d} tháng {entry.issued_on.month:02d}" in text
