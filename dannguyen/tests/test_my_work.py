"""'Việc của tôi': each person sees, on the home page, what waits for them in every duty —
their petitions' clocks, the letters put before the managers, research milestones past due —
and nothing of other people's work."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from dannguyen.correspondence import services as letters
from dannguyen.correspondence import workflow as letter_workflow
from dannguyen.events import workflow as event_workflow
from dannguyen.petitions import workflow
from dannguyen.research import workflow as research_workflow

pytestmark = pytest.mark.django_db


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+07:00"), tick=False)


def to_do(client, user) -> dict[str, tuple[int, list[str]]]:
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return {s.key: (s.count, [r.label for r in s.rows]) for s in response.context["to_do"]}


def test_the_handler_sees_the_clock_of_their_petition_and_others_do_not(
    client, complaint, department_head, supervision_officer, reception_officer
):
    workflow.assign(complaint, to=supervision_officer, by=department_head)

    with at("2026-03-20"):
        handler = to_do(client, supervision_officer)
        registrar = to_do(client, reception_officer)

    assert handler["deadlines"] == (1, [complaint.code])
    assert "deadlines" not in registrar


def test_a_letter_put_before_the_managers_waits_on_their_page_only(
    client, complaint, department_head, supervision_officer
):
    workflow.assign(complaint, to=supervision_officer, by=department_head)
    letter = letters.draft_letter(kind="proposal_slip", by=supervision_officer, petition=complaint)
    letter_workflow.submit(letter, by=supervision_officer)

    head = to_do(client, department_head)
    specialist = to_do(client, supervision_officer)

    assert head["approvals"][0] == 1
    assert "approvals" not in specialist


def test_a_research_milestone_past_due_waits_for_its_owner(
    client, information_officer, department_head, reception_officer
):
    topic = research_workflow.create_topic(
        values={
            "title": "Chuyên đề: chính sách đối với người có công",
            "kind": "thematic",
            "owner_body": "na_delegation",
            "owner": information_officer,
            "starts_on": datetime.date(2026, 3, 1),
            "ends_on": datetime.date(2026, 9, 30),
        },
        team=[],
        by=information_officer,
    )
    research_workflow.add_milestone(
        topic, title="Đề cương", due_on=datetime.date(2026, 4, 1), by=information_officer
    )
    research_workflow.move(topic, to="approved", by=department_head)

    with at("2026-04-10"):
        owner = to_do(client, information_officer)
        other = to_do(client, reception_officer)

    assert owner["milestones"] == (1, [topic.title])
    assert "milestones" not in other


def test_nothing_waiting_says_so(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("core:home"))

    assert response.context["to_do"] == []
    assert 'data-testid="to-do"' in response.content.decode()


def test_the_home_page_takes_a_bounded_number_of_queries(
    client, register, department_head, django_assert_max_num_queries
):
    for n in range(8):
        petition = register(content=f"Khiếu nại số {n} về đất đai", kind="complaint")
        workflow.assign(petition, to=department_head, by=department_head)
    client.force_login(department_head)

    # A fixed number per duty, however many rows: voters alone read reports, rules, meetings.
    with at("2026-03-30"), django_assert_max_num_queries(30):
        response = client.get(reverse("core:home"))

    assert [s.key for s in response.context["to_do"]] == ["deadlines"]
    assert response.context["to_do"][0].count == 8


def test_a_follow_up_task_of_a_conference_waits_for_its_owner_until_done(
    client, information_officer, reception_officer
):
    starts = datetime.datetime.fromisoformat("2026-05-10T08:00:00+07:00")
    event = event_workflow.create_event(
        values={
            "title": "Hội nghị giao ban Thường trực HĐND các tỉnh Bắc Trung Bộ",
            "kind": "briefing",
            "organiser": "Thường trực HĐND tỉnh Ninh Bình",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=9),
            "place": "Hội trường tầng 3, Trụ sở HĐND tỉnh",
        },
        by=information_officer,
    )
    task = event_workflow.add_task(
        event,
        title="Gửi báo cáo kết quả hội nghị",
        owner=reception_officer,
        due_on=datetime.date(2026, 5, 20),
        by=information_officer,
    )

    with at("2026-05-10"):
        early = to_do(client, reception_officer)
    with at("2026-05-21"):
        late = to_do(client, reception_officer)
        organiser = to_do(client, information_officer)
        event_workflow.complete_task(task, on=datetime.date(2026, 5, 21), by=reception_officer)
        done = to_do(client, reception_officer)

    assert "tasks" not in early  # more than a week ahead
    assert late["tasks"] == (1, [event.title])
    assert "tasks" not in organiser
    assert "tasks" not in done
