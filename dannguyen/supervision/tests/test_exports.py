"""The Word documents read back with python-docx: the sections, and never a protected identity."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from docx import Document

from dannguyen.supervision import exports, workflow

from .conftest import leaks, request_and_report

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    """Paragraphs, then the cells of the layout tables (header, signature block)."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def reported_plan(running_plan, commune, inspectorate, supervision_officer, recommendation):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    request_and_report(supervised, supervision_officer)
    workflow.record_session(
        running_plan.supervised_agencies.get(agency=inspectorate),
        values={
            "date": datetime.date(2026, 10, 1),
            "place": "Thanh tra tỉnh",
            "participants": "Đoàn",
            "notes": "Nghe báo cáo tố cáo.",
        },
        by=supervision_officer,
    )
    workflow.add_finding(
        running_plan, text="Còn 3 đơn quá hạn.", agency=commune, by=supervision_officer
    )
    workflow.issue_report(
        running_plan,
        by=supervision_officer,
        report_number="52/BC-ĐĐBQH",
        reported_on=datetime.date(2026, 11, 2),
    )
    return running_plan


def test_the_supervision_report_has_every_section_from_the_data(
    reported_plan, complaint, denunciation
):
    text = text_of(exports.report_docx(reported_plan, today=datetime.date(2026, 11, 2)))

    for heading in (
        _("I. HOW THE SUPERVISION WAS CARRIED OUT"),
        _("II. PETITIONS SUPERVISED"),
        _("III. FINDINGS"),
        _("IV. RECOMMENDATIONS"),
    ):
        assert heading in text
    assert "BÁO CÁO" in text
    assert "Số: 52/BC-ĐĐBQH" in text
    for expected in (
        "30/BC-UBND",
        "120/ĐĐBQH-TTDN",
        "Còn 3 đơn quá hạn.",
        "Giải quyết dứt điểm 2 vụ việc quá hạn.",
        "Nghe báo cáo tố cáo.",
        complaint.code,
        denunciation.code,
    ):
        assert expected in text
    assert leaks(text) == []


def test_the_plan_document(draft_plan, complaint, denunciation):
    text = text_of(exports.plan_docx(draft_plan))

    assert "KẾ HOẠCH" in text
    assert "ĐOÀN ĐẠI BIỂU QUỐC HỘI TỈNH" in text
    for heading in (
        _("I. SCOPE AND CONTENT"),
        _("II. AGENCIES SUPERVISED"),
        _("III. PETITIONS SUPERVISED"),
        _("V. SUPERVISION TEAM"),
    ):
        assert heading in text
    assert "Căn cứ Luật Khiếu nại năm 2011;" in text
    assert "Ủy ban nhân dân xã Nho Quan" in text and "Thanh tra tỉnh Ninh Bình" in text
    assert denunciation.code in text and "Tố cáo cán bộ địa chính xã" in text
    assert leaks(text) == []


def test_the_request_letter_names_the_agency_and_its_petitions(
    running_plan, inspectorate, denunciation, complaint, supervision_officer
):
    supervised = running_plan.supervised_agencies.get(agency=inspectorate)
    request = workflow.send_request(
        supervised,
        values={
            "sent_on": datetime.date(2026, 9, 7),
            "reference": "121/ĐĐBQH-TTDN",
            "due_on": datetime.date(2026, 9, 21),
            "content": "",
        },
        by=supervision_officer,
    )

    text = text_of(exports.request_docx(request))

    assert "Kính gửi:\tThanh tra tỉnh Ninh Bình." in text
    assert "21/09/2026" in text
    assert denunciation.code in text and complaint.code not in text
    assert leaks(text) == []


def test_a_council_plan_is_issued_by_the_standing_committee(draft_plan):
    draft_plan.issuing_body = "council_standing"

    text = text_of(exports.plan_docx(draft_plan))

    assert "HỘI ĐỒNG NHÂN DÂN TỈNH" in text and "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN" in text


def test_the_downloads_are_word_files(client, deputy, reported_plan):
    client.force_login(deputy)

    response = client.get(reverse("supervision:report_docx", args=[reported_plan.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert leaks(text_of(response.content)) == []
