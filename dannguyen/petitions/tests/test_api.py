from __future__ import annotations

import json

import pytest
from django.utils.translation import gettext

from dannguyen.accounts.models import ApiToken
from dannguyen.petitions import workflow
from dannguyen.petitions.models import Petition, Petitioner, PetitionEvent

from .conftest import COMPLAINANT

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def body(**overrides):
    data = {
        "received_on": "2026-03-02",
        "channel": "in_person",
        "petitioner": {
            "full_name": COMPLAINANT.full_name,
            "id_number": COMPLAINANT.id_number,
            "phone": COMPLAINANT.phone,
            "address": COMPLAINANT.address,
        },
        "signers": 1,
        "is_anonymous": False,
        "content": "Tôi khiếu nại quyết định thu hồi đất của Ủy ban nhân dân xã Gia Vân vì mức "
        "bồi thường quá thấp, không có phương án tái định cư.",
    }
    data.update(overrides)
    return data


def post(client, user, path="/api/v1/petitions", **overrides):
    return client.post(
        path, json.dumps(body(**overrides)), content_type="application/json", **bearer(user)
    )


def test_register_returns_201_with_the_stored_fields(client, world, reception_officer):
    response = post(client, reception_officer, kind="complaint", field="HC-DD-BT")

    data = response.json()
    petition = Petition.objects.get()
    assert response.status_code == 201
    assert {
        k: data[k]
        for k in ("id", "code", "received_on", "channel", "signers", "kind", "field", "status")
    } == {
        "id": petition.pk,
        "code": "2026/0001",
        "received_on": "2026-03-02",
        "channel": "in_person",
        "signers": 1,
        "kind": "complaint",
        "field": "HC-DD-BT",
        "status": "received",
    }
    assert data["petitioner"] == {
        "full_name": "Trần Thị Khiếu",
        "id_number": "036185004321",
        "phone": "0987654321",
        "address": COMPLAINANT.address,
        "place": "Phường Hoa Lư, Tỉnh Ninh Bình",
        "is_masked": False,
    }
    assert set(data["suggestions"]) == {"kind", "field", "agency"}
    assert data["duplicate_candidates"] == []
    assert PetitionEvent.objects.get().actor == reception_officer


def test_register_lists_earlier_petitions_best_first(
    client, world, reception_officer, matching_rules
):
    first = post(client, reception_officer).json()

    again = post(
        client,
        reception_officer,
        content="Đề nghị xem xét lại mức bồi thường khi thu hồi đất tại xã Gia Vân, quá thấp so "
        "với giá thị trường.",
    ).json()

    candidate = again["duplicate_candidates"][0]
    assert (candidate["id"], candidate["code"]) == (first["id"], "2026/0001")
    assert 0 < candidate["score"] <= 1
    assert gettext("same identity number") in candidate["reason"]
    assert Petitioner.objects.count() == 1


def test_suggestions_carry_a_confidence(client, world, reception_officer, agencies, matching_rules):
    data = post(client, reception_officer).json()

    kind = data["suggestions"]["kind"]
    assert kind["value"] == "complaint"
    assert 0 < kind["confidence"] <= 1
    assert kind["reasons"]
    assert data["kind"] is None  # suggested, never applied


