"""The pages: who may open and do what, bad input refused with the data unchanged, bounded
queries on the list, Word files read back, uploads judged by their bytes."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dannguyen.core.models import AuditEntry
from dannguyen.events import workflow
from dannguyen.events.models import (
    AgendaItem,
    Event,
    EventDocument,
    EventStatus,
    FollowUpTask,
    Invitation,
    Participant,
)

from .conftest import at, event_values, pdf_bytes

pytestmark = pytest.mark.django_db

READERS = {
    "department_head",
    "information_officer",
    "reception_officer",
    "office_leader",
    "deputy",
    "system_admin",
}
STAFF = {"department_head", "information_officer", "reception_officer"}
OWNERS = {"department_head", "information_officer"}
PERSONAS = sorted(READERS | {"outsider"})

FORM = {
    "title": "Lớp bồi dưỡng kỹ năng cho đại biểu HĐND xã",
    "kind": "training",
    "organiser": "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "co_organisers": "",
    "starts_at": "2026-12-20T08:00",
    "ends_at": "2026-12-21T17:00",
    "place": "Trường Chính trị tỉnh",
    "budget_line": "",
    "description": "",
    "owner": "",
}


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def statuses(client, request, method, url, data=None):
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        seen[persona] = response.status_code
        client.logout()
    return seen


def test_who_may_read_the_list_the_event_and_the_calendar(client, request, invited):
    for url in [
        reverse("events:event_list"),
        invited.get_absolute_url(),
        reverse("events:calendar"),
        reverse("events:calendar_ics"),
    ]:
        assert statuses(client, request, "get", url) == {
            p: 200 if p in READERS else 403 for p in PERSONAS
        }, url


def test_anonymous_is_sent_to_sign_in(client, invited):
    response = client.get(invited.get_absolute_url())

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_who_may_open_the_new_event_page(client, request, world):
    assert statuses(client, request, "get", reverse("events:event_create")) == {
        p: 200 if p in STAFF else 403 for p in PERSONAS
    }


def test_who_may_download_invitations_and_the_report(client, request, invited, deputy):
    participant = invited.participants.get(user=deputy)
    for url in [
        reverse("events:invitation_docx", args=[participant.pk]),
        reverse("events:report_docx", args=[invited.pk]),
    ]:
        assert statuses(client, request, "get", url) == {
            p: 200 if p in STAFF else 403 for p in PERSONAS
        }, url


def test_the_list_costs_a_bounded_number_of_queries(
    client, information_officer, django_assert_max_num_queries
):
    for day in range(1, 29):
        workflow.create_event(
            values=event_values(starts_at=at(day, 8), ends_at=at(day, 17)),
            by=information_officer,
        )
    client.force_login(information_officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:event_list"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 28


def test_the_list_filters_by_status(client, information_officer, invited, conference):
    workflow.create_event(values=event_values(title="Khác"), by=information_officer)
    client.force_login(information_officer)

    response = client.get(reverse("events:event_list"), {"status": "invited"})

    assert [e.pk for e in response.context["page"]] == [invited.pk]


def test_staff_create_an_event(client, information_officer):
    client.force_login(information_officer)

    response = client.post(reverse("events:event_create"), FORM)

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert (event.title, event.status, event.starts_at) == (
        FORM["title"],
        EventStatus.PLANNED,
        at(20, 8),
    )


def test_a_deputy_may_not_create_an_event(client, deputy):
    client.force_login(deputy)

    response = client.post(reverse("events:event_create"), FORM)

    assert response.status_code == 403
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_at": "2026-12-19T17:00"},  # ends before it starts
        {"starts_at": "not a date"},
        {"starts_at": "1800-01-01T08:00", "ends_at": "1800-01-02T08:00"},
        {"kind": "party"},
        {"owner": "99999999999999999999"},
    ],
)
def test_bad_event_input_is_a_form_error_and_nothing_is_saved(client, information_officer, changes):
    client.force_login(information_officer)

    response = client.post(reverse("events:event_create"), FORM | changes)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Event.objects.count() == 0


def test_editing_keeps_the_dates_in_order(client, information_officer, conference):
    client.force_login(information_officer)
    url = reverse("events:event_edit", args=[conference.pk])
    data = FORM | {"starts_at": "2026-12-10T08:00", "ends_at": "2026-12-09T08:00", "version": 0}

    refused = client.post(url, data)
    saved = client.post(url, data | {"ends_at": "2026-12-10T12:00"})

    assert refused.status_code == 200
    assert "ends_at" in refused.context["form"].errors
    assert saved.status_code == 302
    conference.refresh_from_db()
    assert (conference.ends_at, conference.version) == (at(10, 12), 1)


def test_a_stale_edit_is_refused(client, information_officer, conference):
    client.force_login(information_officer)
    url = reverse("events:event_edit", args=[conference.pk])

    response = client.post(url, FORM | {"version": 7})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    conference.refresh_from_db()
    assert conference.title == event_values()["title"]


def test_who_may_edit(client, request, conference):
    assert statuses(client, request, "get", reverse("events:event_edit", args=[conference.pk])) == {
        p: 200 if p in STAFF else 403 for p in PERSONAS
    }


def test_an_agenda_item_outside_the_event_is_refused(client, information_officer, conference):
    client.force_login(information_officer)
    url = reverse("events:agenda_create", args=[conference.pk])
    item = {"starts_at": "2026-12-12T08:00", "ends_at": "2026-12-12T10:00", "title": "Tham quan"}

    response = client.post(url, item)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AgendaItem.objects.count() == 0

    added = client.post(
        url, item | {"starts_at": "2026-12-11T08:00", "ends_at": "2026-12-11T10:00"}
    )
    assert added.status_code == 302
    assert AgendaItem.objects.get().title == "Tham quan"


def test_a_deputy_may_not_add_to_the_agenda(client, deputy, conference):
    client.force_login(deputy)

    response = client.post(
        reverse("events:agenda_create", args=[conference.pk]),
        {"starts_at": "2026-12-10T08:00", "ends_at": "2026-12-10T10:00", "title": "X"},
    )

    assert response.status_code == 403
    assert AgendaItem.objects.count() == 0


def test_inviting_a_deputy_twice_is_refused_with_a_message(
    client, information_officer, invited, deputy, second_deputy
):
    client.force_login(information_officer)

    response = client.post(
        reverse("events:participants_add", args=[invited.pk]),
        {"deputies": [second_deputy.pk, deputy.pk]},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert invited.participants.count() == 3


def test_only_deputies_may_be_chosen_as_deputies(
    client, information_officer, conference, office_leader
):
    client.force_login(information_officer)

    response = client.post(
        reverse("events:participants_add", args=[conference.pk]),
        {"deputies": [office_leader.pk]},
    )

    assert response.status_code == 200
    assert "deputies" in response.context["form"].errors
    assert Participant.objects.count() == 0


def test_staff_invite_and_send(client, information_officer, conference, deputy, inspectorate):
    client.force_login(information_officer)

    client.post(
        reverse("events:participants_add", args=[conference.pk]),
        {"deputies": [deputy.pk], "agencies": [inspectorate.pk], "guest_name": "Ông Khách"},
    )
    conference.refresh_from_db()
    response = client.post(
        reverse("events:event_move", args=[conference.pk, "invite"]),
        {"version": conference.version},
    )

    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == EventStatus.INVITED
    assert sorted(conference.participants.values_list("invitation", flat=True)) == ["sent"] * 3


def test_attendance_for_someone_not_invited_is_refused_on_the_page(
    client, information_officer, invited, second_deputy
):
    workflow.add_participants(invited, deputies=[second_deputy], by=information_officer)
    late = Participant.objects.get(user=second_deputy)
    client.force_login(information_officer)

    response = client.post(
        reverse("events:participant_attendance", args=[late.pk]), {"attended": "1"}, follow=True
    )

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    late.refresh_from_db()
    assert late.attended is None


def test_reply_and_attendance_for_the_invited(client, information_officer, invited, deputy):
    participant = invited.participants.get(user=deputy)
    client.force_login(information_officer)

    client.post(reverse("events:participant_reply", args=[participant.pk]), {"confirmed": "1"})
    client.post(
        reverse("events:participant_attendance", args=[participant.pk]),
        {"attended": "1", "attendee_name": "Đỗ Thị Đại Biểu"},
    )

    participant.refresh_from_db()
    assert (participant.invitation, participant.attended) == (Invitation.CONFIRMED, True)


def test_a_deputy_may_not_record_attendance(client, deputy, invited):
    participant = invited.participants.get(user=deputy)
    client.force_login(deputy)

    response = client.post(
        reverse("events:participant_attendance", args=[participant.pk]), {"attended": "1"}
    )

    assert response.status_code == 403
    participant.refresh_from_db()
    assert participant.attended is None


def test_garbage_in_the_reply_is_a_message_not_a_500(client, information_officer, invited, deputy):
    participant = invited.participants.get(user=deputy)
    client.force_login(information_officer)

    response = client.post(
        reverse("events:participant_reply", args=[participant.pk]), {"confirmed": "maybe"}
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.invitation == Invitation.SENT


def test_who_may_cancel(client, request, invited):
    url = reverse("events:event_move", args=[invited.pk, "cancel"])
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.post(url, {"version": invited.version, "reason": "Bão"}).status_code
        client.logout()
        invited.refresh_from_db()
        if invited.status == EventStatus.CANCELLED:
            Event.objects.filter(pk=invited.pk).update(status=EventStatus.INVITED)

    assert seen == {p: 302 if p in OWNERS else 403 for p in PERSONAS}


def test_an_unknown_move_is_not_found(client, information_officer, invited):
    client.force_login(information_officer)

    response = client.post(reverse("events:event_move", args=[invited.pk, "explode"]))

    assert response.status_code == 404


def test_held_then_reported_through_the_pages_and_the_report_in_word(
    client, information_officer, reception_officer, invited, deputy
):
    participant = invited.participants.get(user=deputy)
    workflow.record_attendance(participant, attended=True, by=information_officer)
    invited.refresh_from_db()
    with time_machine.travel(at(11, 18), tick=False):
        client.force_login(reception_officer)
        client.post(
            reverse("events:event_move", args=[invited.pk, "held"]), {"version": invited.version}
        )
        invited.refresh_from_db()
        report = {
            "version": invited.version,
            "number": "15/BC-VP",
            "reported_on": "14/12/2026",
            "results": "Thống nhất 5 kiến nghị gửi Quốc hội.",
            "proposals": "",
        }
        forbidden = client.post(reverse("events:event_move", args=[invited.pk, "report"]), report)
        client.force_login(information_officer)
        done = client.post(reverse("events:event_move", args=[invited.pk, "report"]), report)

    assert (forbidden.status_code, done.status_code) == (403, 302)
    invited.refresh_from_db()
    assert invited.status == EventStatus.REPORTED
    content = client.get(reverse("events:report_docx", args=[invited.pk])).content
    text = text_of(content)
    assert "BÁO CÁO" in text
    assert "15/BC-VP" in text
    assert "Thống nhất 5 kiến nghị gửi Quốc hội." in text
    assert "Đỗ Thị Đại Biểu" in text


def test_the_invitation_letter_names_the_invitee_the_time_and_the_place(
    client, information_officer, invited, deputy
):
    participant = invited.participants.get(user=deputy)
    client.force_login(information_officer)

    response = client.get(reverse("events:invitation_docx", args=[participant.pk]))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = text_of(response.content)
    assert "GIẤY MỜI" in text
    assert "GM-TTDN" in text
    assert "Đỗ Thị Đại Biểu" in text
    assert "08:00 10/12/2026" in text
    assert "Hội trường tầng 3, Trụ sở HĐND tỉnh" in text
    assert "Khai mạc; báo cáo kết quả giám sát chuyên đề" in text


def test_a_pdf_is_accepted_and_a_fake_one_refused(client, media, information_officer, invited):
    client.force_login(information_officer)
    url = reverse("events:document_create", args=[invited.pk])

    fake = client.post(
        url,
        {
            "kind": "slides",
            "title": "Bài trình bày",
            "upload": SimpleUploadedFile("slides.pdf", b"<html>not a pdf</html>"),
        },
    )
    real = client.post(
        url,
        {
            "kind": "paper",
            "title": "Tham luận",
            "upload": SimpleUploadedFile("x.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )

    assert fake.status_code == 200
    assert "upload" in fake.context["form"].errors
    assert real.status_code == 302
    document = EventDocument.objects.get()
    assert (document.title, document.content_type) == ("Tham luận", "application/pdf")
    client.force_login(invited.owner)
    downloaded = client.get(reverse("events:document_file", args=[document.pk]))
    assert downloaded.status_code == 200
    assert b"".join(
        downloaded.streaming_content if downloaded.streaming else [downloaded.content]
    ).startswith(b"%PDF-")


def test_an_outsider_may_not_download_a_document(
    client, media, information_officer, invited, outsider
):
    document = workflow.add_document(
        invited,
        kind="minutes",
        title="Biên bản",
        upload=SimpleUploadedFile("b.pdf", pdf_bytes()),
        content_type="application/pdf",
        by=information_officer,
    )
    client.force_login(outsider)

    assert client.get(reverse("events:document_file", args=[document.pk])).status_code == 403


def test_follow_up_tasks_with_an_owner_and_a_due_date(
    client, information_officer, reception_officer, deputy, invited
):
    client.force_login(information_officer)
    url = reverse("events:task_create", args=[invited.pk])

    early = client.post(url, {"title": "Gửi kỷ yếu", "owner": deputy.pk, "due_on": "01/12/2026"})
    added = client.post(url, {"title": "Gửi kỷ yếu", "owner": deputy.pk, "due_on": "20/12/2026"})

    assert early.status_code == 200
    assert "due_on" in early.context["form"].errors
    assert added.status_code == 302
    task = FollowUpTask.objects.get()
    assert (task.owner, str(task.due_on)) == (deputy, "2026-12-20")

    client.force_login(deputy)
    assert client.post(reverse("events:task_done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_on is not None


def test_a_deputy_may_not_complete_someone_elses_task(client, information_officer, deputy, invited):
    task = workflow.add_task(
        invited,
        title="Tổng hợp ý kiến",
        owner=information_officer,
        due_on=timezone.localdate(invited.ends_at),
        by=information_officer,
    )
    client.force_login(deputy)

    assert client.post(reverse("events:task_done", args=[task.pk])).status_code == 403


def test_the_calendar_shows_an_event_on_each_of_its_days(client, deputy, invited):
    client.force_login(deputy)

    response = client.get(reverse("events:calendar"), {"month": "2026-12"})

    days = {
        day.date.day: [e.pk for e in day.events]
        for week in response.context["month"].weeks
        for day in week
        if day.in_month
    }
    assert days[10] == days[11] == [invited.pk]
    assert days[9] == days[12] == []


def test_a_bad_month_falls_back_to_this_month(client, deputy):
    client.force_login(deputy)

    response = client.get(reverse("events:calendar"), {"month": "99999-99"})

    assert response.status_code == 200
    assert str(response.context["month"].first) == "2026-12-01"


def test_the_icalendar_file(client, deputy, invited):
    client.force_login(deputy)

    response = client.get(reverse("events:calendar_ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert f"UID:event-{invited.pk}@dannguyen-37" in text
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T080000" in text
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20261211T170000" in text
    assert "CLASS:PUBLIC" in text
    assert "STATUS:CONFIRMED" in text


def test_the_event_page_costs_a_bounded_number_of_queries(
    client, information_officer, invited, second_deputy, django_assert_max_num_queries
):
    for n in range(20):
        workflow.add_participants(invited, guests=[(f"Khách {n}", "")], by=information_officer)
    workflow.add_participants(invited, deputies=[second_deputy], by=information_officer)
    client.force_login(information_officer)

    with django_assert_max_num_queries(30):
        response = client.get(invited.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["participants"]) == 24


@pytest.mark.parametrize("status", ["held", "reported", "cancelled"])
def test_a_closed_event_page_offers_no_editing(client, information_officer, invited, status):
    Event.objects.filter(pk=invited.pk).update(status=status)
    client.force_login(information_officer)

    page = client.get(invited.get_absolute_url())
    edit = client.get(reverse("events:event_edit", args=[invited.pk]))

    assert page.status_code == 200
    assert page.context["agenda_form"] is None
    assert page.context["participants_form"] is None
    assert (page.context["report_form"] is not None) == (status == "held")
    assert edit.status_code == 403


def test_removing_an_agenda_item_and_a_participant_not_yet_invited(
    client, information_officer, invited, second_deputy, deputy
):
    workflow.add_participants(invited, deputies=[second_deputy], by=information_officer)
    late = Participant.objects.get(user=second_deputy)
    sent = Participant.objects.get(user=deputy)
    item = invited.agenda.get()
    client.force_login(information_officer)

    client.post(reverse("events:agenda_delete", args=[item.pk]))
    client.post(reverse("events:participant_remove", args=[late.pk]))
    refused = client.post(reverse("events:participant_remove", args=[sent.pk]), follow=True)

    assert AgendaItem.objects.count() == 0
    assert not Participant.objects.filter(pk=late.pk).exists()
    assert Participant.objects.filter(pk=sent.pk).exists()
    assert [m.level_tag for m in refused.context["messages"]][-1] == "error"


def test_a_deputy_may_not_remove_anything(client, deputy, invited):
    client.force_login(deputy)
    item = invited.agenda.get()

    assert client.post(reverse("events:agenda_delete", args=[item.pk])).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_get_on_a_post_only_action_is_405(client, information_officer, invited):
    client.force_login(information_officer)

    response = client.get(reverse("events:event_move", args=[invited.pk, "invite"]))

    assert response.status_code == 405


def test_sending_invitations_is_in_the_audit_trail(invited, deputy):
    participant = invited.participants.get(user=deputy)

    actions = list(AuditEntry.objects.for_object(participant).values_list("action", flat=True))

    assert sorted(actions) == ["create", "update"]
