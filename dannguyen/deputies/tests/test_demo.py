"""The demo deputies: the delegation and the council, linked to the demo accounts, once."""

from __future__ import annotations

from dannguyen.core import demo as core_demo
from dannguyen.deputies import demo, queries
from dannguyen.deputies.models import Membership, Person, Role


def test_the_demo_creates_the_delegation_and_council_once(world):
    core_demo.seed()
    assert demo.seed() == 9
    assert demo.seed() == 0
    assert Person.objects.count() == 9
    head = Membership.objects.get(role=Role.HEAD)
    assert head.person.name == "Đinh Quang Huy"
    deputy_head = Membership.objects.get(role=Role.DEPUTY_HEAD)
    assert deputy_head.person.user.username == "photruongdoan"
    assert Person.objects.get(user__username="daibieu").name == "Mai Văn Hùng"
    assert queries.public_deputies().count() == 9
    assert all(m.area.communes.exists() for m in Membership.objects.filter(area__isnull=False))
