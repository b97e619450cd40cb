"""The world of the events tests: Ninh Bình's agencies, two deputies, and a briefing
conference on 10–11 December 2026 run by the information officer through the real
workflow. Times are fixed with time-machine before the conference, unless a test moves on.
"""

from __future__ import annotations

import datetime
import io
import zipfile
import zoneinfo

import pytest
import time_machine
from pypdf import PdfWriter

from dannguyen.accounts.models import ApiToken, Role
from dannguyen.core.models import Agency
from dannguyen.events import workflow
from dannguyen.events.models import EventKind
from dannguyen.reception.tests import conftest as reception_tests

world = reception_tests.world
media = reception_tests.media

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
INSPECTORATE = "Thanh tra tỉnh Ninh Bình"


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


def event_values(**changes):
    values = {
        "title": "Hội nghị giao ban Thường trực HĐND các tỉnh Bắc Trung Bộ",
        "kind": EventKind.BRIEFING,
        "organiser": "Thường trực HĐND tỉnh Ninh Bình",
        "co_organisers": "Thường trực HĐND tỉnh Thanh Hóa",
        "starts_at": at(10, 8),
        "ends_at": at(11, 17),
        "place": "Hội trường tầng 3, Trụ sở HĐND tỉnh",
        "budget_line": "Kinh phí hoạt động HĐND năm 2026",
        "description": "Trao đổi kinh nghiệm giám sát chuyên đề.",
        "owner": None,
        "is_public": True,
    }
    values.update(changes)
    return values


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def before_the_conference():
    with time_machine.travel(at(1, 9, month=12), tick=False):
        yield


@pytest.fixture
def second_deputy(make_user):
    return make_user("second_deputy", Role.Code.DEPUTY, full_name="Bùi Văn Đại Biểu")


@pytest.fixture
def inspectorate(world):
    return Agency.objects.get(name=INSPECTORATE)


@pytest.fixture
def conference(world, information_officer):
    return workflow.create_event(
        values=event_values(owner=information_officer), by=information_officer
    )


@pytest.fixture
def invited(conference, information_officer, deputy, inspectorate):
    """The conference with its agenda, a deputy, an agency and a guest invited."""
    workflow.add_agenda_item(
        conference,
        values={
            "starts_at": at(10, 8),
            "ends_at": at(10, 11),
            "title": "Khai mạc; báo cáo kết quả giám sát chuyên đề",
            "speakers": "Chủ tịch HĐND tỉnh",
            "presided_by": "Thường trực HĐND tỉnh",
        },
        by=information_officer,
    )
    workflow.add_participants(
        conference,
        deputies=[deputy],
        agencies=[inspectorate],
        guests=[("Ông Lê Văn Khách", "Phó Chủ tịch HĐND tỉnh Thanh Hóa")],
        by=information_officer,
    )
    conference.refresh_from_db()
    workflow.send_invitations(
        conference,
        version=conference.version,
        by=information_officer,
        on=datetime.date(2026, 12, 1),
    )
    conference.refresh_from_db()
    return conference


PRESENTATION_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/ppt/presentation.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
    "</Types>"
)


def zip_bytes(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return out.getvalue()


def pptx_bytes() -> bytes:
    """The smallest package a presentation is recognised by: its declared main part."""
    return zip_bytes(
        {
            "[Content_Types].xml": PRESENTATION_TYPES,
            "ppt/presentation.xml": '<p:presentation xmlns:p="http://schemas.openxmlformats.'
            'org/presentationml/2006/main"/>',
        }
    )
