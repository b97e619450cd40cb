"""/api/v1/events/{id}/…: the staff's writes after creating an event, through the same forms,
predicates and workflow as the pages. A refusal is 422 with the field (or "__all__") and the
Vietnamese message, a stale `version` is 409, and nothing of a refused request is saved."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.utils.translation import gettext

from dannguyen.correspondence import workflow as letters
from dannguyen.correspondence.models import LetterKind, LetterStatus, OutgoingLetter
from dannguyen.events import workflow
from dannguyen.events.models import AgendaItem, Event, FollowUpTask, Participant

from .conftest import at, bearer, event_values
from .test_views import text_of

pytestmark = pytest.mark.django_db

STAFF = {"department_head", "information_officer", "reception_officer"}
OWNERS = {"department_head", "information_officer"}
PERSONAS = sorted(STAFF | {"office_leader", "deputy", "system_admin", "outsider"})

EDIT = {
    "title": "Hội nghị giao ban Thường trực HĐND các tỉnh Bắc Trung Bộ (mở rộng)",
    "kind": "briefing",
    "organiser": "Thường trực HĐND tỉnh Ninh Bình",
    "starts_at": "2026-12-10T08:00:00+07:00",
    "ends_at": "2026-12-11T17:00:00+07:00",
    "place": "Hội trường tầng 3, Trụ sở HĐND tỉnh",
    "is_public": True,
}


def send(client, user, method, url, body):
    return getattr(client, method)(
        f"/api/v1/events{url}", json.dumps(body), content_type="application/json", **bearer(user)
    )


def fields_of(response):
    return response.json()["fields"]


def test_who_may_edit(client, request, conference):
    seen = {}
    for persona in PERSONAS:
        conference.refresh_from_db()
        body = EDIT | {"version": conference.version}
        seen[persona] = send(
            client, request.getfixturevalue(persona), "put", f"/{conference.pk}", body
        ).status_code

    assert seen == {p: 200 if p in STAFF else 403 for p in PERSONAS}


def test_editing_returns_the_event_with_its_new_version(client, information_officer, conference):
    response = send(client, information_officer, "put", f"/{conference.pk}", EDIT | {"version": 0})

    assert response.status_code == 200
    data = response.json()
    assert (data["title"], data["version"]) == (EDIT["title"], 1)


def test_a_stale_edit_is_409_and_changes_nothing(client, information_officer, conference):
    response = send(client, information_officer, "put", f"/{conference.pk}", EDIT | {"version": 5})

    assert response.status_code == 409
    assert response.json()["message"] == gettext(
        "The event was changed by someone else meanwhile: reload the page."
    )
    conference.refresh_from_db()
    assert (conference.title, conference.version) == (event_values()["title"], 0)


def test_an_edit_with_the_dates_in_the_wrong_order_is_422(client, information_officer, conference):
    body = EDIT | {"version": 0, "ends_at": "2026-12-09T17:00:00+07:00"}

    response = send(client, information_officer, "put", f"/{conference.pk}", body)

    assert response.status_code == 422
    assert fields_of(response) == {"ends_at": [gettext("The event cannot end before it starts.")]}
    conference.refresh_from_db()
    assert conference.ends_at == at(11, 17)


def test_an_edit_leaving_the_agenda_outside_the_dates_is_422(client, information_officer, invited):
    body = EDIT | {"version": invited.version, "starts_at": "2026-12-11T08:00:00+07:00"}

    response = send(client, information_officer, "put", f"/{invited.pk}", body)

    assert response.status_code == 422
    assert fields_of(response) == {
        "__all__": [
            gettext("Some agenda items would fall outside the new dates: change them first.")
        ]
    }


def test_adding_an_agenda_item(client, information_officer, conference):
    body = {
        "starts_at": "2026-12-11T14:00",
        "ends_at": "2026-12-11T16:30",
        "title": "Thảo luận, bế mạc",
        "presided_by": "Chủ tịch HĐND tỉnh",
    }

    response = send(client, information_officer, "post", f"/{conference.pk}/agenda", body)

    assert response.status_code == 201
    assert [a["title"] for a in response.json()["agenda"]] == ["Thảo luận, bế mạc"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ends_at": "2026-12-11T13:00"},
            "ends_at",
            "An agenda item cannot end before it starts.",
        ),
        (
            {"starts_at": "2026-12-12T08:00", "ends_at": "2026-12-12T09:00"},
            "__all__",
            "An agenda item must lie within the event's dates.",
        ),
    ],
)
def test_a_refused_agenda_item_is_422_and_not_saved(
    client, information_officer, conference, changes, field, message
):
    body = {"starts_at": "2026-12-11T14:00", "ends_at": "2026-12-11T16:30", "title": "Bế mạc"}

    response = send(client, information_officer, "post", f"/{conference.pk}/agenda", body | changes)

    assert response.status_code == 422
    assert fields_of(response) == {field: [gettext(message)]}
    assert not AgendaItem.objects.exists()


def test_a_deputy_may_not_add_to_the_agenda(client, deputy, conference):
    body = {"starts_at": "2026-12-11T14:00", "ends_at": "2026-12-11T16:30", "title": "Bế mạc"}

    assert send(client, deputy, "post", f"/{conference.pk}/agenda", body).status_code == 403


def test_inviting_participants(client, information_officer, conference, deputy, inspectorate):
    body = {
        "deputy_ids": [deputy.pk],
        "agency_ids": [inspectorate.pk],
        "guests": [{"name": "Bà Hoàng Thị Khách", "position": "Sở Nội vụ"}],
    }

    response = send(client, information_officer, "post", f"/{conference.pk}/participants", body)

    assert response.status_code == 201
    assert sorted((p["kind"], p["invitation"]) for p in response.json()["participants"]) == [
        ("agency", "pending"),
        ("deputy", "pending"),
        ("guest", "pending"),
    ]


def test_a_participant_invited_twice_is_422_and_the_batch_not_half_saved(
    client, information_officer, invited, deputy, second_deputy
):
    before = Participant.objects.count()
    body = {"deputy_ids": [second_deputy.pk, deputy.pk]}

    response = send(client, information_officer, "post", f"/{invited.pk}/participants", body)

    assert response.status_code == 422
    assert fields_of(response) == {
        "__all__": [
            gettext("%(name)s is already invited to this event.") % {"name": "Đỗ Thị Đại Biểu"}
        ]
    }
    assert Participant.objects.count() == before
    assert not Participant.objects.filter(user=second_deputy).exists()


def test_nobody_to_invite_is_422(client, information_officer, conference):
    response = send(client, information_officer, "post", f"/{conference.pk}/participants", {})

    assert response.status_code == 422
    assert fields_of(response) == {"__all__": [gettext("Choose at least one participant.")]}


def test_replies_and_attendance(client, information_officer, invited, deputy):
    participant = invited.participants.get(user=deputy)
    base = f"/{invited.pk}/participants/{participant.pk}"

    reply = send(client, information_officer, "post", f"{base}/reply", {"confirmed": True})
    attended = send(
        client,
        information_officer,
        "post",
        f"{base}/attendance",
        {"attended": True, "attendee_name": "Đỗ Thị Đại Biểu"},
    )

    assert (reply.status_code, attended.status_code) == (200, 200)
    shown = next(p for p in attended.json()["participants"] if p["id"] == participant.pk)
    assert (shown["invitation"], shown["attended"], shown["attendee_name"]) == (
        "confirmed",
        True,
        "Đỗ Thị Đại Biểu",
    )


def test_attendance_for_someone_not_invited_is_422_and_not_saved(
    client, information_officer, invited, second_deputy
):
    workflow.add_participants(invited, deputies=[second_deputy], by=information_officer)
    pending = invited.participants.get(user=second_deputy)

    response = send(
        client,
        information_officer,
        "post",
        f"/{invited.pk}/participants/{pending.pk}/attendance",
        {"attended": True},
    )

    assert response.status_code == 422
    assert fields_of(response) == {
        "__all__": [
            gettext("%(name)s was not invited: attendance cannot be recorded.")
            % {"name": "Bùi Văn Đại Biểu"}
        ]
    }
    pending.refresh_from_db()
    assert pending.attended is None


def test_a_participant_of_another_event_is_not_found_here(
    client, information_officer, invited, world
):
    other = workflow.create_event(
        values=event_values(title="Tập huấn kỹ năng tiếp công dân"), by=information_officer
    )
    Event.objects.filter(pk=other.pk).update(status="invited")
    participant = invited.participants.first()

    response = send(
        client,
        information_officer,
        "post",
        f"/{other.pk}/participants/{participant.pk}/attendance",
        {"attended": True},
    )

    assert response.status_code == 404


def test_who_may_record_attendance(client, request, invited, deputy):
    participant = invited.participants.get(user=deputy)
    url = f"/{invited.pk}/participants/{participant.pk}/attendance"
    seen = {
        persona: send(
            client, request.getfixturevalue(persona), "post", url, {"attended": False}
        ).status_code
        for persona in PERSONAS
    }

    assert seen == {p: 200 if p in STAFF else 403 for p in PERSONAS}


def test_a_follow_up_task(client, information_officer, invited, department_head):
    body = {
        "title": "Tổng hợp kiến nghị gửi Quốc hội",
        "owner_id": department_head.pk,
        "due_on": "2026-12-20",
    }

    response = send(client, information_officer, "post", f"/{invited.pk}/tasks", body)

    assert response.status_code == 201
    assert [(t["title"], t["owner"], t["due_on"]) for t in response.json()["tasks"]] == [
        ("Tổng hợp kiến nghị gửi Quốc hội", "Nguyễn Văn Trưởng", "2026-12-20")
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_on": "2026-12-01"}, "due_on"),  # before the event
        ({"due_on": "31/02/2026"}, "due_on"),
        ({"owner_id": 999_999}, "owner_id"),
    ],
)
def test_a_refused_task_is_422_with_the_field(
    client, information_officer, invited, department_head, changes, field
):
    body = {"title": "Báo cáo", "owner_id": department_head.pk, "due_on": "2026-12-20"}

    response = send(client, information_officer, "post", f"/{invited.pk}/tasks", body | changes)

    assert response.status_code == 422
    assert list(fields_of(response)) == [field]
    assert not FollowUpTask.objects.exists()


def test_the_whole_workflow_over_the_api(client, information_officer, invited):
    version = invited.version
    with time_machine.travel(at(11, 18), tick=False):
        held = send(
            client, information_officer, "post", f"/{invited.pk}/moves/held", {"version": version}
        )
        reported = send(
            client,
            information_officer,
            "post",
            f"/{invited.pk}/moves/report",
            {
                "version": held.json()["version"],
                "results": "Thống nhất 5 kiến nghị gửi Quốc hội.",
                "number": "15/BC-VP",
                "reported_on": "2026-12-12",
            },
        )

    assert (held.status_code, held.json()["status"]) == (200, "held")
    assert (reported.status_code, reported.json()["status"]) == (200, "reported")
    assert reported.json()["reported_on"] == "2026-12-12"


def test_sending_the_invitations_over_the_api(client, information_officer, conference, deputy):
    workflow.add_participants(conference, deputies=[deputy], by=information_officer)
    conference.refresh_from_db()

    response = send(
        client,
        information_officer,
        "post",
        f"/{conference.pk}/moves/invite",
        {"version": conference.version},
    )

    assert response.status_code == 200
    assert [p["invitation"] for p in response.json()["participants"]] == ["sent"]
    assert response.json()["status"] == "invited"


@pytest.mark.parametrize(
    ("move", "body", "field", "message"),
    [
        ("held", {}, "__all__", "An event cannot be marked as held before it starts."),
        ("cancel", {"reason": ""}, "reason", "This field is required."),
        ("report", {}, None, None),  # the event is not held yet: the predicate refuses
    ],
)
def test_refused_moves(client, information_officer, invited, move, body, field, message):
    response = send(
        client,
        information_officer,
        "post",
        f"/{invited.pk}/moves/{move}",
        {"version": invited.version} | body,
    )

    if field is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 422
        assert fields_of(response) == {field: [gettext(message)]}
    assert Event.objects.get().status == "invited"


def test_a_stale_move_is_409(client, information_officer, invited):
    response = send(
        client,
        information_officer,
        "post",
        f"/{invited.pk}/moves/cancel",
        {"version": invited.version - 1, "reason": "Trùng lịch kỳ họp"},
    )

    assert response.status_code == 409
    assert Event.objects.get().status == "invited"


def test_a_report_dated_before_the_event_is_422(client, information_officer, invited):
    with time_machine.travel(at(11, 18), tick=False):
        workflow.mark_held(invited, version=invited.version, by=information_officer)
        invited.refresh_from_db()
        response = send(
            client,
            information_officer,
            "post",
            f"/{invited.pk}/moves/report",
            {"version": invited.version, "results": "Xong.", "reported_on": "2026-12-01"},
        )

    assert response.status_code == 422
    assert fields_of(response) == {
        "reported_on": [gettext("The report cannot be dated before the event.")]
    }
    assert Event.objects.get().status == "held"


def test_who_may_cancel(client, request, invited):
    seen = {}
    for persona in PERSONAS:
        seen[persona] = send(
            client,
            request.getfixturevalue(persona),
            "post",
            f"/{invited.pk}/moves/cancel",
            {"version": invited.version, "reason": "Trùng lịch kỳ họp"},
        ).status_code
        Event.objects.filter(pk=invited.pk).update(status="invited", version=invited.version)

    assert seen == {p: 200 if p in OWNERS else 403 for p in PERSONAS}


def test_an_unknown_move_is_404(client, information_officer, invited):
    response = send(
        client, information_officer, "post", f"/{invited.pk}/moves/party", {"version": 1}
    )

    assert response.status_code == 404


# ------------------------------------------------------------------------- the invitation letter


def test_the_invitation_letter_goes_through_the_outgoing_register(
    client, information_officer, department_head, invited, deputy
):
    drafted = send(
        client,
        information_officer,
        "post",
        f"/{invited.pk}/invitation-letter",
        {"version": invited.version},
    )

    assert drafted.status_code == 201
    assert drafted.json()["invitation_letter"]["status"] == "draft"
    letter = OutgoingLetter.objects.get()
    assert (letter.kind, letter.drafted_by, letter.petition) == (
        LetterKind.INVITATION,
        information_officer,
        None,
    )
    assert "Đỗ Thị Đại Biểu" in letter.body
    assert "Thanh tra tỉnh Ninh Bình" in letter.body

    letters.submit(letter, by=department_head)
    letters.approve(letter, by=department_head)
    letters.issue(letter, by=department_head)

    shown = client.get(f"/api/v1/events/{invited.pk}", **bearer(deputy)).json()
    assert shown["invitation_letter"] == {
        "id": letter.pk,
        "status": LetterStatus.ISSUED,
        "number": "01/GM-TTDN",
        "issued_on": "2026-12-01",
    }
    participant = invited.participants.get(user=deputy)
    client.force_login(information_officer)
    word = client.get(f"/events/participants/{participant.pk}/invitation.docx")
    text = text_of(word.content)
    assert "Số: 01/GM-TTDN" in text
    assert "ngày 01 tháng 12 năm 2026" in text


def test_a_second_invitation_letter_is_refused_until_the_first_is_cancelled(
    client, information_officer, department_head, invited
):
    url = f"/{invited.pk}/invitation-letter"
    send(client, information_officer, "post", url, {"version": invited.version})
    invited.refresh_from_db()

    again = send(client, information_officer, "post", url, {"version": invited.version})
    letters.cancel(invited.invitation_letter, by=department_head)
    after_cancel = send(client, information_officer, "post", url, {"version": invited.version})

    assert again.status_code == 403
    assert after_cancel.status_code == 201
    assert OutgoingLetter.objects.filter(kind=LetterKind.INVITATION).count() == 2


def test_no_invitation_letter_without_participants(client, information_officer, conference):
    response = send(
        client,
        information_officer,
        "post",
        f"/{conference.pk}/invitation-letter",
        {"version": conference.version},
    )

    assert response.status_code == 422
    assert fields_of(response) == {
        "__all__": [gettext("Add participants before drafting the invitation letter.")]
    }
    assert not OutgoingLetter.objects.exists()


def test_who_may_draft_the_invitation_letter(client, request, invited):
    seen = {}
    for persona in PERSONAS:
        invited.refresh_from_db()
        seen[persona] = send(
            client,
            request.getfixturevalue(persona),
            "post",
            f"/{invited.pk}/invitation-letter",
            {"version": invited.version},
        ).status_code
        Event.objects.filter(pk=invited.pk).update(invitation_letter=None)

    assert seen == {p: 201 if p in STAFF else 403 for p in PERSONAS}
