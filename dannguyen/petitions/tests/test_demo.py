from __future__ import annotations

import datetime
from collections import Counter

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.correspondence import demo as letters_demo
from dannguyen.correspondence.models import OutgoingLetter
from dannguyen.petitions import demo
from dannguyen.petitions.models import (
    AgencyAnswer,
    Channel,
    DuplicateLink,
    Forwarding,
    IdentityAccess,
    Kind,
    Petition,
    PetitionEvent,
    Status,
    Urging,
)

pytestmark = pytest.mark.django_db


def test_demo_world_has_every_kind_channel_and_case(world, agencies, matching_rules):
    core_demo.seed()

    created = demo.seed(today=datetime.date(2026, 11, 27))

    petitions = Petition.objects.all()
    assert 250 <= created == petitions.count() <= 400
    assert set(petitions.values_list("kind", flat=True)) >= set(Kind.values)
    assert set(petitions.values_list("channel", flat=True)) == set(Channel.values)
    assert set(petitions.values_list("year", flat=True)) == {2024, 2025, 2026}
    statuses = Counter(petitions.values_list("status", flat=True))
    # Older letters walked through processing, each step on its own day.
    assert statuses.keys() == set(Status.values) - {"split"}
    assert Urging.objects.count() >= 20
    assert AgencyAnswer.objects.count() >= 100
    assert AgencyAnswer.objects.exclude(evaluation="").count() >= 80
    late = PetitionEvent.objects.filter(at__date__gt=datetime.date(2026, 11, 27))
    assert list(late.values_list("action", flat=True)) == ["protection_waived"]  # done today
    assert DuplicateLink.objects.filter(verdict="duplicate").count() >= 10
    assert petitions.filter(signer_count__gte=12).count() >= 10
    assert petitions.filter(is_identity_protected=True).exists()
    assert petitions.filter(protection_waived=True).count() == 1
    assert petitions.filter(is_anonymous=True).exists()
    assert IdentityAccess.objects.count() == 1
    assert demo.seed() == 0

    # The letters of the recent steps: older ones issued in the order sent, newest waiting.
    drafted = letters_demo.seed(today=datetime.date(2026, 11, 27))
    issued = list(
        OutgoingLetter.objects.filter(status="issued")
        .order_by("number")
        .values_list("number", "issued_on")
    )
    assert drafted == OutgoingLetter.objects.count() >= 10
    assert set(OutgoingLetter.objects.values_list("kind", flat=True)) == {
        "forwarding_slip",
        "urging_letter",
    }
    assert [number for number, _day in issued] == list(range(1, len(issued) + 1))
    assert [day for _number, day in issued] == sorted(day for _number, day in issued)
    assert OutgoingLetter.objects.filter(status__in=["draft", "submitted"]).exists()
    assert Forwarding.objects.filter(letter__isnull=False).count() >= 5
    assert letters_demo.seed() == 0
