"""/api/v1/briefs: read as the pages allow (a deputy: their own), request as the pages
allow; bad input is 422 with the field and leaves nothing saved."""

from __future__ import annotations

import json

import pytest
from django.utils.translation import gettext

from dannguyen.briefs import workflow
from dannguyen.briefs.models import Brief

from .conftest import D, bearer, request_values

pytestmark = pytest.mark.django_db

PERSONAS = [
    "information_officer",
    "reception_officer",
    "deputy",
    "other_deputy",
    "system_admin",
    "outsider",
]


def post(client, user, body):
    return client.post(
        "/api/v1/briefs", json.dumps(body), content_type="application/json", **bearer(user)
    )


def test_who_may_read(client, request, brief):
    seen = {}
    for persona in PERSONAS:
        headers = bearer(request.getfixturevalue(persona))
        listed = client.get("/api/v1/briefs", **headers)
        one = client.get(f"/api/v1/briefs/{brief.pk}", **headers)
        seen[persona] = (
            listed.status_code,
            listed.json()["count"] if listed.status_code == 200 else None,
            one.status_code,
        )

    assert seen == {
        "information_officer": (200, 1, 200),
        "reception_officer": (200, 1, 200),
        "deputy": (200, 1, 200),
        "other_deputy": (200, 0, 403),
        "system_admin": (403, None, 403),
        "outsider": (403, None, 403),
    }


def test_one_brief_with_its_contents(client, compiling, information_officer, law, voter_petitions):
    workflow.add_document(compiling, document=law, note="Toàn văn", by=information_officer)
    workflow.add_petitions(
        compiling, petitions=[voter_petitions["compensation"]], by=information_officer
    )
    workflow.save_section(compiling, heading="Nhận định", text="Tăng", by=information_officer)

    body = client.get(f"/api/v1/briefs/{compiling.pk}", **bearer(information_officer)).json()

    assert (body["status"], body["recipient_name"], body["is_overdue"]) == (
        "in_progress",
        "Đỗ Thị Đại Biểu",
        False,
    )
    assert body["documents"] == [
        {
            "document_id": law.pk,
            "number": "02/2011/QH13",
            "title": law.title,
            "provision": "",
            "status": gettext("In force"),
            "note": "Toàn văn",
        }
    ]
    assert len(body["petitions"][0]["where_raised"]) == 2
    assert body["petitions"][0]["answers"][0].startswith(
        "Ủy ban nhân dân tỉnh Ninh Bình (125/UBND-KT, 01/09/2026)"
    )
    assert body["sections"] == [{"heading": "Nhận định", "text": "Tăng"}]
    assert body["statistics"] == {}


def test_the_list_filters_overdue(client, information_officer, brief):
    late = workflow.request(
        values=request_values(
            recipient_name="Ông A", requested_on=D(2026, 11, 1), due_on=D(2026, 11, 2)
        ),
        by=information_officer,
    )

    body = client.get("/api/v1/briefs?overdue=true", **bearer(information_officer)).json()

    assert [item["id"] for item in body["items"]] == [late.pk]
    assert body["items"][0]["is_overdue"] is True


def test_a_deputy_requests_a_brief(client, deputy):
    response = post(
        client,
        deputy,
        {
            "title": "Thông tin về chính sách người có công",
            "topic": "Tình hình thực hiện",
            "recipient_kind": "council_standing",
            "due_on": "2026-12-01",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["recipient_kind"], body["deputy_id"], body["status"], body["requested_on"]) == (
        "deputy",
        deputy.pk,
        "requested",
        "2026-11-20",
    )


def test_staff_request_for_a_deputy(client, information_officer, deputy):
    response = post(
        client,
        information_officer,
        {"title": "T", "topic": "Q", "deputy_id": deputy.pk, "due_on": "2026-12-01"},
    )

    assert response.status_code == 201
    assert Brief.objects.get().recipient_name == "Đỗ Thị Đại Biểu"


def test_who_may_request(client, request, db):
    seen = {}
    for persona in PERSONAS:
        response = post(
            client,
            request.getfixturevalue(persona),
            {"title": "T", "topic": "Q", "recipient_name": "Ông B", "due_on": "2026-12-01"},
        )
        seen[persona] = response.status_code

    assert seen == {
        "information_officer": 201,
        "reception_officer": 403,
        "deputy": 201,
        "other_deputy": 201,
        "system_admin": 403,
        "outsider": 403,
    }


def test_bad_input_is_422_and_saves_nothing(client, information_officer):
    response = post(
        client,
        information_officer,
        {
            "title": "T",
            "topic": "Q",
            "recipient_kind": "council_committee",
            "due_on": "2026-11-01",
        },
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {
        "due_on": [gettext("A brief cannot be due before it is requested.")],
        "recipient_name": [gettext("Name the body the brief is for.")],
    }
    assert Brief.objects.count() == 0


def test_an_impossible_id_is_refused_without_a_500(client, information_officer):
    response = client.get("/api/v1/briefs/99999999999999999999", **bearer(information_officer))

    assert response.status_code == 422
