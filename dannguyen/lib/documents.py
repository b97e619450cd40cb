"""Generate office documents: Word letters (Nghị định 30/2020/NĐ-CP) and Excel tables.

* :func:`render_docx` fills any ``.docx`` template containing Jinja placeholders
  (docxtpl).  Templates are ordinary Word files, so the office can edit the wording and
  layout without touching code.
* :class:`OfficialDocument` holds the components of an administrative document required
  by Nghị định 30/2020/NĐ-CP Art. 8 and turns them into the context of the base template
  built by :mod:`dannguyen.lib.nd30_template`; :func:`render_official_document` renders it.
* :func:`render_xlsx` writes a titled, styled single-sheet workbook (openpyxl).

The module is deliberately free of Django: callers pass plain values and receive bytes,
so it can be used from views, background tasks and management commands alike.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from os import PathLike
from typing import IO, Any, Final, Literal
from zoneinfo import ZoneInfo

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dannguyen.lib.nd30_template import BASE_TEMPLATE_PATH

__all__ = [
    "BASE_TEMPLATE_PATH",
    "DOCX_CONTENT_TYPE",
    "DRAFT_PLACEHOLDER",
    "XLSX_CONTENT_TYPE",
    "Column",
    "ColumnKind",
    "OfficialDocument",
    "format_document_number",
    "render_docx",
    "render_official_document",
    "render_xlsx",
    "sanitize_sheet_name",
    "vietnamese_date_line",
]

DOCX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a draft shows where the văn thư later writes the number or the date by hand.
DRAFT_PLACEHOLDER: Final = "…"

# Excel has no time zones.  Aware datetimes (Django stores them in UTC) are shown in the
# office's local time; the office is in Vietnam, which has no daylight saving.
LOCAL_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

FONT_NAME: Final = "Times New Roman"

TemplateSource = str | PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


# --------------------------------------------------------------------------- text hygiene

# C0 control characters other than tab and newline.  XML 1.0 forbids most of them, and
# docxtpl gives "\a" (new paragraph) and "\f" (page break) a meaning, so a pasted control
# character in a citizen's text must never reach the template.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_text(text: str) -> str:
    # NFC: text pasted from some sources arrives decomposed (NFD), which Times New Roman
    # renders with misplaced tone marks and which doubles the length Excel counts.
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def _clean_context(value: Any) -> Any:
    """Clean plain strings inside ``value``; leave anything else (RichText, Markup …) alone.

    ``type(...) is str`` rather than ``isinstance``: markupsafe.Markup is a str subclass
    that must stay un-escaped.
    """
    if type(value) is str:
        return _clean_text(value)
    if isinstance(value, Mapping):
        return {key: _clean_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_context(item) for item in value]
    return value


# --------------------------------------------------------------------------- Word


def render_docx(template: TemplateSource, context: Mapping[str, Any]) -> bytes:
    """Fill a ``.docx`` template's Jinja placeholders and return the document bytes.

    ``template`` is a path, the template's bytes, or a binary file object.  Autoescaping
    is on, so user text containing ``&``, ``<`` or ``>`` stays text instead of breaking
    the XML.  In string values ``\\n`` becomes a line break and ``\\t`` a tab; other
    control characters are dropped.  An undefined variable raises
    :class:`jinja2.UndefinedError` rather than silently printing nothing, so a template
    edited in Word with a misspelt placeholder fails loudly.
    """
    source: str | PathLike[str] | IO[bytes]
    if isinstance(template, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(template))
    else:
        source = template
    doc = DocxTemplate(source)
    env = Environment(autoescape=True, undefined=StrictUndefined)
    doc.render(_clean_context(dict(context)), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def vietnamese_date_line(place: str, d: date | None) -> str:
    """The date line of Phụ lục I, e.g. "Ninh Bình, ngày 05 tháng 3 năm 2026".

    Days below 10 and the months January and February take a leading zero (so that the
    handwritten "1" cannot be extended into "11" or "12"); other months do not.  Without
    a date (a draft) the day, month and year are left as placeholders for the văn thư.
    """
    if d is None:
        blank = DRAFT_PLACEHOLDER
        return f"{place}, ngày {blank} tháng {blank} năm {blank}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def format_document_number(number: int | str | None) -> str:
    """The "số" of a document: Arabic numerals, numbers below 10 with a leading zero.

    Empty (a draft awaiting registration) gives :data:`DRAFT_PLACEHOLDER`.
    """
    if number is None:
        return DRAFT_PLACEHOLDER
    text = str(number).strip()
    if not text:
        return DRAFT_PLACEHOLDER
    if text.isdigit() and int(text) < 10:
        return f"{int(text):02d}"
    return text


def _strip_list_punctuation(item: str) -> str:
    # The template adds "- " and the closing ";" or "."; callers often include them too.
    return item.strip().removeprefix("-").strip().rstrip(";.").strip()


def _upper(text: str) -> str:
    return _clean_text(text).strip().upper()


@dataclass(slots=True)
class OfficialDocument:
    """The components (thể thức) of an outgoing administrative document, NĐ 30/2020 Art. 8.

    ``doc_type_name`` is the tên loại ("PHIẾU CHUYỂN ĐƠN", "BÁO CÁO" …); leave it empty
    for a công văn, whose trích yếu (``summary``) is then printed as "V/v …" under the
    number instead of as a centred title.  Names that Phụ lục I sets in capitals are
    upper-cased here, so callers may pass them in any case.
    """

    governing_body: str  # tên cơ quan chủ quản (may be empty)
    issuing_body: str  # tên cơ quan ban hành
    symbol: str  # ký hiệu, e.g. "VP-TTDN" or "PC-VP"
    place: str  # địa danh, e.g. "Ninh Bình"
    summary: str  # trích yếu nội dung, without "V/v"
    body_paragraphs: list[str]
    signer_position: str  # e.g. "TRƯỞNG PHÒNG"
    signer_name: str
    number: int | str | None = None  # số; None while the document is a draft
    issued_on: date | None = None  # None while the document is a draft
    doc_type_name: str = ""  # tên loại; "" for a công văn
    signer_authority: str = ""  # "KT. …", "TL. …", "TM. …", "TUQ. …", "Q. …" or ""
    addressees: list[str] = field(default_factory=list)  # "Kính gửi" (công văn, phiếu)
    recipients: list[str] = field(default_factory=list)  # nơi nhận, besides the archive
    archive: str = "VT"  # "Lưu: VT, <đơn vị soạn thảo>"
    secrecy: str = ""  # độ mật: "MẬT", "TỐI MẬT", "TUYỆT MẬT"
    urgency: str = ""  # mức độ khẩn: "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"

    @property
    def is_cong_van(self) -> bool:
        return not self.doc_type_name.strip()

    @property
    def date_line(self) -> str:
        return vietnamese_date_line(self.place.strip(), self.issued_on)

    def _addressees_text(self) -> str:
        # One addressee follows "Kính gửi:" on the same line; several are listed one per
        # line as "- A;" … "- Z." (the template indents the continuation lines).
        items = [_strip_list_punctuation(a) for a in self.addressees]
        items = [a for a in items if a]
        if len(items) == 1:
            return f"{items[0]}."
        return "\n".join(f"- {a}{'.' if i == len(items) - 1 else ';'}" for i, a in enumerate(items))

    def to_context(self) -> dict[str, Any]:
        """The context for the base template (keys: ``nd30_template.PLACEHOLDERS``)."""
        summary = _clean_text(self.summary).strip()
        if self.is_cong_van:
            # Tolerate callers that already wrote "V/v"; the template adds it.
            summary = re.sub(r"^v/v\s*:?\s*", "", summary, flags=re.IGNORECASE)
        recipients = [_strip_list_punctuation(_clean_text(r)) for r in self.recipients]
        paragraphs = [_clean_text(p).strip() for p in self.body_paragraphs]
        return {
            "governing_body": _upper(self.governing_body),
            "issuing_body": _upper(self.issuing_body),
            "number": format_document_number(self.number),
            "symbol": _clean_text(self.symbol).strip(),
            "summary": summary,
            "urgency": _upper(self.urgency),
            "secrecy": _upper(self.secrecy),
            "date_line": self.date_line,
            "doc_type_name": _upper(self.doc_type_name),
            "addressees_text": self._addressees_text(),
            "body_paragraphs": [p for p in paragraphs if p],
            "recipients": [r for r in recipients if r],
            "archive": _strip_list_punctuation(_clean_text(self.archive)) or "VT",
            "signer_authority": _upper(self.signer_authority),
            "signer_position": _upper(self.signer_position),
            "signer_name": _clean_text(self.signer_name).strip(),
        }


def render_official_document(
    doc: OfficialDocument, template: TemplateSource | None = None
) -> bytes:
    """Render ``doc`` into the NĐ 30 base template, or into a compatible ``template``."""
    return render_docx(BASE_TEMPLATE_PATH if template is None else template, doc.to_context())


# --------------------------------------------------------------------------- Excel

ColumnKind = Literal["text", "number", "integer", "percent", "date", "datetime"]

_NUMBER_FORMATS: Final[dict[str, str]] = {
    "text": "@",
    "number": "#,##0.00",
    "integer": "#,##0",
    "percent": "0.0%",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}

# Excel refuses these in sheet names, and a name may not start or end with an apostrophe.
_SHEET_NAME_INVALID = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31

_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of :func:`render_xlsx`.

    ``width`` is in Excel character units (automatic when None).  ``kind`` fixes the
    number format; when None it follows each value's Python type.  Use ``"text"`` for
    codes that look numeric (phone numbers, CCCD) so their leading zeros survive.
    """

    header: str
    width: float | None = None
    kind: ColumnKind | None = None


