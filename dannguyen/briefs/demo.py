"""Demo briefs for development and demonstrations, written for the project (no real
request or person): three briefs of the information service, made through the real
workflow, only on a database without any brief yet.

1. Land compensation, for the demo deputy: delivered by email, with the Luật Khiếu nại if
   the demo laws are loaded, the land letters' statistics and the land voters' petitions.
2. Administrative procedures, for the Thường trực HĐND: being compiled, with notes.
3. Rural roads, for the HĐND's Ban Kinh tế - Ngân sách: just requested, overdue.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import FieldOfWork
from dannguyen.legal.models import LegalDocument
from dannguyen.voters.models import VoterPetition

from . import workflow
from .models import Brief


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo briefs once; returns how many (0 when briefs exist or the demo
    accounts are missing)."""
    if Brief.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer, head, deputy = users.get("tonghop"), users.get("truongphong"), users.get("daibieu")
    if officer is None or head is None or deputy is None:
        return 0
    today = today or timezone.localdate()
    _delivered(today, officer, head, deputy)
    _compiling(today, officer)
    _requested(today, head)
    return 3


def _delivered(today: datetime.date, officer: User, head: User, deputy: User) -> None:
    brief = workflow.request(
        values={
            "title": "Thông tin về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
            "topic": "Tình hình đơn thư về bồi thường khi thu hồi đất; các văn bản áp dụng; "
            "kiến nghị của cử tri về giải phóng mặt bằng.",
            "requested_on": _days(today, -20),
            "due_on": _days(today, -5),
        },
        by=deputy,
    )
    workflow.start(brief, version=None, by=officer)
    law = LegalDocument.objects.filter(number_raw__icontains="/QH").order_by("-issued_on").first()
    if law is not None:
        workflow.add_document(brief, document=law, note="Văn bản áp dụng chính.", by=officer)
    land = FieldOfWork.objects.filter(code="HC-DD").first()
    if land is not None:
        workflow.set_statistics_filter(
            brief,
            fields=[land],
            keywords="bồi thường",
            since=datetime.date(today.year - 1, 1, 1),
            until=None,
            area=None,
            by=officer,
            today=today,
        )
        petitions = list(VoterPetition.objects.filter(field__parent=land)[:3])
        if petitions:
            workflow.add_petitions(brief, petitions=petitions, by=officer)
    workflow.save_summary(
        brief,
        summary="Đơn thư về bồi thường khi thu hồi đất chiếm tỷ lệ lớn trong lĩnh vực đất đai; "
        "nhiều vụ việc kéo dài do chậm chi trả.",
        by=officer,
    )
    workflow.save_section(
        brief,
        heading="Đề xuất",
        text="Đề nghị đại biểu chất vấn về tiến độ chi trả bồi thường tại kỳ họp tới.",
        by=officer,
    )
    workflow.compile_brief(brief, version=None, by=officer, today=today)
    workflow.deliver(brief, version=None, by=head, on=today, method="email")


def _compiling(today: datetime.date, officer: User) -> None:
    brief = workflow.request(
        values={
            "title": "Thông tin phục vụ giám sát chuyên đề cải cách thủ tục hành chính",
            "topic": "Kết quả giải quyết thủ tục hành chính cấp xã sau sắp xếp đơn vị hành chính.",
            "recipient_kind": "council_standing",
            "recipient_name": "Thường trực HĐND tỉnh",
            "deputy": None,
            "requested_on": _days(today, -7),
            "due_on": _days(today, 10),
            "owner": officer,
        },
        by=officer,
    )
    workflow.start(brief, version=None, by=officer)
    workflow.save_section(
        brief,
        heading="Tình hình chung",
        text="Số hồ sơ trễ hạn giảm so với cùng kỳ; còn vướng mắc về chứng thực.",
        by=officer,
    )


def _requested(today: datetime.date, head: User) -> None:
    workflow.request(
        values={
            "title": "Thông tin về đầu tư, duy tu đường giao thông nông thôn",
            "topic": "Nguồn vốn, tiến độ và phản ánh của cử tri về đường giao thông nông thôn.",
            "recipient_kind": "council_committee",
            "recipient_name": "Ban Kinh tế - Ngân sách HĐND tỉnh",
            "deputy": None,
            "requested_on": _days(today, -12),
            "due_on": _days(today, -2),
            "owner": None,
        },
        by=head,
    )
