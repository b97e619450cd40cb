"""/api/v1/events: read for everyone with a role, write for the office's staff; bad input is
422 with the field and leaves nothing saved (the event, its agenda and participants are one
transaction)."""

from __future__ import annotations

import json

import pytest

from dannguyen.events.models import AgendaItem, Event, EventHistory, Participant

from .conftest import bearer

pytestmark = pytest.mark.django_db

READERS = {"department_head", "information_officer", "office_leader", "deputy", "system_admin"}
STAFF = {"department_head", "information_officer"}
PERSONAS = sorted(READERS | {"outsider"})

BODY = {
    "title": "Hội thảo lấy ý kiến dự án Luật Đất đai (sửa đổi)",
    "kind": "na_conference",
    "organiser": "Ủy ban Kinh tế của Quốc hội",
    "starts_at": "2026-12-15T08:00:00+07:00",
    "ends_at": "2026-12-15T17:00:00+07:00",
    "place": "Khách sạn Hoa Lư",
    "is_public": True,
    "agenda": [
        {
            "starts_at": "2026-12-15T08:00:00+07:00",
            "ends_at": "2026-12-15T09:30:00+07:00",
            "title": "Phát biểu khai mạc",
            "speakers": "Chủ nhiệm Ủy ban Kinh tế",
        }
    ],
    "guests": [{"name": "PGS.TS Nguyễn Văn Luật", "position": "Trường Đại học Luật Hà Nội"}],
}


def post(client, user, body):
    return client.post(
        "/api/v1/events", json.dumps(body), content_type="application/json", **bearer(user)
    )


def nothing_saved():
    return (
        Event.objects.count(),
        AgendaItem.objects.count(),
        Participant.objects.count(),
        EventHistory.objects.count(),
    ) == (0, 0, 0, 0)


def test_who_may_read(client, request, invited):
    seen = {}
    for persona in PERSONAS:
        headers = bearer(request.getfixturevalue(persona))
        seen[persona] = (
            client.get("/api/v1/events", **headers).status_code,
            client.get(f"/api/v1/events/{invited.pk}", **headers).status_code,
        )

    assert seen == {p: (200, 200) if p in READERS else (403, 403) for p in PERSONAS}


def test_without_a_token_it_is_401(client, invited):
    assert client.get("/api/v1/events").status_code == 401


def test_the_detail_carries_the_agenda_and_the_participants(client, deputy, invited):
    response = client.get(f"/api/v1/events/{invited.pk}", **bearer(deputy))

    data = response.json()
    assert (data["status"], data["is_public"]) == ("invited", True)
    assert [a["title"] for a in data["agenda"]] == ["Khai mạc; báo cáo kết quả giám sát chuyên đề"]
    assert sorted((p["kind"], p["invitation"]) for p in data["participants"]) == [
        ("agency", "sent"),
        ("deputy", "sent"),
        ("guest", "sent"),
    ]


def test_the_list_filters_and_pages(client, deputy, invited):
    listing = client.get("/api/v1/events?status=invited&page_size=1", **bearer(deputy)).json()
    none = client.get("/api/v1/events?status=reported", **bearer(deputy)).json()

    assert (listing["count"], [e["id"] for e in listing["items"]]) == (1, [invited.pk])
    assert none == {"items": [], "count": 0}


def test_an_unknown_event_is_404_and_an_impossible_id_422(client, deputy, world):
    assert client.get("/api/v1/events/999999", **bearer(deputy)).status_code == 404
    assert client.get("/api/v1/events/99999999999999999999", **bearer(deputy)).status_code == 422


def test_who_may_create(client, request, world):
    seen = {}
    for persona in PERSONAS:
        seen[persona] = post(client, request.getfixturevalue(persona), BODY).status_code

    assert seen == {p: 201 if p in STAFF else 403 for p in PERSONAS}
    assert Event.objects.count() == len(STAFF)


def test_creating_with_agenda_and_participants(client, information_officer, deputy, inspectorate):
    response = post(
        client,
        information_officer,
        BODY | {"deputy_ids": [deputy.pk], "agency_ids": [inspectorate.pk]},
    )

    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "planned"
    assert [a["speakers"] for a in data["agenda"]] == ["Chủ nhiệm Ủy ban Kinh tế"]
    assert sorted(p["name"] for p in data["participants"]) == [
        "PGS.TS Nguyễn Văn Luật",
        "Thanh tra tỉnh Ninh Bình",
        "Đỗ Thị Đại Biểu",
    ]


def test_an_event_ending_before_it_starts_is_422(client, information_officer, world):
    response = post(client, information_officer, BODY | {"ends_at": "2026-12-14T17:00:00+07:00"})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["ends_at"]
    assert nothing_saved()


def test_an_agenda_item_outside_the_event_is_422_and_nothing_is_saved(
    client, information_officer, world
):
    agenda = [
        BODY["agenda"][0]
        | {"starts_at": "2026-12-16T08:00:00+07:00", "ends_at": "2026-12-16T09:00:00+07:00"}
    ]

    response = post(client, information_officer, BODY | {"agenda": agenda})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["agenda.0.__all__"]
    assert nothing_saved()


def test_a_deputy_named_twice_is_422_and_nothing_is_saved(client, information_officer, deputy):
    response = post(client, information_officer, BODY | {"deputy_ids": [deputy.pk, deputy.pk]})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["deputy_ids"]
    assert nothing_saved()


def test_the_same_guest_twice_is_422_and_nothing_is_saved(client, information_officer, world):
    response = post(client, information_officer, BODY | {"guests": BODY["guests"] * 2})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["__all__"]
    assert nothing_saved()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deputy_ids": [1]}, "deputy_ids"),  # a user who is not a deputy (or nobody)
        ({"kind": "party"}, "kind"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"owner_id": 0}, "owner_id"),
        ({"guests": [{"name": "  "}]}, "guests.0.name"),
    ],
)
def test_bad_values_are_422_with_the_field(client, information_officer, world, changes, field):
    response = post(client, information_officer, BODY | changes)

    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert nothing_saved()
