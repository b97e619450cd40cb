# ruff: noqa: F811 -- pytest fixtures imported from the neighbouring tests
"""Phụ lục 4 and 5 (domain.md §3.6): the earlier sessions' petitions still open when a
session opens (tồn đọng), what came of them, and the list of those still open; the summary
back to a commune as a printable Word notice."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse

from dannguyen.voters import exports, workflow

from .conftest import PENSION, ROAD
from .test_answers import answer_values, sent  # noqa: F401 -- shared fixtures
from .test_reports import agencies, classified, report  # noqa: F401 -- shared fixtures

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def following(sent, agencies, voter_contact_officer, deputy):
    road, pension, flood = sent
    resolved = {"result": "resolved", "detail": "implementation", "roadmap": ""}
    # The road is settled before the next session opens; the pension is being resolved;
    # the flood bank's answer comes after the opening and is found unsatisfactory.
    workflow.record_answer(
        road,
        values=answer_values(agencies["provincial"], promised_on=None, **resolved),
        by=voter_contact_officer,
    )
    workflow.record_answer(
        pension, values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    late = workflow.record_answer(
        flood,
        values=answer_values(
            agencies["central"],
            promised_on=None,
            reference="9/BNN",
            dated=datetime.date(2026, 11, 1),
            received_on=datetime.date(2026, 11, 2),
            **resolved,
        ),
        by=voter_contact_officer,
    )
    workflow.evaluate_answer(
        late,
        verdict="unsatisfactory",
        note="Chưa bố trí kinh phí xây kè.",
        evaluator="Đoàn ĐBQH tỉnh",
        evaluated_on=datetime.date(2026, 11, 5),
        by=deputy,
    )
    return workflow.create_session(
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


def test_appendix_4_and_5_follow_the_carried_over_petitions(following, sent, agencies):
    assert exports.appendix_4_rows(following) == [
        ["1", agencies["central"].name, "2", "1", "1", "0", "0", "1"]
    ]
    rows = exports.appendix_5_rows(following)
    assert [r[1] for r in rows] == [PENSION, sent[2].title]
    assert "30/06/2027" in rows[0][4] and rows[0][5] == "Khởi công quý II/2027."
    text = _text(exports.appendix_5_docx(following))
    assert PENSION in text and ROAD not in text


def test_appendix_and_commune_files_by_persona(client, request, following, session, communes, sent):
    pages = [
        reverse("voters:appendix_4", args=[following.pk]),
        reverse("voters:appendix_5", args=[following.pk]),
        reverse("voters:commune_summary_docx", args=[session.pk, communes[0].pk]),
    ]
    for persona in ["outsider", "system_admin"]:
        client.force_login(request.getfixturevalue(persona))
        for url in pages:
            assert client.get(url).status_code == 403
    client.force_login(request.getfixturevalue("deputy"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(client.get(pages[2]).content)
    assert ROAD in text and PENSION in text and "30/06/2027" in text
    assert (
        client.get(reverse("voters:commune_summary_docx", args=[session.pk, 999999])).status_code
        == 404
    )
