"""The read API: allowed and forbidden as the pages, recommendations in the detail."""

from __future__ import annotations

import pytest

from .conftest import bearer, leaks

pytestmark = pytest.mark.django_db

ALLOWED = {
    "department_head",
    "supervision_officer",
    "information_officer",
    "reception_officer",
    "office_leader",
    "deputy",
}
PERSONAS = sorted(ALLOWED | {"other_deputy", "outsider", "system_admin"})


def test_who_may_read_plans(client, request, recommendation, other_deputy):
    seen = {}
    for persona in PERSONAS:
        headers = bearer(request.getfixturevalue(persona))
        listing = client.get("/api/v1/supervision/plans", **headers)
        detail = client.get(f"/api/v1/supervision/plans/{recommendation.plan_id}", **headers)
        seen[persona] = (listing.status_code, detail.status_code)

    assert seen == {
        p: (200, 200) if p in ALLOWED else ((200, 403) if p == "other_deputy" else (403, 403))
        for p in PERSONAS
    }


def test_the_detail_carries_the_recommendations(client, office_leader, recommendation, complaint):
    response = client.get(
        f"/api/v1/supervision/plans/{recommendation.plan_id}", **bearer(office_leader)
    )

    data = response.json()
    assert data["status"] == "in_progress"
    assert data["recommendations"] == [
        {
            "id": recommendation.pk,
            "agency": "Ủy ban nhân dân xã Nho Quan",
            "text": "Giải quyết dứt điểm 2 vụ việc quá hạn.",
            "due_on": "2026-10-30",
            "status": "open",
            "settled_on": None,
            "is_overdue": True,
        }
    ]
    assert complaint.code in data["petitions"]
    assert leaks(response.content.decode()) == []


def test_the_list_filters_and_rejects_bad_values(client, office_leader, running_plan, commune):
    headers = bearer(office_leader)

    assert (
        client.get("/api/v1/supervision/plans?status=in_progress", **headers).json()["count"] == 1
    )
    assert client.get("/api/v1/supervision/plans?year=2025", **headers).json()["count"] == 0
    assert (
        client.get(f"/api/v1/supervision/plans?agency={commune.pk}", **headers).json()["count"] == 1
    )
    assert client.get("/api/v1/supervision/plans?year=abc", **headers).status_code == 422
    assert (
        client.get("/api/v1/supervision/plans/99999999999999999999", **headers).status_code == 422
    )
    assert client.get("/api/v1/supervision/plans/424242", **headers).status_code == 404


def test_no_token_no_answer(client, running_plan):
    assert client.get("/api/v1/supervision/plans").status_code == 401
