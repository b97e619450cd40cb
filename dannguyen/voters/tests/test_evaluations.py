# ruff: noqa: F811 -- pytest fixtures imported from the neighbouring tests
"""The Đoàn's evaluation of answers (NQLT 72 Art 53–54): recorded with its evaluator, date
and note, written in the history, and an unsatisfactory one keeps the petition tồn đọng."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.voters import queries, workflow
from dannguyen.voters.models import Evaluation, EventAction, VoterEvent
from dannguyen.voters.workflow import WorkflowError

from .test_answers import CAL, answer_values, sent  # noqa: F401 -- shared fixtures
from .test_reports import agencies, classified, report  # noqa: F401 -- shared fixtures

pytestmark = pytest.mark.django_db

LATER = datetime.date(2026, 9, 1)


def _resolved(agency, **overrides):
    return answer_values(
        agency,
        result="resolved",
        detail="implementation",
        roadmap="",
        promised_on=None,
        **overrides,
    )


def test_an_unsatisfactory_evaluation_keeps_the_petition_unresolved(
    sent,
    agencies,
    voter_contact_officer,
    deputy,
):
    pension, flood = sent[1], sent[2]
    answer = workflow.record_answer(
        pension, values=_resolved(agencies["central"]), by=voter_contact_officer
    )
    # The flood bank is unanswered past its 60 days; the pension is resolved.
    assert [r.petition.pk for r in queries.backlog(today=LATER, calendar=CAL)] == [flood.pk]
    evaluation = workflow.evaluate_answer(
        answer,
        verdict="unsatisfactory",
        note="Trả lời chung chung, chưa nêu thời điểm điều chỉnh lương hưu.",
        evaluator="Tổ đại biểu Quốc hội số 1",
        evaluated_on=datetime.date(2026, 7, 1),
        on_schedule=False,
        by=deputy,
    )
    assert (evaluation.verdict, evaluation.evaluator, evaluation.created_by) == (
        "unsatisfactory",
        "Tổ đại biểu Quốc hội số 1",
        deputy,
    )
    rows = {r.petition.pk: r for r in queries.backlog(today=LATER, calendar=CAL)}
    assert sorted(rows) == sorted([pension.pk, flood.pk])
    assert rows[pension.pk].unsatisfactory and rows[pension.pk].is_open
    history = VoterEvent.objects.get(action=EventAction.EVALUATED)
    assert (history.petition_ref, history.from_status, history.to_status, history.actor) == (
        pension.pk,
        workflow.SETTLED,
        workflow.OPEN,
        deputy,
    )
    # A better answer, found satisfactory, settles it.
    better = workflow.record_answer(
        pension,
        values=_resolved(
            agencies["central"],
            reference="300/BLĐTBXH",
            dated=datetime.date(2026, 8, 1),
            received_on=datetime.date(2026, 8, 3),
        ),
        by=voter_contact_officer,
    )
    workflow.evaluate_answer(
        better,
        verdict="satisfactory",
        note="",
        evaluator="",
        evaluated_on=datetime.date(2026, 8, 10),
        by=deputy,
    )
    assert [r.petition.pk for r in queries.backlog(today=LATER, calendar=CAL)] == [flood.pk]
    latest = VoterEvent.objects.filter(action=EventAction.EVALUATED).order_by("-id").first()
    assert (latest.from_status, latest.to_status) == (workflow.SETTLED, workflow.SETTLED)
    # Without a name, the person recording is the evaluator.
    assert Evaluation.objects.get(answer=better).evaluator == deputy.get_full_name()


def test_bad_evaluations_are_refused(sent, agencies, voter_contact_officer):
    answer = workflow.record_answer(
        sent[1], values=_resolved(agencies["central"]), by=voter_contact_officer
    )
    good = {
        "verdict": "satisfactory",
        "note": "",
        "evaluator": "Đoàn ĐBQH",
        "evaluated_on": datetime.date(2026, 7, 1),
    }
    for bad, field in [
        ({"verdict": "unsatisfactory"}, "note"),  # unsatisfactory without saying why
        ({"verdict": "excellent"}, "verdict"),
        ({"evaluated_on": datetime.date(2026, 6, 2)}, "evaluated_on"),  # before it came
        ({"evaluated_on": datetime.date(2100, 1, 1)}, "evaluated_on"),  # in the future
    ]:
        with pytest.raises(WorkflowError) as refused:
            workflow.evaluate_answer(answer, **{**good, **bad}, by=voter_contact_officer)
        assert refused.value.field == field
    assert not Evaluation.objects.exists()
    assert not VoterEvent.objects.filter(action=EventAction.EVALUATED).exists()


def test_the_evaluation_form_by_persona(
    client,
    request,
    sent,
    agencies,
    voter_contact_officer,
):
    pension = sent[1]
    answer = workflow.record_answer(
        pension, values=_resolved(agencies["central"]), by=voter_contact_officer
    )
    url = reverse("voters:answer_evaluate", args=[pension.pk])
    data = {
        "answer": answer.pk,
        "verdict": "unsatisfactory",
        "note": "Chưa trả lời đúng nội dung cử tri kiến nghị.",
        "evaluator": "Đoàn ĐBQH tỉnh",
        "evaluated_on": "01/07/2026",
        "on_schedule": "on",
    }
    for persona in ["office_leader", "information_officer", "outsider"]:
        client.force_login(request.getfixturevalue(persona))
        assert client.post(url, data).status_code == 403, persona
    client.force_login(request.getfixturevalue("deputy"))
    page = client.get(reverse("voters:petition_detail", args=[pension.pk]))
    assert gettext("Evaluation by the delegation") in page.content.decode()
    refused = client.post(url, {**data, "note": ""})
    assert refused.status_code == 400
    assert gettext("Say why the answer does not meet the request.") in refused.content.decode()
    assert client.post(url, {**data, "answer": 999999}).status_code == 400
    assert not Evaluation.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Evaluation.objects.get().verdict == "unsatisfactory"
    client.force_login(voter_contact_officer)
    tracking = client.get(reverse("voters:session_tracking", args=[pension.session_id]))
    assert 'data-testid="unsatisfactory"' in tracking.content.decode()