def sanitize_sheet_name(name: str, default: str = "Sheet1") -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters, not blank."""
    cleaned = _SHEET_NAME_INVALID.sub("", _clean_text(name))
    cleaned = " ".join(cleaned.split()).strip("'").strip()
    cleaned = cleaned[:SHEET_NAME_MAX].rstrip().rstrip("'")
    return cleaned or default


def _local_naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(LOCAL_TZ)
    return value.replace(tzinfo=None)


def _cell_value(value: Any, kind: ColumnKind | None) -> tuple[Any, str | None]:
    """Convert ``value`` to something openpyxl writes natively, plus its number format."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        # TRUE/FALSE means little to the office; the reports say "Có"/"Không".
        return ("Có" if value else "Không"), None
    if kind == "text":
        return _clean_text(str(value)), _NUMBER_FORMATS["text"]
    if isinstance(value, datetime):
        value = _local_naive(value)
        if kind == "date":
            return value.date(), _NUMBER_FORMATS["date"]
        return value, _NUMBER_FORMATS["datetime"]
    if isinstance(value, date):
        if kind == "datetime":
            return datetime.combine(value, time()), _NUMBER_FORMATS["datetime"]
        return value, _NUMBER_FORMATS["date"]
    if isinstance(value, int | float | Decimal):
        if kind in ("number", "integer", "percent"):
            return value, _NUMBER_FORMATS[kind]
        return value, _NUMBER_FORMATS["integer" if isinstance(value, int) else "number"]
    # Everything else (str, lazy translations, enums, UUIDs …) is written as text.
    return _clean_text(str(value)), None


