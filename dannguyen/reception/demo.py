"""Demo citizen reception for development and demonstrations: a year of sessions at the
office of tỉnh Ninh Bình, written for the project (no real person, no real case).

Periodic sessions of the National Assembly delegation and of the Standing Committee of the
People's Council each month, the office's regular reception each week, an ad hoc session for
a group, an online session, a cancelled one, and the coming month planned. Cases of every
kind and outcome: letters received (registered in the petition register), groups with their
representatives, a protected denouncer, a refusal. Generated with a fixed random seed and
recorded through the real workflow, only on a database without any session yet.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.lib.workdays import WorkCalendar
from dannguyen.petitions.identity import PersonInput

from . import workflow
from .models import Outcome, ReceptionSession, RefusalGround

SEED = 20260715
PLACE = "Trụ sở tiếp công dân tỉnh Ninh Bình, số 2 đường Lê Hồng Phong"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Bùi", "Đỗ", "Ngô", "Tạ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh"]
GIVEN = ["Hùng", "Lan", "Dũng", "Hương", "Cường", "Mai", "Thắng", "Hoa", "Sơn", "Yến", "Bình"]
ADDRESSES = [
    "Xóm 3, xã Gia Vân, tỉnh Ninh Bình",
    "Thôn Bắc, xã Gia Sinh, huyện Gia Viễn, tỉnh Ninh Bình",
    "Tổ dân phố 6, phường Hoa Lư, tỉnh Ninh Bình",
    "Xóm Đông, xã Khánh Thành, huyện Yên Khánh, tỉnh Ninh Bình",
    "Thôn 2, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam",
    "Xóm 5, xã Hải Anh, huyện Hải Hậu, tỉnh Nam Định",
]


@dataclass(frozen=True)
class Matter:
    kind: str
    field: str
    content: str
    request: str
    outcome: str
    headcount: int = 1
    agency: str = ""


MATTERS = [
    Matter(
        "complaint",
        "HC-DD-BT",
        "Khiếu nại Quyết định thu hồi đất của UBND xã vì giá bồi thường đất nông nghiệp thấp "
        "hơn giá chuyển nhượng thực tế trong vùng, chưa được hỗ trợ chuyển đổi nghề.",
        "Đề nghị xem xét lại đơn giá bồi thường và bố trí đất tái định cư.",
        Outcome.PETITION_RECEIVED,
    ),
    Matter(
        "petition",
        "HC-CS-NCC",
        "Kiến nghị việc chậm chi trả chế độ trợ cấp cho người có công: hồ sơ nộp từ đầu năm "
        "nhưng đến nay chưa có quyết định hưởng.",
        "Đề nghị cơ quan lao động – thương binh giải quyết sớm.",
        Outcome.GUIDED,
        agency="Sở Nội vụ tỉnh Ninh Bình",
    ),
    Matter(
        "petition",
        "HC-KHAC-GT",
        "Phản ánh xe tải chở vật liệu xây dựng làm hư hỏng đường trục xã, bụi bẩn ảnh hưởng "
        "sinh hoạt của các hộ dân hai bên đường.",
        "Đề nghị kiểm tra tải trọng xe và sửa chữa mặt đường.",
        Outcome.FORWARDED,
        headcount=12,
        agency="Ủy ban nhân dân tỉnh Ninh Bình",
    ),
    Matter(
        "complaint",
        "HC-DD",
        "Khiếu nại việc UBND xã không giải quyết tranh chấp ranh giới thửa đất giữa hai hộ "
        "gia đình, dù đã hòa giải ở thôn hai lần.",
        "Đề nghị UBND xã tổ chức hòa giải và trả lời bằng văn bản.",
        Outcome.EXPLAINED,
    ),
    Matter(
        "petition",
        "HC-KHAC-MT",
        "Kiến nghị về ô nhiễm mùi và nước thải từ trại chăn nuôi lợn tập trung gần khu dân "
        "cư, nhiều hộ có người bị bệnh hô hấp.",
        "Đề nghị kiểm tra, xử lý và di dời trại chăn nuôi.",
        Outcome.PETITION_RECEIVED,
        headcount=7,
    ),
    Matter(
        "complaint",
        "HC-CC",
        "Khiếu nại quyết định kỷ luật khiển trách đối với viên chức trường tiểu học vì cho "
        "rằng quy trình xem xét kỷ luật không đúng quy định.",
        "Đề nghị xem xét lại quyết định kỷ luật.",
        Outcome.GUIDED,
        agency="Sở Giáo dục và Đào tạo tỉnh Ninh Bình",
    ),
    Matter(
        "petition",
        "HC-CS-BHXH",
        "Hỏi về điều kiện hưởng bảo hiểm xã hội một lần sau khi nghỉ việc tại doanh nghiệp "
        "trong cụm công nghiệp.",
        "",
        Outcome.EXPLAINED,
    ),
]
DENUNCIATION = Matter(
    "denunciation",
    "TN-DD",
    "Tố cáo cán bộ địa chính xã nhận tiền của các hộ dân để hợp thức hóa hồ sơ cấp giấy chứng "
    "nhận quyền sử dụng đất đối với phần đất lấn chiếm hành lang giao thông.",
    "Đề nghị xác minh, xử lý và giữ bí mật thông tin người tố cáo.",
    Outcome.GUIDED,
    agency="Thanh tra tỉnh Ninh Bình",
)


@dataclass
class World:
    rng: random.Random
    users: dict[str, User]
    fields: dict[str, FieldOfWork]
    agencies: dict[str, Agency]
    calendar: WorkCalendar
    today: datetime.date


def _person(world: World) -> PersonInput:
    rng = world.rng
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    year = rng.randint(50, 99)
    id_number = f"037{rng.choice('01')}{year:02d}{rng.randint(0, 999_999):06d}"
    phone = f"09{rng.randint(0, 99_999_999):08d}"
    return PersonInput(
        full_name=name, id_number=id_number, phone=phone, address=rng.choice(ADDRESSES)
    )


def _working(world: World, day: datetime.date) -> datetime.date:
    return world.calendar.next_working_day(day)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _values(kind: str, host_body: str, day: datetime.date, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "host_body": host_body,
        "method": "in_person",
        "date": day,
        "start_time": datetime.time(8, 0),
        "end_time": datetime.time(11, 30),
        "place": PLACE,
        **extra,
    }


def _case(world: World, session: ReceptionSession, matter: Matter, *, by: User) -> None:
    people = [
        _person(world) for _n in range(min(matter.headcount, 2 if matter.headcount > 4 else 1))
    ]
    values: dict[str, Any] = {
        "headcount": matter.headcount,
        "kind": matter.kind,
        "main_field": world.fields.get(matter.field),
        "content": matter.content,
        "citizen_request": matter.request,
        "outcome": matter.outcome,
        "competence": "outside" if matter.agency else "undetermined",
    }
    agency = world.agencies.get(matter.agency)
    if matter.outcome == Outcome.GUIDED:
        values["guided_to"] = agency
    elif matter.outcome == Outcome.FORWARDED:
        values["accepting_agency"] = agency
    hosts = list(session.hosts.all())
    if hosts and world.rng.random() < 0.5:
        values["instructing_leader"] = hosts[0]
        values["instructions"] = "Giao Văn phòng theo dõi, đôn đốc cơ quan có thẩm quyền trả lời."
    workflow.record_case(session, values=values, people=people, by=by, now=_at(session.date, 10))


def _held(world: World, session: ReceptionSession, *, by: User, cases: int) -> None:
    matters = world.rng.sample(MATTERS, k=cases)
    for matter in matters:
        _case(world, session, matter, by=by)
    workflow.hold(session, by=by, now=_at(session.date, 11, 45))


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo sessions once; returns how many (0 when reception has data)."""
    if ReceptionSession.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer, head = users.get("tiepdan"), users.get("truongphong")
    if officer is None or head is None:
        return 0
    today = today or timezone.localdate()
    world = World(
        rng=random.Random(SEED),
        users=users,
        fields={f.code: f for f in FieldOfWork.objects.all()},
        agencies={a.name: a for a in Agency.objects.all()},
        calendar=WorkCalendar.from_db(today - datetime.timedelta(days=400), today),
        today=today,
    )
    delegation = [u for u in (users.get("photruongdoan"),) if u]
    council = [u for u in (users.get("phochutich"), users.get("daibieu")) if u]
    created = 0
    first = (today - datetime.timedelta(days=365)).replace(day=1)
    month = first
    while month <= today + datetime.timedelta(days=45):
        for hosts, body, day_of_month in (
            (delegation, "na_delegation", 15),
            (council, "council_standing", 22),
        ):
            day = _working(world, month.replace(day=day_of_month))
            session = workflow.plan(
                values=_values("periodic", body, day),
                hosts=hosts,
                staff=[officer],
                by=officer,
                now=_at(day - datetime.timedelta(days=30), 9),
            )
            created += 1
            if day < today:
                _held(world, session, by=officer, cases=world.rng.randint(1, 3))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    # The office's regular reception, each Wednesday of the last two months.
    day = today - datetime.timedelta(days=60)
    while day < today:
        if day.weekday() == 2 and world.calendar.is_working_day(day):
            session = workflow.plan(
                values=_values("regular", "office", day, start_time=datetime.time(7, 30)),
                hosts=[head],
                staff=[officer],
                by=officer,
                now=_at(day - datetime.timedelta(days=7), 9),
            )
            _held(world, session, by=officer, cases=world.rng.randint(1, 2))
            created += 1
        day += datetime.timedelta(days=1)
    created += _special(world, officer=officer, head=head, council=council)
    return created


