"""Demo voter contact for development and demonstrations, written for the project (no real
person, meeting or answer): the Đoàn ĐBQH of tỉnh Ninh Bình's round before a session of the
National Assembly, recorded through the real workflow, only on a database without sessions.

A session that closed months ago, its contact plan, eight meetings in different communes,
about sixty opinions (the same requests reworded at several meetings), grouped, accepted and
classified; the synthesis reports approved and sent (numbered in the sổ văn bản đi); answers
of each kind, a promise gone by, agencies overdue, one answer the Đoàn found unsatisfactory.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import Agency, FieldOfWork

from . import classification, groups, workflow
from .forms import communes as province_communes
from .models import AnswerResult, Session, VoterPetition
from .workflow import OpinionInput

# Each request as voters worded it at different meetings, and its level of competence.
REQUESTS: list[tuple[str, list[str]]] = [
    (
        "central",
        [
            "Đề nghị điều chỉnh mức lương hưu cho người nghỉ hưu trước năm 1995 vì quá thấp.",
            "Cử tri đề nghị Nhà nước quan tâm tăng lương hưu cho cán bộ nghỉ hưu trước năm 1995.",
            "Lương hưu của người nghỉ trước năm 1995 thấp, đề nghị sớm điều chỉnh cho phù hợp.",
            "Đề nghị có chính sách riêng nâng mức lương hưu đối với người nghỉ hưu trước 1995.",
        ],
    ),
    (
        "central",
        [
            "Đề nghị giảm thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu.",
            "Thủ tục cấp sổ đỏ lần đầu còn rườm rà, cử tri đề nghị đơn giản hóa.",
            "Cử tri đề nghị sửa quy định để việc cấp giấy chứng nhận quyền sử dụng đất nhanh hơn.",
            "Đề nghị rút ngắn thời gian cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình.",
        ],
    ),
    (
        "central",
        [
            "Đề nghị tăng mức hỗ trợ đóng bảo hiểm y tế cho hộ cận nghèo.",
            "Cử tri đề nghị Nhà nước hỗ trợ toàn bộ tiền mua thẻ bảo hiểm y tế cho hộ cận nghèo.",
            "Mức hỗ trợ bảo hiểm y tế cho người cận nghèo còn thấp, đề nghị nâng lên.",
        ],
    ),
    (
        "central",
        [
            "Đề nghị có chính sách hỗ trợ giá phân bón cho nông dân.",
            "Giá phân bón tăng cao, cử tri đề nghị Chính phủ có biện pháp bình ổn giá.",
            "Cử tri đề nghị kiểm soát giá vật tư nông nghiệp, nhất là phân bón.",
            "Đề nghị hỗ trợ nông dân khi giá phân bón, thuốc bảo vệ thực vật tăng.",
        ],
    ),
    (
        "central",
        [
            "Đề nghị sửa đổi chế độ phụ cấp cho người hoạt động không chuyên trách ở thôn.",
            "Phụ cấp cán bộ thôn còn thấp, cử tri đề nghị nâng mức phụ cấp.",
            "Cử tri đề nghị tăng phụ cấp cho trưởng thôn, bí thư chi bộ thôn.",
        ],
    ),
    (
        "central",
        [
            "Đề nghị xử lý nghiêm tình trạng lừa đảo qua mạng, qua điện thoại.",
            "Cử tri bức xúc về lừa đảo trực tuyến, đề nghị cơ quan chức năng ngăn chặn.",
            "Đề nghị tăng cường quản lý sim rác, tài khoản ngân hàng dùng để lừa đảo.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị nâng cấp tuyến đường ĐT 477 qua xã vì xuống cấp nghiêm trọng.",
            "Cử tri đề nghị sớm sửa chữa đường tỉnh 477, mặt đường hư hỏng nặng.",
            "Đường tỉnh 477 nhiều ổ gà, đề nghị tỉnh bố trí vốn nâng cấp.",
            "Đề nghị cải tạo đường ĐT 477 đoạn qua khu dân cư để bảo đảm an toàn giao thông.",
            "Tuyến ĐT 477 xuống cấp, đi lại khó khăn, đề nghị sửa chữa sớm.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị xây kè chống sạt lở bờ sông Hoàng Long đoạn qua thôn Đông.",
            "Bờ sông Hoàng Long sạt lở uy hiếp nhà dân, đề nghị sớm xây kè.",
            "Cử tri đề nghị tỉnh đầu tư kè bờ sông Hoàng Long trước mùa mưa lũ.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị giải quyết ô nhiễm môi trường từ khu chăn nuôi lợn tập trung.",
            "Trại lợn gây mùi hôi, nước thải ra kênh, đề nghị kiểm tra xử lý.",
            "Cử tri phản ánh ô nhiễm do trang trại chăn nuôi, đề nghị buộc xử lý chất thải.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị đẩy nhanh chi trả bồi thường giải phóng mặt bằng dự án khu công nghiệp.",
            "Cử tri đề nghị sớm chi trả bồi thường cho các hộ bị thu hồi đất làm khu công nghiệp.",
            "Tiền bồi thường thu hồi đất khu công nghiệp chậm, đề nghị tỉnh chỉ đạo giải quyết.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị bố trí thêm giáo viên cho các trường mầm non đang thiếu.",
            "Trường mầm non thiếu giáo viên, cử tri đề nghị tỉnh tuyển dụng bổ sung.",
            "Đề nghị tăng biên chế giáo viên mầm non cho xã.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị nâng cấp trạm y tế xã, bổ sung trang thiết bị khám chữa bệnh.",
            "Trạm y tế xuống cấp, thiếu thiết bị, đề nghị được đầu tư.",
            "Cử tri đề nghị đầu tư cơ sở vật chất cho trạm y tế xã.",
        ],
    ),
    (
        "commune",
        [
            "Đề nghị sửa chữa hệ thống đèn chiếu sáng đường liên thôn.",
            "Đèn đường liên thôn hỏng lâu ngày, đề nghị xã sửa chữa.",
            "Cử tri đề nghị lắp lại đèn chiếu sáng trên đường liên thôn.",
        ],
    ),
    (
        "commune",
        [
            "Đề nghị nạo vét kênh mương nội đồng phục vụ sản xuất vụ xuân.",
            "Kênh mương bị bồi lắng, đề nghị xã tổ chức nạo vét trước vụ xuân.",
            "Cử tri đề nghị nạo vét kênh tưới tiêu nội đồng.",
        ],
    ),
    (
        "commune",
        [
            "Đề nghị thu gom rác thải thường xuyên hơn tại các thôn.",
            "Rác thải tồn đọng ở điểm tập kết, đề nghị tăng số lần thu gom.",
            "Cử tri đề nghị xã bố trí thu gom rác hằng ngày.",
        ],
    ),
    (
        "provincial",
        [
            "Đề nghị có chính sách hỗ trợ chuyển đổi cây trồng trên đất lúa kém hiệu quả.",
            "Cử tri đề nghị tỉnh hỗ trợ nông dân chuyển đổi sang cây trồng có giá trị cao hơn.",
            "Đề nghị hỗ trợ giống, kỹ thuật để chuyển đổi cơ cấu cây trồng.",
        ],
    ),
]
MEETINGS = 8


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _agency(level: str, n: int) -> Agency | None:
    found = list(Agency.objects.filter(level=level, is_active=True).order_by("pk")[:4])
    return found[n % len(found)] if found else None


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo round once; returns the number of opinions (0 when voter contact
    already has data or the reference data is missing)."""
    if Session.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    officer, head, deputy = users.get("cutri"), users.get("truongphong"), users.get("daibieu")
    places = list(province_communes()[:MEETINGS])
    field = FieldOfWork.objects.filter(is_active=True).order_by("code").first()
    if officer is None or head is None or len(places) < 6 or field is None:
        return 0
    today = today or timezone.localdate()
    opens = today - datetime.timedelta(days=200)
    # The previous session of the term closed long before: the round has room.
    session = workflow.create_session(
        values={
            "body": "na",
            "term": "XV",
            "number": 10,
            "kind": "regular",
            "opens_on": opens,
            "closes_on": opens + datetime.timedelta(days=30),
        },
        by=officer,
    )
    workflow.record_plan(
        session=session,
        values={
            "timing": "before",
            "reference": "15/KH-ĐĐBQH",
            "issued_on": opens - datetime.timedelta(days=60),
            "published_on": opens - datetime.timedelta(days=55),
            "content": "Kế hoạch tiếp xúc cử tri trước kỳ họp của Đoàn đại biểu Quốc hội tỉnh.",
        },
        by=officer,
    )
    meetings = [
        workflow.record_meeting(
            session=session,
            values={
                "timing": "before",
                "kind": "session",
                "method": "hybrid" if n == 0 else "in_person",
                "held_on": opens - datetime.timedelta(days=40 - 3 * n),
                "place": f"Hội trường Ủy ban nhân dân {unit.name}",
                "commune": unit,
                "chair": "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã",
                "na_deputies": "Đại biểu Quốc hội Đoàn tỉnh Ninh Bình",
                "officials": "Lãnh đạo Ủy ban nhân dân xã, các sở ngành liên quan",
                "voter_count": 90 + 15 * n,
            },
            by=officer,
        )
        for n, unit in enumerate(places)
    ]
    count = 0
    for r, (_level, wordings) in enumerate(REQUESTS):
        for w, text in enumerate(wordings):
            meeting = meetings[(r + 3 * w) % len(meetings)]
            workflow.add_opinions(meeting=meeting, items=[OpinionInput(text)], by=officer)
            count += 1
    workflow.add_opinions(
        meeting=meetings[1],
        items=[
            OpinionInput(
                "Tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục đất đai.", kind="denunciation"
            )
        ],
        by=officer,
    )
    _group_and_classify(session, officer, field)
    _report_and_answers(session, officer, head, deputy, opens, today)
    return count + 1


