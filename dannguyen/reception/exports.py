"""The Sổ tiếp công dân (Mẫu 03/TCD) as rows, an Excel workbook and a Word printout; the
reception calendar as iCalendar.

The register's thirteen columns and its title are the form's own wording (NĐ 154/2026/NĐ-CP,
appendix, Mẫu 03/TCD; domain.md §1.3), printed as the form has them whatever the language
of the screens — like the Quốc hiệu of the Nghị định 30/2020 template. A protected identity
is never written unless a custodian asked for it with a reason (logged by the caller):
otherwise its cells say it is kept confidential and names inside the text are redacted.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm

from dannguyen.lib import icalendar
from dannguyen.lib.documents import (
    Column,
    OfficialDocument,
    register_layout,
    render_official_document,
    render_xlsx,
    repeat_table_header,
    write_table_cell,
)
from dannguyen.lib.vietnamese import fold
from dannguyen.petitions import identity
from dannguyen.petitions.models import Competence, Kind

from . import queries
from .models import Outcome, ReceptionCase, ReceptionCitizen, ReceptionSession, SessionStatus

TITLE = "SỔ TIẾP CÔNG DÂN"
FORM_NAME = "Mẫu 03/TCD"
FORM_COLUMNS: tuple[str, ...] = (
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "CCCD/CMND/Hộ chiếu",
    "Nội dung đơn",
    "Loại đơn (KN/TC/KN/PA)",
    "Số người cùng nội dung",
    "Cơ quan đã giải quyết",
    "Thuộc thẩm quyền (x)",
    "Hướng dẫn công dân đến cơ quan có thẩm quyền",
    "Cơ quan, đơn vị thụ lý",
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
)
# The form's abbreviations for the kind of matter (khiếu nại, tố cáo, kiến nghị / phản ánh).
KIND_CODES = {
    Kind.COMPLAINT: "KN",
    Kind.DENUNCIATION: "TC",
    Kind.PETITION: "KN/PA",
    Kind.MULTIPLE: "KN, TC, KN/PA",
}
WIDTHS = (6, 11, 28, 15, 45, 9, 9, 22, 9, 22, 22, 26, 26)
MAX_CELL = 2000


@dataclass
class RegisterRow:
    """One line of the register, as a given reader may see it."""

    case: ReceptionCase
    cells: list[Any]
    masked: bool


def _place(citizen: ReceptionCitizen) -> str:
    """The current ward and province when the address as said does not already name them."""
    units = [u for u in (citizen.ward, citizen.province) if u is not None]
    if not units or all(fold(u.name) in fold(citizen.address) for u in units):
        return ""
    return ", ".join(u.name for u in units)


def _person_line(citizen: ReceptionCitizen) -> str:
    place = _place(citizen)
    address = citizen.address + (f" ({place})" if place else "")
    return ", ".join(p for p in (citizen.full_name, address) if p)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _people_cells(case: ReceptionCase, masked: bool) -> tuple[str, str]:
    people = queries.citizens_of(case)
    if masked:
        mark = str(identity.PROTECTED)
        return mark, mark
    names = "; ".join(_person_line(p) for p in people)
    if case.is_crowd:
        names = _("Group of %(n)s people; representatives: %(names)s") % {
            "n": case.headcount,
            "names": names,
        }
    numbers = "; ".join(p.id_number for p in people if p.id_number)
    return names, numbers


def _follow_up(case: ReceptionCase) -> str:
    lines = [case.follow_up] if case.follow_up else []
    for petition in case.petitions.all():
        lines.append(
            _("Letter %(code)s: %(status)s")
            % {"code": petition.code, "status": petition.get_status_display()}
        )
    return "\n".join(lines)


def _notes(case: ReceptionCase) -> str:
    lines = [case.get_outcome_display()]
    if case.outcome == Outcome.REFUSED and case.refusal_ground is not None:
        lines.append(f"{case.refusal_ground.name} ({case.refusal_ground.legal_basis})")
    if case.outcome_detail:
        lines.append(case.outcome_detail)
    if case.instructions:
        leader = case.instructing_leader.get_full_name() if case.instructing_leader else ""
        label = _("Instructions of %(name)s") % {"name": leader} if leader else _("Instructions")
        lines.append(f"{label}: {case.instructions}")
    if case.note:
        lines.append(case.note)
    return "\n".join(lines)


def register_row(case: ReceptionCase, number: int, *, reveal: bool = False) -> RegisterRow:
    masked = case.is_identity_protected and not reveal

    def text(value: str) -> str:
        return _cut(queries.shown_text(case, value, revealed=not masked))

    names, numbers = _people_cells(case, masked)
    content = case.content
    if case.citizen_request:
        content = f"{content}\n{_('Request')}: {case.citizen_request}"
    handled = ", ".join(
        p
        for p in (
            case.previously_handled_by.name if case.previously_handled_by else "",
            case.previous_handling,
        )
        if p
    )
    cells: list[Any] = [
        number,
        case.session.date,
        names,
        numbers,
        text(content),
        KIND_CODES.get(Kind(case.kind), "") if case.kind else "",
        case.headcount,
        text(handled),
        "x" if case.competence == Competence.WITHIN else "",
        case.guided_to.name if case.guided_to else "",
        case.accepting_agency.name if case.accepting_agency else "",
        text(_follow_up(case)),
        text(_notes(case)),
    ]
    return RegisterRow(case=case, cells=cells, masked=masked)


def register_rows(
    cases: Iterable[ReceptionCase], *, reveal: bool = False, start: int = 1
) -> Iterator[RegisterRow]:
    for number, case in enumerate(cases, start=start):
        yield register_row(case, number, reveal=reveal)


def _stamp() -> str:
    return _("Exported on %(date)s") % {"date": f"{timezone.localdate():%d/%m/%Y}"}


def register_xlsx(cases: Iterable[ReceptionCase], *, period: str, reveal: bool = False) -> bytes:
    """The register of CASES (a queryset from queries.register) as .xlsx bytes."""
    kinds = {0: "integer", 1: "date", 3: "text", 6: "integer"}
    columns = [
        Column(header, width=width, kind=kinds.get(index))  # type: ignore[arg-type]
        for index, (header, width) in enumerate(zip(FORM_COLUMNS, WIDTHS, strict=True))
    ]
    subtitle = " · ".join(p for p in (settings.OFFICE_NAME, period, _stamp()) if p)
    return render_xlsx(
        TITLE,
        columns,
        (row.cells for row in register_rows(cases, reveal=reveal)),
        subtitle=subtitle,
        sheet_name=TITLE.capitalize(),
    )


# ------------------------------------------------------------------------- Word

# Landscape A4 with the margins of Phụ lục I (NĐ 30/2020): 297 − 30 − 15 = 252 mm of text.
LANDSCAPE_TEXT_WIDTH_MM = 252


def _cell_text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _register_table(document: Any, rows: list[RegisterRow]) -> Any:
    table = document.add_table(rows=2, cols=len(FORM_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(WIDTHS)
    widths = [Mm(LANDSCAPE_TEXT_WIDTH_MM * w / total) for w in WIDTHS]
    for index, header in enumerate(FORM_COLUMNS):
        write_table_cell(table.rows[0].cells[index], header, bold=True, centre=True)
        # The form numbers its columns (1)…(13) under the headings.
        write_table_cell(table.rows[1].cells[index], f"({index + 1})", centre=True)
    repeat_table_header(table.rows[0])
    repeat_table_header(table.rows[1])
    centred = {0, 1, 5, 6, 8}
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row.cells):
            write_table_cell(cells[index], _cell_text(value), centre=index in centred)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def register_docx(
    cases: Iterable[ReceptionCase],
    *,
    period: str,
    prepared_by: str,
    reveal: bool = False,
    today: datetime.date | None = None,
) -> bytes:
    """The register as a printable Word file in the Nghị định 30/2020 layout."""
    rows = list(register_rows(cases, reveal=reveal))
    people = sum(r.case.headcount for r in rows)
    groups = sum(1 for r in rows if r.case.is_crowd)
    summary = (
        _("In all: %(cases)s cases, %(people)s people; %(groups)s groups.")
        % {"cases": len(rows), "people": people, "groups": groups}
        if rows
        else _("No case in this period.")
    )
    letter = OfficialDocument(
        governing_body=settings.OFFICE_PARENT_NAME,
        issuing_body=settings.OFFICE_NAME,
        symbol="",
        place=settings.OFFICE_PLACE_NAME,
        summary=period or FORM_NAME,
        body_paragraphs=[summary],
        signer_position=_("Prepared by"),
        signer_name=prepared_by,
        issued_on=today or timezone.localdate(),
        doc_type_name=TITLE,
    )
    document = Document(io.BytesIO(render_official_document(letter)))
    register_layout(document)
    table = _register_table(document, rows)
    # After the summary paragraph, before the signature block.
    anchor = next(p for p in reversed(document.paragraphs) if p.text == summary)
    anchor._p.addnext(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------- iCalendar

ICS_CONTENT_TYPE = icalendar.CONTENT_TYPE


def _summary(session: ReceptionSession) -> str:
    hosts = ", ".join(session.host_names())
    title = _("Citizen reception (%(kind)s)") % {"kind": session.get_kind_display().lower()}
    return f"{title} — {hosts}" if hosts else title


def _description(session: ReceptionSession) -> str:
    lines = [
        f"{_('Presided by')}: {session.get_host_body_display()}",
        f"{_('Method')}: {session.get_method_display()}",
    ]
    if session.online_details:
        connection_label = _("Connection")
        lines.append(f"{connection_label}: {session.online_details}")
    if session.status == SessionStatus.CANCELLED:
        lines.append(f"{_('Cancelled')}: {session.cancelled_reason}")
    return "\n".join(lines)


def _entry(session: ReceptionSession, *, base_url: str) -> icalendar.Entry:
    return icalendar.Entry(
        uid=f"reception-session-{session.pk}@dannguyen-{settings.OFFICE_PROVINCE_CODE}",
        modified_at=session.updated_at,
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_summary(session),
        location=session.place,
        description=_description(session),
        cancelled=session.status == SessionStatus.CANCELLED,
        url=f"{base_url}{session.get_absolute_url()}" if base_url else "",
    )


def calendar_ics(sessions: Iterable[ReceptionSession], *, name: str, base_url: str = "") -> bytes:
    """An iCalendar (RFC 5545) file of SESSIONS, in Vietnam's time zone."""
    return icalendar.calendar(
        (_entry(session, base_url=base_url) for session in sessions),
        name=name,
        product="Tiep cong dan",
    )
