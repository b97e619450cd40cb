"""The public API: no token, the same public rows and fields as the pages, paged."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from .conftest import RECEPTION_DAY, SPEAKERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_world(today, reception_sessions, published_plan, answered, events, law, hidden_decree):
    return {"law": law, "decree": hidden_decree, "answered": answered, "events": events}


def test_schedules_without_a_token(client, portal_world, deputy, reception_officer):
    response = client.get("/api/v1/public/schedules")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    body = response.json()
    assert body["count"] == 3
    assert [(i["kind"], i["date"]) for i in body["items"]] == [
        ("reception", RECEPTION_DAY.isoformat()),
        ("reception", "2026-11-17"),
        ("event", "2026-12-10"),
    ]
    first = body["items"][0]
    assert first["hosts"] == [deputy.full_name]
    assert first["url"].startswith("/portal/lich/?month=2026-11#reception-")
    text = response.content.decode()
    assert reception_officer.full_name not in text
    assert "Tập huấn nội bộ" not in text


def test_schedules_by_period_kind_and_page(client, portal_world):
    url = "/api/v1/public/schedules"

    meetings = client.get(url, {"from": "2026-04-01", "to": "2026-04-30", "kind": "meeting"})
    paged = client.get(url, {"page": 2, "page_size": 2})

    assert [i["kind"] for i in meetings.json()["items"]] == ["meeting", "meeting"]
    assert meetings.json()["items"][0]["starts_at"] is None
    assert (paged.json()["count"], [i["kind"] for i in paged.json()["items"]]) == (3, ["event"])


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-12-01", "to": "2026-11-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"kind": "<script>"},
        {"from": "not a date"},
        {"page_size": 1000},
    ],
)
def test_bad_schedule_parameters_are_refused_in_the_api_shape(client, portal_world, params):
    response = client.get("/api/v1/public/schedules", params)

    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "fields"}


def test_legal_search_of_published_documents(client, portal_world):
    law = portal_world["law"]

    response = client.get("/api/v1/public/legal/search", {"q": "đại biểu quốc hội tiếp công dân"})

    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["so_ky_hieu"] == "42/2013/QH13"
    assert body["items"][0]["article"] == "21"
    assert body["items"][0]["url"].startswith(f"/portal/van-ban/{law.pk}/#")
    assert "<mark>" in body["items"][0]["snippet"]
    assert {i["document_id"] for i in body["items"]} == {law.pk}


def test_legal_search_needs_words(client, portal_world):
    response = client.get("/api/v1/public/legal/search")

    assert response.status_code == 422
    assert response.json()["fields"] == {"q": [gettext("This field is required.")]}


def test_voter_answers_without_speakers(client, portal_world, session):
    response = client.get("/api/v1/public/voter-answers", {"session": session.pk})

    assert response.status_code == 200
    body = response.json()
    pension = portal_world["answered"]
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["petition_id"], item["result"], item["published_from"]) == (
        pension.pk,
        "in_progress",
        "2026-07-24",
    )
    assert len(item["communes"]) == 1
    text = response.content.decode()
    assert [s for s in SPEAKERS if s in text] == []
    assert "Thứ trưởng Nguyễn Văn Ký" not in text  # the signer is not published


def test_a_token_is_not_needed_and_not_harmful(client, portal_world, department_head):
    from dannguyen.accounts.models import ApiToken

    _token, raw = ApiToken.issue(department_head, name="test")

    response = client.get("/api/v1/public/voter-answers", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert response.json()["count"] == 1
