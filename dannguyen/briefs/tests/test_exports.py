"""The brief's Word file: it opens, it has the official layout's parts, every section of
the brief in order with the chosen contents, the statistics as tables, and a delivered
brief says the same later whatever the register has become."""

from __future__ import annotations

import io

import pytest
from django.utils.translation import gettext
from docx import Document

from dannguyen.briefs import exports, workflow
from dannguyen.core.models import FieldOfWork

from .conftest import D

pytestmark = pytest.mark.django_db


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def tables(content: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(content))
    # The first and last tables are the layout's header and signature blocks.
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables[1:-1]]


@pytest.fixture
def full(compiling, information_officer, law, voter_petitions, register, land_field):
    register(kind="complaint", main_field=land_field, received_on=D(2026, 3, 2))
    register(kind="petition", main_field=land_field, received_on=D(2026, 4, 2))
    brief = compiling
    workflow.save_summary(brief, summary="Số đơn về bồi thường tăng.", by=information_officer)
    workflow.add_document(
        brief,
        document=law,
        provision=law.provisions.get(kind="article", number="9"),
        note="Thời hiệu 90 ngày.",
        by=information_officer,
    )
    workflow.add_petitions(
        brief, petitions=[voter_petitions["compensation"]], by=information_officer
    )
    workflow.save_section(
        brief, heading="Đề xuất", text="Giám sát chuyên đề năm 2027.", by=information_officer
    )
    workflow.set_statistics_filter(
        brief,
        fields=[FieldOfWork.objects.get(code="HC-DD")],
        keywords="",
        since=D(2026, 1, 1),
        until=None,
        area=None,
        by=information_officer,
    )
    brief.refresh_from_db()
    workflow.compile_brief(brief, version=brief.version, by=information_officer)
    brief.refresh_from_db()
    return brief


def test_the_word_file_has_every_section_in_order(full):
    content = exports.brief_docx(full)

    text = paragraphs(content)
    headings = [
        gettext("I. SUMMARY"),
        gettext("II. LEGAL DOCUMENTS"),
        gettext("III. STATISTICS OF THE LETTERS ON THE TOPIC"),
        gettext("IV. VOTERS' PETITIONS"),
        gettext("V. NOTES"),
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "THÔNG TIN CHUYÊN ĐỀ" in text
    assert "Thông tin về bồi thường, hỗ trợ khi Nhà nước thu hồi đất" in text
    assert (
        gettext("For: %(recipient)s (%(kind)s).")
        % {
            "recipient": "Đỗ Thị Đại Biểu",
            "kind": gettext("Deputy"),
        }
        in text
    )
    assert "Số đơn về bồi thường tăng." in text
    legal = text[positions[1] + 1]
    assert legal.startswith("1. 02/2011/QH13 — ")
    assert gettext("status: %(status)s.") % {"status": gettext("In force")} in legal
    assert "Thời hiệu 90 ngày." in text
    assert (
        "1. Cử tri đề nghị sớm chi trả tiền bồi thường giải phóng mặt bằng dự án đường vành đai. ("
        in text[positions[3] + 1]
    )
    raised = text[positions[3] + 2]
    assert raised.startswith(gettext("Raised at: %(places)s.").split("%")[0])
    assert raised.count("/06/2026") == 2
    answer = text[positions[3] + 3]
    assert "125/UBND-KT" in answer
    assert "Tỉnh đã bố trí vốn, chi trả xong trong quý IV năm 2026." in answer
    assert text[positions[4] + 1 : positions[4] + 3] == [
        "1. Đề xuất",
        "Giám sát chuyên đề năm 2027.",
    ]


def test_the_statistics_are_tables_under_their_captions(full):
    content = exports.brief_docx(full)

    text = paragraphs(content)
    assert (
        gettext("In all: %(total)s letters, %(overdue)s of them past a time limit on %(on)s.")
        % {"total": 2, "overdue": 2, "on": "20/11/2026"}
        in text
    )
    found = tables(content)
    assert len(found) == 4
    assert found[0] == [
        ["STT", gettext("Kind"), gettext("Letters")],
        ["1", gettext("Complaint"), "1"],
        ["2", gettext("Recommendation or feedback"), "1"],
        ["", gettext("Total"), "2"],
    ]
    assert found[3][1:3] == [["1", "03/2026", "1"], ["2", "04/2026", "1"]]


def test_a_delivered_brief_says_the_same_later(full, information_officer, register, land_field):
    workflow.deliver(
        full, version=full.version, by=information_officer, on=D(2026, 11, 20), method="email"
    )
    full.refresh_from_db()
    before = paragraphs(exports.brief_docx(full))

    register(kind="complaint", main_field=land_field, received_on=D(2026, 5, 2))

    after = paragraphs(exports.brief_docx(full))
    assert after == before
    assert tables(exports.brief_docx(full))[0][-1] == ["", gettext("Total"), "2"]


def test_an_empty_brief_still_opens_with_every_heading(compiling):
    text = paragraphs(exports.brief_docx(compiling))

    assert gettext("(No legal document chosen.)") in text
    assert gettext("(No statistics computed.)") in text
    assert gettext("(No voters' petition chosen.)") in text
    assert gettext("(No notes.)") in text
