"""The programme report (Word, NĐ 30 layout) and the household list (Excel), from the data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from dannguyen.outreach import exports, queries, workflow

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def reported(programme, households, information_officer, delegation_leader):
    for who, money in ((households[0], 1_500_000), (households[1], 500_000)):
        workflow.record_gift(
            programme,
            household=who,
            money=money,
            goods="Gạo 10 kg" if who == households[1] else "",
            goods_value=250_000 if who == households[1] else 0,
            given_on=None,
            by=information_officer,
        )
    workflow.move(programme, to="approved", by=delegation_leader)
    workflow.move(programme, to="carried_out", by=information_officer)
    workflow.move(
        programme,
        to="reported",
        by=information_officer,
        report_number="7/BC-ĐĐBQH",
        reported_on=datetime.date(2026, 2, 14),
    )
    return queries.programme_detail(programme.pk).get()


def test_report_in_nd30_layout_with_the_totals(reported):
    with translation.override("en"):
        text = text_of(exports.report_docx(reported))
    assert "BÁO CÁO" in text
    assert "Số: 07/BC-ĐĐBQH" in text  # NĐ 30: numbers below 10 take a leading zero
    assert "ĐOÀN ĐẠI BIỂU QUỐC HỘI TỈNH NINH BÌNH" in text
    assert "Total budget: 10.000.000 đồng." in text
    assert "in all 2.250.000 đồng" in text
    assert "- Xã Gia Vân: 1 households, 1.500.000 đồng." in text
    assert "- Xã Nho Quan: 1 households, 750.000 đồng." in text
    assert "Đinh Văn Đoàn" in text  # the leader
    assert "0912" not in text  # no household's phone leaves in the report


def test_household_list_rows(reported):
    with translation.override("en"):
        sheet = load_workbook(io.BytesIO(exports.households_xlsx(reported))).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert [(r[1], r[3], r[6], r[8], r[9]) for r in rows] == [
        ("Bà Nguyễn Thị Hoa", "Xã Gia Vân", 1_500_000, 0, 1_500_000),
        ("Ông Trần Văn Bình", "Xã Nho Quan", 500_000, 250_000, 750_000),
    ]
