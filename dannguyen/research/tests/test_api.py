"""The research API: read for staff with a role, write for office staff, bad input 422."""

from __future__ import annotations

import pytest

from dannguyen.accounts.models import ApiToken
from dannguyen.legal.tests.factories import LegalDocumentFactory
from dannguyen.research.models import Topic

pytestmark = pytest.mark.django_db

READERS = {"department_head", "information_officer", "office_leader", "delegation_leader"}
PERSONAS = sorted(READERS | {"deputy", "other_deputy", "outsider", "system_admin"})
WRITERS = {"department_head", "information_officer"}


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_who_may_read(client, request, topic, other_deputy):
    seen = {}
    for persona in PERSONAS:
        response = client.get("/api/v1/research/topics", **bearer(request.getfixturevalue(persona)))
        seen[persona] = (response.status_code, response.json().get("count"))
    assert seen == {
        p: (200, 1)
        if p in READERS | {"deputy"}
        else ((200, 0) if p == "other_deputy" else (403, None))
        for p in PERSONAS
    }


def test_list_carries_milestones(client, topic, information_officer):
    item = client.get("/api/v1/research/topics", **bearer(information_officer)).json()["items"][0]
    assert [m["title"] for m in item["milestones"]] == ["Đề cương", "Khảo sát"]
    assert item["owner"] == information_officer.get_full_name()


def _payload(person, **overrides):
    data = {
        "title": "Chuyên đề",
        "kind": "thematic",
        "owner_body": "na_delegation",
        "owner": person.pk,
        "starts_on": "2026-03-01",
        "ends_on": "2026-06-30",
    }
    data.update(overrides)
    return data


def test_who_may_write(client, request, information_officer, other_deputy):
    seen = {}
    for persona in PERSONAS:
        response = client.post(
            "/api/v1/research/topics",
            _payload(information_officer, title=persona),
            content_type="application/json",
            **bearer(request.getfixturevalue(persona)),
        )
        seen[persona] = response.status_code
    assert seen == {p: 201 if p in WRITERS else 403 for p in PERSONAS}
    assert Topic.objects.count() == 2


def test_write_links_legal_documents(client, information_officer):
    LegalDocumentFactory(number_raw="64/2025/QH15", number_key="64/2025/QH15")
    response = client.post(
        "/api/v1/research/topics",
        _payload(information_officer, legal_documents=["64/2025/QH15"]),
        content_type="application/json",
        **bearer(information_officer),
    )
    assert response.status_code == 201
    assert response.json()["legal_documents"] == ["64/2025/QH15"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": "2026-07-01", "ends_on": "2026-03-01"},
        {"kind": "x"},
        {"owner": 99999999999999999999},
        {"owner": 0},
        {"legal_documents": ["1/2099/XX"]},
        {"ends_on": "2026-13-01"},
    ],
)
def test_bad_input_is_422(client, information_officer, overrides):
    response = client.post(
        "/api/v1/research/topics",
        _payload(information_officer, **overrides),
        content_type="application/json",
        **bearer(information_officer),
    )
    assert response.status_code == 422
    assert Topic.objects.count() == 0


def test_no_token_no_answer(client, topic):
    assert client.get("/api/v1/research/topics").status_code == 401
