"""/api/v1/deputies: the same rules as the pages, over a token."""

from __future__ import annotations

import json

import pytest
from django.utils.translation import gettext

from dannguyen.deputies.models import ActivityEntry, Person
from dannguyen.deputies.queries import Source

from .conftest import bearer


def post(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def test_the_list_is_paged_and_filtered(client, office_leader, own, khanh):
    for i in range(3):
        Person.objects.create(name=f"Nguyễn Văn Thử {i}")
    headers = bearer(office_leader)
    data = client.get("/api/v1/deputies", {"page_size": 2}, **headers).json()
    assert data["count"] == 5
    assert [p["name"] for p in data["items"]] == ["Đỗ Thị Đại Biểu", "Lương Văn Khánh"]
    assert data["items"][0]["memberships"][0]["role"] == "deputy_head"
    assert data["items"][0]["memberships"][0]["area"] == "Đơn vị bầu cử số 1"
    page3 = client.get("/api/v1/deputies", {"page_size": 2, "page": 3}, **headers).json()
    assert [p["name"] for p in page3["items"]] == ["Nguyễn Văn Thử 2"]
    body = client.get("/api/v1/deputies", {"body": "hdnd_province"}, **headers).json()
    assert [p["name"] for p in body["items"]] == ["Lương Văn Khánh"]
    unknown = client.get("/api/v1/deputies", {"term_id": 999999}, **headers).json()
    assert unknown == {"items": [], "count": 0}


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page_size": 101}, {"term_id": "abc"}, {"q": "x" * 101}]
)
def test_bad_parameters_are_refused_with_422(client, office_leader, params):
    assert client.get("/api/v1/deputies", params, **bearer(office_leader)).status_code == 422


def test_one_deputy_comes_with_the_activity_the_caller_may_see(client, record, deputy, make_user):
    full = client.get(f"/api/v1/deputies/{record.pk}", **bearer(deputy)).json()
    assert full["full_activity"] is True
    year = full["activity"][0]
    assert year["year"] == 2026
    assert year["counts"][Source.PETITIONS_RECEIVED] == 2
    assert year["counts"][Source.RECEPTION] == 2
    other = make_user("other_deputy", "deputy")
    public = client.get(f"/api/v1/deputies/{record.pk}", **bearer(other)).json()
    assert public["full_activity"] is False
    assert Source.PETITIONS_RECEIVED not in public["activity"][0]["counts"]
    assert public["activity"][0]["counts"][Source.EVENTS] == 1
    only_2025 = client.get(f"/api/v1/deputies/{record.pk}", {"year": 2025}, **bearer(deputy))
    assert [y["year"] for y in only_2025.json()["activity"]] == [2025]


def test_who_may_call(client, own, outsider):
    assert client.get("/api/v1/deputies").status_code == 401
    assert client.get(f"/api/v1/deputies/{own.pk}").status_code == 401
    headers = bearer(outsider)
    assert client.get("/api/v1/deputies", **headers).status_code == 403
    assert client.get(f"/api/v1/deputies/{own.pk}", **headers).status_code == 403
    assert client.get("/api/v1/deputies/popolo.json", **headers).status_code == 403


def test_missing_and_impossible_ids(client, office_leader):
    headers = bearer(office_leader)
    assert client.get("/api/v1/deputies/999999", **headers).status_code == 404
    assert client.get("/api/v1/deputies/99999999999999999999999", **headers).status_code == 422


def test_the_popolo_export(client, system_admin, own, khanh):
    data = client.get("/api/v1/deputies/popolo.json", **bearer(system_admin)).json()
    assert [p["id"] for p in data["persons"]] == [f"person/{own.pk}", f"person/{khanh.pk}"]
    assert {o["classification"] for o in data["organizations"]} == {"delegation", "council"}
    assert len(data["posts"]) == 2


def test_editors_record_an_activity(client, own, information_officer, reception_officer):
    url = f"/api/v1/deputies/{own.pk}/activities"
    body = {"kind": "question", "date": "2026-11-05", "title": "Chất vấn", "is_public": True}
    assert post(client, url, body, reception_officer).status_code == 403
    response = post(client, url, body, information_officer)
    assert response.status_code == 201
    assert response.json()["is_public"] is True
    entry = ActivityEntry.objects.get()
    assert (entry.person, entry.created_by) == (own, information_officer)
    bad = post(client, url, {**body, "date": "2026-12-01", "kind": "dance"}, information_officer)
    assert bad.status_code == 422
    fields = bad.json()["fields"]
    assert fields["date"] == [gettext("Record an activity once it has taken place.")]
    assert "kind" in fields
    assert post(client, url, {"title": "x"}, information_officer).status_code == 422
    assert ActivityEntry.objects.count() == 1
    missing = post(client, "/api/v1/deputies/999999/activities", body, information_officer)
    assert missing.status_code == 404
