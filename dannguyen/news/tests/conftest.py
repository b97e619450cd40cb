"""The world of the news tests: an information officer writing about the office's work, the
head of the office reviewing, a public conference and an internal one, a deputy with a
public page and one without. The clock stands at 9:00 on 1 December 2026 (Hà Nội time)
unless a test moves it.
"""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from PIL import Image

from dannguyen.accounts.models import ApiToken
from dannguyen.deputies.models import Membership, Organization, Person, Term
from dannguyen.events.models import Event, EventKind
from dannguyen.news import workflow
from dannguyen.voters.models import Body

BODY = Body.NA

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


NOW = at(1, 9)

VALUES = {
    "title": "Đoàn ĐBQH tỉnh tiếp xúc cử tri xã Gia Viễn trước Kỳ họp thứ 11",
    "summary": "Cử tri kiến nghị về đường giao thông nông thôn và chính sách bảo hiểm y tế.",
    "body": (
        "Sáng 28/11, Đoàn đại biểu Quốc hội tỉnh Ninh Bình tiếp xúc cử tri xã Gia Viễn.\n\n"
        "## Ý kiến của cử tri\n\n"
        "- Đầu tư đường giao thông liên xã\n"
        "- Mở rộng đối tượng được hỗ trợ bảo hiểm y tế"
    ),
}


def jpeg_bytes(width: int = 2400, height: int = 1600, colour=(139, 26, 26)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


def png_bytes(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (26, 79, 139, 128)).save(out, format="PNG")
    return out.getvalue()


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def public_event(db, information_officer):
    return Event.objects.create(
        title="Hội nghị giao ban Thường trực HĐND các tỉnh Bắc Trung Bộ",
        kind=EventKind.BRIEFING,
        organiser="Thường trực HĐND tỉnh Ninh Bình",
        starts_at=at(10, 8),
        ends_at=at(10, 17),
        place="Hội trường tầng 3, Trụ sở HĐND tỉnh",
        is_public=True,
        created_by=information_officer,
    )


@pytest.fixture
def internal_event(db, information_officer):
    return Event.objects.create(
        title="Họp nội bộ chuẩn bị báo cáo giám sát",
        kind=EventKind.OTHER,
        organiser="Phòng Thông tin và Công tác Dân nguyện",
        starts_at=at(3, 14),
        ends_at=at(3, 16),
        place="Phòng họp số 2",
        is_public=False,
        created_by=information_officer,
    )


@pytest.fixture
def public_deputy(db):
    term = Term.objects.create(body=BODY, name="XVI", starts_on=datetime.date(2026, 3, 15))
    delegation = Organization.objects.create(
        name="Đoàn ĐBQH tỉnh Ninh Bình", body=BODY, classification="delegation"
    )
    person = Person.objects.create(name="Trần Văn Công Khai")
    Membership.objects.create(
        person=person,
        organization=delegation,
        term=term,
        role="member",
        starts_on=datetime.date(2026, 3, 15),
        is_public=True,
    )
    return person


@pytest.fixture
def hidden_deputy(db):
    return Person.objects.create(name="Lê Thị Chưa Công Bố")


@pytest.fixture
def draft(information_officer, public_event, internal_event, public_deputy, hidden_deputy):
    return workflow.create_article(
        values=VALUES,
        tags=["Tiếp xúc cử tri", "Kỳ họp thứ 11"],
        events=[public_event, internal_event],
        deputies=[public_deputy, hidden_deputy],
        by=information_officer,
    )


@pytest.fixture
def submitted(draft, information_officer):
    return workflow.submit(draft, version=draft.version, by=information_officer)


@pytest.fixture
def published(submitted, department_head):
    return workflow.publish(submitted, version=submitted.version, by=department_head)


@pytest.fixture
def scheduled(information_officer, department_head):
    article = workflow.create_article(
        values={
            "title": "Khai mạc Kỳ họp thứ 12 HĐND tỉnh khóa XVI",
            "summary": "Kỳ họp xem xét kế hoạch phát triển kinh tế - xã hội năm 2027.",
            "body": "Kỳ họp dự kiến diễn ra trong 3 ngày.",
        },
        tags=["Kỳ họp HĐND"],
        by=information_officer,
    )
    article = workflow.submit(article, version=article.version, by=information_officer)
    return workflow.publish(
        article, version=article.version, by=department_head, publish_at=at(5, 7, 30)
    )


@pytest.fixture
def other_draft(information_officer):
    """A draft beside the published article (the `draft` fixture becomes the published one)."""
    return workflow.create_article(
        values={**VALUES, "title": "Bản nháp: giám sát giải quyết đơn thư tại xã Kim Sơn"},
        by=information_officer,
    )