def _special(world: World, *, officer: User, head: User, council: list[User]) -> int:
    """An ad hoc session for a group with a protected denouncer and a refusal, an online
    session, and a cancelled one."""
    day = _working(world, world.today - datetime.timedelta(days=9))
    ad_hoc = workflow.plan(
        values=_values("ad_hoc", "office", day, start_time=datetime.time(14, 0),
                       end_time=datetime.time(16, 30)),
        hosts=[head],
        staff=[officer],
        by=officer,
        now=_at(day, 13, 30),
    )  # fmt: skip
    _case(world, ad_hoc, MATTERS[2], by=officer)
    _case(world, ad_hoc, DENUNCIATION, by=officer)
    ground = RefusalGround.objects.filter(code="luat-tcd-9-3-da-giai-quyet-dung").first()
    if ground is not None:
        workflow.record_case(
            ad_hoc,
            values={
                "headcount": 1,
                "kind": "complaint",
                "content": "Tiếp tục khiếu nại việc thu hồi đất năm 2019 đã được giải quyết lần "
                "hai và có văn bản trả lời chấm dứt thụ lý.",
                "outcome": Outcome.REFUSED,
                "refusal_ground": ground,
            },
            people=[_person(world)],
            by=officer,
            now=_at(day, 15),
        )
    workflow.hold(ad_hoc, by=officer, now=_at(day, 16, 45))
    protected = ad_hoc.cases.filter(is_identity_protected=True).first()
    if protected is not None:
        workflow.reveal_identity(
            protected,
            by=head,
            reason="Bố trí lịch làm việc riêng với người tố cáo, bảo đảm giữ bí mật.",
            what="danh tính người đến và toàn văn",
            source="command:seed_demo",
        )
    online_day = _working(world, world.today - datetime.timedelta(days=20))
    online = workflow.plan(
        values=_values(
            "periodic", "council_standing", online_day, method="online",
            online_details="Hệ thống hội nghị truyền hình; điểm cầu UBND các xã Gia Vân, Gia Sinh",
        ),
        hosts=council,
        staff=[officer],
        by=officer,
        now=_at(online_day - datetime.timedelta(days=20), 9),
    )  # fmt: skip
    _case(world, online, MATTERS[1], by=officer)
    workflow.hold(
        online,
        by=officer,
        recording_reference="Lưu trữ Văn phòng, tệp ghi hình phiên tiếp trực tuyến",
        now=_at(online_day, 11, 45),
    )
    cancelled_day = _working(world, world.today + datetime.timedelta(days=12))
    cancelled = workflow.plan(
        values=_values("ad_hoc", "office", cancelled_day),
        hosts=[head],
        by=officer,
        now=_at(world.today, 9),
    )
    workflow.cancel(
        cancelled, by=officer, reason="Trùng lịch kỳ họp HĐND tỉnh.", now=_at(world.today, 10)
    )
    return 3