def _group_and_classify(session: Session, officer: User, field: FieldOfWork) -> None:
    groups.regroup(session, by=officer)
    levels = {}
    for level, wordings in REQUESTS:
        for text in wordings:
            levels[text] = level
    for n, petition in enumerate(VoterPetition.objects.filter(session=session).order_by("id")):
        petition = groups.accept(petition, by=officer)
        first = petition.opinions.order_by("id").first()
        level = levels.get(first.content, "provincial") if first is not None else "provincial"
        classification.classify(
            petition, field=field, competence=level, agency=_agency(level, n), by=officer
        )


def _report_and_answers(
    session: Session,
    officer: User,
    head: User,
    deputy: User | None,
    opens: datetime.date,
    today: datetime.date,
) -> None:
    sent_on = opens - datetime.timedelta(days=18)
    for audience in ("central", "local"):
        report = workflow.draft_report(
            session=session,
            timing="before",
            audience=audience,
            proposals="Đề nghị các cơ quan có thẩm quyền trả lời kiến nghị của cử tri đúng hạn.",
            reference="",
            by=officer,
        )
        report = workflow.approve_report(
            report, by=head, now=_at(sent_on - datetime.timedelta(days=2))
        )
        agencies = list(
            Agency.objects.filter(
                pk__in=VoterPetition.objects.filter(
                    session=session,
                    competence__in=("central",)
                    if audience == "central"
                    else ("provincial", "commune"),
                ).values("agency")
            )
        )
        if agencies:
            workflow.record_dispatch(
                report, agencies=agencies, sent_on=sent_on, by=officer, now=_at(sent_on)
            )
    petitions = list(
        VoterPetition.objects.filter(session=session).select_related("agency").order_by("id")
    )
    kinds = [
        (AnswerResult.RESOLVED, "implementation", None),
        (AnswerResult.IN_PROGRESS, "roadmap", opens + datetime.timedelta(days=90)),
        (AnswerResult.EXPLAINED, "", None),
        (AnswerResult.IN_PROGRESS, "roadmap", today + datetime.timedelta(days=180)),
        (AnswerResult.RESOLVED, "legislation", None),
    ]
    answered = petitions[: len(petitions) - 4]  # the last four stay unanswered, overdue
    first_resolved = None
    for n, petition in enumerate(answered):
        result, detail, promised = kinds[n % len(kinds)]
        dated = sent_on + datetime.timedelta(days=30 + n)
        answer = workflow.record_answer(
            petition,
            values={
                "agency": petition.agency,
                "reference": f"{100 + n}/CV-TL",
                "dated": dated,
                "received_on": dated + datetime.timedelta(days=3),
                "signer": "Lãnh đạo cơ quan",
                "text": "Cơ quan đã nghiên cứu kiến nghị của cử tri và trả lời như sau: "
                + ("đã chỉ đạo thực hiện xong." if result == AnswerResult.RESOLVED else "")
                + ("đang triển khai theo lộ trình." if result == AnswerResult.IN_PROGRESS else "")
                + ("giải trình chính sách hiện hành." if result == AnswerResult.EXPLAINED else ""),
                "result": result,
                "detail": detail,
                "roadmap": "Thực hiện theo kế hoạch năm." if promised else "",
                "promised_on": promised,
            },
            by=officer,
        )
        if result == AnswerResult.RESOLVED and first_resolved is None:
            first_resolved = answer
    if first_resolved is not None and deputy is not None:
        workflow.evaluate_answer(
            first_resolved,
            verdict="unsatisfactory",
            note="Trả lời chưa đúng trọng tâm, cử tri vẫn tiếp tục kiến nghị.",
            evaluator="Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
            evaluated_on=first_resolved.received_on + datetime.timedelta(days=10),
            by=deputy,
        )
