"""Demo news for development and demonstrations, written for the project (no real event or
statement): eight articles of the Đoàn ĐBQH and the HĐND of tỉnh Ninh Bình in every state
of the workflow, recorded through the real workflow, only on a database without any article.

Published: a voter meeting, a supervision, citizen reception; scheduled: the opening of the
People's Council session; awaiting review: a training course; drafts: comments on a bill,
and one returned by the head of the office; withdrawn: a schedule that changed.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from dannguyen.accounts.models import User
from dannguyen.deputies.models import Person
from dannguyen.events.models import Event

from . import queries, workflow
from .models import Article


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _picture() -> io.BytesIO:
    """A plain banner in the portal's colours, so the gallery and cards have something."""
    image = Image.new("RGB", (1800, 1000), (139, 26, 26))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 760, 1800, 1000), fill=(246, 243, 238))
    draw.ellipse((1350, 120, 1650, 420), fill=(240, 200, 60))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    out.seek(0)
    return out


ARTICLES: list[dict[str, Any]] = [
    {
        "key": "voters",
        "title": "Đoàn ĐBQH tỉnh tiếp xúc cử tri xã Gia Viễn trước Kỳ họp thứ hai",
        "summary": (
            "Cử tri kiến nghị đầu tư đường giao thông liên xã, hỗ trợ bảo hiểm y tế cho người "
            "cao tuổi và đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất."
        ),
        "body": (
            "Sáng nay, Đoàn đại biểu Quốc hội tỉnh Ninh Bình tổ chức tiếp xúc cử tri tại xã "
            "Gia Viễn để báo cáo dự kiến chương trình Kỳ họp thứ hai, Quốc hội khóa XVI.\n\n"
            "[[image:1]]\n\n"
            "## Ý kiến, kiến nghị của cử tri\n\n"
            "- Đầu tư nâng cấp tuyến đường liên xã đã xuống cấp sau mùa mưa lũ;\n"
            "- Mở rộng đối tượng được hỗ trợ mua thẻ bảo hiểm y tế;\n"
            "- Đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã đủ điều kiện.\n\n"
            "Thay mặt Đoàn, đại biểu đã tiếp thu, giải trình một số nội dung thuộc thẩm quyền "
            "và cam kết tổng hợp đầy đủ các ý kiến để chuyển đến cơ quan có thẩm quyền "
            "xem xét, trả lời theo quy định."
        ),
        "tags": ["Tiếp xúc cử tri", "Đoàn ĐBQH"],
        "state": "published",
        "days": -10,
        "image": "Quang cảnh buổi tiếp xúc cử tri tại hội trường xã Gia Viễn (ảnh minh họa)",
    },
    {
        "key": "supervision",
        "title": "Thường trực HĐND tỉnh giám sát việc giải quyết kiến nghị cử tri về đất đai",
        "summary": (
            "Đoàn giám sát làm việc với Ủy ban nhân dân các xã Nho Quan và Kim Sơn về kết quả "
            "giải quyết kiến nghị của cử tri liên quan đến đất đai."
        ),
        "body": (
            "Theo chương trình giám sát năm 2026, Thường trực HĐND tỉnh đã làm việc với Ủy ban "
            "nhân dân xã Nho Quan và xã Kim Sơn.\n\n"
            "Qua giám sát, phần lớn kiến nghị đã được xem xét, trả lời; một số kiến nghị về bồi "
            "thường, hỗ trợ tái định cư còn chậm do vướng mắc về hồ sơ nguồn gốc đất.\n\n"
            "> Đề nghị các địa phương rà soát, trả lời dứt điểm trước ngày 31/12/2026.\n\n"
            "Kết quả giám sát sẽ được báo cáo tại kỳ họp cuối năm của HĐND tỉnh."
        ),
        "tags": ["Giám sát", "HĐND tỉnh"],
        "state": "published",
        "days": -6,
    },
    {
        "key": "reception",
        "title": "Đại biểu HĐND tỉnh tiếp công dân định kỳ tháng 11",
        "summary": (
            "Tại Trụ sở tiếp công dân tỉnh, đại biểu HĐND tỉnh tiếp 12 lượt công dân, tiếp "
            "nhận 7 đơn kiến nghị, phản ánh."
        ),
        "body": (
            "Các ý kiến tập trung vào chế độ chính sách đối với người có công, môi trường tại "
            "cụm công nghiệp và việc sắp xếp đơn vị hành chính cấp xã.\n\n"
            "Đối với các nội dung thuộc thẩm quyền, đại biểu đã trả lời, hướng dẫn trực tiếp; "
            "các đơn còn lại được chuyển đến cơ quan có thẩm quyền giải quyết và theo dõi kết "
            "quả theo quy định của **Luật Tiếp công dân**."
        ),
        "tags": ["Tiếp công dân", "HĐND tỉnh"],
        "state": "published",
        "days": -3,
    },
    {
        "key": "session",
        "title": "Kỳ họp thường lệ cuối năm 2026 của HĐND tỉnh sẽ khai mạc vào tuần tới",
        "summary": (
            "Kỳ họp xem xét báo cáo kinh tế - xã hội năm 2026, kế hoạch năm 2027 và các nghị "
            "quyết về ngân sách, đầu tư công."
        ),
        "body": (
            "Kỳ họp dự kiến diễn ra trong 3 ngày tại Hội trường Trụ sở HĐND tỉnh.\n\n"
            "## Nội dung chính\n\n"
            "1. Báo cáo tình hình kinh tế - xã hội năm 2026 và kế hoạch năm 2027;\n"
            "2. Dự toán ngân sách địa phương năm 2027;\n"
            "3. Chất vấn và trả lời chất vấn.\n\n"
            "Kỳ họp được truyền hình, phát thanh trực tiếp để cử tri theo dõi."
        ),
        "tags": ["Kỳ họp HĐND", "HĐND tỉnh"],
        "state": "scheduled",
        "days": 2,
    },
    {
        "key": "training",
        "title": "Tập huấn kỹ năng hoạt động cho đại biểu HĐND cấp xã",
        "summary": (
            "Hơn 200 đại biểu HĐND cấp xã được bồi dưỡng kỹ năng tiếp xúc cử tri, chất vấn "
            "và giám sát."
        ),
        "body": (
            "Lớp tập huấn do Văn phòng Đoàn ĐBQH và HĐND tỉnh tổ chức, với các chuyên đề về "
            "kỹ năng tiếp xúc cử tri, chất vấn tại kỳ họp và giám sát chuyên đề."
        ),
        "tags": ["Tập huấn", "HĐND cấp xã"],
        "state": "submitted",
        "days": -1,
    },
    {
        "key": "bill",
        "title": "Đoàn ĐBQH tỉnh lấy ý kiến góp ý dự án Luật Đất đai (sửa đổi)",
        "summary": "Các sở, ngành và chuyên gia góp ý vào dự thảo luật trước khi trình Quốc hội.",
        "body": (
            "Hội nghị tập trung vào các quy định về thu hồi đất, bồi thường và giá đất.\n\n"
            "Ý kiến của đại biểu sẽ được tổng hợp, gửi Ủy ban Kinh tế của Quốc hội."
        ),
        "tags": ["Xây dựng pháp luật", "Đoàn ĐBQH"],
        "state": "draft",
        "days": 0,
    },
    {
        "key": "answers",
        "title": "Kết quả giải quyết kiến nghị cử tri sau kỳ họp giữa năm",
        "summary": "Các cơ quan đã trả lời phần lớn kiến nghị cử tri gửi đến sau kỳ họp.",
        "body": "Số liệu tổng hợp đến hết tháng 11.",
        "tags": ["Kiến nghị cử tri"],
        "state": "returned",
        "days": -2,
        "note": "Bổ sung số liệu cụ thể: bao nhiêu kiến nghị đã trả lời, bao nhiêu còn tồn.",
    },
    {
        "key": "schedule",
        "title": "Lịch tiếp xúc cử tri của đại biểu HĐND tỉnh tháng 12",
        "summary": "Đại biểu HĐND tỉnh tiếp xúc cử tri tại 8 xã, phường trong tháng 12.",
        "body": "Lịch chi tiết theo từng đơn vị bầu cử được đăng trên Cổng thông tin.",
        "tags": ["Tiếp xúc cử tri", "HĐND tỉnh"],
        "state": "withdrawn",
        "days": -4,
        "note": "Lịch thay đổi theo thông báo mới của Thường trực HĐND tỉnh.",
    },
]


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Create the demo articles once; returns how many (0 when news has data, or the demo
    accounts are missing)."""
    if Article.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    writer, head = users.get("tonghop"), users.get("truongphong")
    if writer is None or head is None:
        return 0
    deputy_head = users.get("photruongphong") or head
    today = today or timezone.localdate()
    now = timezone.now()
    people = list(queries.public_people().order_by("name_folded", "id")[:2])
    events = list(Event.objects.filter(is_public=True).order_by("-starts_at")[:1])
    for spec in ARTICLES:
        _article(spec, today, now, writer, head, deputy_head, people, events)
    return len(ARTICLES)


def _article(
    spec: dict[str, Any],
    today: datetime.date,
    now: datetime.datetime,
    writer: User,
    head: User,
    deputy_head: User,
    people: list[Person],
    events: list[Event],
) -> Article:
    day = today + datetime.timedelta(days=min(spec["days"], 0))
    written = min(_at(day - datetime.timedelta(days=1), 15), now)
    article = workflow.create_article(
        values={k: spec[k] for k in ("title", "summary", "body")},
        tags=spec["tags"],
        events=events if spec["key"] == "voters" else [],
        deputies=people if spec["key"] in {"voters", "reception"} else [],
        by=writer,
        now=written,
    )
    if spec.get("image"):
        workflow.add_image(
            article,
            upload=_picture(),
            content_type="image/jpeg",
            alt_text=spec["image"],
            caption="Ảnh minh họa của dữ liệu mẫu",
            by=writer,
            now=written,
        )
        article.refresh_from_db()
    state = spec["state"]
    if state == "draft":
        return article
    submitted = min(_at(day - datetime.timedelta(days=1), 16), now)
    article = workflow.submit(article, version=article.version, by=writer, now=submitted)
    if state == "submitted":
        return article
    if state == "returned":
        return workflow.return_to_draft(
            article, version=article.version, by=head, note=spec["note"], now=submitted
        )
    reviewer = deputy_head if spec["key"] == "reception" else head
    if state == "scheduled":
        moment = _at(today + datetime.timedelta(days=spec["days"]), 7, 30)
        return workflow.publish(
            article, version=article.version, by=reviewer, publish_at=moment, now=now
        )
    published = min(_at(day, 8), now)
    article = workflow.publish(article, version=article.version, by=reviewer, now=published)
    if state == "withdrawn":
        withdrawn = min(published + datetime.timedelta(hours=3), now)
        article = workflow.unpublish(
            article, version=article.version, by=head, note=spec["note"], now=withdrawn
        )
    return article
