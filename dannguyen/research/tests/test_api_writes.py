"""/api/v1/research/topics/{id}/…: editing a topic, its milestones, outputs and moves over the
API, through the page's forms, predicates and workflow. A refusal is 422 with the field (or
"__all__") and the Vietnamese message, and nothing of it is saved."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from pypdf import PdfWriter

from dannguyen.accounts.models import ApiToken
from dannguyen.research import workflow
from dannguyen.research.models import Milestone, Output, Topic, TopicStatus

from .conftest import topic_values

pytestmark = pytest.mark.django_db

WRITERS = {"department_head", "information_officer"}
APPROVERS = {"department_head", "delegation_leader"}
PERSONAS = sorted(WRITERS | APPROVERS | {"deputy", "office_leader", "outsider", "system_admin"})


@pytest.fixture(autouse=True)
def mid_may():
    with time_machine.travel(datetime.datetime(2026, 5, 15, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client, user, method, url, body):
    return getattr(client, method)(
        f"/api/v1/research/topics{url}",
        json.dumps(body),
        content_type="application/json",
        **bearer(user),
    )


def edit_body(person, **changes):
    body = {
        "title": "Chuyên đề: chính sách đối với người có công (điều chỉnh)",
        "kind": "thematic",
        "owner_body": "na_delegation",
        "owner": person.pk,
        "starts_on": "2026-03-01",
        "ends_on": "2026-09-30",
    }
    return body | changes


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def started(topic, approver, officer):
    workflow.move(topic, to=TopicStatus.APPROVED, by=approver)
    workflow.move(topic, to=TopicStatus.IN_PROGRESS, by=officer)
    return topic


def test_one_topic_for_those_who_may_read_it(client, topic, deputy, outsider, other_deputy):
    assert client.get(f"/api/v1/research/topics/{topic.pk}", **bearer(deputy)).status_code == 200
    assert (
        client.get(f"/api/v1/research/topics/{topic.pk}", **bearer(other_deputy)).status_code == 403
    )
    assert client.get(f"/api/v1/research/topics/{topic.pk}", **bearer(outsider)).status_code == 403
    assert client.get("/api/v1/research/topics/999999", **bearer(deputy)).status_code == 404


def test_who_may_edit(client, request, topic, information_officer, delegation_leader):
    seen = {
        persona: send(
            client,
            request.getfixturevalue(persona),
            "put",
            f"/{topic.pk}",
            edit_body(information_officer),
        ).status_code
        for persona in PERSONAS
    }

    assert seen == {p: 200 if p in WRITERS else 403 for p in PERSONAS}
    assert Topic.objects.get().title == "Chuyên đề: chính sách đối với người có công (điều chỉnh)"


def test_an_edit_with_the_dates_in_the_wrong_order_is_422(client, topic, information_officer):
    response = send(
        client,
        information_officer,
        "put",
        f"/{topic.pk}",
        edit_body(information_officer, ends_on="2026-02-01"),
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {
        "ends_on": [gettext("The topic cannot end before it starts.")]
    }
    assert Topic.objects.get().ends_on == datetime.date(2026, 9, 30)


def test_adding_a_milestone_and_marking_it_done(client, topic, information_officer):
    added = send(
        client,
        information_officer,
        "post",
        f"/{topic.pk}/milestones",
        {"title": "Hội thảo góp ý", "due_on": "2026-08-15"},
    )
    first = Milestone.objects.get(title="Đề cương")
    done = send(
        client,
        information_officer,
        "post",
        f"/{topic.pk}/milestones/{first.pk}/done",
        {"done_on": "2026-04-03"},
    )

    assert added.status_code == 201
    assert done.status_code == 200
    assert [(m["title"], m["done_on"], m["is_overdue"]) for m in done.json()["milestones"]] == [
        ("Đề cương", "2026-04-03", False),
        ("Khảo sát", None, False),
        ("Hội thảo góp ý", None, False),
    ]


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        ("2026-10-15", "The milestone must fall within the topic's period."),
        ("2026-02-28", "The milestone must fall within the topic's period."),
    ],
)
def test_a_milestone_outside_the_period_is_422(client, topic, information_officer, due_on, message):
    response = send(
        client,
        information_officer,
        "post",
        f"/{topic.pk}/milestones",
        {"title": "X", "due_on": due_on},
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {"due_on": [gettext(message)]}
    assert Milestone.objects.count() == 2


def test_a_milestone_done_in_the_future_or_twice_is_422(client, topic, information_officer):
    first = Milestone.objects.get(title="Đề cương")
    url = f"/{topic.pk}/milestones/{first.pk}/done"

    future = send(client, information_officer, "post", url, {"done_on": "2026-06-01"})
    once = send(client, information_officer, "post", url, {"done_on": "2026-04-01"})
    twice = send(client, information_officer, "post", url, {"done_on": "2026-04-02"})

    assert (future.status_code, once.status_code, twice.status_code) == (422, 200, 422)
    assert future.json()["fields"] == {
        "__all__": [gettext("A milestone cannot be done in the future.")]
    }
    assert twice.json()["fields"] == {"__all__": [gettext("This milestone is already done.")]}
    first.refresh_from_db()
    assert first.done_on == datetime.date(2026, 4, 1)


def test_another_topics_milestone_is_not_found_here(client, topic, information_officer):
    other = workflow.create_topic(
        values=topic_values(information_officer, title="Đề tài khác"),
        team=[],
        by=information_officer,
    )
    first = Milestone.objects.get(title="Đề cương")

    response = send(
        client,
        information_officer,
        "post",
        f"/{other.pk}/milestones/{first.pk}/done",
        {"done_on": "2026-04-01"},
    )

    assert response.status_code == 404


def test_an_output_with_its_file_over_multipart(
    client, settings, tmp_path, topic, information_officer, department_head
):
    settings.MEDIA_ROOT = tmp_path / "media"
    started(topic, department_head, information_officer)

    response = client.post(
        f"/api/v1/research/topics/{topic.pk}/outputs",
        {
            "kind": "report",
            "title": "Báo cáo kết quả khảo sát",
            "dated": "2026-05-10",
            "upload": SimpleUploadedFile("bao-cao.pdf", pdf_bytes()),
        },
        **bearer(information_officer),
    )

    assert response.status_code == 201
    assert response.json()["outputs"] == ["Báo cáo kết quả khảo sát"]
    output = Output.objects.get()
    assert (output.content_type, output.file.name.endswith(".pdf")) == ("application/pdf", True)


def test_a_renamed_file_as_an_output_is_422(
    client, settings, tmp_path, topic, information_officer, department_head
):
    settings.MEDIA_ROOT = tmp_path / "media"
    started(topic, department_head, information_officer)

    response = client.post(
        f"/api/v1/research/topics/{topic.pk}/outputs",
        {
            "kind": "report",
            "title": "Báo cáo",
            "dated": "2026-05-10",
            "upload": SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>"),
        },
        **bearer(information_officer),
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {
        "upload": [gettext("Only PDF or Word (.docx) files are accepted.")]
    }
    assert not Output.objects.exists()


def test_an_output_without_a_file_as_json(client, topic, information_officer, department_head):
    started(topic, department_head, information_officer)

    response = send(
        client,
        information_officer,
        "post",
        f"/{topic.pk}/outputs",
        {"kind": "recommendation", "title": "Kiến nghị gửi Chính phủ", "dated": "2026-05-12"},
    )
    garbage = client.post(
        f"/api/v1/research/topics/{topic.pk}/outputs",
        "{not json",
        content_type="application/json",
        **bearer(information_officer),
    )

    assert response.status_code == 201
    assert garbage.status_code == 422
    assert Output.objects.count() == 1


def test_an_output_before_the_topic_is_under_way_is_403(client, topic, information_officer):
    response = send(
        client,
        information_officer,
        "post",
        f"/{topic.pk}/outputs",
        {"kind": "report", "title": "Báo cáo", "dated": "2026-05-12"},
    )

    assert response.status_code == 403


def test_the_moves_over_the_api(client, topic, information_officer, delegation_leader):
    approved = send(client, delegation_leader, "post", f"/{topic.pk}/moves/approve", {})
    started_ = send(client, information_officer, "post", f"/{topic.pk}/moves/start", {})
    too_early = send(client, information_officer, "post", f"/{topic.pk}/moves/complete", {})

    assert (approved.json()["status"], started_.json()["status"]) == ("approved", "in_progress")
    assert too_early.status_code == 422
    assert too_early.json()["fields"] == {
        "__all__": [gettext("Mark every milestone done before completing the topic.")]
    }
    assert Topic.objects.get().status == "in_progress"


def test_who_may_approve(client, request, topic):
    seen = {}
    for persona in PERSONAS:
        seen[persona] = send(
            client, request.getfixturevalue(persona), "post", f"/{topic.pk}/moves/approve", {}
        ).status_code
        Topic.objects.filter(pk=topic.pk).update(status="proposed")

    assert seen == {p: 200 if p in APPROVERS else 403 for p in PERSONAS}


def test_an_unknown_move_is_404(client, topic, information_officer):
    assert (
        send(client, information_officer, "post", f"/{topic.pk}/moves/party", {}).status_code == 404
    )
