"""The demo reception: a realistic year, recorded through the real workflow, once."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.reception import demo
from dannguyen.reception.models import (
    CaseIdentityAccess,
    ReceptionCase,
    ReceptionSession,
    representative_limit,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def seeded(world):
    core_demo.seed()
    return demo.seed(today=TODAY)


def test_the_demo_year_has_every_kind_of_session_and_outcome(seeded):
    sessions = ReceptionSession.objects.all()
    cases = ReceptionCase.objects.all()

    assert seeded == sessions.count() > 30
    assert set(sessions.values_list("kind", flat=True)) == {"periodic", "regular", "ad_hoc"}
    assert set(sessions.values_list("status", flat=True)) == {"planned", "held", "cancelled"}
    assert not sessions.filter(status="held", date__gte=TODAY).exists()
    assert sessions.filter(method="online", status="held").exclude(recording_reference="").exists()
    assert {"petition_received", "guided", "forwarded", "explained", "refused"} <= set(
        cases.values_list("outcome", flat=True)
    )
    assert cases.filter(is_identity_protected=True).exists()
    assert CaseIdentityAccess.objects.count() == 1


def test_the_demo_follows_the_rules_it_demonstrates(seeded):
    for case in ReceptionCase.objects.prefetch_related("citizens", "petitions"):
        people = list(case.citizens.all())
        limit = representative_limit(case.headcount)
        assert len(people) <= (limit if limit is not None else case.headcount)
        assert all(p.id_number for p in people)
        if case.outcome == "petition_received":
            assert [p.channel for p in case.petitions.all()] == ["in_person"]


def test_seeding_twice_adds_nothing(seeded):
    assert demo.seed(today=TODAY) == 0
