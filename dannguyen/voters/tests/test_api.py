"""The API: sessions, meetings, opinions, the grouping and one petition; who may; bad input."""

from __future__ import annotations

import json

import pytest

from dannguyen.petitions.models import Petition
from dannguyen.voters import groups
from dannguyen.voters.models import Meeting, Opinion, Session

from .conftest import CLOSES, MEETING_DAY, OPENS, ROAD, ROAD_AGAIN, bearer

pytestmark = pytest.mark.django_db

PERSONAS = ["voter_contact_officer", "department_head", "deputy", "office_leader", "outsider"]
RECORDERS = {"voter_contact_officer", "department_head"}
READERS = RECORDERS | {"deputy", "office_leader"}


def post(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def test_the_whole_round_through_the_api(
    client, world, communes, voter_contact_officer, earlier_session
):
    session = post(
        client,
        "/api/v1/voters/sessions",
        {
            "body": "na",
            "term": "xv",
            "number": 11,
            "kind": "regular",
            "opens_on": OPENS.isoformat(),
            "closes_on": CLOSES.isoformat(),
        },
        voter_contact_officer,
    )
    assert session.status_code == 201
    created = session.json()
    assert created["term"] == "XV"
    assert [d["due_on"] for d in created["synthesis_due"]] == ["2026-04-29", "2026-07-13"]
    meeting_ids = []
    for n, commune in enumerate(communes[:2]):
        meeting = post(
            client,
            "/api/v1/voters/meetings",
            {
                "session_id": created["id"],
                "timing": "before",
                "held_on": MEETING_DAY.replace(day=MEETING_DAY.day + n).isoformat(),
                "place": f"Nhà văn hóa {commune.name}",
                "commune_code": commune.code,
                "voter_count": 90,
            },
            voter_contact_officer,
        )
        assert meeting.status_code == 201, meeting.content
        meeting_ids.append(meeting.json()["id"])
    opinion_ids = []
    for meeting_id, text in [
        (meeting_ids[0], ROAD),
        (meeting_ids[1], ROAD_AGAIN),
        (meeting_ids[1], "Đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995."),
    ]:
        response = post(
            client,
            "/api/v1/voters/opinions",
            {"meeting_id": meeting_id, "content": text},
            voter_contact_officer,
        )
        assert response.status_code == 201
        assert response.json()["commune_code"] in {c.code for c in communes}
        opinion_ids.append(response.json()["id"])
    grouped = post(
        client, f"/api/v1/voters/sessions/{created['id']}/group", {}, voter_contact_officer
    )
    assert grouped.status_code == 200
    found = grouped.json()["groups"]
    # Every opinion in exactly one group, singletons included.
    assert sorted(i for g in found for i in g["opinion_ids"]) == sorted(opinion_ids)
    assert all(g["title"] for g in found)
    first = found[0]
    detail = client.get(f"/api/v1/voters/petitions/{first['id']}", **bearer(voter_contact_officer))
    assert detail.status_code == 200
    body = detail.json()
    assert body["opinion_ids"] == first["opinion_ids"]
    assert body["meetings"] == len({o["meeting_id"] for o in body["opinions"]})
    # A second run keeps a group staff accepted.
    accepted = groups.accept(
        groups.VoterPetition.objects.get(pk=first["id"]), by=voter_contact_officer
    )
    again = post(
        client, f"/api/v1/voters/sessions/{created['id']}/group", {}, voter_contact_officer
    )
    assert {
        "id": accepted.pk,
        "opinion_ids": first["opinion_ids"],
        "title": accepted.title,
    } in again.json()["groups"]


def test_bad_input_is_a_field_error_and_nothing_is_kept(
    client, session, meetings, voter_contact_officer
):
    before = (Session.objects.count(), Meeting.objects.count(), Opinion.objects.count())
    cases = [
        (
            "/api/v1/voters/sessions",
            {
                "body": "na",
                "term": "XV",
                "number": 11,
                "kind": "regular",
                "opens_on": OPENS.isoformat(),
                "closes_on": CLOSES.isoformat(),
            },
            "number",
        ),
        (
            "/api/v1/voters/sessions",
            {
                "body": "na",
                "term": "XV",
                "number": 12,
                "kind": "weekly",
                "opens_on": "2026-13-01",
                "closes_on": CLOSES.isoformat(),
            },
            "kind",
        ),
        (
            "/api/v1/voters/meetings",
            {
                "session_id": session.pk,
                "timing": "before",
                "held_on": OPENS.isoformat(),
                "place": "Hội trường",
            },
            "held_on",
        ),
        (
            "/api/v1/voters/meetings",
            {
                "session_id": session.pk,
                "timing": "after",
                "held_on": CLOSES.isoformat(),
                "place": "Hội trường",
            },
            "held_on",
        ),
        (
            "/api/v1/voters/meetings",
            {
                "session_id": session.pk,
                "timing": "before",
                "held_on": MEETING_DAY.isoformat(),
                "place": "X",
                "commune_code": "99999",
            },
            "commune_code",
        ),
        ("/api/v1/voters/opinions", {"meeting_id": meetings[0].pk, "content": "   "}, "content"),
        ("/api/v1/voters/opinions", {"meeting_id": meetings[0].pk, "content": "\n\t"}, "content"),
        ("/api/v1/voters/opinions", {"meeting_id": 10**12, "content": "Đề nghị."}, "meeting_id"),
    ]
    for url, body, field in cases:
        response = post(client, url, body, voter_contact_officer)
        assert response.status_code == 422, (url, body, response.content)
        assert field in response.json()["fields"]
    assert (Session.objects.count(), Meeting.objects.count(), Opinion.objects.count()) == before


def test_a_complaint_sent_over_the_api_is_registered(client, meetings, voter_contact_officer):
    response = post(
        client,
        "/api/v1/voters/opinions",
        {
            "meeting_id": meetings[0].pk,
            "content": "Tôi khiếu nại quyết định thu hồi đất.",
            "kind": "complaint",
            "speaker": "Bà Trần Thị Khiếu",
        },
        voter_contact_officer,
    )
    assert response.status_code == 201
    assert response.json()["petition_code"] == Petition.objects.get().code
    assert response.json()["group_id"] is None


def test_who_may_use_the_api(client, request, opinions, session):
    groups.regroup(session, by=None)
    petition = opinions[0].group
    petition.refresh_from_db() if petition else None
    petition_id = Opinion.objects.get(pk=opinions[0].pk).group_id
    seen = {}
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        seen[persona] = (
            client.get(f"/api/v1/voters/petitions/{petition_id}", **bearer(user)).status_code,
            post(client, f"/api/v1/voters/sessions/{session.pk}/group", {}, user).status_code,
            post(
                client,
                "/api/v1/voters/opinions",
                {"meeting_id": opinions[0].meeting_id, "content": "Đề nghị mới."},
                user,
            ).status_code,
        )
    assert seen == {
        p: (
            200 if p in READERS else 403,
            200 if p in RECORDERS else 403,
            201 if p in RECORDERS else 403,
        )
        for p in PERSONAS
    }
    assert client.get(f"/api/v1/voters/petitions/{petition_id}").status_code == 401
    assert (
        client.get(
            "/api/v1/voters/petitions/99999999", **bearer(request.getfixturevalue("deputy"))
        ).status_code
        == 404
    )
