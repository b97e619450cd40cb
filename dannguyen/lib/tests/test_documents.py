"""Word (Nghị định 30/2020) and Excel generation; no database needed."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import UndefinedError

from dannguyen.lib import nd30_template
from dannguyen.lib.documents import (
    BASE_TEMPLATE_PATH,
    Column,
    OfficialDocument,
    format_document_number,
    render_docx,
    render_official_document,
    render_xlsx,
    sanitize_sheet_name,
    vietnamese_date_line,
)

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


# --------------------------------------------------------------------------- helpers


def _open(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def _texts(element: object) -> list[str]:
    """Text of every paragraph under ``element`` in document order, tables included.

    Tabs and line breaks are kept as "\\t" and "\\n" so the layout of "Kính gửi" and
    multi-line paragraphs can be asserted exactly.
    """
    result = []
    for p in element.iter(qn("w:p")):  # type: ignore[attr-defined]
        parts = []
        for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                if node.getparent().tag == qn("w:r"):  # not a tab stop definition
                    parts.append("\t")
            else:
                parts.append("\n")
        result.append("".join(parts))
    return result


def _body_texts(document: DocxDocument) -> list[str]:
    return [t for t in _texts(document.element.body) if t]


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode("utf-8")


def _mm(length: int | None) -> float:
    assert length is not None
    return length / 36000  # EMU per millimetre


@pytest.fixture
def phieu_chuyen() -> OfficialDocument:
    return OfficialDocument(
        governing_body="Đoàn ĐBQH và HĐND tỉnh Ninh Bình",
        issuing_body="Văn phòng",
        number=12,
        symbol="VP-TTDN",
        place="Ninh Bình",
        issued_on=date(2026, 2, 5),
        doc_type_name="Phiếu chuyển đơn",
        summary="Chuyển đơn của ông Đỗ Văn Ất & bà Lê Thị Ổn <khiếu nại> về đất đai",
        addressees=["Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình"],
        body_paragraphs=[
            "Ngày 20/01/2026, Văn phòng nhận được đơn của ông Đỗ Văn Ất.",
            "Nội dung đơn: khiếu nại quyết định thu hồi đất tại xã Gia Viễn.",
            "Văn phòng chuyển đơn đến Quý cơ quan để xem xét, giải quyết theo quy định.",
        ],
        signer_authority="TL. Chánh Văn phòng",
        signer_position="Trưởng phòng Thông tin và Công tác dân nguyện",
        signer_name="Trần Thị Bích Ngọc",
        recipients=["Như trên;", "- Ông Đỗ Văn Ất (để biết)", "Lãnh đạo Văn phòng"],
        archive="VT, TTDN",
    )


@pytest.fixture
def cong_van(phieu_chuyen: OfficialDocument) -> OfficialDocument:
    return replace(
        phieu_chuyen,
        number=7,
        issued_on=date(2026, 3, 15),
        doc_type_name="",
        summary="V/v trả lời kiến nghị cử tri",
        addressees=["Sở Tư pháp;", "Ủy ban nhân dân xã Hoa Lư"],
        signer_authority="",
        signer_position="Trưởng phòng",
    )


# --------------------------------------------------------------------------- date and number


@pytest.mark.parametrize(
    ("issued_on", "expected"),
    [
        (date(2026, 3, 5), "Ninh Bình, ngày 05 tháng 3 năm 2026"),
        (date(2026, 2, 5), "Ninh Bình, ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 1), "Ninh Bình, ngày 01 tháng 01 năm 2026"),
        (date(2026, 3, 15), "Ninh Bình, ngày 15 tháng 3 năm 2026"),
        (date(2026, 2, 28), "Ninh Bình, ngày 28 tháng 02 năm 2026"),
        (date(2026, 9, 9), "Ninh Bình, ngày 09 tháng 9 năm 2026"),
        (date(2026, 10, 10), "Ninh Bình, ngày 10 tháng 10 năm 2026"),
        (date(2026, 12, 31), "Ninh Bình, ngày 31 tháng 12 năm 2026"),
        (datetime(2026, 11, 2, 8, 30, tzinfo=UTC), "Ninh Bình, ngày 02 tháng 11 năm 2026"),
    ],
)
def test_date_line_leading_zero_rule(issued_on: date, expected: str) -> None:
    assert vietnamese_date_line("Ninh Bình", issued_on) == expected


def test_date_line_of_a_draft_leaves_blanks() -> None:
    assert vietnamese_date_line("Ninh Bình", None) == "Ninh Bình, ngày … tháng … năm …"


@pytest.mark.parametrize(
    ("number", "expected"),
    [(5, "05"), ("9", "09"), (10, "10"), (123, "123"), ("12a", "12a"), (None, "…"), (" ", "…")],
)
def test_document_number_below_ten_has_leading_zero(
    number: int | str | None, expected: str
) -> None:
    assert format_document_number(number) == expected


# --------------------------------------------------------------------------- official documents


def test_phieu_chuyen_don_renders_every_component_in_order(
    phieu_chuyen: OfficialDocument,
) -> None:
    data = render_official_document(phieu_chuyen)

    assert _body_texts(_open(data)) == [
        "ĐOÀN ĐBQH VÀ HĐND TỈNH NINH BÌNH",
        "VĂN PHÒNG",
        QUOC_HIEU,
        TIEU_NGU,
        "Số: 12/VP-TTDN",
        "Ninh Bình, ngày 05 tháng 02 năm 2026",
        "PHIẾU CHUYỂN ĐƠN",
        "Chuyển đơn của ông Đỗ Văn Ất & bà Lê Thị Ổn <khiếu nại> về đất đai",
        "Kính gửi:\tChủ tịch Ủy ban nhân dân tỉnh Ninh Bình.",
        "Ngày 20/01/2026, Văn phòng nhận được đơn của ông Đỗ Văn Ất.",
        "Nội dung đơn: khiếu nại quyết định thu hồi đất tại xã Gia Viễn.",
        "Văn phòng chuyển đơn đến Quý cơ quan để xem xét, giải quyết theo quy định.",
        "Nơi nhận:",
        "- Như trên;",
        "- Ông Đỗ Văn Ất (để biết);",
        "- Lãnh đạo Văn phòng;",
        "- Lưu: VT, TTDN.",
        "TL. CHÁNH VĂN PHÒNG",
        "TRƯỞNG PHÒNG THÔNG TIN VÀ CÔNG TÁC DÂN NGUYỆN",
        "Trần Thị Bích Ngọc",
    ]
    xml = _document_xml(data)
    # Escaped once by autoescape, not twice, and no template syntax left behind.
    assert "&amp; bà Lê Thị Ổn &lt;khiếu nại&gt;" in xml
    assert "&amp;amp;" not in xml
    assert "{{" not in xml and "{%" not in xml and "}}" not in xml


def test_page_is_a4_with_nd30_margins(phieu_chuyen: OfficialDocument) -> None:
    section = _open(render_official_document(phieu_chuyen)).sections[0]

    assert _mm(section.page_width) == pytest.approx(210, abs=0.5)
    assert _mm(section.page_height) == pytest.approx(297, abs=0.5)
    assert _mm(section.top_margin) == pytest.approx(20, abs=0.5)
    assert _mm(section.bottom_margin) == pytest.approx(20, abs=0.5)
    assert _mm(section.left_margin) == pytest.approx(30, abs=0.5)
    assert _mm(section.right_margin) == pytest.approx(15, abs=0.5)


def test_body_is_times_new_roman_14_justified(phieu_chuyen: OfficialDocument) -> None:
    document = _open(render_official_document(phieu_chuyen))
    body = [p for p in document.paragraphs if p.text.startswith("Ngày 20/01/2026")]
    assert len(body) == 1
    paragraph = body[0]
    style = paragraph.style
    assert style is not None

    run_sizes = {run.font.size for run in paragraph.runs} - {None}
    assert (style.font.size == Pt(14) and not run_sizes) or run_sizes == {Pt(14)}
    assert style.font.name == "Times New Roman"
    assert not {run.font.name for run in paragraph.runs} - {None, "Times New Roman"}
    assert paragraph.paragraph_format.alignment in (None, WD_ALIGN_PARAGRAPH.JUSTIFY)
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _mm(style.paragraph_format.first_line_indent) == pytest.approx(12.7, abs=0.5)
    assert style.paragraph_format.space_after == Pt(6)

    # Vietnamese characters may be drawn from the East Asian font slot: it must be
    # Times New Roman too, in the document defaults and in the Normal style.
    styles = document.styles.element
    for rfonts in (
        styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"),
        document.styles["Normal"].element.rPr.rFonts,
    ):
        assert rfonts is not None
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert rfonts.get(qn(f"w:{slot}")) == "Times New Roman"
        assert rfonts.get(qn("w:asciiTheme")) is None


def test_header_formatting_follows_phu_luc_i(phieu_chuyen: OfficialDocument) -> None:
    document = _open(render_official_document(phieu_chuyen))
    header = document.tables[0]
    runs = {
        p.text: p.runs[0]
        for cell in (header.cell(0, 0), header.cell(0, 1), header.cell(1, 1))
        for p in cell.paragraphs
        if p.runs
    }
    assert runs[QUOC_HIEU].bold and runs[QUOC_HIEU].font.size in (Pt(12), Pt(13))
    assert runs[TIEU_NGU].bold and runs[TIEU_NGU].font.size in (Pt(13), Pt(14))
    assert runs["VĂN PHÒNG"].bold
    assert runs["Ninh Bình, ngày 05 tháng 02 năm 2026"].italic
    # Short rules under the issuing body and the Tiêu ngữ: bordered empty paragraphs.
    xml = _document_xml(render_official_document(phieu_chuyen))
    assert xml.count("<w:pBdr>") == 3  # issuing body, Tiêu ngữ, trích yếu

    footer = document.tables[1]
    noi_nhan = footer.cell(0, 0).paragraphs[0].runs[0]
    assert noi_nhan.text == "Nơi nhận:"
    assert noi_nhan.bold and noi_nhan.italic and noi_nhan.font.size == Pt(12)
    assert footer.cell(0, 0).paragraphs[1].runs[0].font.size == Pt(11)


def test_page_numbers_start_on_page_two(phieu_chuyen: OfficialDocument) -> None:
    section = _open(render_official_document(phieu_chuyen)).sections[0]

    assert section.different_first_page_header_footer
    assert all(not p.text for p in section.first_page_header.paragraphs)
    header_xml = section.header._element.xml
    assert 'w:instr=" PAGE "' in header_xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_cong_van_puts_v_v_under_the_number(cong_van: OfficialDocument) -> None:
    texts = _body_texts(_open(render_official_document(cong_van)))

    number_at = texts.index("Số: 07/VP-TTDN")
    assert texts[number_at + 1] == "V/v trả lời kiến nghị cử tri"
    assert "Ninh Bình, ngày 15 tháng 3 năm 2026" in texts
    assert "Kính gửi:\t- Sở Tư pháp;\n- Ủy ban nhân dân xã Hoa Lư." in texts
    # No tên loại block: the trích yếu appears only once, in the V/v line.
    assert not [t for t in texts if "trả lời kiến nghị cử tri" in t and not t.startswith("V/v")]
    # Signed by the head in person: no authority line before the position.
    assert texts[-2:] == ["TRƯỞNG PHÒNG", "Trần Thị Bích Ngọc"]


def test_draft_without_number_or_date(phieu_chuyen: OfficialDocument) -> None:
    draft = replace(phieu_chuyen, number=None, issued_on=None, governing_body="")
    texts = _body_texts(_open(render_official_document(draft)))

    assert texts[:2] == ["VĂN PHÒNG", QUOC_HIEU]
    assert "Số: …/VP-TTDN" in texts
    assert "Ninh Bình, ngày … tháng … năm …" in texts


def test_urgency_and_secrecy_markings(phieu_chuyen: OfficialDocument) -> None:
    marked = replace(phieu_chuyen, urgency="Hỏa tốc", secrecy="mật")
    texts = _body_texts(_open(render_official_document(marked)))

    number_at = texts.index("Số: 12/VP-TTDN")
    assert texts[number_at + 1 : number_at + 3] == ["HỎA TỐC", "MẬT"]
    assert "HỎA TỐC" not in _body_texts(_open(render_official_document(phieu_chuyen)))


def test_user_text_is_cleaned(phieu_chuyen: OfficialDocument) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ấn")
    dirty = replace(
        phieu_chuyen,
        signer_name=decomposed,
        body_paragraphs=["Dòng một\r\ndòng hai\x07\x0c", "   ", "Đoạn cuối."],
    )
    texts = _body_texts(_open(render_official_document(dirty)))

    assert "Nguyễn Văn Ấn" in texts  # NFC
    assert "Dòng một\ndòng hai" in texts  # line break kept, control characters dropped
    assert "Đoạn cuối." in texts
    assert "" not in texts  # the blank paragraph was skipped


def test_official_document_with_custom_template(phieu_chuyen: OfficialDocument) -> None:
    source = docx.Document()
    source.add_paragraph("{{ doc_type_name }} số {{ number }}/{{ symbol }}")
    source.add_paragraph("{{ date_line }}")
    buffer = io.BytesIO()
    source.save(buffer)

    texts = _body_texts(_open(render_official_document(phieu_chuyen, buffer.getvalue())))

    assert texts == ["PHIẾU CHUYỂN ĐƠN số 12/VP-TTDN", "Ninh Bình, ngày 05 tháng 02 năm 2026"]


# --------------------------------------------------------------------------- render_docx


@pytest.fixture
def greeting_template() -> bytes:
    source = docx.Document()
    source.add_paragraph("Kính gửi {{ name }}, về việc {{ subject }}.")
    source.add_paragraph("{%p for item in items %}")
    source.add_paragraph("- {{ item }}")
    source.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    source.save(buffer)
    return buffer.getvalue()


CONTEXT = {"name": "bà Phạm Thị Ánh", "subject": "A & B < C > D", "items": ["một", "hai"]}
EXPECTED = ["Kính gửi bà Phạm Thị Ánh, về việc A & B < C > D.", "- một", "- hai"]


def test_render_docx_from_bytes(greeting_template: bytes) -> None:
    assert _body_texts(_open(render_docx(greeting_template, CONTEXT))) == EXPECTED


def test_render_docx_from_file_object_and_paths(greeting_template: bytes, tmp_path: Path) -> None:
    path = tmp_path / "mẫu.docx"
    path.write_bytes(greeting_template)

    for source in (io.BytesIO(greeting_template), path, str(path), bytearray(greeting_template)):
        assert _body_texts(_open(render_docx(source, CONTEXT))) == EXPECTED


def test_render_docx_rejects_missing_variables(greeting_template: bytes) -> None:
    with pytest.raises(UndefinedError):
        render_docx(greeting_template, {"name": "ông Ba"})


# --------------------------------------------------------------------------- the template file


def test_template_placeholders_match_the_context(phieu_chuyen: OfficialDocument) -> None:
    declared = DocxTemplate(BASE_TEMPLATE_PATH).get_undeclared_template_variables()

    assert declared == set(nd30_template.PLACEHOLDERS)
    assert set(phieu_chuyen.to_context()) == set(nd30_template.PLACEHOLDERS)


def test_committed_template_is_up_to_date() -> None:
    """Regenerate with ``.venv/bin/python -m dannguyen.lib.nd30_template``."""

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return {name: package.read(name) for name in package.namelist()}

    assert parts(BASE_TEMPLATE_PATH.read_bytes()) == parts(nd30_template.build_template())


def test_template_build_is_reproducible() -> None:
    assert nd30_template.build_template() == nd30_template.build_template()


# --------------------------------------------------------------------------- Excel


def _excel_time(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """What openpyxl reads back: Excel stores local wall-clock time without a zone."""
    return datetime(year, month, day, hour, minute)  # noqa: DTZ001


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_render_xlsx_layout_and_types() -> None:
    data = render_xlsx(
        "Danh sách đơn thư tháng 3/2026",
        [
            "STT",
            Column("Ngày nhận", kind="date"),
            "Người gửi",
            Column("Số điện thoại", kind="text"),
        ],
        [
            [1, date(2026, 3, 5), "Đỗ Văn Ất", "0912345678"],
            [2, datetime(2026, 3, 6, 2, 0, tzinfo=UTC), '=HYPERLINK("x")', None],
        ],
        subtitle="Phòng Thông tin và Công tác dân nguyện",
        sheet_name="Đơn thư: tháng [3]/2026 * kèm theo ? chi tiết",
    )
    wb = _workbook(data)
    ws = wb.active

    assert ws.title == "Đơn thư tháng 32026 kèm theo ch"
    assert len(ws.title) <= 31
    assert ws["A1"].value == "Danh sách đơn thư tháng 3/2026"
    assert ws["A1"].font.bold and ws["A1"].font.name == "Times New Roman"
    assert ws["A2"].value == "Phòng Thông tin và Công tác dân nguyện"
    header = [cell.value for cell in ws[4]]
    assert header == ["STT", "Ngày nhận", "Người gửi", "Số điện thoại"]
    assert all(cell.font.bold and cell.border.bottom.style == "thin" for cell in ws[4])
    assert all(cell.alignment.wrap_text for cell in ws[4])
    assert ws.freeze_panes == "A5"

    received = ws["B5"]
    assert received.is_date and received.value == _excel_time(2026, 3, 5)
    assert received.number_format == "dd/mm/yyyy"
    # Aware datetimes are shown in Vietnamese time (UTC+7) and cut to the date.
    assert ws["B6"].value == _excel_time(2026, 3, 6) and ws["B6"].number_format == "dd/mm/yyyy"

    assert ws["A5"].value == 1 and ws["A5"].data_type == "n"
    assert ws["D5"].value == "0912345678" and ws["D5"].data_type == "s"
    assert ws["C6"].value == '=HYPERLINK("x")' and ws["C6"].data_type == "s"
    assert ws["D6"].value is None
    assert ws["C5"].font.name == "Times New Roman"
    assert ws.column_dimensions["C"].width >= len("Người gửi")


def test_render_xlsx_infers_formats_from_values() -> None:
    ws = _workbook(
        render_xlsx(
            "Báo cáo",
            ["Ngày", "Lúc", "Số vụ", "Tỷ lệ", "Tiền", "Đoàn đông người"],
            [
                [
                    date(2026, 1, 2),
                    datetime(2026, 1, 2, 2, 15, tzinfo=UTC),
                    12,
                    0.5,
                    Decimal("1500.5"),
                    True,
                ]
            ],
        )
    ).active

    assert ws.title == "Báo cáo"
    assert ws.freeze_panes == "A4"  # title, blank row, header
    assert ws["A4"].is_date and ws["A4"].number_format == "dd/mm/yyyy"
    assert ws["B4"].value == _excel_time(2026, 1, 2, 9, 15)  # UTC+7
    assert ws["B4"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["C4"].value == 12 and ws["C4"].data_type == "n"
    assert ws["D4"].value == 0.5 and ws["D4"].data_type == "n"
    assert ws["E4"].value == pytest.approx(1500.5)
    assert ws["F4"].value == "Có"


def test_render_xlsx_rejects_ragged_rows() -> None:
    with pytest.raises(ValueError, match="row 1"):
        render_xlsx("Báo cáo", ["A", "B"], [[1]])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Báo cáo", "Báo cáo"),
        ("a/b\\c?d*e[f]g:h", "abcdefgh"),
        ("'trích'", "trích"),
        ("", "Sheet1"),
        ("[]", "Sheet1"),
        ("x" * 40, "x" * 31),
        (
            unicodedata.normalize("NFD", "Đơn thư khiếu nại tố cáo của công dân"),
            "Đơn thư khiếu nại tố cáo của cô",
        ),
    ],
)
def test_sanitize_sheet_name(name: str, expected: str) -> None:
    assert sanitize_sheet_name(name) == expected
