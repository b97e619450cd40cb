"""The reception API: the same rules, errors and permissions as the pages."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils.translation import gettext

from dannguyen.accounts.models import Role
from dannguyen.petitions.models import Petition
from dannguyen.reception import workflow
from dannguyen.reception.models import ReceptionCase, ReceptionCitizen

from .conftest import COMPLAINANT, LAND_COMPLAINT, bearer

pytestmark = pytest.mark.django_db


def case_body(**overrides):
    body = {
        "people": [
            {
                "full_name": COMPLAINANT.full_name,
                "id_number": COMPLAINANT.id_number,
                "phone": COMPLAINANT.phone,
                "address": COMPLAINANT.address,
            }
        ],
        "headcount": 1,
        "kind": "complaint",
        "field": "HC-DD-BT",
        "content": LAND_COMPLAINT,
        "outcome": "explained",
    }
    body.update(overrides)
    return body


def post_case(client, user, session, **overrides):
    return client.post(
        f"/api/v1/reception/sessions/{session.pk}/cases",
        json.dumps(case_body(**overrides)),
        content_type="application/json",
        **bearer(user),
    )


def test_sessions_are_listed_and_filtered(client, session, reception_officer, world):
    workflow.plan(
        values={
            "kind": "regular", "host_body": "office", "method": "in_person",
            "date": datetime.date(2026, 10, 1), "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 0), "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip
    headers = bearer(reception_officer)

    everything = client.get("/api/v1/reception/sessions", **headers).json()
    periodic = client.get("/api/v1/reception/sessions", {"kind": "periodic"}, **headers).json()

    assert everything["count"] == 2
    assert [s["id"] for s in periodic["items"]] == [session.pk]
    assert periodic["items"][0] | {"url": ""} == {
        "id": session.pk,
        "kind": "periodic",
        "host_body": "na_deputy",
        "method": "in_person",
        "date": "2026-11-10",
        "start_time": "08:00:00",
        "end_time": "11:30:00",
        "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
        "online_details": "",
        "hosts": ["Đỗ Thị Đại Biểu"],
        "status": "planned",
        "cancelled_reason": "",
        "case_count": 0,
        "url": "",
    }


@pytest.mark.parametrize(("persona", "status"), [("outsider", 403), ("system_admin", 403)])
def test_sessions_are_forbidden_to_those_without_reception_work(
    client, request, session, persona, status
):
    response = client.get("/api/v1/reception/sessions", **bearer(request.getfixturevalue(persona)))

    assert response.status_code == status
    assert response.json()["code"] == "forbidden"


def test_no_token_no_answer(client, session):
    assert client.get("/api/v1/reception/sessions").status_code == 401


def test_a_session_with_its_cases(client, complaint, deputy, make_user):
    other = make_user("other_deputy", Role.Code.DEPUTY)

    mine = client.get(f"/api/v1/reception/sessions/{complaint.session_id}", **bearer(deputy)).json()
    theirs = client.get(
        f"/api/v1/reception/sessions/{complaint.session_id}", **bearer(other)
    ).json()

    assert [c["code"] for c in mine["cases"]] == [complaint.code]
    assert mine["cases"][0]["people"][0]["full_name"] == COMPLAINANT.full_name
    assert theirs["cases"] is None
    assert theirs["case_count"] == 1


def test_recording_a_case_returns_201_with_what_was_stored(client, session, reception_officer):
    response = post_case(client, reception_officer, session, outcome="petition_received")

    data = response.json()
    case = ReceptionCase.objects.get()
    petition = Petition.objects.get()
    assert response.status_code == 201
    assert {
        k: data[k] for k in ("id", "code", "session_id", "date", "kind", "field", "outcome")
    } == {
        "id": case.pk,
        "code": "TCD-2026/0001",
        "session_id": session.pk,
        "date": "2026-11-10",
        "kind": "complaint",
        "field": "HC-DD-BT",
        "outcome": "petition_received",
    }
    assert data["petitions"] == [petition.code]
    assert data["people"][0]["id_number"] == COMPLAINANT.id_number


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"content": " "}, "content", "This field is required."),
        ({"outcome": "danced"}, "outcome", None),
        ({"people": [{"full_name": "Lê Văn A", "id_number": "12345"}]}, "people.0.id_number", None),
        ({"people": [{"full_name": "Lê Văn A", "phone": "09x1234567"}]}, "people.0.phone", None),
        ({"people": []}, "people", "Enter the full name of the person who came."),
        ({"field": "KHONG-CO"}, "field", "No field of work has this code."),
        ({"outcome": "refused", "refusal_ground": "khong-co"}, "refusal_ground", None),
        ({"outcome": "guided", "guided_to": 999999}, "guided_to", None),
        (
            {
                "headcount": 6,
                "people": [
                    {"full_name": n, "id_number": i}
                    for n, i in (
                        ("Lê Văn A", "037090000001"),
                        ("Lê Văn B", "037090000002"),
                        ("Lê Văn C", "037090000003"),
                    )
                ],
            },
            "headcount",
            None,
        ),
    ],
)
def test_bad_input_is_422_with_field_errors_and_stores_nothing(
    client, session, reception_officer, overrides, field, message
):
    response = post_case(client, reception_officer, session, **overrides)

    data = response.json()
    assert response.status_code == 422
    assert data["code"] == "invalid"
    assert field in data["fields"], data["fields"]
    if message:
        assert data["fields"][field] == [gettext(message)]
    assert (ReceptionCase.objects.count(), ReceptionCitizen.objects.count()) == (0, 0)


def test_malformed_bodies_are_422(client, session, reception_officer):
    too_many = case_body(people=[{"full_name": f"Người {n}"} for n in range(6)])

    responses = [
        client.post(
            f"/api/v1/reception/sessions/{session.pk}/cases",
            body,
            content_type="application/json",
            **bearer(reception_officer),
        )
        for body in (json.dumps(too_many), "{", json.dumps({"content": "x"}))
    ]

    assert [r.status_code for r in responses] == [422, 400, 422]
    assert ReceptionCase.objects.count() == 0


@pytest.mark.parametrize("persona", ["information_officer", "deputy", "office_leader", "outsider"])
def test_only_recorders_record_cases(client, request, session, persona):
    response = post_case(client, request.getfixturevalue(persona), session)

    assert response.status_code == 403
    assert ReceptionCase.objects.count() == 0


def test_no_case_at_a_cancelled_or_unknown_session(client, session, reception_officer):
    workflow.cancel(session, by=reception_officer, reason="Hoãn vì bão.")

    cancelled = post_case(client, reception_officer, session)
    session.pk = 999_999
    unknown = post_case(client, reception_officer, session)

    assert (cancelled.status_code, unknown.status_code) == (403, 404)


def test_cases_are_listed_to_readers_and_to_the_deputy_who_presided(
    client, complaint, record, reception_officer, deputy, make_user, world
):
    elsewhere = workflow.plan(
        values={
            "kind": "regular", "host_body": "office", "method": "in_person",
            "date": datetime.date(2026, 10, 1), "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 0), "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip
    other_case = record(at=elsewhere)

    officer = client.get("/api/v1/reception/cases", **bearer(reception_officer)).json()
    presiding = client.get("/api/v1/reception/cases", **bearer(deputy)).json()
    one_session = client.get(
        "/api/v1/reception/cases", {"session": elsewhere.pk}, **bearer(reception_officer)
    ).json()

    assert [c["code"] for c in officer["items"]] == [other_case.code, complaint.code]
    assert [c["code"] for c in presiding["items"]] == [complaint.code]
    assert [c["code"] for c in one_session["items"]] == [other_case.code]


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page_size": 1000},
        {"date_from": "31/02/2026"},
        {"host": "abc"},
        {"session": -1},
    ],
)
def test_bad_query_parameters_are_422(client, session, reception_officer, params):
    url = "/api/v1/reception/cases" if "session" in params else "/api/v1/reception/sessions"

    response = client.get(url, params, **bearer(reception_officer))

    assert response.status_code == 422
