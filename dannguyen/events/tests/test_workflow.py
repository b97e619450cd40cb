"""The event's life and every refusal: nothing half-saved, a history row for each move."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from dannguyen.events import queries, workflow
from dannguyen.events.models import (
    AgendaItem,
    Event,
    EventHistory,
    EventStatus,
    FollowUpTask,
    HistoryAction,
    Invitation,
    Participant,
)

from .conftest import at, event_values

pytestmark = pytest.mark.django_db


def test_an_event_that_ends_before_it_starts_is_refused(world, information_officer):
    values = event_values(starts_at=at(11, 8), ends_at=at(10, 17))

    with pytest.raises(workflow.EventError):
        workflow.create_event(values=values, by=information_officer)

    assert Event.objects.count() == 0
    assert EventHistory.objects.count() == 0


def test_creating_writes_the_first_history_row(conference, information_officer):
    assert conference.status == EventStatus.PLANNED
    assert list(conference.history.values_list("action", "actor")) == [
        (HistoryAction.CREATED, information_officer.pk)
    ]


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        ((9, 8), (9, 17)),  # the day before
        ((11, 16), (11, 18)),  # runs past the end
        ((10, 11), (10, 9)),  # ends before it starts
    ],
)
def test_an_agenda_item_outside_the_event_or_reversed_is_refused(
    conference, information_officer, starts, ends
):
    with pytest.raises(workflow.EventError):
        workflow.add_agenda_item(
            conference,
            values={
                "starts_at": at(*starts),
                "ends_at": at(*ends),
                "title": "Thảo luận",
                "speakers": "",
                "presided_by": "",
            },
            by=information_officer,
        )

    assert AgendaItem.objects.count() == 0
    conference.refresh_from_db()
    assert conference.version == 0


def test_a_deputy_invited_twice_is_refused_and_the_batch_is_not_half_saved(
    invited, information_officer, deputy, second_deputy
):
    with pytest.raises(workflow.EventError):
        workflow.add_participants(invited, deputies=[second_deputy, deputy], by=information_officer)

    assert list(invited.participants.values_list("user", flat=True).exclude(user=None)) == [
        deputy.pk
    ]


def test_the_same_guest_twice_in_one_batch_is_refused(conference, information_officer):
    guest = ("Bà Trần Thị Mời", "Đại biểu HĐND xã Gia Viễn")

    with pytest.raises(workflow.EventError):
        workflow.add_participants(conference, guests=[guest, guest], by=information_officer)

    assert Participant.objects.count() == 0


def test_an_agency_invited_twice_is_refused(invited, information_officer, inspectorate):
    with pytest.raises(workflow.EventError):
        workflow.add_participants(invited, agencies=[inspectorate], by=information_officer)

    assert invited.participants.filter(agency=inspectorate).count() == 1


def test_sending_invitations_invites_the_pending_and_moves_the_event(invited):
    assert invited.status == EventStatus.INVITED
    assert set(invited.participants.values_list("invitation", "invited_on")) == {
        (Invitation.SENT, datetime.date(2026, 12, 1))
    }
    assert list(invited.history.values_list("action", "from_status", "to_status")) == [
        (HistoryAction.CREATED, "planned", "planned"),
        (HistoryAction.INVITATIONS_SENT, "planned", "invited"),
    ]


def test_invitations_with_nobody_to_invite_are_refused(conference, information_officer):
    with pytest.raises(workflow.EventError):
        workflow.send_invitations(
            conference, version=0, by=information_officer, on=datetime.date(2026, 12, 1)
        )

    conference.refresh_from_db()
    assert conference.status == EventStatus.PLANNED
    assert conference.history.count() == 1


def test_attendance_for_someone_not_invited_is_refused(invited, information_officer, second_deputy):
    workflow.add_participants(invited, deputies=[second_deputy], by=information_officer)
    late = Participant.objects.get(user=second_deputy)
    assert late.invitation == Invitation.PENDING

    with pytest.raises(workflow.EventError):
        workflow.record_attendance(late, attended=True, by=information_officer)

    late.refresh_from_db()
    assert late.attended is None
    assert not invited.history.filter(action=HistoryAction.ATTENDANCE_RECORDED).exists()


def test_a_reply_and_attendance_are_recorded_with_history(invited, information_officer, deputy):
    participant = invited.participants.get(user=deputy)

    workflow.record_reply(participant, confirmed=True, by=information_officer)
    workflow.record_attendance(participant, attended=True, by=information_officer)

    participant.refresh_from_db()
    assert (participant.invitation, participant.attended) == (Invitation.CONFIRMED, True)
    assert list(
        invited.history.filter(
            action__in=[HistoryAction.REPLY_RECORDED, HistoryAction.ATTENDANCE_RECORDED]
        ).values_list("action", flat=True)
    ) == [HistoryAction.REPLY_RECORDED, HistoryAction.ATTENDANCE_RECORDED]


def test_a_stale_version_is_refused(invited, information_officer):
    with pytest.raises(workflow.EventError):
        workflow.cancel(invited, version=invited.version - 1, by=information_officer, reason="x")

    invited.refresh_from_db()
    assert invited.status == EventStatus.INVITED


def test_an_event_cannot_be_held_before_it_starts(invited, information_officer):
    with pytest.raises(workflow.EventError):
        workflow.mark_held(invited, version=invited.version, by=information_officer)

    invited.refresh_from_db()
    assert invited.status == EventStatus.INVITED


def test_the_whole_life_planned_invited_held_reported(invited, information_officer):
    with time_machine.travel(at(11, 18), tick=False):
        workflow.mark_held(invited, version=invited.version, by=information_officer)
        invited.refresh_from_db()
        workflow.report(
            invited,
            version=invited.version,
            by=information_officer,
            results="Thống nhất 5 kiến nghị.",
            proposals="Đề nghị tổ chức luân phiên.",
            number="15/BC-VP",
            reported_on=datetime.date(2026, 12, 14),
        )

    invited.refresh_from_db()
    assert invited.status == EventStatus.REPORTED
    assert (invited.report_number, invited.results) == ("15/BC-VP", "Thống nhất 5 kiến nghị.")
    assert list(invited.history.values_list("to_status", flat=True)) == [
        "planned",
        "invited",
        "held",
        "reported",
    ]


def test_a_report_without_results_leaves_the_event_held(invited, information_officer):
    with time_machine.travel(at(11, 18), tick=False):
        workflow.mark_held(invited, version=invited.version, by=information_officer)
        invited.refresh_from_db()
        with pytest.raises(workflow.EventError):
            workflow.report(
                invited,
                version=invited.version,
                by=information_officer,
                results="  ",
                proposals="",
                number="",
                reported_on=datetime.date(2026, 12, 14),
            )

    invited.refresh_from_db()
    assert (invited.status, invited.results) == (EventStatus.HELD, "")


def test_cancelling_needs_a_reason_and_a_held_event_cannot_be_cancelled(
    invited, information_officer
):
    with pytest.raises(workflow.EventError):
        workflow.cancel(invited, version=invited.version, by=information_officer, reason=" ")
    workflow.cancel(invited, version=invited.version, by=information_officer, reason="Bão số 3")
    invited.refresh_from_db()
    assert (invited.status, invited.cancelled_reason) == (EventStatus.CANCELLED, "Bão số 3")

    with pytest.raises(workflow.EventError):
        workflow.cancel(invited, version=invited.version, by=information_officer, reason="x")


def test_moving_the_dates_away_from_the_agenda_is_refused(invited, information_officer):
    values = event_values(starts_at=at(15, 8), ends_at=at(15, 17))

    with pytest.raises(workflow.EventError):
        workflow.edit_event(invited, values=values, version=invited.version, by=information_officer)

    invited.refresh_from_db()
    assert invited.starts_at == at(10, 8)


def test_a_task_due_before_the_event_is_refused(conference, information_officer):
    with pytest.raises(workflow.EventError):
        workflow.add_task(
            conference,
            title="Gửi tài liệu",
            owner=information_officer,
            due_on=datetime.date(2026, 12, 9),
            by=information_officer,
        )

    assert FollowUpTask.objects.count() == 0


def test_only_a_deputy_may_be_invited_as_a_deputy(conference, information_officer):
    with pytest.raises(workflow.EventError):
        workflow.add_participants(
            conference, deputies=[information_officer], by=information_officer
        )

    assert Participant.objects.count() == 0


def test_the_portal_sees_only_public_events(conference, information_officer):
    private = workflow.create_event(
        values=event_values(title="Họp nội bộ", is_public=False), by=information_officer
    )

    shown = queries.public_between(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))

    assert list(shown) == [conference]
    assert private.pk not in {e.pk for e in shown}
