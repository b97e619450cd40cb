"""The outreach API: read as the pages allow, write for the office's staff, bad input 422."""

from __future__ import annotations

import pytest

from dannguyen.accounts.models import ApiToken, Role
from dannguyen.outreach import workflow
from dannguyen.outreach.models import Programme

from .conftest import TET_FROM, TET_UNTIL, household

pytestmark = pytest.mark.django_db

READERS = {"department_head", "information_officer", "office_leader", "delegation_leader", "deputy"}
PERSONAS = sorted(READERS | {"other_deputy", "outsider", "system_admin"})
WRITERS = {"department_head", "information_officer"}


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def other_deputy(make_user):
    return make_user("other_deputy", Role.Code.DEPUTY, full_name="Vũ Văn Khác")


def test_who_may_read(client, request, programme, households, other_deputy):
    seen = {}
    for persona in PERSONAS:
        headers = bearer(request.getfixturevalue(persona))
        listing = client.get("/api/v1/outreach/programmes", **headers)
        detail = client.get(f"/api/v1/outreach/programmes/{programme.pk}", **headers)
        seen[persona] = (listing.status_code, detail.status_code)
    assert seen == {
        p: (200, 200) if p in READERS else ((200, 403) if p == "other_deputy" else (403, 403))
        for p in PERSONAS
    }


def test_detail_carries_households_gifts_and_overlaps(
    client, programme, households, communes, information_officer
):
    workflow.record_gift(
        programme,
        household=households[0],
        money=1_000_000,
        goods="",
        goods_value=0,
        given_on=None,
        by=information_officer,
    )
    other = workflow.create_programme(
        values={"title": "Khác", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
        leaders=[],
        participants=[],
        by=information_officer,
    )
    household(other, information_officer, "Nguyễn Thị Hoa", communes["Xã Gia Vân"])
    body = client.get(
        f"/api/v1/outreach/programmes/{programme.pk}", **bearer(information_officer)
    ).json()
    assert (body["budget"], body["given"], body["households"]) == (10_000_000, 1_000_000, 2)
    first = next(h for h in body["household_list"] if h["id"] == households[0].pk)
    assert first["gifts"] == [{"money": 1_000_000, "goods": "", "goods_value": 0, "given_on": None}]
    assert first["also_supported_by"] == [other.pk]
    assert "phone" not in first


def _payload(**overrides):
    data = {
        "title": "Thăm hỏi vùng lũ",
        "occasion": "natural_disaster",
        "lead_body": "council_standing",
        "starts_on": "2026-09-10",
        "ends_on": "2026-09-12",
    }
    data.update(overrides)
    return data


def test_who_may_write(client, request, communes, other_deputy):
    seen = {}
    for persona in PERSONAS:
        response = client.post(
            "/api/v1/outreach/programmes",
            _payload(title=persona),
            content_type="application/json",
            **bearer(request.getfixturevalue(persona)),
        )
        seen[persona] = response.status_code
    assert seen == {p: 201 if p in WRITERS else 403 for p in PERSONAS}
    assert sorted(Programme.objects.values_list("title", flat=True)) == sorted(WRITERS)


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": "2026-09-12", "ends_on": "2026-09-10"},
        {"occasion": "party"},
        {"starts_on": "2026-02-30"},
        {"leaders": [99999999999999999999]},
        {"leaders": [123456]},
        {"title": "x" * 501},
    ],
)
def test_bad_input_is_422_and_nothing_saved(client, communes, information_officer, overrides):
    response = client.post(
        "/api/v1/outreach/programmes",
        _payload(**overrides),
        content_type="application/json",
        **bearer(information_officer),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Programme.objects.count() == 0


def test_bad_query_values(client, programme, information_officer):
    headers = bearer(information_officer)
    assert client.get("/api/v1/outreach/programmes?page=0", **headers).status_code == 422
    assert client.get("/api/v1/outreach/programmes/0", **headers).status_code == 422
    assert client.get("/api/v1/outreach/programmes/999999", **headers).status_code == 404
    unknown = client.get("/api/v1/outreach/programmes?status=bogus", **headers)
    assert unknown.json()["count"] == 1


def test_no_token_no_answer(client, programme):
    assert client.get("/api/v1/outreach/programmes").status_code == 401
