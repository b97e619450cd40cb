"""The world of the voter-contact tests: Ninh Bình's communes, the lĩnh vực tree and the
agencies (as the reception tests load them), the NA's 10th and 11th sessions of term XV,
meetings before the 11th in two communes, and opinions recorded through the real workflow.

The time limits come from the data migration, as on a fresh install.
"""

from __future__ import annotations

import datetime

import pytest

from dannguyen.accounts.models import ApiToken, Role
from dannguyen.core.models import AdministrativeUnit
from dannguyen.reception.tests import conftest as reception_tests
from dannguyen.voters import workflow
from dannguyen.voters.workflow import OpinionInput

world = reception_tests.world
media = reception_tests.media

# The 11th session opens on a Monday; the 10th closed in the previous autumn.
OPENS = datetime.date(2026, 5, 18)
CLOSES = datetime.date(2026, 6, 26)
MEETING_DAY = datetime.date(2026, 4, 21)

ROAD = "Đề nghị nâng cấp tuyến đường ĐT 477 qua xã Gia Vân vì xuống cấp nghiêm trọng."
ROAD_AGAIN = "Cử tri đề nghị sớm sửa chữa đường tỉnh 477 đoạn qua xã, mặt đường hư hỏng nặng."
PENSION = "Đề nghị điều chỉnh mức lương hưu cho người nghỉ hưu trước năm 1995."
FLOOD = "Đề nghị xây kè chống sạt lở bờ sông Hoàng Long đoạn qua thôn Đông."


@pytest.fixture
def voter_contact_officer(make_user):
    return make_user(
        "voter_contact_officer", Role.Code.VOTER_CONTACT_OFFICER, full_name="Ngô Thị Cử Tri"
    )


@pytest.fixture
def communes(world):
    units = AdministrativeUnit.objects.filter(parent__code="37").order_by("code")
    return list(units[:3])


@pytest.fixture
def earlier_session(world, voter_contact_officer):
    return workflow.create_session(
        values={
            "body": "na",
            "term": "XV",
            "number": 10,
            "kind": "regular",
            "opens_on": datetime.date(2025, 10, 20),
            "closes_on": datetime.date(2025, 12, 11),
        },
        by=voter_contact_officer,
    )


@pytest.fixture
def session(world, voter_contact_officer, earlier_session):
    return workflow.create_session(
        values={
            "body": "na",
            "term": "xv",
            "number": 11,
            "kind": "regular",
            "opens_on": OPENS,
            "closes_on": CLOSES,
        },
        by=voter_contact_officer,
    )


def meeting_values(commune, **overrides):
    values = {
        "timing": "before",
        "kind": "session",
        "method": "in_person",
        "held_on": MEETING_DAY,
        "place": f"Nhà văn hóa {commune.name}",
        "commune": commune,
        "chair": "Ông Trần Văn Mặt Trận, Chủ tịch UBMTTQ xã",
        "na_deputies": "Đại biểu Nguyễn Thị Quốc Hội",
        "officials": "Chủ tịch UBND xã",
        "voter_count": 120,
    }
    values.update(overrides)
    return values


@pytest.fixture
def meetings(session, communes, voter_contact_officer):
    return [
        workflow.record_meeting(
            session=session,
            values=meeting_values(c, held_on=MEETING_DAY + datetime.timedelta(days=n)),
            by=voter_contact_officer,
        )
        for n, c in enumerate(communes[:2])
    ]


@pytest.fixture
def opinions(meetings, voter_contact_officer):
    """Two meetings: the road twice (reworded), the pension, the flood bank."""
    first = workflow.add_opinions(
        meeting=meetings[0],
        items=[OpinionInput(ROAD, speaker="Ông Đinh Văn Một"), OpinionInput(PENSION)],
        by=voter_contact_officer,
    )
    second = workflow.add_opinions(
        meeting=meetings[1],
        items=[OpinionInput(ROAD_AGAIN), OpinionInput(FLOOD, speaker="Bà Lê Thị Hai")],
        by=voter_contact_officer,
    )
    return first + second


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
