"""Demo events for development and demonstrations, written for the project (no real event or
person), recorded through the real workflow, only on a database without any event yet:

1. A briefing on citizen reception six weeks ago: invitations, replies, attendance, two
   follow-up tasks (one done) and its closing report.
2. A training course for commune officials last week: held, attendance taken, its report
   still to write.
3. A National Assembly workshop in ten days, public: its giấy mời approved and issued in
   the sổ văn bản đi, invitations sent, a first reply in.
4. An experience-exchange conference next month: agenda and guests listed, its giấy mời
   drafted and waiting for the Trưởng phòng.
5. A working visit that was cancelled.

Run after the outgoing letters' demo (which seeds only an empty register): the issued
giấy mời takes the register's next number.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import Role, User
from dannguyen.core.models import Agency
from dannguyen.correspondence import workflow as letters

from . import workflow
from .models import Event, EventKind

ORGANISER = "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Ninh Bình"
AGENCIES = [
    "Thanh tra tỉnh Ninh Bình",
    "Ban Tiếp công dân tỉnh Ninh Bình",
    "Sở Nông nghiệp và Môi trường tỉnh Ninh Bình",
    "Sở Tư pháp tỉnh Ninh Bình",
    "Sở Nội vụ tỉnh Ninh Bình",
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


def _version(event: Event) -> int:
    return Event.objects.values_list("version", flat=True).get(pk=event.pk)


def _event(
    values: dict[str, Any], agenda: list[tuple[int, int, int, int, int, str, str]], by: Any
) -> Event:
    """An event and its agenda: (day offset, from h:m, to h:m, session, speakers)."""
    event = workflow.create_event(values=values, by=by)
    first = timezone.localtime(values["starts_at"]).date()
    for offset, h1, m1, h2, m2, title, speakers in agenda:
        day = _days(first, offset)
        workflow.add_agenda_item(
            event,
            values={
                "starts_at": _at(day, h1, m1),
                "ends_at": _at(day, h2, m2),
                "title": title,
                "speakers": speakers,
                "presided_by": "",
            },
            by=by,
        )
    return event


def _participant(event: Event, **match: Any) -> Any:
    return event.participants.get(**match)


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo events once; returns how many (0 when there are events already)."""
    if Event.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer, head = users.get("tonghop"), users.get("truongphong")
    if officer is None or head is None:
        return 0
    today = today or timezone.localdate()
    found = {a.name: a for a in Agency.objects.filter(name__in=AGENCIES)}
    agencies = [found[n] for n in AGENCIES if n in found]
    deputy = users.get("daibieu")
    deputies = [deputy] if deputy is not None and deputy.has_role(Role.Code.DEPUTY) else []
    _briefing(today, officer, head, users, agencies, deputies)
    _training(today, officer, users)
    _workshop(today, officer, head, agencies, deputies)
    _exchange(today, officer, agencies)
    _cancelled(today, officer, head)
    return 5


def _briefing(
    today: datetime.date,
    officer: User,
    head: User,
    users: dict[str, User],
    agencies: list[Agency],
    deputies: list[User],
) -> None:
    day = _days(today, -45)
    event = _event(
        {
            "title": "Hội nghị giao ban công tác tiếp công dân, xử lý đơn thư 6 tháng",
            "kind": EventKind.BRIEFING,
            "organiser": "Thường trực Hội đồng nhân dân tỉnh Ninh Bình",
            "co_organisers": "Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
            "starts_at": _at(day, 8),
            "ends_at": _at(day, 16, 30),
            "place": "Hội trường tầng 3, Trụ sở HĐND tỉnh Ninh Bình",
            "budget_line": "Kinh phí hoạt động của HĐND tỉnh năm " + str(day.year),
            "description": "Đánh giá kết quả tiếp công dân, tiếp nhận và xử lý đơn thư; thống "
            "nhất giải pháp đối với các vụ việc đông người, phức tạp, kéo dài.",
            "owner": officer,
            "is_public": False,
        },
        [
            (
                0,
                8,
                0,
                9,
                30,
                "Khai mạc; báo cáo kết quả tiếp công dân, xử lý đơn 6 tháng",
                "Trưởng phòng Thông tin và Công tác Dân nguyện",
            ),
            (
                0,
                9,
                45,
                11,
                30,
                "Thảo luận về các vụ việc đông người, phức tạp",
                "Thanh tra tỉnh; Ban Tiếp công dân tỉnh",
            ),
            (0, 14, 0, 16, 30, "Kết luận hội nghị", "Phó Chủ tịch HĐND tỉnh"),
        ],
        officer,
    )
    workflow.add_participants(
        event,
        deputies=deputies,
        agencies=agencies[:3],
        guests=[("Bà Lê Thị Thu", "Chủ tịch Ủy ban MTTQ Việt Nam xã Gia Viễn")],
        by=officer,
    )
    workflow.send_invitations(event, version=_version(event), by=officer, on=_days(day, -7))
    participants = list(event.participants.order_by("kind", "id"))
    for index, participant in enumerate(participants):
        workflow.record_reply(participant, confirmed=index != len(participants) - 1, by=officer)
    workflow.mark_held(event, version=_version(event), by=officer)
    for participant in event.participants.all():
        workflow.record_attendance(
            participant,
            attended=participant.invitation == "confirmed",
            attendee_name="Phó Chánh Thanh tra tỉnh Trần Văn Kiên"
            if participant.agency is not None and participant.agency.name == AGENCIES[0]
            else "",
            by=officer,
        )
    done = workflow.add_task(
        event,
        title="Tổng hợp ý kiến, kiến nghị của các cơ quan gửi Thường trực HĐND tỉnh",
        owner=officer,
        due_on=_days(day, 10),
        by=officer,
    )
    workflow.complete_task(done, on=_days(day, 8), by=officer)
    workflow.add_task(
        event,
        title="Theo dõi kết quả giải quyết 3 vụ việc khiếu nại đông người về đất đai",
        owner=users.get("giamsat") or officer,
        due_on=_days(today, 15),
        by=officer,
    )
    workflow.report(
        event,
        version=_version(event),
        by=head,
        results="Hội nghị thống nhất đánh giá: 6 tháng, các cơ quan tiếp 412 lượt công dân, "
        "tiếp nhận 865 đơn, đã xử lý 97%.\nCác vụ việc đông người được phân công theo dõi, "
        "đôn đốc đến khi có kết quả giải quyết.",
        proposals="Đề nghị UBND tỉnh chỉ đạo giải quyết dứt điểm các vụ việc tồn đọng về "
        "đất đai tại xã Gia Viễn và xã Nho Quan.",
        number="25/BC-VP",
        reported_on=_days(day, 5),
    )


