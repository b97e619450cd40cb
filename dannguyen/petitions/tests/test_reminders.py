"""`dannguyen send_reminders`: one digest a day per person, urging letters drafted once."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from dannguyen.correspondence.models import OutgoingLetter
from dannguyen.petitions import workflow
from dannguyen.petitions.models import ReminderDigest

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T07:00:00+07:00"), tick=False)


def run(day: str) -> str:
    out = io.StringIO()
    with at(day):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def forwarded(complaint, department_head, supervision_officer, land_field, provincial_inspectorate):
    """A complaint forwarded on 05/3/2026: the agency's answer is due on 24/4/2026."""
    supervision_officer.email = "giamsat@example.vn"
    supervision_officer.save()
    department_head.email = "truongphong@example.vn"
    department_head.save()
    with at("2026-03-05"):
        workflow.assign(complaint, to=supervision_officer, by=department_head)
        workflow.classify(
            complaint,
            kind="complaint",
            main_field=land_field,
            eligibility="eligible",
            competence="outside",
            competent_agency=provincial_inspectorate,
            procedure_stage="first_resolved",
            by=supervision_officer,
        )
        workflow.forward(complaint, agencies=[provincial_inspectorate], by=supervision_officer)
    return complaint


def test_the_handler_and_the_managers_get_one_digest_a_day(forwarded):
    first = run("2026-04-27")
    again = run("2026-04-27")

    assert sorted(m.to[0] for m in mail.outbox) == ["giamsat@example.vn", "truongphong@example.vn"]
    body = mail.outbox[0].body
    assert "2026/0001" in body
    assert "24/04/2026" in body
    assert ReminderDigest.objects.count() == 2
    assert "digests sent: 2" in first
    assert "digests sent: 0" in again


def test_an_overdue_agency_gets_one_urging_letter_drafted(forwarded, provincial_inspectorate):
    run("2026-04-24")  # due today: nothing to urge yet
    before = OutgoingLetter.objects.count()
    run("2026-04-27")
    run("2026-04-28")

    letters = list(OutgoingLetter.objects.values_list("kind", "status", "recipient_agency"))
    assert before == 0
    assert letters == [("urging_letter", "draft", provincial_inspectorate.pk)]


def test_nothing_is_sent_when_nothing_is_due(forwarded):
    output = run("2026-03-06")

    assert mail.outbox == []
    assert "digests sent: 0" in output
    assert "urging letters drafted: 0" in output


def test_a_bad_date_is_a_command_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "31/03/2026")