def _display_width(value: Any, number_format: str | None) -> float:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float | Decimal) and number_format != "@":
        return len(f"{value:,}") + 1
    lines = str(value).split("\n")
    return max(len(line) for line in lines)


def render_xlsx(
    title: str,
    columns: Sequence[str | Column],
    rows: Iterable[Sequence[Any]],
    *,
    subtitle: str = "",
    sheet_name: str | None = None,
) -> bytes:
    """A one-sheet workbook: bold title, optional subtitle, boxed header row, data rows.

    Dates become real Excel dates shown ``dd/mm/yyyy`` (datetimes ``dd/mm/yyyy hh:mm``,
    in Vietnamese local time), numbers stay numbers, None leaves the cell empty, and
    text is always stored as text — a citizen's "=…" is never turned into a formula.
    The header row is frozen and repeated on every printed page.  ``sheet_name``
    defaults to the title and is sanitised either way.
    """
    cols = [c if isinstance(c, Column) else Column(str(c)) for c in columns]
    if not cols:
        raise ValueError("render_xlsx needs at least one column")
    ncols = len(cols)

    # Normal (not write-only) mode: merged title cells, auto filter and column widths
    # computed from the data all need the whole sheet; report sizes are modest.
    wb = Workbook()
    ws = wb.active
    ws.title = sanitize_sheet_name(sheet_name if sheet_name is not None else title)

    title_font = Font(name=FONT_NAME, size=14, bold=True)
    subtitle_font = Font(name=FONT_NAME, size=12, italic=True)
    header_font = Font(name=FONT_NAME, size=12, bold=True)
    body_font = Font(name=FONT_NAME, size=12)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    total_width = sum(c.width or max(len(c.header) + 2, 12) for c in cols)
    row_no = 1
    for text, font in ((title, title_font), (subtitle, subtitle_font)):
        if not text:
            continue
        # Merged cells never grow to fit wrapped text, so give long titles their lines.
        lines = max(1, math.ceil(len(text) * font.size / 11 / max(total_width, 1)))
        ws.row_dimensions[row_no].height = 20 * lines
        cell = ws.cell(row=row_no, column=1, value=_clean_text(text))
        cell.data_type = "s"
        cell.font = font
        cell.alignment = centred
        if ncols > 1:
            ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=ncols)
        row_no += 1
    row_no += 1  # a blank row between the title block and the table

    header_row = row_no
    widths = [float(len(c.header)) + 2 for c in cols]
    for index, column in enumerate(cols, start=1):
        cell = ws.cell(row=header_row, column=index, value=_clean_text(column.header))
        cell.data_type = "s"
        cell.font = header_font
        cell.alignment = centred
        cell.border = _BORDER

    top_left = Alignment(vertical="top", wrap_text=True)
    top_right = Alignment(horizontal="right", vertical="top")
    for offset, row in enumerate(rows, start=1):
        values = list(row)
        if len(values) != ncols:
            raise ValueError(f"row {offset} has {len(values)} values for {ncols} columns")
        for index, (raw, column) in enumerate(zip(values, cols, strict=True), start=1):
            value, number_format = _cell_value(raw, column.kind)
            cell = ws.cell(row=header_row + offset, column=index, value=value)
            if isinstance(value, str):
                # openpyxl would otherwise store a string starting with "=" as a formula.
                cell.data_type = "s"
            if number_format:
                cell.number_format = number_format
            cell.font = body_font
            cell.border = _BORDER
            is_text = value is None or isinstance(value, str)
            cell.alignment = top_left if is_text else top_right
            widths[index - 1] = max(widths[index - 1], _display_width(value, number_format) + 2)

    for index, (column, auto_width) in enumerate(zip(cols, widths, strict=True), start=1):
        width = column.width if column.width is not None else auto_width
        ws.column_dimensions[get_column_letter(index)].width = min(
            max(width, _MIN_WIDTH), _MAX_WIDTH
        )

    last_col = get_column_letter(ncols)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last_col}{max(ws.max_row, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ncols > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Registers and report tables printed from the official layout --------------------
# A register or an appendix table is printed on the Nghị định 30 page, turned landscape.

TABLE_FONT_SIZE_PT = 10


def repeat_table_header(row: Any) -> None:
    """Repeat ROW at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def write_table_cell(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.font.size = Pt(TABLE_FONT_SIZE_PT)
        run.font.bold = bold or None


def register_layout(document: Any) -> None:
    """A register, not a letter: landscape, no number line, no list of recipients."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    header = document.tables[0]
    for cell in header.rows[1].cells:
        for paragraph in list(cell.paragraphs):
            if paragraph.text.startswith("Số:"):
                paragraph._p.getparent().remove(paragraph._p)
    footer = document.tables[-1]
    recipients = footer.rows[0].cells[0]
    for paragraph in recipients.paragraphs:
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
