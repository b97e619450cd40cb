"""Word documents of a supervision, in the Nghị định 30/2020 layout, generated from the data:

* the plan (kế hoạch giám sát);
* the request for a report sent to an agency (công văn đề nghị báo cáo);
* the supervision report (báo cáo kết quả giám sát).

Petitions appear by their register code, kind, status and summary as
`petitions.queries.shown_content` gives it: a protected denouncer's name, number, phone and
street are redacted, and no petitioner's identity is ever printed here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.lib.documents import OfficialDocument, render_official_document
from dannguyen.petitions import queries as petition_queries
from dannguyen.petitions.models import Petition

from . import queries
from .models import IssuingBody, ReportRequest, SupervisedAgency, SupervisionPlan

# Tên loại (NĐ 30/2020 Phụ lục III): fixed names of the document types.
PLAN_TYPE = "KẾ HOẠCH"
REPORT_TYPE = "BÁO CÁO"
SYMBOLS = {
    IssuingBody.NA_DELEGATION: ("KH-ĐĐBQH", "BC-ĐĐBQH", "ĐĐBQH"),
    IssuingBody.COUNCIL_STANDING: ("KH-TTHĐND", "BC-TTHĐND", "TTHĐND"),
}


def _issuer(plan: SupervisionPlan) -> dict[str, str]:
    place = settings.OFFICE_PLACE_NAME
    if plan.issuing_body == IssuingBody.COUNCIL_STANDING:
        return {
            "governing_body": f"Hội đồng nhân dân tỉnh {place}",
            "issuing_body": "Thường trực Hội đồng nhân dân",
            "signer_authority": "TM. Thường trực Hội đồng nhân dân",
            "signer_position": "Chủ tịch",
        }
    return {
        "governing_body": "",
        "issuing_body": f"Đoàn đại biểu Quốc hội tỉnh {place}",
        "signer_authority": "TM. Đoàn đại biểu Quốc hội",
        "signer_position": "Trưởng đoàn",
    }


def _split_number(text: str, default_symbol: str) -> tuple[str | None, str]:
    """ "12/KH-ĐĐBQH" → ("12", "KH-ĐĐBQH"); nothing typed → a draft's number."""
    number, _sep, symbol = text.strip().partition("/")
    if not number:
        return None, default_symbol
    return number, symbol or default_symbol


