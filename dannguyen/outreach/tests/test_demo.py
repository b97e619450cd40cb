"""The demo visit programmes: Tết reported and 27/7 carried out, seeded once, within budget."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.outreach import demo, queries
from dannguyen.outreach.models import Gift, Programme
from dannguyen.reception.tests.conftest import world  # noqa: F401 -- the fixture

pytestmark = pytest.mark.django_db


def test_the_demo_programmes(world):  # noqa: F811
    core_demo.seed()

    assert demo.seed(today=datetime.date(2026, 11, 27)) == 2

    tet = Programme.objects.get(occasion="tet")
    july = Programme.objects.get(occasion="war_invalids_day")
    assert (tet.status, tet.starts_on, tet.report_number) == (
        "reported",
        datetime.date(2026, 1, 20),
        "08/BC-ĐĐBQH",
    )
    assert july.status == "carried_out"
    assert (tet.beneficiaries.count(), july.beneficiaries.count()) == (6, 5)
    assert [queries.money_summary(p)["given"] for p in (tet, july)] == [7_800_000, 10_000_000]
    assert [queries.money_summary(p)["budget"] for p in (tet, july)] == [9_000_000, 11_000_000]
    assert Gift.objects.count() == 11
    assert demo.seed() == 0


def test_before_27_7_the_july_visits_are_last_years(world):  # noqa: F811
    core_demo.seed()

    demo.seed(today=datetime.date(2026, 5, 1))

    july = Programme.objects.get(occasion="war_invalids_day")
    assert (july.starts_on.year, july.status) == (2025, "carried_out")


def test_during_july_the_visits_are_approved_and_waiting(world):  # noqa: F811
    core_demo.seed()

    demo.seed(today=datetime.date(2026, 7, 20))

    july = Programme.objects.get(occasion="war_invalids_day")
    assert (july.starts_on.year, july.status) == (2026, "approved")
    assert not Gift.objects.filter(beneficiary__programme=july).exists()


def test_no_demo_programmes_without_the_demo_accounts(world):  # noqa: F811
    assert demo.seed() == 0
