"""The demo events: every kind and state, seeded once, through the real workflow."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from dannguyen.core import demo as core_demo
from dannguyen.correspondence.models import LetterKind, OutgoingLetter
from dannguyen.events import demo
from dannguyen.events.models import Event, FollowUpTask, Participant

pytestmark = pytest.mark.django_db


def test_the_demo_events_cover_every_state(world):
    core_demo.seed()

    created = demo.seed(today=timezone.localdate())

    assert created == Event.objects.count() == 5
    assert Counter(Event.objects.values_list("status", flat=True)) == {
        "reported": 1,
        "held": 1,
        "invited": 1,
        "planned": 1,
        "cancelled": 1,
    }
    assert set(Event.objects.values_list("kind", flat=True)) == {
        "briefing",
        "training",
        "na_conference",
        "exchange",
        "other",
    }
    reported = Event.objects.get(status="reported")
    assert (reported.report_number, reported.agenda.count()) == ("25/BC-VP", 3)
    assert reported.participants.filter(attended=True).count() >= 3
    assert reported.participants.filter(invitation="declined", attended=False).count() == 1
    assert FollowUpTask.objects.filter(done_on__isnull=False).count() == 1
    assert FollowUpTask.objects.filter(done_on__isnull=True).count() == 2
    assert Participant.objects.filter(event__status="held", attended=False).count() == 1
    invitations = OutgoingLetter.objects.filter(kind=LetterKind.INVITATION)
    assert sorted(invitations.values_list("status", "number")) == [("draft", None), ("issued", 1)]
    workshop = Event.objects.get(status="invited")
    assert workshop.invitation_letter.issued_on == datetime.date(2026, 12, 1)
    assert demo.seed() == 0


def test_no_demo_events_without_the_demo_accounts(world):
    assert demo.seed() == 0
    assert not Event.objects.exists()
