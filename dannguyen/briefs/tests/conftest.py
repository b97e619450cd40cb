"""The world of the briefs tests: Ninh Bình's wards, the lĩnh vực tree and agencies; the
Luật Khiếu nại and its decree imported into the legal database; two consolidated voters'
petitions about land compensation (one answered) and one about roads; and a brief on land
compensation asked for by the deputy. The clock is fixed on 20/11/2026."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from dannguyen.accounts.models import ApiToken, Role
from dannguyen.briefs import workflow
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.legal.tests.conftest import (  # noqa: F401 -- fixtures used by the tests
    decree,
    document_types,
    law,
)
from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- fixtures used by the tests
    agencies,
    land_field,
    media,
    register,
    world,
)
from dannguyen.voters.models import Answer, Meeting, Opinion, Session, VoterPetition

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 11, 20)
D = datetime.date


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=VN), tick=False):
        yield


@pytest.fixture
def other_deputy(make_user):
    return make_user("other_deputy", Role.Code.DEPUTY, full_name="Vũ Văn Khác")


@pytest.fixture
def delegation_leader(make_user):
    return make_user("delegation_leader", Role.Code.DELEGATION_LEADER, full_name="Đinh Văn Đoàn")


@pytest.fixture
def voter_petitions(world, agencies):  # noqa: F811 -- the imported fixtures
    """Two petitions on land compensation (one answered by the provincial People's
    Committee) and one on a road, raised at meetings in two communes."""
    land = FieldOfWork.objects.get(code="HC-DD-BT")
    roads = FieldOfWork.objects.get(code="HC-KHAC-GT")
    wards = list(AdministrativeUnit.objects.filter(parent__code="37").order_by("code")[:2])
    session = Session.objects.create(
        body="hdnd_province",
        term="XVI",
        number=5,
        kind="regular",
        opens_on=D(2026, 7, 8),
        closes_on=D(2026, 7, 10),
    )
    meetings = [
        Meeting.objects.create(
            session=session,
            timing="before",
            held_on=D(2026, 6, 12 + i),
            place=f"Nhà văn hóa {ward.name}",
            commune=ward,
        )
        for i, ward in enumerate(wards)
    ]
    made = {
        "compensation": VoterPetition.objects.create(
            session=session,
            title="Cử tri đề nghị sớm chi trả tiền bồi thường giải phóng mặt bằng dự án "
            "đường vành đai.",
            status="classified",
            is_fixed=True,
            field=land,
            competence="provincial",
        ),
        "resettlement": VoterPetition.objects.create(
            session=session,
            title="Cử tri đề nghị bố trí khu tái định cư có hạ tầng đầy đủ.",
            status="accepted",
            is_fixed=True,
        ),
        "road": VoterPetition.objects.create(
            session=session,
            title="Cử tri đề nghị sửa chữa đường tỉnh 477 xuống cấp.",
            status="classified",
            is_fixed=True,
            field=roads,
            competence="provincial",
        ),
    }
    for order, (meeting, key) in enumerate(
        [(meetings[0], "compensation"), (meetings[1], "compensation"), (meetings[0], "road")]
    ):
        Opinion.objects.create(
            meeting=meeting, order=order, content=made[key].title, group=made[key]
        )
    Answer.objects.create(
        petition=made["compensation"],
        agency=Agency.objects.get(name="Ủy ban nhân dân tỉnh Ninh Bình"),
        reference="125/UBND-KT",
        dated=D(2026, 9, 1),
        received_on=D(2026, 9, 5),
        text="Tỉnh đã bố trí vốn, chi trả xong trong quý IV năm 2026.",
        result="resolved",
        detail="implementation",
    )
    return made


def request_values(**changes):
    values = {
        "title": "Thông tin về bồi thường, hỗ trợ khi Nhà nước thu hồi đất",
        "topic": "Tình hình khiếu nại về bồi thường; văn bản áp dụng; kiến nghị cử tri.",
        "recipient_kind": "deputy",
        "recipient_name": "",
        "deputy": None,
        "requested_on": D(2026, 11, 16),
        "due_on": D(2026, 11, 30),
        "owner": None,
    }
    values.update(changes)
    return values


@pytest.fixture
def brief(db, deputy):
    """Asked for by the deputy on 16/11/2026, due 30/11/2026; nobody has taken it on."""
    return workflow.request(values=request_values(), by=deputy)


@pytest.fixture
def compiling(brief, information_officer):
    workflow.start(brief, version=brief.version, by=information_officer)
    brief.refresh_from_db()
    return brief
