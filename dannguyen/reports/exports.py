"""A computed report as a grid (header cells with their spans, body rows), and that grid as
Excel (merged header cells) and as Word (Nghị định 30/2020 layout with the table).

The screen renders the same grid, so the page, the files and the API carry the same numbers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dannguyen.lib.documents import (
    FONT_NAME,
    OfficialDocument,
    register_layout,
    render_official_document,
    repeat_table_header,
    sanitize_sheet_name,
    write_table_cell,
)

from .queries import Report

GROUP_LABELS = {
    "field": gettext_lazy("Field (lĩnh vực)"),
    "kind": gettext_lazy("Kind"),
    "agency": gettext_lazy("Agency"),
    "place": gettext_lazy("Locality"),
    "host_body": gettext_lazy("Presided by"),
}


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Grid:
    header: list[list[HeaderCell]]
    body: list[list[Any]]
    levels: list[int]  # indentation of each body row's label (list shape)
    headings: list[bool]  # body rows that are section headings
    width: int
    text_columns: int  # leading columns of codes and labels; the others hold numbers

    @property
    def shown(self) -> list[list[str]]:
        """The body as the page and the Word file print it (1.234 and 60,0)."""
        return [[v if isinstance(v, str) else display(v) for v in row] for row in self.body]


def _group_label(report: Report) -> str:
    return str(GROUP_LABELS[report.group_by]) if report.group_by else _("Unit")


def grid(report: Report) -> Grid:
    if report.shape == "list":
        total = report.total
        body: list[list[Any]] = []
        for line in report.lines:
            if line.is_heading:
                body.append(["", line.label, None, None])
            else:
                body.append(
                    [line.ms, line.label, total.values.get(line.ms), total.percents.get(line.ms)]
                )
        header = [
            [
                HeaderCell(_("Code (MS)")),
                HeaderCell(_("Item")),
                HeaderCell(_("Number")),
                HeaderCell(_("Percentage (%)")),
            ]
        ]
        return Grid(
            header,
            body,
            [line.level for line in report.lines],
            [line.is_heading for line in report.lines],
            4,
            2,
        )
    columns = report.columns
    grouped = any(label for label, _span in report.header_groups())
    top: list[HeaderCell] = [HeaderCell(_group_label(report), rowspan=2 if grouped else 1)]
    second: list[HeaderCell] = []
    position = 0
    for label, span in report.header_groups():
        if label:
            top.append(HeaderCell(label, colspan=span))
            second.extend(HeaderCell(c.label) for c in columns[position : position + span])
        else:
            top.append(HeaderCell(columns[position].label, rowspan=2 if grouped else 1))
        position += span
    codes = [HeaderCell("")] + [HeaderCell(f"({c.ms})") for c in columns]
    header = [top, second, codes] if grouped else [top, codes]
    body = [[row.label, *(row.values.get(c.ms) for c in columns)] for row in report.rows]
    return Grid(header, body, [0] * len(body), [False] * len(body), 1 + len(columns), 1)


def title_lines(report: Report) -> tuple[str, str]:
    subtitle = report.period.label
    if report.subject:
        subtitle = f"{subtitle} — {report.subject_label}"
    return report.layout.title, subtitle


# ------------------------------------------------------------------------- Excel

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _header_positions(header: list[list[HeaderCell]]) -> list[tuple[int, int, HeaderCell]]:
    """(row, column) of each header cell, skipping the places taken by spans above."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(header):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def report_xlsx(report: Report) -> bytes:
    table = grid(report)
    title, subtitle = title_lines(report)
    wb = Workbook()
    ws = wb.active
    ws.title = sanitize_sheet_name(report.layout.code)
    bold = Font(name=FONT_NAME, size=12, bold=True)
    body_font = Font(name=FONT_NAME, size=12)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row_no, (text, font) in enumerate(
        (
            (title, Font(name=FONT_NAME, size=14, bold=True)),
            (subtitle, Font(name=FONT_NAME, size=12, italic=True)),
        ),
        start=1,
    ):
        cell = ws.cell(row=row_no, column=1, value=text)
        cell.data_type = "s"
        cell.font = font
        cell.alignment = centred
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=table.width)
    first = 4
    for r, c, head in _header_positions(table.header):
        cell = ws.cell(row=first + r, column=c + 1, value=head.text)
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = centred
        for dr in range(head.rowspan):
            for dc in range(head.colspan):
                ws.cell(row=first + r + dr, column=c + 1 + dc).border = _BORDER
        if head.rowspan > 1 or head.colspan > 1:
            ws.merge_cells(
                start_row=first + r,
                start_column=c + 1,
                end_row=first + r + head.rowspan - 1,
                end_column=c + head.colspan,
            )
    start = first + len(table.header)
    for offset, values in enumerate(table.body):
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row=start + offset, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, float):
                cell.number_format = "0.0"
            cell.font = bold if table.headings[offset] else body_font
            cell.border = _BORDER
            if report.shape == "list" and index == 2 and table.levels[offset]:
                cell.alignment = Alignment(indent=table.levels[offset], wrap_text=True)
    label_column = 2 if report.shape == "list" else 1
    for index in range(1, table.width + 1):
        ws.column_dimensions[get_column_letter(index)].width = (
            60 if index == label_column else (8 if index == 1 else 14)
        )
    ws.freeze_panes = ws.cell(row=start, column=label_column + 1)
    ws.print_title_rows = f"{first}:{start - 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------- Word


def _docx_table(document: Any, table_grid: Grid) -> Any:
    rows = len(table_grid.header) + len(table_grid.body)
    table = document.add_table(rows=rows, cols=table_grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, c, head in _header_positions(table_grid.header):
        cell = table.cell(r, c)
        if head.rowspan > 1 or head.colspan > 1:
            cell = cell.merge(table.cell(r + head.rowspan - 1, c + head.colspan - 1))
        write_table_cell(cell, head.text, bold=True, centre=True)
    for r in range(len(table_grid.header)):
        repeat_table_header(table.rows[r])
    for offset, values in enumerate(table_grid.body):
        cells = table.rows[len(table_grid.header) + offset].cells
        for index, value in enumerate(values):
            text = value if isinstance(value, str) else display(value)
            write_table_cell(
                cells[index],
                text,
                bold=table_grid.headings[offset],
                centre=not isinstance(value, str),
            )
    return table


def report_docx(report: Report, *, prepared_by: str, today: Any = None) -> bytes:
    """The report in the Nghị định 30/2020 layout (tên loại BÁO CÁO), its table inside."""
    title, subtitle = title_lines(report)
    intro = _(
        "Figures computed from the registers for %(period)s (%(code)s, version %(version)s)."
    ) % {
        "period": subtitle,
        "code": report.layout.code,
        "version": report.layout.version,
    }
    letter = OfficialDocument(
        governing_body=settings.OFFICE_PARENT_NAME,
        issuing_body=settings.OFFICE_NAME,
        symbol="BC",
        place=settings.OFFICE_PLACE_NAME,
        summary=f"{title} — {subtitle}",
        body_paragraphs=[intro],
        signer_position=_("Prepared by"),
        signer_name=prepared_by,
        issued_on=today or timezone.localdate(),
        doc_type_name=_("Report"),
    )
    document = Document(io.BytesIO(render_official_document(letter)))
    register_layout(document)
    table = _docx_table(document, grid(report))
    anchor = next(p for p in reversed(document.paragraphs) if p.text == intro)
    anchor._p.addnext(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
