"""The world of the deputies tests: Ninh Bình's communes, the NA term XVI and the provincial
council's 2026–2031 term, the delegation and the council, and two deputies — Đỗ Thị Đại
Biểu (the `deputy` persona's own record, Phó trưởng đoàn, unit 1) and Lương Văn Khánh (no
account, a council deputy). Today is 20 November 2026 unless a test moves on."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from PIL import Image

from dannguyen.accounts.models import ApiToken
from dannguyen.core import reference_data
from dannguyen.core.models import AdministrativeUnit, Agency
from dannguyen.deputies.models import (
    ActivityEntry,
    Area,
    Membership,
    Organization,
    OrgClassification,
    Person,
    Role,
    Term,
)
from dannguyen.events.models import Event, Participant
from dannguyen.petitions import workflow as petitions
from dannguyen.petitions.models import Forwarding
from dannguyen.petitions.tests.conftest import COMPLAINANT
from dannguyen.petitions.tests.conftest import values as petition_values
from dannguyen.reception import workflow as reception
from dannguyen.reception.tests import conftest as reception_tests
from dannguyen.supervision.models import SupervisionPlan
from dannguyen.voters.models import Body, Meeting, Opinion, Session

media = reception_tests.media

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")),
        tick=False,
    ):
        yield TODAY


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (1200, 1600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def bearer(user) -> dict[str, str]:
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def world(db):
    """Ninh Bình's units only: what the deputies' records point at."""
    reception_tests.load_ninh_binh()


@pytest.fixture
def full_world(world):
    """And the lĩnh vực tree and the agencies, for tests that build petitions."""
    reference_data.load_fields_of_work(reference_data.LoadReport())
    reference_data.load_agencies(reference_data.LoadReport())


@pytest.fixture
def na_term(db):
    return Term.objects.create(body=Body.NA, name="XVI", starts_on=datetime.date(2026, 4, 6))


@pytest.fixture
def council_term(db):
    return Term.objects.create(
        body=Body.HDND_PROVINCE, name="2026–2031", starts_on=datetime.date(2026, 3, 30)
    )


@pytest.fixture
def delegation(db):
    return Organization.objects.create(
        name="Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
        classification=OrgClassification.DELEGATION,
        body=Body.NA,
    )


@pytest.fixture
def council(db):
    return Organization.objects.create(
        name="Hội đồng nhân dân tỉnh Ninh Bình",
        classification=OrgClassification.COUNCIL,
        body=Body.HDND_PROVINCE,
    )


@pytest.fixture
def unit_one(world, na_term):
    area = Area.objects.create(term=na_term, number=1, name="Đơn vị bầu cử số 1", seats=2)
    area.communes.set(AdministrativeUnit.objects.filter(parent__code="37").order_by("code")[:3])
    return area


@pytest.fixture
def council_unit(world, council_term):
    return Area.objects.create(term=council_term, number=1, name="Đơn vị bầu cử số 1", seats=3)


@pytest.fixture
def own(deputy, na_term, delegation, unit_one):
    """The `deputy` persona's own record: Phó trưởng đoàn, full-time, unit 1."""
    person = Person.objects.create(
        name="Đỗ Thị Đại Biểu",
        gender="female",
        birth_date=datetime.date(1978, 6, 1),
        biography="Cử nhân Luật.",
        email="daibieu@quochoi.vn",
        phone="0229 3871 111",
        user=deputy,
    )
    Membership.objects.create(
        person=person,
        organization=delegation,
        term=na_term,
        role=Role.DEPUTY_HEAD,
        engagement="full_time",
        area=unit_one,
        starts_on=na_term.starts_on,
    )
    return person


@pytest.fixture
def khanh(council_term, council, council_unit):
    """A council deputy without an account."""
    person = Person.objects.create(name="Lương Văn Khánh", gender="male")
    Membership.objects.create(
        person=person,
        organization=council,
        term=council_term,
        role=Role.MEMBER,
        engagement="part_time",
        area=council_unit,
        starts_on=council_term.starts_on,
    )
    return person


VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CITIZEN = COMPLAINANT.full_name


