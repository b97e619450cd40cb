from __future__ import annotations

import datetime
from collections import Counter

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.petitions import demo
from dannguyen.petitions.models import Channel, DuplicateLink, IdentityAccess, Kind, Petition

pytestmark = pytest.mark.django_db


def test_demo_world_has_every_kind_channel_and_case(world, agencies, matching_rules):
    core_demo.seed()

    created = demo.seed(today=datetime.date(2026, 11, 27))

    petitions = Petition.objects.all()
    assert 250 <= created == petitions.count() <= 400
    assert set(petitions.values_list("kind", flat=True)) >= set(Kind.values)
    assert set(petitions.values_list("channel", flat=True)) == set(Channel.values)
    assert set(petitions.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert Counter(petitions.values_list("status", flat=True)).keys() == {
        "received",
        "assigned",
        "classified",
    }
    assert DuplicateLink.objects.filter(verdict="duplicate").count() >= 10
    assert petitions.filter(signer_count__gte=12).count() >= 10
    assert petitions.filter(is_identity_protected=True).exists()
    assert petitions.filter(protection_waived=True).count() == 1
    assert petitions.filter(is_anonymous=True).exists()
    assert IdentityAccess.objects.count() == 1
    assert demo.seed() == 0