def _training(today: datetime.date, officer: User, users: dict[str, User]) -> None:
    day = _days(today, -6)
    event = _event(
        {
            "title": "Lớp tập huấn kỹ năng tiếp công dân, xử lý đơn cho công chức cấp xã",
            "kind": EventKind.TRAINING,
            "organiser": ORGANISER,
            "co_organisers": "Ban Tiếp công dân tỉnh Ninh Bình",
            "starts_at": _at(day, 8),
            "ends_at": _at(_days(day, 1), 16, 30),
            "place": "Trung tâm Chính trị huyện Gia Viễn (cũ)",
            "budget_line": "Kinh phí bồi dưỡng, tập huấn năm " + str(day.year),
            "description": "Bồi dưỡng kỹ năng tiếp công dân, phân loại, xử lý đơn theo Luật "
            "Tiếp công dân, Luật Khiếu nại, Luật Tố cáo sau sắp xếp chính quyền hai cấp.",
            "owner": officer,
            "is_public": True,
        },
        [
            (
                0,
                8,
                0,
                11,
                30,
                "Chuyên đề 1: Quy trình tiếp công dân tại cấp xã",
                "Trưởng Ban Tiếp công dân tỉnh",
            ),
            (
                0,
                13,
                30,
                16,
                30,
                "Chuyên đề 2: Phân loại, xử lý đơn khiếu nại, tố cáo",
                "Phó Chánh Thanh tra tỉnh",
            ),
            (
                1,
                8,
                0,
                11,
                30,
                "Thực hành: xử lý tình huống tiếp công dân đông người",
                "Chuyên viên Phòng Thông tin và Công tác Dân nguyện",
            ),
        ],
        officer,
    )
    workflow.add_participants(
        event,
        guests=[
            ("Ông Nguyễn Văn Hải", "Công chức Văn phòng - Thống kê UBND xã Gia Viễn"),
            ("Bà Phạm Thị Lan", "Công chức Tư pháp - Hộ tịch UBND xã Nho Quan"),
            ("Ông Đinh Công Minh", "Công chức Địa chính UBND xã Kim Sơn"),
            ("Bà Vũ Thị Hạnh", "Công chức Văn phòng UBND phường Hoa Lư"),
        ],
        by=officer,
    )
    workflow.send_invitations(event, version=_version(event), by=officer, on=_days(day, -10))
    for participant in event.participants.all():
        workflow.record_reply(participant, confirmed=True, by=officer)
    workflow.mark_held(event, version=_version(event), by=officer)
    for index, participant in enumerate(event.participants.order_by("id")):
        workflow.record_attendance(participant, attended=index != 2, by=officer)
    workflow.add_task(
        event,
        title="Hoàn thiện tài liệu tập huấn, đăng trên Cổng thông tin",
        owner=users.get("tiepdan") or officer,
        due_on=_days(today, 7),
        by=officer,
    )


