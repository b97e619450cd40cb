"""Demo deputies for development and demonstrations, written for the project (invented
people, no real deputy): the National Assembly delegation of tỉnh Ninh Bình for khóa XVI
(a Trưởng đoàn, a Phó trưởng đoàn, full-time and part-time deputies, three electoral
units) and deputies of the provincial People's Council 2026–2031 (its chair, committee
heads, deputies' groups), with a few activities recorded by hand.

The demo accounts of the delegation and the council (core/demo.py) are linked to their
deputies, so the reception sessions the reception demo plans in their names show in their
activity. Only on a database without any deputy yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import AdministrativeUnit
from dannguyen.voters.models import Body

from .models import (
    ActivityEntry,
    ActivityKind,
    Area,
    Engagement,
    Gender,
    Membership,
    Organization,
    OrgClassification,
    Person,
    Role,
    Term,
)

# The first sitting days of the terms elected on 15/3/2026 (demo values).
NA_TERM_STARTS = datetime.date(2026, 4, 6)
COUNCIL_TERM_STARTS = datetime.date(2026, 3, 30)


@dataclass(frozen=True)
class DemoDeputy:
    name: str
    gender: str
    born: datetime.date
    body: str
    role: str
    engagement: str
    unit: int
    username: str = ""
    committee: str = ""
    committee_role: str = ""
    biography: str = ""


DELEGATION = "Đoàn đại biểu Quốc hội tỉnh Ninh Bình"
COUNCIL = "Hội đồng nhân dân tỉnh Ninh Bình"
COMMITTEES = (
    "Ban Pháp chế HĐND tỉnh",
    "Ban Kinh tế – Ngân sách HĐND tỉnh",
    "Ban Văn hóa – Xã hội HĐND tỉnh",
)
GROUPS = ("Tổ đại biểu số 1", "Tổ đại biểu số 2", "Tổ đại biểu số 3")

DEPUTIES = [
    DemoDeputy(
        "Đinh Quang Huy",
        Gender.MALE,
        datetime.date(1970, 5, 12),
        Body.NA,
        Role.HEAD,
        Engagement.PART_TIME,
        1,
        biography="Thạc sĩ Quản lý công. Nguyên Bí thư Huyện ủy; Trưởng đoàn ĐBQH tỉnh khóa XVI.",
    ),
    DemoDeputy(
        "Bùi Thị Lan",
        Gender.FEMALE,
        datetime.date(1976, 9, 3),
        Body.NA,
        Role.DEPUTY_HEAD,
        Engagement.FULL_TIME,
        2,
        username="photruongdoan",
        biography="Cử nhân Luật. Phó Trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh.",
    ),
    DemoDeputy(
        "Lương Văn Khánh",
        Gender.MALE,
        datetime.date(1981, 2, 20),
        Body.NA,
        Role.MEMBER,
        Engagement.FULL_TIME,
        1,
        biography="Tiến sĩ Kinh tế. Đại biểu Quốc hội chuyên trách.",
    ),
    DemoDeputy(
        "Hà Thị Thu Trang",
        Gender.FEMALE,
        datetime.date(1985, 11, 8),
        Body.NA,
        Role.MEMBER,
        Engagement.PART_TIME,
        3,
        biography="Bác sĩ chuyên khoa II, Phó Giám đốc Bệnh viện đa khoa tỉnh.",
    ),
    DemoDeputy(
        "Tống Đức Thịnh",
        Gender.MALE,
        datetime.date(1979, 7, 1),
        Body.NA,
        Role.MEMBER,
        Engagement.PART_TIME,
        3,
        biography="Kỹ sư nông nghiệp, Giám đốc Hợp tác xã nông nghiệp.",
    ),
    DemoDeputy(
        "Trịnh Văn Nam",
        Gender.MALE,
        datetime.date(1972, 3, 15),
        Body.HDND_PROVINCE,
        Role.VICE_CHAIR,
        Engagement.FULL_TIME,
        1,
        username="phochutich",
        biography="Thạc sĩ Luật. Phó Chủ tịch HĐND tỉnh nhiệm kỳ 2026–2031.",
    ),
    DemoDeputy(
        "Mai Văn Hùng",
        Gender.MALE,
        datetime.date(1983, 12, 2),
        Body.HDND_PROVINCE,
        Role.MEMBER,
        Engagement.PART_TIME,
        2,
        username="daibieu",
        committee=COMMITTEES[0],
        committee_role=Role.COMMITTEE_MEMBER,
        biography="Cử nhân Hành chính, Chủ tịch UBND xã.",
    ),
    DemoDeputy(
        "Phạm Thị Ngọc Ánh",
        Gender.FEMALE,
        datetime.date(1980, 4, 25),
        Body.HDND_PROVINCE,
        Role.MEMBER,
        Engagement.FULL_TIME,
        3,
        committee=COMMITTEES[1],
        committee_role=Role.COMMITTEE_HEAD,
        biography="Thạc sĩ Tài chính – Ngân hàng. Trưởng Ban Kinh tế – Ngân sách.",
    ),
    DemoDeputy(
        "Vũ Minh Tâm",
        Gender.MALE,
        datetime.date(1977, 8, 30),
        Body.HDND_PROVINCE,
        Role.MEMBER,
        Engagement.PART_TIME,
        1,
        committee=COMMITTEES[2],
        committee_role=Role.COMMITTEE_DEPUTY_HEAD,
        biography="Nhà giáo ưu tú, Hiệu trưởng Trường THPT chuyên.",
    ),
]

ENTRIES = [
    (
        "Lương Văn Khánh",
        ActivityKind.SPEECH,
        datetime.date(2026, 10, 24),
        "Thảo luận tại hội trường về dự án Luật Đất đai (sửa đổi)",
        "Đề nghị làm rõ cơ chế bồi thường, hỗ trợ khi Nhà nước thu hồi đất nông nghiệp.",
    ),
    (
        "Bùi Thị Lan",
        ActivityKind.QUESTION,
        datetime.date(2026, 11, 5),
        "Chất vấn Bộ trưởng Bộ Nông nghiệp và Môi trường",
        "Về tiến độ xử lý ô nhiễm làng nghề và nước thải sinh hoạt ở khu vực nông thôn.",
    ),
    (
        "Phạm Thị Ngọc Ánh",
        ActivityKind.FIELD_TRIP,
        datetime.date(2026, 9, 17),
        "Khảo sát tình hình giải ngân vốn đầu tư công tại các xã ven biển",
        "",
    ),
]


def _communes() -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(
            parent__code=str(settings.OFFICE_PROVINCE_CODE), valid_to__isnull=True
        ).order_by("code")
    )


def _areas(term: Term, communes: list[AdministrativeUnit], seats: int) -> dict[int, Area]:
    """Three electoral units sharing the province's communes in order."""
    areas = {}
    share = max(1, len(communes) // 3)
    for number in (1, 2, 3):
        area = Area.objects.create(
            term=term, number=number, name=f"Đơn vị bầu cử số {number}", seats=seats
        )
        part = communes[(number - 1) * share : number * share if number < 3 else None]
        area.communes.set(part)
        areas[number] = area
    return areas


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo deputies once; returns how many (0 when there are deputies)."""
    if Person.objects.exists():
        return 0
    today = today or timezone.localdate()
    na = Term.objects.create(body=Body.NA, name="XVI", starts_on=NA_TERM_STARTS)
    council = Term.objects.create(
        body=Body.HDND_PROVINCE, name="2026–2031", starts_on=COUNCIL_TERM_STARTS
    )
    communes = _communes()
    areas: dict[str, dict[int, Area]] = {
        Body.NA: _areas(na, communes, 2),
        Body.HDND_PROVINCE: _areas(council, communes, 3),
    }
    delegation = Organization.objects.create(
        name=DELEGATION, classification=OrgClassification.DELEGATION, body=Body.NA
    )
    council_org = Organization.objects.create(
        name=COUNCIL, classification=OrgClassification.COUNCIL, body=Body.HDND_PROVINCE
    )
    committees = {
        name: Organization.objects.create(
            name=name,
            classification=OrgClassification.COMMITTEE,
            body=Body.HDND_PROVINCE,
            parent=council_org,
        )
        for name in COMMITTEES
    }
    groups = {
        number: Organization.objects.create(
            name=f"{name} HĐND tỉnh",
            classification=OrgClassification.DEPUTY_GROUP,
            body=Body.HDND_PROVINCE,
            parent=council_org,
        )
        for number, name in enumerate(GROUPS, start=1)
    }
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    people = {}
    for demo in DEPUTIES:
        term = na if demo.body == Body.NA else council
        slug = demo.name.split()[-1].lower()
        person = Person.objects.create(
            name=demo.name,
            gender=demo.gender,
            birth_date=demo.born,
            biography=demo.biography,
            email=f"daibieu.{slug}.{demo.born:%y}@ninhbinh.dannguyen.local",
            phone="0229 3871 000",
            user=users.get(demo.username) if demo.username else None,
        )
        people[demo.name] = person
        area = areas[demo.body][demo.unit]
        Membership.objects.create(
            person=person,
            organization=delegation if demo.body == Body.NA else council_org,
            term=term,
            role=demo.role,
            engagement=demo.engagement,
            area=area,
            starts_on=term.starts_on,
        )
        if demo.committee:
            Membership.objects.create(
                person=person,
                organization=committees[demo.committee],
                term=term,
                role=demo.committee_role,
                starts_on=term.starts_on,
            )
        if demo.body == Body.HDND_PROVINCE:
            Membership.objects.create(
                person=person,
                organization=groups[demo.unit],
                term=term,
                role=Role.GROUP_LEADER if demo.role == Role.VICE_CHAIR else Role.MEMBER,
                area=area,
                starts_on=term.starts_on,
            )
    for name, kind, day, title, text in ENTRIES:
        if day <= today:
            ActivityEntry.objects.create(
                person=people[name], kind=kind, date=day, title=title, text=text, is_public=True
            )
    return len(people)