def test_duplicate_check_creates_nothing(client, world, reception_officer):
    post(client, reception_officer)

    response = post(client, reception_officer, path="/api/v1/petitions/duplicates")

    assert response.status_code == 200
    assert response.json()["likely_duplicate"] is True
    assert [c["code"] for c in response.json()["candidates"]] == ["2026/0001"]
    assert Petition.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        (
            {"received_on": "2099-01-01"},
            {"received_on": ["The received date cannot be in the future."]},
        ),
        (
            {"received_on": "1989-12-31"},
            {"received_on": ["The received date cannot be before 01/01/1990."]},
        ),
        ({"received_on": "2026-13-45"}, {"received_on": ["Enter a valid date."]}),
        ({"channel": "fax"}, {"channel": None}),
        ({"kind": "khiếu nại"}, {"kind": None}),
        ({"field": "XX-NONE"}, {"field": ["No field of work has this code."]}),
        ({"content": ""}, {"content": ["This field is required."]}),
        (
            {"petitioner": {"full_name": "A", "id_number": "12345", "phone": "0123"}},
            {"petitioner.id_number": None, "petitioner.phone": None},
        ),
        (
            {"petitioner": None},
            {
                "petitioner.full_name": [
                    "The petitioner's name is required unless the letter is anonymous."
                ]
            },
        ),
    ],
)
def test_bad_input_is_422_with_field_errors_and_nothing_stored(
    client, world, reception_officer, overrides, fields
):
    response = post(client, reception_officer, **overrides)

    data = response.json()
    assert response.status_code == 422
    assert (data["code"], set(data["fields"])) == ("invalid", set(fields))
    for name, messages in fields.items():
        if messages:
            assert data["fields"][name] == [gettext(m) for m in messages]
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"received_on": "2026-03-02"},
        body(signers="abc"),
        body(signers=0),
        body(content="x" * 20_001),
        body(is_anonymous="perhaps"),
    ],
)
def test_schema_errors_are_422_in_the_error_shape(client, world, reception_officer, payload):
    response = client.post(
        "/api/v1/petitions",
        json.dumps(payload),
        content_type="application/json",
        **bearer(reception_officer),
    )

    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "fields"}
    assert Petition.objects.count() == 0


def test_anonymous_letter(client, world, reception_officer):
    response = post(
        client, reception_officer, petitioner=None, is_anonymous=True, kind="denunciation"
    )

    data = response.json()
    assert response.status_code == 201
    assert (data["is_anonymous"], data["petitioner"], data["petitioners"]) == (True, None, [])


@pytest.mark.parametrize(
    "persona", ["information_officer", "office_leader", "supervision_officer", "outsider"]
)
def test_only_registrars_register(client, request, world, persona):
    response = post(client, request.getfixturevalue(persona))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_without_a_token_is_401(client, world):
    response = client.post("/api/v1/petitions", json.dumps(body()), content_type="application/json")

    assert response.status_code == 401


def test_list_is_paged_and_filtered(client, register, department_head):
    for n in range(3):
        register(kind="complaint", content=f"Khiếu nại số {n}")
    register(kind="petition", content="Kiến nghị sửa đường ĐT 477")

    all_items = client.get("/api/v1/petitions", {"page_size": 2}, **bearer(department_head)).json()
    petitions = client.get(
        "/api/v1/petitions", {"kind": "petition"}, **bearer(department_head)
    ).json()
    searched = client.get(
        "/api/v1/petitions", {"q": "duong dt 477"}, **bearer(department_head)
    ).json()

    assert (all_items["count"], len(all_items["items"])) == (4, 2)
    assert [p["code"] for p in petitions["items"]] == ["2026/0004"]
    assert [p["code"] for p in searched["items"]] == ["2026/0004"]


def test_list_queries_stay_bounded(
    client, register, department_head, django_assert_max_num_queries
):
    first = register()
    for n in range(20):
        later = register(content=f"Khiếu nại số {n} về đất đai")
    workflow.link_duplicate(later, original=first, by=department_head)
    headers = bearer(department_head)

    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/petitions", {"page_size": 100}, **headers).json()

    assert data["count"] == 21
    assert [p["duplicate_of"] for p in data["items"] if p["duplicate_of"]] == [first.code]


def test_list_refuses_an_unknown_field_code(client, complaint, department_head):
    response = client.get("/api/v1/petitions", {"field": "NOPE"}, **bearer(department_head))

    assert response.status_code == 422


def test_detail_and_not_found(client, complaint, reception_officer, outsider):
    found = client.get(f"/api/v1/petitions/{complaint.pk}", **bearer(reception_officer))
    missing = client.get("/api/v1/petitions/999999", **bearer(reception_officer))
    forbidden = client.get(f"/api/v1/petitions/{complaint.pk}", **bearer(outsider))

    assert (found.status_code, found.json()["code"]) == (200, complaint.code)
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert forbidden.status_code == 403
