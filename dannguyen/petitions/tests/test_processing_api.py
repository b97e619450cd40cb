"""Handling over the API: POST /api/v1/petitions/{id}/actions/{action}, deadlines in the
petition, ?overdue=true — the same forms, rules and permissions as the pages."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine

from dannguyen.petitions import workflow
from dannguyen.petitions.models import Petition

from .test_api import bearer

pytestmark = pytest.mark.django_db


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+07:00"), tick=False)


def act(client, user, petition, action, **fields):
    return client.post(
        f"/api/v1/petitions/{petition.pk}/actions/{action}",
        json.dumps(fields),
        content_type="application/json",
        **bearer(user),
    )


def test_a_whole_flow_over_the_api(
    client, complaint, department_head, supervision_officer, land_field, provincial_inspectorate
):
    with at("2026-03-03"):
        assigned = act(
            client, department_head, complaint, "assign", assigned_to=supervision_officer.pk
        )
        classified = act(
            client,
            supervision_officer,
            complaint,
            "classify",
            kind="complaint",
            main_field=land_field.pk,
            eligibility="eligible",
            competence="outside",
            competent_agency=provincial_inspectorate.pk,
            procedure_stage="first_resolved",
        )
    with at("2026-03-05"):
        forwarded = act(
            client,
            supervision_officer,
            complaint,
            "forward",
            agencies=[provincial_inspectorate.pk],
            on="2026-03-05",
            version=classified.json()["version"],
        )
    forwarding = complaint.forwardings.get()
    with at("2026-05-05"):
        overdue = client.get(
            "/api/v1/petitions", {"overdue": "true"}, **bearer(supervision_officer)
        ).json()
        answered = act(
            client,
            supervision_officer,
            complaint,
            "record_answer",
            forwarding=forwarding.pk,
            kind="result",
            number="245/QĐ-TTr",
            issued_on="2026-05-04",
            received_on="2026-05-05",
            summary="Giữ nguyên quyết định.",
        )

    assert [r.status_code for r in (assigned, classified, forwarded, answered)] == [200] * 4
    assert forwarded.json()["status"] == "forwarded"
    assert [(d["step"], d["due_on"], d["status"]) for d in forwarded.json()["deadlines"]] == [
        ("office_processing", "2026-03-16", "met"),
        ("agency_acceptance", "2026-03-16", "open"),
        ("agency_answer", "2026-04-24", "open"),
    ]
    assert forwarded.json()["deadlines"][1]["basis"].startswith("Luật Khiếu nại số 02/2011")
    assert [p["code"] for p in overdue["items"]] == [complaint.code]
    assert answered.json()["status"] == "answered"


def test_a_refused_transition_is_409_and_changes_nothing(client, complaint, department_head):
    response = act(client, department_head, complaint, "close")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Petition.objects.get(pk=complaint.pk).status == "received"


def test_a_stale_version_is_409(client, complaint, department_head):
    stale = complaint.version
    workflow.assign(complaint, to=department_head, by=department_head)

    response = act(client, department_head, complaint, "file", reason="duplicate", version=stale)

    assert response.status_code == 409
    assert Petition.objects.get(pk=complaint.pk).status == "assigned"


@pytest.mark.parametrize("persona", ["reception_officer", "information_officer", "outsider"])
def test_a_role_that_may_not_act_is_403(client, request, complaint, persona):
    response = act(client, request.getfixturevalue(persona), complaint, "file", reason="duplicate")

    assert response.status_code == 403
    assert Petition.objects.get(pk=complaint.pk).status == "received"


def test_bad_fields_are_422_with_field_errors(client, complaint, department_head):
    workflow.assign(complaint, to=department_head, by=department_head)

    responses = [
        act(client, department_head, complaint, "file", reason="nonsense"),
        act(client, department_head, complaint, "forward", agencies=["x"], on="2026-02-30"),
        act(client, department_head, complaint, "assign", assigned_to=999999999),
    ]

    assert [r.status_code for r in responses] == [422, 422, 422]
    assert [sorted(r.json()["fields"]) for r in responses] == [
        ["reason"],
        ["agencies", "on"],
        ["assigned_to"],
    ]


def test_an_unknown_action_is_404(client, complaint, department_head):
    assert act(client, department_head, complaint, "explode").status_code == 404


def test_the_list_with_deadlines_takes_bounded_queries(
    client, register, department_head, django_assert_max_num_queries
):
    for n in range(15):
        register(content=f"Khiếu nại số {n} về đất đai", kind="complaint")

    with django_assert_max_num_queries(14):
        data = client.get("/api/v1/petitions", {"page_size": 100}, **bearer(department_head)).json()

    assert data["count"] == 15
    assert {len(p["deadlines"]) for p in data["items"]} == {1}
