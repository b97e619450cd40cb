"""Demo research topics for development and demonstrations, written for the project (no real
study or person), recorded through the real workflow, only on a database without any topic:

1. A thematic study of the Đoàn ĐBQH on land complaints at commune level, in progress: its
   outline done, its survey overdue, its summary report due.
2. A research project of the Thường trực HĐND on meetings with voters, completed with its
   report and recommendation.
3. A proposed thematic study on policies for people with meritorious services.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.legal.queries import find_by_number

from . import workflow
from .models import Milestone, OutputKind, OwnerBody, Topic, TopicKind, TopicStatus

# Laws a land-complaint study reads, linked when the legal library holds them.
LAND_LAWS = ["31/2024/QH15", "02/2011/QH13", "25/2018/QH14"]


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


def _fresh(milestone: Milestone) -> Milestone:
    """The milestone with its topic as stored now (the workflow compares statuses)."""
    return Milestone.objects.select_related("topic").get(pk=milestone.pk)


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo topics once; returns how many (0 when there are topics already)."""
    if Topic.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer, approver = users.get("tonghop"), users.get("photruongdoan")
    council = users.get("phochutich")
    if officer is None or approver is None or council is None:
        return 0
    today = today or timezone.localdate()
    team = [u for u in (users.get("giamsat"), users.get("daibieu")) if u is not None]

    land = workflow.create_topic(
        values={
            "title": "Chuyên đề: Thực trạng giải quyết khiếu nại về đất đai tại cấp xã sau "
            "sắp xếp đơn vị hành chính",
            "kind": TopicKind.THEMATIC,
            "owner_body": OwnerBody.NA_DELEGATION,
            "owner": officer,
            "summary": "Đánh giá việc tiếp nhận, giải quyết khiếu nại về bồi thường, hỗ trợ, "
            "tái định cư và cấp giấy chứng nhận quyền sử dụng đất tại các xã mới; kiến nghị "
            "hoàn thiện quy định của Luật Đất đai.",
            "starts_on": _days(today, -150),
            "ends_on": _days(today, 60),
        },
        team=team,
        legal_documents=[d for d in map(find_by_number, LAND_LAWS) if d is not None],
        by=officer,
    )
    outline = workflow.add_milestone(
        land, title="Xây dựng đề cương chi tiết", due_on=_days(today, -120), by=officer
    )
    workflow.add_milestone(
        land, title="Khảo sát tại 6 xã, phường", due_on=_days(today, -40), by=officer
    )
    workflow.add_milestone(
        land, title="Báo cáo tổng hợp, kiến nghị", due_on=_days(today, 45), by=officer
    )
    workflow.move(land, to=TopicStatus.APPROVED, by=approver, note="Đồng ý triển khai.")
    workflow.move(land, to=TopicStatus.IN_PROGRESS, by=officer)
    workflow.mark_done(_fresh(outline), done_on=_days(today, -118), by=officer)

    voters = workflow.create_topic(
        values={
            "title": "Đề tài: Nâng cao hiệu quả tiếp xúc cử tri của đại biểu HĐND tỉnh",
            "kind": TopicKind.PROJECT,
            "owner_body": OwnerBody.COUNCIL_STANDING,
            "owner": officer,
            "summary": "Khảo sát hình thức tiếp xúc cử tri theo chuyên đề, theo nhóm đối tượng; "
            "đề xuất quy trình theo dõi việc trả lời kiến nghị cử tri.",
            "starts_on": _days(today, -300),
            "ends_on": _days(today, -30),
        },
        team=team[:1],
        by=officer,
    )
    steps = [
        ("Đề cương nghiên cứu", -280, -276),
        ("Phiếu khảo sát 500 cử tri", -200, -195),
        ("Hội thảo khoa học", -90, -88),
    ]
    milestones = [
        (workflow.add_milestone(voters, title=t, due_on=_days(today, due), by=officer), done)
        for t, due, done in steps
    ]
    workflow.move(voters, to=TopicStatus.APPROVED, by=council)
    workflow.move(voters, to=TopicStatus.IN_PROGRESS, by=officer)
    for milestone, done in milestones:
        workflow.mark_done(_fresh(milestone), done_on=_days(today, done), by=officer)
    workflow.add_output(
        voters,
        values={
            "kind": OutputKind.REPORT,
            "title": "Báo cáo tổng hợp kết quả nghiên cứu đề tài",
            "summary": "Cử tri đánh giá cao hình thức tiếp xúc theo chuyên đề; 68% kiến nghị "
            "được trả lời đúng hạn.",
            "dated": _days(today, -45),
        },
        upload=None,
        content_type="",
        by=officer,
    )
    workflow.add_output(
        voters,
        values={
            "kind": OutputKind.RECOMMENDATION,
            "title": "Kiến nghị Thường trực HĐND ban hành quy trình theo dõi trả lời kiến nghị",
            "summary": "",
            "dated": _days(today, -35),
        },
        upload=None,
        content_type="",
        by=officer,
    )
    workflow.move(voters, to=TopicStatus.COMPLETED, by=officer)

    meritorious = workflow.create_topic(
        values={
            "title": "Chuyên đề: Thực hiện chính sách ưu đãi người có công với cách mạng trên "
            "địa bàn tỉnh",
            "kind": TopicKind.THEMATIC,
            "owner_body": OwnerBody.NA_DELEGATION,
            "owner": officer,
            "summary": "Phục vụ giám sát chuyên đề của Đoàn ĐBQH tỉnh.",
            "starts_on": _days(today, 15),
            "ends_on": _days(today, 200),
        },
        team=team,
        by=officer,
    )
    workflow.add_milestone(
        meritorious, title="Đề cương, kế hoạch khảo sát", due_on=_days(today, 40), by=officer
    )
    return 3
