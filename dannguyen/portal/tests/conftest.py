"""The world the portal shows, built through the real workflows of the other apps.

- Reception: a periodic session presided over by the deputy on Tuesday 10/11/2026, with a
  citizen's case recorded (whose name must never reach the portal); a cancelled session
  and an office session a week later.
- Voters (the voter tests' world): the NA's 11th session of term XV, meetings before it in
  two communes with opinions (speakers named), classified petitions, the central report
  sent on 4/5/2026 and an answer to the pension petition — publishable from 24/7/2026
  (NQLT 72 Art 51) — and the contact plan of the "before" round published.
- Events: a public briefing and an internal one in December 2026.
- Legal: the Law on Citizen Reception (excerpt) published, and a decree kept off the portal.

"Today" is Monday 2/11/2026 unless a test says otherwise.
"""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache

from dannguyen.core import reference_data
from dannguyen.events import workflow as event_workflow
from dannguyen.legal import importing
from dannguyen.legal import reference_data as legal_reference
from dannguyen.reception import workflow as reception_workflow
from dannguyen.reception.tests.conftest import COMPLAINANT, case_values
from dannguyen.voters import workflow as voter_workflow
from dannguyen.voters.tests.conftest import (  # noqa: F401 -- fixtures of the voter world
    communes,
    earlier_session,
    media,
    meetings,
    opinions,
    session,
    voter_contact_officer,
    world,
)
from dannguyen.voters.tests.test_answers import answer_values, sent  # noqa: F401
from dannguyen.voters.tests.test_reports import agencies, classified, report  # noqa: F401

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 11, 2)
RECEPTION_DAY = datetime.date(2026, 11, 10)
SPEAKERS = ["Ông Đinh Văn Một", "Bà Lê Thị Hai"]

LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Luật số: 42/2013/QH13

LUẬT
TIẾP CÔNG DÂN

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật tiếp công dân.

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về trách nhiệm tiếp công dân; quyền và nghĩa vụ của người đến khiếu nại, tố cáo, kiến nghị, phản ánh.

Điều 9. Các trường hợp từ chối tiếp người đến nơi tiếp công dân
Người tiếp công dân được từ chối tiếp người đến nơi tiếp công dân trong các trường hợp người trong tình trạng say do dùng chất kích thích.

Chương III
TIẾP CÔNG DÂN CỦA ĐẠI BIỂU QUỐC HỘI

Điều 21. Tiếp công dân của đại biểu Quốc hội
Đại biểu Quốc hội có trách nhiệm tiếp công dân tại Trụ sở tiếp công dân của tỉnh theo lịch tiếp công dân của Đoàn đại biểu Quốc hội.

Điều 36. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2014.

CHỦ TỊCH QUỐC HỘI
Nguyễn Sinh Hùng
"""  # noqa: E501 -- the law's own lines

DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 64/2014/NĐ-CP

NGHỊ ĐỊNH
Quy định chi tiết một số điều của Luật tiếp công dân

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết về tiếp công dân tại Trụ sở tiếp công dân cấp tỉnh.

Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 9 năm 2014.

TM. CHÍNH PHỦ
THỦ TƯỚNG
"""


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=VN), tick=False):
        yield TODAY


@pytest.fixture
def reception_sessions(world, reception_officer, deputy):  # noqa: F811
    values = {
        "kind": "periodic",
        "host_body": "na_deputy",
        "method": "in_person",
        "date": RECEPTION_DAY,
        "start_time": datetime.time(8, 0),
        "end_time": datetime.time(11, 30),
        "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
        "online_details": "Phòng họp trực tuyến nội bộ số 7",
        "note": "Ghi chú nội bộ: chuẩn bị hồ sơ vụ đất Gia Vân",
    }
    periodic = reception_workflow.plan(
        values=values, hosts=[deputy], staff=[reception_officer], by=reception_officer
    )
    reception_workflow.record_case(
        periodic, values=case_values(), people=[COMPLAINANT], by=reception_officer
    )
    cancelled = reception_workflow.plan(
        values={**values, "date": RECEPTION_DAY + datetime.timedelta(days=1), "note": ""},
        hosts=[deputy],
        by=reception_officer,
    )
    reception_workflow.cancel(cancelled, reason="Đại biểu bận công tác", by=reception_officer)
    regular = reception_workflow.plan(
        values={
            **values,
            "kind": "regular",
            "host_body": "office",
            "date": RECEPTION_DAY + datetime.timedelta(days=7),
            "guest_hosts": "Ông Hoàng Văn Khách, Trưởng ban Tiếp công dân",
            "note": "",
        },
        by=reception_officer,
    )
    return {"periodic": periodic, "cancelled": cancelled, "regular": regular}


@pytest.fixture
def published_plan(session, voter_contact_officer):  # noqa: F811
    return voter_workflow.record_plan(
        session=session,
        values={
            "timing": "before",
            "reference": "12/KH-ĐĐBQH",
            "issued_on": datetime.date(2026, 4, 1),
            "published_on": datetime.date(2026, 4, 2),
        },
        by=voter_contact_officer,
    )


@pytest.fixture
def answered(sent, agencies, voter_contact_officer):  # noqa: F811
    pension = sent[1]
    voter_workflow.record_answer(
        pension, values=answer_values(agencies["central"]), by=voter_contact_officer
    )
    return pension


def _at(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, tzinfo=VN)


@pytest.fixture
def events(world, information_officer):  # noqa: F811
    values = {
        "title": "Hội nghị giao ban Thường trực HĐND các tỉnh Bắc Trung Bộ",
        "kind": "briefing",
        "organiser": "Thường trực HĐND tỉnh Ninh Bình",
        "starts_at": _at(10, 8),
        "ends_at": _at(11, 17),
        "place": "Hội trường tầng 3, Trụ sở HĐND tỉnh",
        "budget_line": "Kinh phí hoạt động HĐND năm 2026",
        "description": "",
        "owner": None,
        "is_public": True,
    }
    public = event_workflow.create_event(values=values, by=information_officer)
    internal = event_workflow.create_event(
        values={**values, "title": "Tập huấn nội bộ kỹ năng soạn thảo", "is_public": False},
        by=information_officer,
    )
    return {"public": public, "internal": internal}


@pytest.fixture
def document_types(db):
    legal_reference.load(reference_data.LoadReport())


@pytest.fixture
def law(document_types, tmp_path):
    path = Path(tmp_path) / "luat-tiep-cong-dan.txt"
    path.write_text(LAW, encoding="utf-8")
    return importing.import_file(path).document


@pytest.fixture
def hidden_decree(law, tmp_path):
    path = Path(tmp_path) / "nd-64.txt"
    path.write_text(DECREE, encoding="utf-8")
    decree = importing.import_file(path).document
    decree.is_published = False
    decree.source_reference = "Nhập từ ổ đĩa nội bộ \\\\may-chu\\van-ban"
    decree.save()
    return decree


@pytest.fixture(autouse=True)
def fresh_cache():
    """Tests roll their rows back, so ids and timestamps repeat: no answers list kept from
    another test's world."""
    cache.clear()
    yield
    cache.clear()
