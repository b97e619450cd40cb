"""The demo round: seeded once through the real workflow, with every part of the cycle."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.voters import demo, queries
from dannguyen.voters.models import Evaluation, Meeting, Opinion, SynthesisReport, VoterPetition

pytestmark = pytest.mark.django_db


def test_the_demo_round_covers_the_cycle(world):
    core_demo.seed()
    today = datetime.date(2026, 11, 28)
    assert demo.seed(today=today) == 54
    assert Meeting.objects.count() == 8
    assert len({m.commune_id for m in Meeting.objects.all()}) == 8
    assert Opinion.objects.filter(kind="request").count() == 53
    # Rewordings gathered: fewer petitions than opinions, every one classified.
    petitions = VoterPetition.objects.all()
    assert petitions.count() < 40
    assert set(petitions.values_list("status", flat=True)) == {"classified"}
    assert set(SynthesisReport.objects.values_list("status", flat=True)) == {"sent"}
    assert all(r.letter and r.letter.number for r in SynthesisReport.objects.all())
    assert Evaluation.objects.filter(verdict="unsatisfactory").count() == 1
    results = set(petitions.values_list("answers__result", flat=True))
    assert {"resolved", "in_progress", "explained", None} <= results
    from dannguyen.lib.workdays import WorkCalendar

    backlog = queries.backlog(today=today, calendar=WorkCalendar({}))
    assert any(r.unsatisfactory for r in backlog)
    assert any(r.last_answer is None for r in backlog)
    assert demo.seed(today=today) == 0
