"""The demo research topics (in this API-named file because the rest of research's tests
belong to another change): three topics, one with an overdue milestone, as the API shows
them, seeded once."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from dannguyen.accounts.models import ApiToken, User
from dannguyen.core import demo as core_demo
from dannguyen.research import demo
from dannguyen.research.models import Topic

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(
        datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


def test_the_demo_topics_through_the_api(client, db):
    core_demo.seed()

    assert demo.seed(today=TODAY) == 3

    _token, raw = ApiToken.issue(User.objects.get(username="tonghop"), name="demo")
    items = client.get("/api/v1/research/topics", HTTP_AUTHORIZATION=f"Bearer {raw}").json()[
        "items"
    ]
    assert sorted(t["status"] for t in items) == ["completed", "in_progress", "proposed"]
    overdue = [m["title"] for t in items for m in t["milestones"] if m["is_overdue"]]
    assert overdue == ["Khảo sát tại 6 xã, phường"]
    completed = next(t for t in items if t["status"] == "completed")
    assert len(completed["outputs"]) == 2
    assert demo.seed(today=TODAY) == 0
    assert Topic.objects.count() == 3


def test_no_demo_topics_without_the_demo_accounts(db):
    assert demo.seed(today=TODAY) == 0
