"""Demo supervision for development and demonstrations, written for the project (no real
plan, person or case): two plans of the Đoàn ĐBQH and the Thường trực HĐND of tỉnh Ninh
Bình, recorded through the real workflow, only on a database without any plan yet.

1. Land complaints at communal People's Committees: reported, recommendations being
   followed up (one done, one partly done, one overdue).
2. Denunciations at the provincial inspectorate and police: in progress, a request for a
   report overdue, a working session held.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import Agency
from dannguyen.petitions.models import Kind, Petition

from . import workflow
from .models import RecommendationStatus, SupervisionPlan

COMMUNES = [
    "Ủy ban nhân dân xã Nho Quan",
    "Ủy ban nhân dân xã Kim Sơn",
    "Ủy ban nhân dân phường Hoa Lư",
]
INSPECTORATE = "Thanh tra tỉnh Ninh Bình"
POLICE = "Công an tỉnh Ninh Bình"


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


def _agencies(names: list[str]) -> list[Agency]:
    found = {a.name: a for a in Agency.objects.filter(name__in=names)}
    return [found[n] for n in names if n in found]


def _petitions(kind: str, count: int) -> list[Petition]:
    return list(Petition.objects.filter(kind=kind).order_by("year", "number")[:count])


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo plans once; returns how many (0 when supervision has data)."""
    if SupervisionPlan.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer, head = users.get("giamsat"), users.get("truongphong")
    if officer is None or head is None:
        return 0
    today = today or timezone.localdate()
    created = 0
    communes = _agencies(COMMUNES)
    if communes:
        _land_plan(today, officer, head, users, communes)
        created += 1
    others = _agencies([INSPECTORATE, POLICE])
    if others:
        _denunciation_plan(today, officer, head, users, others)
        created += 1
    return created


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _land_plan(
    today: datetime.date, officer: User, head: User, users: dict[str, Any], agencies: list[Agency]
) -> None:
    start = _days(today, -120)
    plan = workflow.create_plan(
        values={
            "number": "45/KH-ĐĐBQH",
            "title": "Giám sát việc giải quyết khiếu nại về đất đai của Ủy ban nhân dân cấp xã",
            "issuing_body": "na_delegation",
            "legal_basis": (
                "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân;\n"
                "Căn cứ Luật Khiếu nại năm 2011;\n"
                "Căn cứ Chương trình công tác năm của Đoàn đại biểu Quốc hội tỉnh Ninh Bình."
            ),
            "scope": (
                "Giám sát việc tiếp nhận, thụ lý, giải quyết và thi hành quyết định giải quyết "
                "khiếu nại về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất; việc "
                "giải quyết các đơn do Đoàn đại biểu Quốc hội chuyển đến."
            ),
            "period_from": datetime.date(today.year - 1, 1, 1),
            "period_to": datetime.date(today.year - 1, 12, 31),
            "starts_on": start,
            "ends_on": _days(today, -30),
            "head": users.get("photruongdoan") or head,
            "guest_members": "Đại diện Ban Pháp chế HĐND tỉnh",
        },
        members=[officer, head],
        agencies=agencies,
        petitions=_petitions(Kind.COMPLAINT, 3),
        by=officer,
        now=_at(_days(start, -14)),
    )
    workflow.approve(plan, by=head, now=_at(_days(start, -10)))
    workflow.start(plan, by=officer, now=_at(start))
    supervised = list(plan.supervised_agencies.all())
    for i, item in enumerate(supervised):
        sent = _days(start, 2)
        request = workflow.send_request(
            item,
            values={
                "sent_on": sent,
                "reference": f"{120 + i}/ĐĐBQH-TTDN",
                "due_on": _days(sent, 14),
                "content": "Báo cáo số đơn khiếu nại về đất đai đã tiếp nhận, đã giải quyết, "
                "còn tồn đọng và nguyên nhân.",
            },
            by=officer,
            now=_at(sent),
        )
        workflow.receive_report(
            item,
            values={
                "request": request,
                "number": f"{30 + i}/BC-UBND",
                "dated": _days(sent, 12),
                "received_on": _days(sent, 13),
                "signer": "Chủ tịch UBND",
                "summary": f"Tiếp nhận {12 + i} đơn, đã giải quyết {9 + i} đơn, "
                "còn 3 đơn đang xác minh.",
            },
            by=officer,
            now=_at(_days(sent, 13)),
        )
    workflow.record_session(
        supervised[0],
        values={
            "date": _days(start, 30),
            "place": "Trụ sở Ủy ban nhân dân xã",
            "participants": "Đoàn giám sát; Chủ tịch UBND xã; công chức địa chính",
            "notes": "Kiểm tra hồ sơ 5 vụ việc; 2 vụ quá thời hạn giải quyết.",
        },
        by=officer,
        now=_at(_days(start, 30)),
    )
    workflow.add_finding(
        plan,
        text="Việc thụ lý đơn cơ bản đúng quy định; một số vụ việc quá thời hạn giải quyết, "
        "hồ sơ chưa đầy đủ biên bản đối thoại.",
        by=officer,
        now=_at(_days(start, 40)),
    )
    recommendations = [
        workflow.recommend(
            plan,
            agency=agency,
            text=text,
            due_on=due,
            by=officer,
            now=_at(_days(start, 41)),
        )
        for agency, text, due in [
            (agencies[0], "Giải quyết dứt điểm 2 vụ việc quá hạn.", _days(today, -20)),
            (agencies[-1], "Bổ sung biên bản đối thoại vào hồ sơ.", _days(today, -40)),
            (agencies[0], "Rà soát quy trình tiếp nhận đơn.", _days(today, 30)),
        ]
    ]
    workflow.issue_report(
        plan,
        by=officer,
        report_number="52/BC-ĐĐBQH",
        reported_on=_days(today, -45),
        now=_at(_days(today, -45)),
    )
    workflow.follow_up(
        recommendations[1],
        to=RecommendationStatus.DONE,
        note="UBND đã bổ sung biên bản đối thoại (Báo cáo số 41/BC-UBND).",
        by=officer,
        today=_days(today, -35),
        now=_at(_days(today, -35)),
    )
    workflow.follow_up(
        recommendations[0],
        to=RecommendationStatus.IN_PROGRESS,
        note="Đã giải quyết 1/2 vụ việc; vụ còn lại đang xác minh.",
        by=officer,
        now=_at(_days(today, -10)),
    )


