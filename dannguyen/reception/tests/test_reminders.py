"""Each person presiding is reminded of their session at least 10 working days before it
(Luật Tiếp công dân Art 21(1)), once, by the daily command — also across Tết 2027."""

from __future__ import annotations

import datetime
import io
import smtplib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse

from dannguyen.reception import workflow
from dannguyen.reception.models import HostReminder

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AFTER_TET = datetime.date(2027, 2, 18)  # Thursday after the Tết 2027 holiday (04–10/02)


def at(day: datetime.date, hour: int = 7):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=VN), tick=False
    )


def remind(*args: str) -> None:
    call_command("reception_remind", *args, stdout=io.StringIO())


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


@pytest.fixture
def plan(reception_officer, deputy):
    def make(day=AFTER_TET, hosts=None, **values):
        return workflow.plan(
            values={
                "kind": "periodic",
                "host_body": "na_deputy",
                "method": "in_person",
                "date": day,
                "start_time": datetime.time(8, 0),
                "end_time": datetime.time(11, 0),
                "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
                **values,
            },
            hosts=hosts if hosts is not None else [deputy],
            by=reception_officer,
        )

    return make


def test_the_reminder_goes_out_on_the_last_day_the_law_allows_across_tet(plan, deputy):
    session = plan()

    with at(datetime.date(2027, 1, 26)):
        remind()
    assert mail.outbox == []

    with at(datetime.date(2027, 1, 27)):
        remind()

    message = mail.outbox[0]
    reminder = HostReminder.objects.get()
    assert len(mail.outbox) == 1
    assert message.to == [deputy.email]
    assert "18/02/2027" in message.subject
    assert "Luật Tiếp công dân số 42/2013/QH13, Điều 21 khoản 1" in message.body
    assert "03/02/2027" in message.body  # last day to say they cannot come (5 working days)
    assert message.attachments[0][2] == "text/calendar"
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20270218T080000" in message.attachments[0][1]
    assert (reminder.session, reminder.host, reminder.outcome) == (session, deputy, "sent")
    assert (reminder.due_on, reminder.is_late) == (datetime.date(2027, 1, 27), False)


def test_running_again_sends_nothing_twice(plan):
    plan()

    with at(datetime.date(2027, 1, 27)):
        remind()
        remind()
    with at(datetime.date(2027, 1, 28)):
        remind()
    with at(datetime.date(2027, 2, 17)):
        remind()

    assert len(mail.outbox) == 1
    assert HostReminder.objects.get().attempts == 1


def test_every_host_gets_their_own_reminder(plan, deputy, office_leader):
    plan(hosts=[deputy, office_leader], host_body="na_delegation")

    with at(datetime.date(2027, 1, 27)):
        remind()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([deputy.email, office_leader.email])


def test_a_session_moved_to_another_date_is_announced_again(plan, reception_officer):
    session = plan()
    with at(datetime.date(2027, 1, 27)):
        remind()

    workflow.update(session, values={"date": datetime.date(2027, 3, 4)}, by=reception_officer)
    with at(datetime.date(2027, 2, 16)):
        remind()
    assert len(mail.outbox) == 1
    with at(datetime.date(2027, 2, 17)):
        remind()

    assert len(mail.outbox) == 2
    assert "04/03/2027" in mail.outbox[1].subject
    assert HostReminder.objects.count() == 2


def test_a_session_planned_too_late_is_reminded_at_once_and_marked_late(plan):
    with at(datetime.date(2027, 1, 27)):
        plan(day=datetime.date(2027, 2, 3))
        remind()

    reminder = HostReminder.objects.get()
    assert len(mail.outbox) == 1
    assert (reminder.due_on, reminder.is_late) == (datetime.date(2027, 1, 19), True)


def test_no_reminder_for_a_cancelled_session(plan, reception_officer):
    session = plan()
    workflow.cancel(session, by=reception_officer, reason="Đại biểu họp Quốc hội.")

    with at(datetime.date(2027, 1, 27)):
        remind()

    assert (mail.outbox, HostReminder.objects.count()) == ([], 0)


def test_a_host_without_address_is_recorded_then_reminded_once_it_exists(plan, deputy):
    deputy.email = ""
    deputy.save()
    plan()

    with at(datetime.date(2027, 1, 27)):
        remind()
    assert mail.outbox == []
    assert HostReminder.objects.get().outcome == "no_address"

    deputy.email = "daibieu@example.vn"
    deputy.save()
    with at(datetime.date(2027, 1, 28)):
        remind()

    reminder = HostReminder.objects.get()
    assert [m.to for m in mail.outbox] == [["daibieu@example.vn"]]
    assert (reminder.outcome, reminder.attempts, reminder.is_late) == ("sent", 2, True)


def test_a_mail_server_failure_is_kept_and_tried_again(plan, settings):
    plan()
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with at(datetime.date(2027, 1, 27)):
        remind()
    failed = HostReminder.objects.get()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(datetime.date(2027, 1, 27), hour=9):
        remind()

    assert failed.outcome == "failed"
    assert "Service not available" in failed.error
    assert HostReminder.objects.get().outcome == "sent"
    assert len(mail.outbox) == 1


def test_the_date_option_catches_up_and_bad_dates_are_refused(plan):
    plan()

    with at(datetime.date(2027, 1, 20)):
        remind("--date", "2027-01-27")
        with pytest.raises(CommandError):
            remind("--date", "27/01/2027")

    assert len(mail.outbox) == 1


def test_the_index_shows_who_was_reminded(client, plan, reception_officer, deputy):
    plan()
    with at(datetime.date(2027, 1, 27)):
        remind()
        client.force_login(reception_officer)
        response = client.get(reverse("reception:index"))

    row = response.context["upcoming"][0]
    assert row.dates.notify_by == datetime.date(2027, 1, 27)
    assert [(r.host, r.outcome) for r in row.reminders] == [(deputy, "sent")]
    assert row.unreminded == []


def test_a_session_of_the_office_staff_has_no_legal_reminder(plan, department_head):
    plan(kind="regular", host_body="office", hosts=[department_head])

    with at(datetime.date(2027, 2, 17)):
        remind()

    assert (mail.outbox, HostReminder.objects.count()) == ([], 0)


def test_the_time_limit_in_force_on_the_session_day_applies(plan):
    from dannguyen.reception.models import TimeLimitRule

    old = TimeLimitRule.objects.get(code="host_notice")
    TimeLimitRule.objects.create(
        code="host_notice",
        count=15,
        unit="working",
        legal_basis="Nghị quyết giả định của Văn phòng, áp dụng từ 01/02/2027",
        host_bodies=old.host_bodies,
        valid_from=datetime.date(2027, 2, 1),
    )
    plan()

    # Fifteen whole working days before 18/02/2027, Tết excluded: the 16th is 20/01/2027.
    with at(datetime.date(2027, 1, 19)):
        remind()
    assert mail.outbox == []
    with at(datetime.date(2027, 1, 20)):
        remind()

    assert [m.to for m in mail.outbox] == [["deputy@example.vn"]]
    assert HostReminder.objects.get().legal_basis.startswith("Nghị quyết giả định")
