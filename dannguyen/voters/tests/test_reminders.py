# ruff: noqa: F811 -- pytest fixtures imported from the neighbouring tests
"""The daily letters to agencies: a reminder before the 60 days run out, an urging letter
after, a follow-up once a promised date passes — drafts in the correspondence register,
one per agency and stage, never twice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from dannguyen.correspondence.models import OutgoingLetter
from dannguyen.voters import reminders, workflow
from dannguyen.voters.models import EventAction, Reminder, VoterEvent

from .test_answers import answer_values, sent  # noqa: F401 -- shared fixtures
from .test_reports import agencies, classified, report  # noqa: F401 -- shared fixtures

pytestmark = pytest.mark.django_db

# The sent report's own register entry is a letter too (a công văn, issued).
URGINGS = OutgoingLetter.objects.filter(kind="urging_letter")


def test_reminder_then_urging_then_follow_up(sent, agencies, voter_contact_officer):
    pension, flood = sent[1], sent[2]
    central = agencies["central"]
    # Sent 4/5/2026, due 3/7/2026: eight days before, a reminder naming both petitions.
    first = reminders.run(today=datetime.date(2026, 6, 25))
    assert len(first.drafted) == 1
    letter = OutgoingLetter.objects.get(kind="urging_letter")
    assert (letter.kind, letter.status, letter.recipient_agency) == (
        "urging_letter",
        "draft",
        central,
    )
    assert letter.subject == reminders.SUBJECTS["before"]
    assert pension.title in letter.body and "03/07/2026" in letter.body
    assert sorted(Reminder.objects.values_list("petition_id", "stage")) == sorted(
        [(pension.pk, "before"), (flood.pk, "before")]
    )
    # The same day again: nothing new.
    assert reminders.run(today=datetime.date(2026, 6, 25)).drafted == []
    # The pension is answered (being resolved, promised for 30/6/2027); the flood bank is not.
    workflow.record_answer(pension, values=answer_values(central), by=voter_contact_officer)
    reminders.run(today=datetime.date(2026, 7, 10))
    urging = OutgoingLetter.objects.get(subject=reminders.SUBJECTS["overdue"])
    assert flood.title in urging.body and pension.title not in urging.body
    out = io.StringIO()
    call_command("voters_reminders", "--date", "2027-07-01", stdout=out)
    follow_up = OutgoingLetter.objects.get(subject=reminders.SUBJECTS["promise"])
    assert pension.title in follow_up.body and "30/06/2027" in follow_up.body
    assert "letters drafted: 1" in out.getvalue()
    assert OutgoingLetter.objects.filter(kind="urging_letter").count() == 3
    assert (
        VoterEvent.objects.filter(action=EventAction.REMINDED, petition_ref=pension.pk).count() == 2
    )


def test_a_cancelled_letter_is_drafted_again(sent, department_head):
    from dannguyen.correspondence import workflow as letters

    reminders.run(today=datetime.date(2026, 7, 10))
    letter = OutgoingLetter.objects.get(kind="urging_letter")
    letters.cancel(letter, by=department_head)
    assert len(reminders.run(today=datetime.date(2026, 7, 11)).drafted) == 1
    assert URGINGS.exclude(status="cancelled").count() == 1
