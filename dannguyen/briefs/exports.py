"""The brief as a Word document in the Nghị định 30/2020 layout, issued by the office:
title, recipient, summary, the legal documents with their trích yếu and status, the
letters' statistics as tables, the voters' petitions with where they were raised and the
answers received, and the notes.

The statistics are the brief's stored snapshot (frozen when it was compiled) and the
documents' status is read for the day it was delivered (else compiled), so a delivered
brief downloaded again later says what it said on the day.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from dannguyen.lib.documents import OfficialDocument, render_official_document
from dannguyen.petitions.queries import Tally, TopicStatistics

from . import queries
from .models import Brief

DOC_TYPE_NAME = "Thông tin chuyên đề"
SYMBOL = "TTCĐ-TTDN"
TABLE_FONT_SIZE = 11


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _day(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _filter_description(brief: Brief) -> str:
    parts = []
    fields = [f.name for f in brief.statistics_fields.all()]
    if fields:
        parts.append(_("fields: %(names)s") % {"names": "; ".join(fields)})
    if brief.statistics_keywords:
        parts.append(_("keywords: %(words)s") % {"words": brief.statistics_keywords})
    if brief.statistics_since or brief.statistics_until:
        parts.append(
            _("received from %(a)s to %(b)s")
            % {"a": _day(brief.statistics_since) or "…", "b": _day(brief.statistics_until) or "…"}
        )
    if brief.statistics_area is not None:
        parts.append(_("area: %(name)s") % {"name": brief.statistics_area.name})
    return "; ".join(parts)


def statistics_tables(found: TopicStatistics) -> list[tuple[str, str, list[Tally]]]:
    """(caption, first column's heading, lines) of each table, empty tables left out."""
    tables = [
        (_("Table %(n)s. Letters by kind"), _("Kind"), found.by_kind),
        (_("Table %(n)s. Letters by status"), _("Status"), found.by_status),
        (_("Table %(n)s. Letters by competent agency"), _("Agency"), found.by_agency),
        (_("Table %(n)s. Letters by month of receipt"), _("Month"), found.by_month),
    ]
    kept = [(caption, head, rows) for caption, head, rows in tables if rows]
    return [(caption % {"n": i}, head, rows) for i, (caption, head, rows) in enumerate(kept, 1)]


def _body(brief: Brief, *, today: datetime.date) -> tuple[list[str], list[Any]]:
    """The paragraphs, and the tables to put after their captions."""
    body: list[str] = [
        _("For: %(recipient)s (%(kind)s).")
        % {"recipient": brief.recipient_name, "kind": brief.get_recipient_kind_display()},
        _("Requested on %(on)s; topic: %(topic)s")
        % {"on": _day(brief.requested_on), "topic": " ".join(_lines(brief.topic))},
    ]
    body.append(_("I. SUMMARY"))
    body += _lines(brief.summary) or [_("(No summary.)")]

    body.append(_("II. LEGAL DOCUMENTS"))
    lines = queries.document_lines(brief, as_of=queries.status_date(brief, today))
    for i, line in enumerate(lines, 1):
        chosen = line.chosen
        document = chosen.document
        text = f"{i}. {document.number_raw + ' — ' if document.number_raw else ''}{document.title}"
        if chosen.provision is not None:
            text += f" ({chosen.provision})"
        text += "; " + _("status: %(status)s.") % {"status": line.status_label}
        body.append(text)
        if chosen.note:
            body.append(chosen.note)
    if not lines:
        body.append(_("(No legal document chosen.)"))

    body.append(_("III. STATISTICS OF THE LETTERS ON THE TOPIC"))
    found = queries.statistics(brief)
    tables: list[Any] = []
    if found is None:
        body.append(_("(No statistics computed.)"))
    else:
        description = _filter_description(brief)
        if description:
            body.append(_("Letters counted: %(what)s.") % {"what": description})
        body.append(
            _("In all: %(total)s letters, %(overdue)s of them past a time limit on %(on)s.")
            % {"total": found.total, "overdue": found.overdue, "on": _day(found.computed_on)}
        )
        for caption, head, rows in statistics_tables(found):
            body.append(caption)
            tables.append((caption, head, rows))

    body.append(_("IV. VOTERS' PETITIONS"))
    links = list(brief.petition_links.all())
    for i, link in enumerate(links, 1):
        petition = link.petition
        body.append(f"{i}. {petition.title} ({petition.session})")
        raised = queries.where_raised(petition)
        if raised:
            body.append(_("Raised at: %(places)s.") % {"places": "; ".join(raised)})
        answers = list(petition.answers.all())
        for answer in answers:
            text = _("Answer of %(agency)s (%(reference)s, %(dated)s): %(result)s.") % {
                "agency": answer.agency.name,
                "reference": answer.reference,
                "dated": _day(answer.dated),
                "result": answer.get_result_display(),
            }
            body.append(f"{text} {' '.join(_lines(answer.text))}".strip())
        if not answers:
            body.append(_("No answer received yet."))
        if link.note:
            body.append(link.note)
    if not links:
        body.append(_("(No voters' petition chosen.)"))

    body.append(_("V. NOTES"))
    sections = list(brief.sections.all())
    for i, section in enumerate(sections, 1):
        body.append(f"{i}. {section.heading}")
        body += _lines(section.text)
    if not sections:
        body.append(_("(No notes.)"))
    return body, tables


def _write_cell(cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(TABLE_FONT_SIZE)
    run.font.bold = bold or None


def _repeat_header(row: Any) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _table(document: Any, head: str, rows: list[Tally]) -> Any:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("STT", head, _("Letters")), strict=True):
        _write_cell(cell, text, bold=True)
    _repeat_header(table.rows[0])
    for i, tally in enumerate(rows, 1):
        cells = table.add_row().cells
        _write_cell(cells[0], str(i), right=True)
        _write_cell(cells[1], tally.label)
        _write_cell(cells[2], f"{tally.count:,}".replace(",", "."), right=True)
    cells = table.add_row().cells
    _write_cell(cells[1], _("Total"), bold=True)
    total = sum(t.count for t in rows)
    _write_cell(cells[2], f"{total:,}".replace(",", "."), bold=True, right=True)
    return table


def brief_docx(brief: Brief, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    body, tables = _body(brief, today=today)
    issued = brief.delivered_on or (
        timezone.localtime(brief.compiled_at).date() if brief.compiled_at else None
    )
    letter = OfficialDocument(
        governing_body=settings.OFFICE_PARENT_NAME,
        issuing_body=settings.OFFICE_NAME,
        symbol=SYMBOL,
        place=settings.OFFICE_PLACE_NAME,
        summary=brief.title,
        body_paragraphs=body,
        signer_position=_("Compiled by"),
        signer_name=brief.owner.get_full_name() if brief.owner else "",
        issued_on=issued,
        doc_type_name=DOC_TYPE_NAME,
        recipients=[brief.recipient_name],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    document = Document(io.BytesIO(render_official_document(letter)))
    paragraphs = document.paragraphs
    for caption, head, rows in tables:
        anchor = next(p for p in paragraphs if p.text == caption)
        anchor._p.addnext(_table(document, head, rows)._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