def _workshop(
    today: datetime.date,
    officer: User,
    head: User,
    agencies: list[Agency],
    deputies: list[User],
) -> None:
    day = _days(today, 10)
    event = _event(
        {
            "title": "Hội thảo góp ý dự án Luật Tiếp công dân (sửa đổi)",
            "kind": EventKind.NA_CONFERENCE,
            "organiser": "Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
            "co_organisers": "Ủy ban Dân nguyện và Giám sát của Quốc hội",
            "starts_at": _at(day, 8),
            "ends_at": _at(day, 11, 30),
            "place": "Phòng họp số 1, Trụ sở Đoàn ĐBQH và HĐND tỉnh Ninh Bình",
            "budget_line": "Kinh phí hoạt động của Đoàn ĐBQH tỉnh",
            "description": "Lấy ý kiến các cơ quan, chuyên gia về dự thảo Luật Tiếp công dân "
            "(sửa đổi) trình Quốc hội tại kỳ họp tới.",
            "owner": officer,
            "is_public": True,
        },
        [
            (0, 8, 0, 8, 30, "Phát biểu khai mạc", "Phó Trưởng đoàn ĐBQH tỉnh"),
            (
                0,
                8,
                30,
                11,
                0,
                "Góp ý các chương, điều của dự thảo Luật",
                "Đại diện các cơ quan, chuyên gia",
            ),
            (0, 11, 0, 11, 30, "Tổng hợp ý kiến, bế mạc", "Phó Trưởng đoàn ĐBQH tỉnh"),
        ],
        officer,
    )
    workflow.add_participants(
        event,
        deputies=deputies,
        agencies=agencies,
        guests=[("TS. Hoàng Minh Đức", "Giảng viên Học viện Chính trị khu vực I")],
        by=officer,
    )
    letter = workflow.draft_invitation_letter(event, version=_version(event), by=officer)
    letters.submit(letter, by=head)
    letters.approve(letter, by=head)
    letters.issue(letter, by=head)
    workflow.send_invitations(event, version=_version(event), by=officer, on=today)
    first = event.participants.order_by("kind", "id").first()
    if first is not None:
        workflow.record_reply(first, confirmed=True, by=officer)


def _exchange(today: datetime.date, officer: User, agencies: list[Agency]) -> None:
    day = _days(today, 32)
    event = _event(
        {
            "title": "Hội nghị trao đổi kinh nghiệm giám sát giải quyết khiếu nại, tố cáo "
            "của HĐND các tỉnh đồng bằng sông Hồng",
            "kind": EventKind.EXCHANGE,
            "organiser": "Thường trực Hội đồng nhân dân tỉnh Ninh Bình",
            "co_organisers": "Thường trực HĐND các tỉnh Hưng Yên, Phú Thọ",
            "starts_at": _at(day, 8),
            "ends_at": _at(_days(day, 1), 11, 30),
            "place": "Khách sạn Hoa Lư, phường Hoa Lư",
            "budget_line": "Kinh phí hoạt động của HĐND tỉnh",
            "description": "Trao đổi kinh nghiệm giám sát chuyên đề, theo dõi việc giải quyết "
            "kiến nghị sau giám sát.",
            "owner": officer,
            "is_public": True,
        },
        [
            (
                0,
                8,
                0,
                11,
                30,
                "Báo cáo tham luận của Thường trực HĐND các tỉnh",
                "Thường trực HĐND các tỉnh",
            ),
            (0, 14, 0, 16, 30, "Trao đổi, thảo luận", ""),
            (1, 8, 0, 10, 30, "Khảo sát thực tế tại xã Gia Viễn", ""),
        ],
        officer,
    )
    workflow.add_participants(
        event,
        agencies=agencies[3:],
        guests=[
            ("Ông Nguyễn Đức Thịnh", "Phó Chủ tịch HĐND tỉnh Hưng Yên"),
            ("Bà Trần Thu Hương", "Phó Chủ tịch HĐND tỉnh Phú Thọ"),
        ],
        by=officer,
    )
    workflow.draft_invitation_letter(event, version=_version(event), by=officer)


def _cancelled(today: datetime.date, officer: User, head: User) -> None:
    day = _days(today, 20)
    event = workflow.create_event(
        values={
            "title": "Làm việc với Đoàn công tác của Ủy ban Dân nguyện và Giám sát",
            "kind": EventKind.OTHER,
            "organiser": "Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
            "co_organisers": "",
            "starts_at": _at(day, 14),
            "ends_at": _at(day, 17),
            "place": "Phòng họp số 2, Trụ sở Đoàn ĐBQH và HĐND tỉnh Ninh Bình",
            "budget_line": "",
            "description": "",
            "owner": officer,
            "is_public": False,
        },
        by=officer,
    )
    workflow.cancel(
        event,
        version=_version(event),
        by=head,
        reason="Đoàn công tác lùi thời gian làm việc sang quý sau.",
    )