def _denunciation_plan(
    today: datetime.date, officer: User, head: User, users: dict[str, Any], agencies: list[Agency]
) -> None:
    start = _days(today, -25)
    plan = workflow.create_plan(
        values={
            "number": "18/KH-TTHĐND",
            "title": "Giám sát việc giải quyết tố cáo tại Thanh tra tỉnh và Công an tỉnh",
            "issuing_body": "council_standing",
            "legal_basis": "Căn cứ Luật Tố cáo năm 2018;\nCăn cứ Nghị quyết của HĐND tỉnh về "
            "Chương trình giám sát năm.",
            "scope": "Giám sát việc thụ lý, xác minh, kết luận nội dung tố cáo và bảo vệ người "
            "tố cáo; việc xử lý các đơn tố cáo do Thường trực HĐND chuyển đến.",
            "period_from": datetime.date(today.year - 1, 7, 1),
            "period_to": _days(today, -30),
            "starts_on": start,
            "ends_on": _days(today, 35),
            "head": users.get("phochutich") or head,
        },
        members=[u for u in (officer, users.get("daibieu")) if u],
        agencies=agencies,
        petitions=_petitions(Kind.DENUNCIATION, 2),
        by=officer,
        now=_at(_days(start, -7)),
    )
    workflow.approve(plan, by=head, now=_at(_days(start, -5)))
    workflow.start(plan, by=officer, now=_at(start))
    supervised = list(plan.supervised_agencies.all())
    workflow.send_request(
        supervised[0],
        values={
            "sent_on": start,
            "reference": "205/TTHĐND-TTDN",
            "due_on": _days(start, 14),
            "content": "Báo cáo kết quả giải quyết tố cáo và việc áp dụng biện pháp bảo vệ "
            "người tố cáo.",
        },
        by=officer,
        now=_at(start),
    )
    workflow.record_session(
        supervised[-1],
        values={
            "date": _days(start, 10),
            "place": "Trụ sở Công an tỉnh Ninh Bình",
            "participants": "Thường trực HĐND tỉnh; Ban Pháp chế; lãnh đạo Công an tỉnh",
            "notes": "Nghe báo cáo; đề nghị bổ sung số liệu tố cáo đã kết luận.",
        },
        by=officer,
        now=_at(_days(start, 10)),
    )
