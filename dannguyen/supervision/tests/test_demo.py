"""The demo plans load through the real workflow, once."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.supervision import demo
from dannguyen.supervision.models import SupervisionPlan

pytestmark = pytest.mark.django_db


def test_two_plans_once(world):
    core_demo.seed()

    created = demo.seed(today=datetime.date(2026, 11, 20))
    again = demo.seed(today=datetime.date(2026, 11, 20))

    plans = {p.number: p for p in SupervisionPlan.objects.all()}
    assert (created, again) == (2, 0)
    assert plans["45/KH-ĐĐBQH"].status == "reported"
    assert plans["18/KH-TTHĐND"].status == "in_progress"
    assert plans["45/KH-ĐĐBQH"].recommendations.filter(status="done").count() == 1