def reception_session(host, day, by, *, held=True):
    session = reception.plan(
        values={
            "kind": "periodic",
            "host_body": "na_deputy",
            "method": "in_person",
            "date": day,
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 30),
            "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
        },
        hosts=[host],
        staff=[by],
        by=by,
    )
    if held:
        reception.hold(session, by=by)
    return session


def voter_meeting(day, *, na="", province="", opinions=0, place="Nhà văn hóa thôn Đông"):
    session, _created = Session.objects.get_or_create(
        body="na",
        term="XVI",
        number=1,
        defaults={
            "kind": "regular",
            "opens_on": datetime.date(2026, 10, 20),
            "closes_on": datetime.date(2026, 12, 10),
        },
    )
    meeting = Meeting.objects.create(
        session=session,
        timing="before",
        held_on=day,
        place=place,
        na_deputies=na,
        province_deputies=province,
    )
    for i in range(opinions):
        Opinion.objects.create(meeting=meeting, order=i, content=f"Kiến nghị số {i + 1}")
    return meeting


def event(title, day, *, public, attendees=(), invited=()):
    found = Event.objects.create(
        title=title,
        kind="briefing",
        organiser="Thường trực HĐND tỉnh Ninh Bình",
        starts_at=datetime.datetime(2026, day.month, day.day, 8, tzinfo=VN),
        ends_at=datetime.datetime(2026, day.month, day.day, 17, tzinfo=VN),
        place="Hội trường tầng 3",
        is_public=public,
        status="held",
    )
    for user in attendees:
        Participant.objects.create(event=found, kind="deputy", user=user, attended=True)
    for user in invited:
        Participant.objects.create(event=found, kind="deputy", user=user, attended=False)
    return found


@pytest.fixture
def record(full_world, own, deputy, reception_officer, department_head, khanh):
    """Everything the other apps recorded in 2026 for the deputy, and a few things that are
    someone else's or did not happen."""
    reception_session(deputy, datetime.date(2026, 5, 15), reception_officer)
    reception_session(deputy, datetime.date(2026, 10, 15), reception_officer)
    reception_session(deputy, datetime.date(2026, 12, 15), reception_officer, held=False)
    for received_on in (datetime.date(2026, 6, 2), datetime.date(2026, 7, 1)):
        petitions.register(
            values=petition_values(
                received_on=received_on,
                kind="complaint",
                receiving_subject="na_deputy",
                receiving_deputy=deputy,
            ),
            people=[COMPLAINANT],
            by=reception_officer,
        )
    first = own.user.addressed_petitions.order_by("received_on").first()
    Forwarding.objects.create(
        petition=first,
        agency=Agency.objects.get(name="Thanh tra tỉnh Ninh Bình"),
        forwarded_on=datetime.date(2026, 6, 20),
    )
    petitions.register(values=petition_values(), people=[COMPLAINANT], by=reception_officer)
    voter_meeting(
        datetime.date(2026, 10, 10),
        na="Bà Đỗ Thị Đại Biểu, Phó Trưởng đoàn ĐBQH tỉnh",
        province="Lương Văn Khánh",
        opinions=3,
    )
    voter_meeting(datetime.date(2026, 10, 11), na="Đỗ Thị Đại", opinions=2)
    plan = SupervisionPlan.objects.create(
        title="Giám sát việc giải quyết khiếu nại về đất đai",
        scope="Việc giải quyết khiếu nại về bồi thường, hỗ trợ tái định cư.",
        period_from=datetime.date(2025, 1, 1),
        period_to=datetime.date(2026, 6, 30),
        starts_on=datetime.date(2026, 8, 3),
        ends_on=datetime.date(2026, 9, 30),
        head=department_head,
    )
    plan.members.add(deputy)
    event("Hội nghị giao ban công khai", datetime.date(2026, 9, 9), public=True, attendees=[deputy])
    event("Tập huấn nội bộ", datetime.date(2026, 9, 23), public=False, attendees=[deputy])
    event("Hội nghị vắng mặt", datetime.date(2026, 9, 30), public=True, invited=[deputy])
    ActivityEntry.objects.create(
        person=own,
        kind="speech",
        date=datetime.date(2026, 10, 24),
        title="Thảo luận tổ",
        is_public=True,
    )
    ActivityEntry.objects.create(
        person=own, kind="field_trip", date=datetime.date(2025, 12, 1), title="Khảo sát nội bộ"
    )
    return own
