"""A thematic study of the Đoàn ĐBQH owned by the information officer with the deputy on
its team, from 01/03/2026 to 30/09/2026, with two milestones."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.accounts.models import Role
from dannguyen.research import workflow

STARTS = datetime.date(2026, 3, 1)
ENDS = datetime.date(2026, 9, 30)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delegation_leader(make_user):
    return make_user("delegation_leader", Role.Code.DELEGATION_LEADER, full_name="Đinh Văn Đoàn")


@pytest.fixture
def other_deputy(make_user):
    return make_user("other_deputy", Role.Code.DEPUTY, full_name="Vũ Văn Khác")


def topic_values(owner, **overrides):
    values = {
        "title": "Chuyên đề: thực hiện chính sách đối với người có công",
        "kind": "thematic",
        "owner_body": "na_delegation",
        "owner": owner,
        "summary": "",
        "starts_on": STARTS,
        "ends_on": ENDS,
    }
    values.update(overrides)
    return values


@pytest.fixture
def topic(information_officer, deputy):
    made = workflow.create_topic(
        values=topic_values(information_officer), team=[deputy], by=information_officer
    )
    workflow.add_milestone(
        made, title="Đề cương", due_on=datetime.date(2026, 4, 1), by=information_officer
    )
    workflow.add_milestone(
        made, title="Khảo sát", due_on=datetime.date(2026, 6, 30), by=information_officer
    )
    return made
