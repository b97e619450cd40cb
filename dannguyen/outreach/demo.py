"""Demo visit programmes for development and demonstrations, written for the project (no real
family or person), recorded through the real workflow, only on a database without any
programme yet:

1. The Đoàn ĐBQH's Tết visits to policy families, meritorious people and poor households,
   paid from the provincial budget and the Quỹ Đền ơn đáp nghĩa: carried out and reported.
2. The Thường trực HĐND's visits for War Invalids and Martyrs' Day (27/7), with a
   sponsor's contribution: carried out once the day has passed, otherwise approved.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import AdministrativeUnit

from . import workflow
from .forms import communes
from .models import Category, LeadBody, Occasion, Programme, ProgrammeStatus

TET_HOUSEHOLDS = [
    ("Bà Nguyễn Thị Lụa", "Thôn Đông Thượng", Category.MERITORIOUS, "Mẹ liệt sĩ"),
    ("Ông Trần Văn Thụ", "Thôn Tân Thành", Category.POLICY_FAMILY, "Thương binh 2/4"),
    ("Ông Phạm Văn Khang", "Xóm 5", Category.POOR, ""),
    ("Bà Đinh Thị Nụ", "Thôn Bãi Sông", Category.NEAR_POOR, "Hộ neo đơn"),
    ("Ông Vũ Đình Lực", "Thôn Yên Thịnh", Category.MERITORIOUS, "Bệnh binh"),
    ("Bà Hoàng Thị Mơ", "Xóm 2", Category.POOR, ""),
]
JULY_HOUSEHOLDS = [
    ("Ông Lê Văn Bảy", "Thôn Trung", Category.MERITORIOUS, "Thương binh 1/4"),
    ("Bà Ngô Thị Hiền", "Thôn Thượng", Category.POLICY_FAMILY, "Vợ liệt sĩ"),
    ("Ông Bùi Văn Tám", "Xóm 7", Category.MERITORIOUS, "Người hoạt động kháng chiến"),
    ("Bà Nguyễn Thị Lụa", "Thôn Đông Thượng", Category.MERITORIOUS, "Mẹ liệt sĩ"),
    ("Ông Mai Văn Cường", "Thôn Hạ", Category.MERITORIOUS, "Bệnh binh"),
]


def _households(
    programme: Programme, rows: Sequence[tuple[str, str, str, str]], places: list[Any], by: User
) -> list[Any]:
    return [
        workflow.add_household(
            programme,
            values={
                "head_name": name,
                "address": address,
                "commune": places[index % len(places)],
                "category": category,
                "phone": "",
                "note": note,
            },
            by=by,
        )
        for index, (name, address, category, note) in enumerate(rows)
    ]


def _places() -> list[AdministrativeUnit]:
    return list(
        communes().filter(parent__code=str(settings.OFFICE_PROVINCE_CODE)).order_by("code")[:3]
    )


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo programmes once; returns how many (0 when there are some already)."""
    if Programme.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer = users.get("tonghop")
    delegation, council = users.get("photruongdoan"), users.get("phochutich")
    places = _places()
    if officer is None or delegation is None or council is None or not places:
        return 0
    today = today or timezone.localdate()
    deputies = [u for u in (users.get("daibieu"),) if u is not None]
    _tet(today, officer, delegation, deputies, places)
    _july(today, officer, council, places)
    return 2


def _tet(
    today: datetime.date,
    officer: User,
    leader: User,
    deputies: list[User],
    places: list[AdministrativeUnit],
) -> None:
    # The last Tết visits already over: late January to early February.
    year = today.year if today >= datetime.date(today.year, 2, 20) else today.year - 1
    starts, ends = datetime.date(year, 1, 20), datetime.date(year, 2, 10)
    programme = workflow.create_programme(
        values={
            "title": f"Thăm, tặng quà gia đình chính sách, hộ nghèo nhân dịp Tết Nguyên đán {year}",
            "occasion": Occasion.TET,
            "lead_body": LeadBody.NA_DELEGATION,
            "starts_on": starts,
            "ends_on": ends,
            "description": "Đoàn ĐBQH tỉnh thăm hỏi, tặng quà người có công, gia đình chính "
            "sách và hộ nghèo tại 3 xã trước Tết.",
            "guest_participants": "Đại diện Ủy ban MTTQ Việt Nam các xã",
        },
        leaders=[leader],
        participants=deputies,
        by=officer,
    )
    workflow.add_source(
        programme,
        name="Ngân sách tỉnh (kinh phí hoạt động của Đoàn ĐBQH)",
        amount=6_000_000,
        by=officer,
    )
    workflow.add_source(programme, name="Quỹ Đền ơn đáp nghĩa tỉnh", amount=3_000_000, by=officer)
    households = _households(programme, TET_HOUSEHOLDS, places, officer)
    workflow.move(programme, to=ProgrammeStatus.APPROVED, by=leader, note="Đồng ý kế hoạch.")
    for index, household in enumerate(households):
        workflow.record_gift(
            programme,
            household=household,
            money=1_000_000,
            goods="Quà Tết (bánh chưng, gạo, dầu ăn)",
            goods_value=300_000,
            given_on=starts + datetime.timedelta(days=5 + index % 3),
            by=officer,
        )
    workflow.move(programme, to=ProgrammeStatus.CARRIED_OUT, by=officer)
    workflow.move(
        programme,
        to=ProgrammeStatus.REPORTED,
        by=officer,
        report_number="08/BC-ĐĐBQH",
        reported_on=ends + datetime.timedelta(days=5),
        result_summary="Đã thăm, tặng 6 suất quà, tổng giá trị 7.800.000 đồng; gia đình "
        "chính sách phấn khởi, cảm ơn sự quan tâm của Đoàn ĐBQH tỉnh.",
    )


def _july(
    today: datetime.date, officer: User, leader: User, places: list[AdministrativeUnit]
) -> None:
    # The visits of this year's 27/7 once the month has come, else last year's.
    year = today.year if today >= datetime.date(today.year, 7, 1) else today.year - 1
    starts, ends = datetime.date(year, 7, 15), datetime.date(year, 7, 27)
    programme = workflow.create_programme(
        values={
            "title": f"Thăm, tặng quà người có công nhân kỷ niệm Ngày Thương binh - Liệt sĩ "
            f"27/7/{year}",
            "occasion": Occasion.WAR_INVALIDS_DAY,
            "lead_body": LeadBody.COUNCIL_STANDING,
            "starts_on": starts,
            "ends_on": ends,
            "description": "Thường trực HĐND tỉnh thăm hỏi thương binh, thân nhân liệt sĩ; dâng "
            "hương tại Nghĩa trang liệt sĩ tỉnh.",
            "guest_participants": "",
        },
        leaders=[leader],
        participants=[],
        by=officer,
    )
    workflow.add_source(programme, name="Ngân sách tỉnh", amount=8_000_000, by=officer)
    workflow.add_source(
        programme, name="Công ty Điện lực Ninh Bình (tài trợ)", amount=3_000_000, by=officer
    )
    households = _households(programme, JULY_HOUSEHOLDS, places, officer)
    workflow.move(programme, to=ProgrammeStatus.APPROVED, by=leader)
    if today < ends:
        return
    for household in households:
        workflow.record_gift(
            programme,
            household=household,
            money=2_000_000,
            goods="",
            goods_value=0,
            given_on=datetime.date(year, 7, 24),
            by=officer,
        )
    workflow.move(programme, to=ProgrammeStatus.CARRIED_OUT, by=officer)
