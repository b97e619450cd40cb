"""Answers: recorded with their kind, the 60-day clock from the sending, follow-up of
promises, the backlog across sessions, the summary back to each commune; pages by persona."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
import time_machine
from django.urls import reverse

from dannguyen.lib.workdays import WorkCalendar
from dannguyen.voters import exports, queries, workflow
from dannguyen.voters.models import Answer, Session
from dannguyen.voters.workflow import WorkflowError

from .conftest import PENSION, ROAD
from .test_reports import agencies, classified, report  # noqa: F401 -- shared fixtures

pytestmark = pytest.mark.django_db

CAL = WorkCalendar({})
SENT = datetime.date(2026, 5, 4)  # a Monday


def answer_values(agency, **overrides):
    values = {
        "agency": agency,
        "reference": "123/BXD-KH",
        "dated": datetime.date(2026, 6, 1),
        "received_on": datetime.date(2026, 6, 3),
        "signer": "Thứ trưởng Nguyễn Văn Ký",
        "text": "Bộ đã bố trí vốn nâng cấp tuyến đường trong kế hoạch 2027.",
        "result": "in_progress",
        "detail": "roadmap",
        "roadmap": "Khởi công quý II/2027.",
        "promised_on": datetime.date(2027, 6, 30),
    }
    values.update(overrides)
    return values


@pytest.fixture
def sent(report, classified, department_head, voter_contact_officer, agencies):  # noqa: F811
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)):
        workflow.approve_report(report, by=department_head)
    workflow.record_dispatch(
        report, agencies=[agencies["central"]], sent_on=SENT, by=voter_contact_officer
    )
    return classified


def test_bad_answers_are_refused(sent, agencies, voter_contact_officer):  # noqa: F811
    pension = sent[1]
    for bad in [
        {"promised_on": None},  # a roadmap without its date
        {"result": "resolved", "detail": "roadmap"},  # a detail of another result
        {"result": "explained", "detail": "", "promised_on": datetime.date(2027, 1, 1)},
        {"received_on": datetime.date(2026, 5, 30)},  # received before it is dated
        {"text": "  "},  # neither text nor file
    ]:
        with pytest.raises(WorkflowError):
            workflow.record_answer(
                pension, values=answer_values(agencies["central"], **bad), by=voter_contact_officer
            )
    assert not Answer.objects.exists()


def test_the_clock_runs_sixty_days_from_the_sending(sent, agencies, voter_contact_officer):  # noqa: F811
    pension, flood = sent[1], sent[2]
    rows = {
        r.petition.pk: r
        for r in queries.tracking(
            list(queries.tracked(Session.objects.get(pk=pension.session_id).petitions.all())),
            today=datetime.date(2026, 7, 10),
            calendar=CAL,
        )
    }
    # 4/5 + 60 days = Friday 3/7/2026.
    assert rows[pension.pk].forwarded_on == SENT
    assert rows[pension.pk].due_on == datetime.date(2026, 7, 3)
    assert rows[pension.pk].status == "overdue"
    # The road is provincial: the central report was not sent to its agency, no clock yet.
    road = sent[0]
    assert rows[road.pk].due_on is None and rows[road.pk].status == "open"
    workflow.record_answer(
        pension, values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    workflow.record_answer(
        flood,
        values=answer_values(
            agencies["central"],
            result="resolved",
            detail="implementation",
            roadmap="",
            promised_on=None,
            received_on=datetime.date(2026, 7, 6),
            dated=datetime.date(2026, 7, 6),
        ),
        by=voter_contact_officer,
    )
    later = datetime.date(2027, 7, 1)
    rows = {
        r.petition.pk: r
        for r in queries.tracking(
            list(queries.tracked(pension.session.petitions.all())), today=later, calendar=CAL
        )
    }
    assert rows[pension.pk].status == "answered"
    assert rows[pension.pk].promise_passed
    assert rows[flood.pk].status == "answered_late"
    backlog = queries.backlog(today=later, calendar=CAL)
    assert [r.petition.pk for r in backlog] == [pension.pk]


def test_the_summary_back_to_a_commune(sent, communes, agencies, voter_contact_officer):  # noqa: F811
    pension = sent[1]
    workflow.record_answer(
        pension, values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    items = queries.commune_summary(pension.session, communes[0])
    assert [p.title for p, _raised in items] == [ROAD, PENSION]
    second = queries.commune_summary(pension.session, communes[1])
    assert PENSION not in [p.title for p, _raised in second]
    assert [a.reference for a in items[1][0].answers.all()] == ["123/BXD-KH"]


def test_answer_pages_by_persona(client, request, sent, agencies, communes, session):  # noqa: F811
    readers = {"department_head", "voter_contact_officer", "office_leader", "deputy"}
    pages = [
        reverse("voters:session_tracking", args=[session.pk]),
        reverse("voters:backlog"),
        reverse("voters:commune_summary", args=[session.pk, communes[0].pk]),
        reverse("voters:petition_detail", args=[sent[1].pk]),
    ]
    for persona in sorted(readers | {"outsider", "system_admin"}):
        client.force_login(request.getfixturevalue(persona))
        for url in pages:
            assert client.get(url).status_code == (200 if persona in readers else 403), (
                persona,
                url,
            )
    url = reverse("voters:answer_create", args=[sent[1].pk])
    data = {
        "agency": agencies["central"].pk,
        "reference": "45/BLĐTBXH",
        "dated": "01/06/2026",
        "received_on": "03/06/2026",
        "result": "explained",
        "text": "Bộ giải trình về chính sách tiền lương hưu.",
    }
    for persona in ["deputy", "office_leader", "outsider"]:
        client.force_login(request.getfixturevalue(persona))
        assert client.post(url, data).status_code == 403
    client.force_login(request.getfixturevalue("voter_contact_officer"))
    refused = client.post(url, {**data, "text": "", "received_on": "31/05/2026"})
    assert refused.status_code == 400
    assert not Answer.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Answer.objects.get().result == "explained"


def test_tracking_pages_cost_the_same_whatever_their_length(
    client,
    voter_contact_officer,
    sent,
    agencies,  # noqa: F811
    session,
    django_assert_max_num_queries,
):
    client.force_login(voter_contact_officer)
    for petition in sent:
        for n in range(3):
            workflow.record_answer(
                petition,
                values=answer_values(agencies["central"], reference=f"{n}/UB"),
                by=voter_contact_officer,
            )
    with django_assert_max_num_queries(16):
        assert client.get(reverse("voters:session_tracking", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("voters:backlog")).status_code == 200


def test_the_next_report_counts_the_previous_sessions_results(
    sent,
    agencies,  # noqa: F811
    session,
    voter_contact_officer,
):
    workflow.record_answer(
        sent[1], values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    following = workflow.create_session(
        values={
            "body": "na",
            "term": "XV",
            "number": 12,
            "kind": "regular",
            "opens_on": datetime.date(2026, 10, 19),
            "closes_on": datetime.date(2026, 12, 10),
        },
        by=voter_contact_officer,
    )
    next_report = workflow.draft_report(
        session=following,
        timing="before",
        audience="central",
        proposals="",
        reference="",
        by=voter_contact_officer,
    )
    previous = exports.previous_results(next_report)
    assert previous is not None and previous.session == session
    assert previous.petitions == 2  # the pension and the flood bank (central competence)
    assert previous.by_result == {
        "Đã giải quyết xong": 0,
        "Đang giải quyết": 1,
        "Giải trình, cung cấp thông tin": 0,
    }
    assert previous.unanswered == 1
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(exports.report_docx(next_report))).paragraphs
    )
    assert "IV. KẾT QUẢ GIẢI QUYẾT KIẾN NGHỊ CỦA KỲ HỌP TRƯỚC" in text


def test_appendix_1_counts_by_agency_and_latest_result(
    client,
    sent,
    agencies,  # noqa: F811
    session,
    voter_contact_officer,
    outsider,
):
    pension = sent[1]
    workflow.record_answer(
        pension, values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    workflow.record_answer(
        pension,
        values=answer_values(
            agencies["central"],
            reference="200/BXD",
            result="resolved",
            detail="legislation",
            roadmap="",
            promised_on=None,
            dated=datetime.date(2026, 9, 1),
            received_on=datetime.date(2026, 9, 3),
        ),
        by=voter_contact_officer,
    )
    rows = {r.agency: r for r in exports.appendix_1(session)}
    central = rows[agencies["central"].name]
    # The pension (answered twice: the latest, resolved, counts) and the flood bank (none).
    assert (central.petitions, central.answered, central.resolved, central.in_progress) == (
        2,
        1,
        1,
        0,
    )
    assert rows[agencies["provincial"].name].petitions == 1
    url = reverse("voters:appendix_1", args=[session.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(voter_contact_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_results_become_publishable_fifteen_working_days_after_the_deadline(
    sent,
    agencies,  # noqa: F811
    voter_contact_officer,
):
    pension = sent[1]
    workflow.record_answer(
        pension, values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    # Due Friday 3/7/2026; 15 working days later: Friday 24/7/2026 (Art 51).
    before = queries.publishable(today=datetime.date(2026, 7, 23), calendar=CAL)
    assert before == []
    ready = queries.publishable(today=datetime.date(2026, 7, 24), calendar=CAL)
    assert [(r.petition.pk, r.publish_from) for r in ready] == [
        (pension.pk, datetime.date(2026, 7, 24))
    ]
