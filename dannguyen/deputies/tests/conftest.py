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
from dannguyen.core.models import AdministrativeUnit
from dannguyen.deputies.models import (
    Area,
    Membership,
    Organization,
    OrgClassification,
    Person,
    Role,
    Term,
)
from dannguyen.reception.tests import conftest as reception_tests
from dannguyen.voters.models import Body

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
    return {"Authorization": f"Bearer {raw}"}


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