def _d(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def petition_line(petition: Petition) -> str:
    """Code, kind, status and the summary with protected identities redacted."""
    summary, content = petition_queries.shown_content(petition)
    text = (summary or content).replace("\n", " ")[:400]
    kind = petition.get_kind_display() if petition.kind else _("not classified")
    return f"- {petition.code} ({kind}; {petition.get_status_display()}): {text}"


def _team_lines(plan: SupervisionPlan) -> list[str]:
    lines = []
    if plan.head:
        lines.append(_("Head of the team: %(name)s.") % {"name": plan.head.get_full_name()})
    members = [m.get_full_name() for m in plan.members.all() if m.pk != plan.head_id]
    if members:
        lines.append(_("Members: %(names)s.") % {"names": ", ".join(members)})
    if plan.guest_members:
        lines.append(_("Also taking part: %(names)s.") % {"names": plan.guest_members})
    return lines


def _agencies(plan: SupervisionPlan) -> list[SupervisedAgency]:
    return list(plan.supervised_agencies.all())


def plan_docx(plan: SupervisionPlan) -> bytes:
    issuer = _issuer(plan)
    number, symbol = _split_number(plan.number, SYMBOLS[IssuingBody(plan.issuing_body)][0])
    body = [*_lines(plan.legal_basis)]
    body.append(_("I. SCOPE AND CONTENT"))
    body += _lines(plan.scope)
    body.append(
        _("Period supervised: from %(a)s to %(b)s.")
        % {"a": _d(plan.period_from), "b": _d(plan.period_to)}
    )
    body.append(_("II. AGENCIES SUPERVISED"))
    body += [f"- {s.agency.name}" for s in _agencies(plan)]
    petitions = list(plan.petitions.all())
    if petitions:
        body.append(_("III. PETITIONS SUPERVISED"))
        body += [petition_line(p) for p in petitions]
    body.append(_("IV. SCHEDULE"))
    body.append(
        _(
            "From %(a)s to %(b)s: requests for reports, working sessions with the agencies, then "
            "the supervision report."
        )
        % {"a": _d(plan.starts_on), "b": _d(plan.ends_on)}
    )
    body.append(_("V. SUPERVISION TEAM"))
    body += _team_lines(plan)
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=symbol,
        number=number,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=timezone.localdate(plan.approved_at) if plan.approved_at and number else None,
        doc_type_name=PLAN_TYPE,
        summary=plan.title,
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        recipients=[s.agency.name for s in _agencies(plan)],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def request_docx(request: ReportRequest) -> bytes:
    supervised = request.supervised
    plan = supervised.plan
    issuer = _issuer(plan)
    number, symbol = _split_number(request.reference, SYMBOLS[IssuingBody(plan.issuing_body)][2])
    body = [
        _(
            "Carrying out supervision plan %(plan)s (%(title)s), for the period from %(a)s to "
            "%(b)s, we ask %(agency)s to report on the resolution of complaints and "
            "denunciations within its competence."
        )
        % {
            "plan": plan.number or _("(not yet numbered)"),
            "title": plan.title,
            "a": _d(plan.period_from),
            "b": _d(plan.period_to),
            "agency": supervised.agency.name,
        }
    ]
    body += _lines(request.content)
    mine = [p for p in plan.petitions.all() if p.competent_agency_id == supervised.agency_id]
    if mine:
        body.append(_("In particular, report on the following petitions:"))
        body += [petition_line(p) for p in mine]
    body.append(_("The report is to reach us by %(date)s.") % {"date": _d(request.due_on)})
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=symbol,
        number=number,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=request.sent_on if number else None,
        summary=_("report on the resolution of complaints and denunciations"),
        addressees=[supervised.agency.name],
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        recipients=[_("As above")],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def report_docx(plan: SupervisionPlan, *, today: datetime.date | None = None) -> bytes:
    """The báo cáo kết quả giám sát: everything recorded under PLAN, in order."""
    today = today or timezone.localdate()
    issuer = _issuer(plan)
    number, symbol = _split_number(plan.report_number, SYMBOLS[IssuingBody(plan.issuing_body)][1])
    agencies = _agencies(plan)
    calendar = queries.calendar_for([r.sent_on for s in agencies for r in s.requests.all()])
    body = [
        _(
            "Carrying out supervision plan %(plan)s, from %(a)s to %(b)s the team supervised the "
            "resolution of complaints and denunciations in the period from %(c)s to %(d)s."
        )
        % {
            "plan": plan.number or _("(not yet numbered)"),
            "a": _d(plan.starts_on),
            "b": _d(plan.ends_on),
            "c": _d(plan.period_from),
            "d": _d(plan.period_to),
        }
    ]
    body += _team_lines(plan)
    body.append(_("I. HOW THE SUPERVISION WAS CARRIED OUT"))
    for supervised in agencies:
        body.append(f"{supervised.agency.name}:")
        for row in queries.request_rows(supervised, today=today, calendar=calendar):
            body.append(
                _("- Request %(ref)s of %(sent)s, due %(due)s: %(status)s.")
                % {
                    "ref": row.request.reference or "",
                    "sent": _d(row.request.sent_on),
                    "due": _d(row.request.due_on),
                    "status": row.status_label,
                }
            )
        for report in supervised.reports.all():
            body.append(
                _("- Report %(n)s of %(d)s (signed by %(s)s): %(summary)s")
                % {
                    "n": report.number,
                    "d": _d(report.dated),
                    "s": report.signer or "…",
                    "summary": report.summary.replace("\n", " "),
                }
            )
        for session in supervised.sessions.all():
            body.append(
                _("- Working session on %(d)s at %(p)s: %(notes)s")
                % {"d": _d(session.date), "p": session.place, "notes": session.notes}
            )
    petitions = list(plan.petitions.all())
    body.append(_("II. PETITIONS SUPERVISED"))
    body += [petition_line(p) for p in petitions] or [_("No individual petition.")]
    body.append(_("III. FINDINGS"))
    for finding in plan.findings.all():
        prefix = f"{finding.agency.name}: " if finding.agency else ""
        body += [f"- {prefix}{line}" for line in _lines(finding.text)]
    body.append(_("IV. RECOMMENDATIONS"))
    for item in plan.recommendations.all():
        body.append(
            _("- To %(agency)s: %(text)s (due %(due)s; %(status)s).")
            % {
                "agency": item.agency.name,
                "text": item.text.replace("\n", " "),
                "due": _d(item.due_on),
                "status": item.get_status_display(),
            }
        )
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=symbol,
        number=number,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=plan.reported_on if number else None,
        doc_type_name=REPORT_TYPE,
        summary=_("Results of the supervision: %(title)s") % {"title": plan.title},
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        recipients=[s.agency.name for s in agencies],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def filename(prefix: str, plan: SupervisionPlan, suffix: Any = "") -> str:
    tail = f"-{suffix}" if suffix else ""
    return f"{prefix}-{plan.pk}{tail}.docx"
