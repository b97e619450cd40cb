"""The synthesis report (báo cáo tổng hợp ý kiến, kiến nghị của cử tri) as Word, in the
Nghị định 30/2020 layout, generated from the data (domain.md §3.6):

I. Khái quát: meetings of the round, voters attending, opinions raised, by method and kind;
II. (central audience) petitions within central competence, by field then by agency;
III. (local audience) petitions within provincial and commune competence, by agency;
IV. what came of the previous session's petitions (the three kinds of Art 49(2));
V. the proposals written by staff;
Phụ lục: each petition with the communes where it was raised and how many times.

Phụ lục 1 (results of the answers by agency) is an Excel table.

Each petition says how many opinions it gathers, where, and whether it was raised at an
earlier session (the matching's repeats).
"""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import docx
from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _
from docx.shared import Mm

from dannguyen.lib.documents import (
    Column,
    OfficialDocument,
    register_layout,
    render_official_document,
    render_xlsx,
    repeat_table_header,
    write_table_cell,
)

from .models import (
    Answer,
    AnswerResult,
    Audience,
    Body,
    Competence,
    Meeting,
    Method,
    Opinion,
    OpinionKind,
    RepeatLink,
    Session,
    SynthesisReport,
    Timing,
    VoterPetition,
)

REPORT_TYPE = "BÁO CÁO"
LEVELS = {
    Audience.CENTRAL: (Competence.CENTRAL,),
    Audience.LOCAL: (Competence.PROVINCIAL, Competence.COMMUNE),
}


@dataclass
class Item:
    petition: VoterPetition
    communes: list[str]
    repetitions: int
    earlier: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"- {self.petition.title}"
        where = ", ".join(self.communes)
        details = [
            _("raised %(n)s time(s)") % {"n": self.repetitions},
        ]
        if where:
            details.append(where)
        if self.earlier:
            details.append(_("also raised at %(sessions)s") % {"sessions": "; ".join(self.earlier)})
        return f"{text} ({'; '.join(details)})."


@dataclass
class Content:
    meetings: int
    voters: int
    opinions: int
    sent_to_intake: int
    by_method: dict[str, int]
    items: list[Item]
    previous: Previous | None = None


@dataclass
class Previous:
    """Section IV: what came of the previous session's petitions, by the three kinds of
    NQLT 72 Art 49(2) (each petition counted by its latest answer)."""

    session: Session
    petitions: int
    by_result: dict[str, int]
    unanswered: int


def previous_results(report: SynthesisReport) -> Previous | None:
    session = report.session
    earlier = (
        Session.objects.filter(
            body=session.body, commune=session.commune, opens_on__lt=session.opens_on
        )
        .order_by("-opens_on", "-id")
        .first()
    )
    if earlier is None:
        return None
    petitions = VoterPetition.objects.filter(
        session=earlier, competence__in=LEVELS[Audience(report.audience)]
    )
    latest: dict[int, str] = {}
    for petition_id, result in (
        Answer.objects.filter(petition__in=petitions)
        .order_by("petition_id", "dated", "id")
        .values_list("petition_id", "result")
    ):
        latest[petition_id] = result
    counted = Counter(latest.values())
    total = petitions.count()
    return Previous(
        session=earlier,
        petitions=total,
        by_result={str(r.label): counted.get(r.value, 0) for r in AnswerResult},
        unanswered=total - len(latest),
    )


def content(report: SynthesisReport) -> Content:
    """What the report says, in a fixed number of queries."""
    meetings = Meeting.objects.filter(session=report.session, timing=report.timing)
    voters = meetings.aggregate(total=Sum("voter_count"))["total"] or 0
    by_method = Counter(meetings.values_list("method", flat=True))
    opinions = Opinion.objects.filter(meeting__in=meetings)
    petitions = (
        VoterPetition.objects.filter(
            session=report.session,
            competence__in=LEVELS[Audience(report.audience)],
            opinions__meeting__in=meetings,
        )
        .distinct()
        .select_related("field", "agency")
        .prefetch_related(
            Prefetch(
                "opinions",
                queryset=Opinion.objects.select_related("commune", "meeting__commune"),
            ),
            Prefetch("repeats", queryset=RepeatLink.objects.select_related("earlier__session")),
        )
        .order_by("field__code", "agency__name", "id")
    )
    items = []
    for petition in petitions:
        raised = list(petition.opinions.all())
        places = sorted(
            {u.name for o in raised if (u := o.commune or o.meeting.commune) is not None}
        )
        items.append(
            Item(
                petition=petition,
                communes=places,
                repetitions=len(raised),
                earlier=sorted({str(r.earlier.session) for r in petition.repeats.all()}),
            )
        )
    return Content(
        meetings=meetings.count(),
        voters=voters,
        opinions=opinions.count(),
        sent_to_intake=opinions.exclude(kind=OpinionKind.REQUEST).count(),
        by_method={str(Method(m).label): n for m, n in sorted(by_method.items())},
        items=items,
        previous=previous_results(report),
    )


def _issuer(report: SynthesisReport) -> dict[str, str]:
    return _issuer_of(report.session)


def _issuer_of(session: Session) -> dict[str, str]:
    place = settings.OFFICE_PLACE_NAME
    if session.body == Body.NA:
        return {
            "governing_body": "",
            "issuing_body": f"Đoàn đại biểu Quốc hội tỉnh {place}",
            "signer_authority": "TM. Đoàn đại biểu Quốc hội",
            "signer_position": "Trưởng đoàn",
            "symbol": session.report_symbol,
        }
    return {
        "governing_body": f"Hội đồng nhân dân tỉnh {place}",
        "issuing_body": "Thường trực Hội đồng nhân dân",
        "signer_authority": "TM. Thường trực Hội đồng nhân dân",
        "signer_position": "Chủ tịch",
        "symbol": session.report_symbol,
    }


def _grouped(items: list[Item], audience: str) -> list[str]:
    lines: list[str] = []
    if audience == Audience.CENTRAL:
        by_field: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
        for item in items:
            name = item.petition.field.name if item.petition.field else _("Other fields")
            agency = item.petition.agency.name if item.petition.agency else _("Agency not named")
            by_field[name][agency].append(item)
        for n, (name, agencies) in enumerate(by_field.items(), start=1):
            lines.append(f"{n}. {name}")
            for agency, found in agencies.items():
                lines.append(f"{agency}:")
                lines += [i.line() for i in found]
        return lines
    by_level: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        level = str(Competence(item.petition.competence).label)
        agency = item.petition.agency.name if item.petition.agency else _("Agency not named")
        by_level[level][agency].append(item)
    for n, (level, agencies) in enumerate(by_level.items(), start=1):
        lines.append(f"{n}. {_('Competence')}: {level}")
        for agency, found in agencies.items():
            lines.append(f"{agency}:")
            lines += [i.line() for i in found]
    return lines


def report_docx(report: SynthesisReport) -> bytes:
    issuer = _issuer(report)
    found = content(report)
    session = report.session
    number, _sep, symbol = report.reference.partition("/")
    round_name = (
        _("before the session") if report.timing == Timing.BEFORE else _("after the session")
    )
    body: list[str] = [
        _("I. OVERVIEW"),
        _(
            "In the round of voter contact %(round)s (%(session)s), %(meetings)s meeting(s) "
            "were held with %(voters)s voters attending; %(opinions)s opinion(s) were raised, "
            "of which %(intake)s complaint(s) or denunciation(s) were sent to petition intake "
            "(NQLT 72/2025 Art 37(4))."
        )
        % {
            "round": round_name,
            "session": session,
            "meetings": found.meetings,
            "voters": found.voters,
            "opinions": found.opinions,
            "intake": found.sent_to_intake,
        },
    ]
    if found.by_method:
        body.append(
            _("By method: %(list)s.")
            % {"list": "; ".join(f"{m}: {n}" for m, n in found.by_method.items())}
        )
    body.append(
        _("After merging the same requests raised at several meetings, %(n)s petition(s) remain.")
        % {"n": len(found.items)}
    )
    if report.audience == Audience.CENTRAL:
        body.append(_("II. OPINIONS AND PETITIONS WITHIN CENTRAL COMPETENCE"))
    else:
        body.append(_("III. PETITIONS WITHIN LOCAL COMPETENCE"))
    body += _grouped(found.items, report.audience) or [_("None.")]
    body.append(_("IV. RESULTS OF THE PREVIOUS SESSION'S PETITIONS"))
    previous = found.previous
    if previous is None:
        body.append(_("None."))
    else:
        body.append(
            _(
                "Of the %(n)s petition(s) of %(session)s: %(list)s; %(none)s not answered yet "
                "(NQLT 72/2025 Art 49(2))."
            )
            % {
                "n": previous.petitions,
                "session": previous.session,
                "list": "; ".join(f"{k}: {v}" for k, v in previous.by_result.items()),
                "none": previous.unanswered,
            }
        )
    body.append(_("V. PROPOSALS"))
    body += [line.strip() for line in report.proposals.splitlines() if line.strip()] or [_("None.")]
    body.append(_("APPENDIX: PETITIONS, WHERE AND HOW OFTEN THEY WERE RAISED"))
    body += [f"{n}. {item.line().removeprefix('- ')}" for n, item in enumerate(found.items, 1)]
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=symbol.strip() or issuer["symbol"],
        number=(number.strip() or None) if symbol else None,
        place=settings.OFFICE_PLACE_NAME,
        # The register's date once the report is numbered (sent); a draft has none.
        issued_on=report.letter.issued_on if report.letter_id and report.letter else None,
        doc_type_name=REPORT_TYPE,
        summary=_("Synthesis of voters' opinions and petitions %(round)s, %(session)s")
        % {"round": round_name, "session": session},
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        recipients=[str(Audience(report.audience).label)],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def report_name(report: SynthesisReport) -> str:
    session = report.session
    return (
        f"bao-cao-tong-hop-{session.term}-{session.number}-{report.timing}-{report.audience}.docx"
    )


# ----------------------------------------------------------------------------- Phụ lục 1


@dataclass(frozen=True)
class AgencyResults:
    agency: str
    petitions: int
    answered: int
    resolved: int
    in_progress: int
    explained: int


def appendix_1(session: Session) -> list[AgencyResults]:
    """Phụ lục 1 (domain.md §3.6): per agency, petitions, answered, and the latest answer's
    result (NQLT 72 Art 49(2)), for SESSION's classified petitions — in two queries."""
    petitions = dict(
        VoterPetition.objects.filter(session=session, agency__isnull=False).values_list(
            "pk", "agency__name"
        )
    )
    latest: dict[int, str] = {}
    for petition_id, result in (
        Answer.objects.filter(petition_id__in=petitions)
        .order_by("petition_id", "dated", "id")
        .values_list("petition_id", "result")
    ):
        latest[petition_id] = result
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for pk, agency in petitions.items():
        per[agency]["petitions"] += 1
        if pk in latest:
            per[agency]["answered"] += 1
            per[agency][latest[pk]] += 1
    return [
        AgencyResults(
            agency=name,
            petitions=c["petitions"],
            answered=c["answered"],
            resolved=c[AnswerResult.RESOLVED],
            in_progress=c[AnswerResult.IN_PROGRESS],
            explained=c[AnswerResult.EXPLAINED],
        )
        for name, c in sorted(per.items())
    ]


def appendix_1_xlsx(session: Session) -> bytes:
    rows = appendix_1(session)
    return render_xlsx(
        _("Results of the answers to voters' petitions"),
        [
            Column(_("No."), width=6, kind="integer"),
            Column(_("Agency"), width=40),
            Column(_("Petitions"), kind="integer"),
            Column(_("Answered"), kind="integer"),
            Column(_("Resolved"), kind="integer"),
            Column(_("Being resolved"), kind="integer"),
            Column(_("Explained, information provided"), kind="integer"),
        ],
        [
            (n, r.agency, r.petitions, r.answered, r.resolved, r.in_progress, r.explained)
            for n, r in enumerate(rows, start=1)
        ],
        subtitle=str(session),
        sheet_name=_("Appendix 1"),
    )


# ----------------------------------------------------------------------------- Phụ lục 4, 5

# Landscape A4 with the margins of Phụ lục I (NĐ 30/2020): 297 − 30 − 15 = 252 mm of text.
LANDSCAPE_TEXT_WIDTH_MM = 252


@dataclass(frozen=True)
class CarriedOver:
    """An earlier session's petition not settled when SESSION opened (tồn đọng), and where
    it stands now."""

    petition: VoterPetition
    last: Answer | None
    state: str
    unsatisfactory: bool


def _settled_by(answers: list[Answer], day: datetime.date | None) -> tuple[Answer | None, bool]:
    """The latest answer received before DAY (all when None) and whether it was settled."""
    from . import workflow  # noqa: PLC0415 -- workflow imports this app's exports' peers

    known = [a for a in answers if day is None or a.received_on < day]
    last = known[-1] if known else None
    evaluation = None
    if last is not None:
        evaluations = [e for e in last.evaluations.all() if day is None or e.evaluated_on < day]
        evaluation = max(evaluations, key=lambda e: (e.evaluated_on, e.pk), default=None)
    return last, workflow.answer_state(last, evaluation) == workflow.SETTLED


def carried_over(session: Session) -> list[CarriedOver]:
    """Petitions of the same body's earlier sessions still open on SESSION's opening day, in
    three queries (petitions, answers, evaluations)."""
    from . import workflow  # noqa: PLC0415 -- workflow imports this app's exports' peers
    from .queries import EVALUATED_ANSWERS  # noqa: PLC0415 -- queries imports workflow

    earlier = (
        VoterPetition.objects.filter(
            session__body=session.body,
            session__commune=session.commune,
            session__opens_on__lt=session.opens_on,
            status="classified",
        )
        .select_related("session", "agency")
        .prefetch_related(Prefetch("answers", queryset=EVALUATED_ANSWERS))
        .order_by("session__opens_on", "id")
    )
    found = []
    for petition in earlier:
        answers = list(petition.answers.all())
        _then, settled_then = _settled_by(answers, session.opens_on)
        if settled_then:
            continue
        last = answers[-1] if answers else None
        evaluation = workflow.latest_evaluation(last) if last is not None else None
        unsatisfactory = evaluation is not None and evaluation.verdict == "unsatisfactory"
        state = "unanswered" if last is None else last.result
        found.append(CarriedOver(petition, last, state, unsatisfactory))
    return found


def _table_docx(
    session: Session, title: str, headers: list[str], widths: list[int], rows: list[list[str]]
) -> bytes:
    issuer = _issuer_of(session)
    summary = str(session)
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol="",
        place=settings.OFFICE_PLACE_NAME,
        summary=summary,
        body_paragraphs=[title],
        signer_position=issuer["signer_position"],
        signer_authority=issuer["signer_authority"],
        signer_name="",
        doc_type_name=_("APPENDIX"),
    )
    document = docx.Document(io.BytesIO(render_official_document(doc)))
    register_layout(document)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for index, header in enumerate(headers):
        write_table_cell(table.rows[0].cells[index], header, bold=True, centre=True)
    repeat_table_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            write_table_cell(cells[index], value, centre=index == 0)
    total = sum(widths)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(LANDSCAPE_TEXT_WIDTH_MM * width / total)
    anchor = next(p for p in reversed(document.paragraphs) if p.text == title)
    anchor._p.addnext(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def appendix_4_rows(session: Session) -> list[list[str]]:
    """Phụ lục 4: per agency, the carried-over petitions and what came of them since."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for item in carried_over(session):
        name = item.petition.agency.name if item.petition.agency else _("Agency not named")
        per[name]["total"] += 1
        per[name][item.state] += 1
        if item.unsatisfactory:
            per[name]["unsatisfactory"] += 1
    rows = []
    for n, (name, c) in enumerate(sorted(per.items()), start=1):
        rows.append(
            [
                str(n),
                name,
                str(c["total"]),
                str(c[AnswerResult.RESOLVED]),
                str(c[AnswerResult.IN_PROGRESS]),
                str(c[AnswerResult.EXPLAINED]),
                str(c["unanswered"]),
                str(c["unsatisfactory"]),
            ]
        )
    return rows


def appendix_4_docx(session: Session) -> bytes:
    return _table_docx(
        session,
        _("Appendix 4. Results for petitions carried over several sessions"),
        [
            _("No."),
            _("Agency"),
            _("Carried over"),
            _("Resolved"),
            _("Being resolved"),
            _("Explained, information provided"),
            _("Not answered"),
            _("Found unsatisfactory"),
        ],
        [6, 40, 12, 12, 12, 14, 12, 14],
        appendix_4_rows(session),
    )


def appendix_5_rows(session: Session) -> list[list[str]]:
    """Phụ lục 5 / 5b: the carried-over petitions still open, and those being resolved."""
    rows = []
    n = 0
    for item in carried_over(session):
        if (
            item.state in (AnswerResult.RESOLVED, AnswerResult.EXPLAINED)
            and not item.unsatisfactory
        ):
            continue
        n += 1
        last = item.last
        if last is None:
            where = _("Not answered")
        else:
            where = f"{last.reference} ({last.dated:%d/%m/%Y}): {last.get_result_display()}"
            if last.promised_on:
                where += " — " + _("promised for %(day)s") % {"day": f"{last.promised_on:%d/%m/%Y}"}
            if item.unsatisfactory:
                where += " — " + _("found unsatisfactory")
        rows.append(
            [
                str(n),
                item.petition.title,
                str(item.petition.session),
                item.petition.agency.name if item.petition.agency else "",
                where,
                (last.roadmap if last is not None else "") or "",
            ]
        )
    return rows


def appendix_5_docx(session: Session) -> bytes:
    return _table_docx(
        session,
        _("Appendix 5. Petitions carried over several sessions, and those being resolved"),
        [
            _("No."),
            _("Petition"),
            _("Raised at"),
            _("Agency"),
            _("Latest answer"),
            _("Roadmap"),
        ],
        [6, 70, 30, 30, 50, 40],
        appendix_5_rows(session),
    )


# ----------------------------------------------------------------------------- back to voters


def commune_docx(
    session: Session, commune: Any, items: list[tuple[VoterPetition, list[Opinion]]]
) -> bytes:
    """What the voters of COMMUNE raised in SESSION and the agencies' answers, for the next
    meeting (NQLT 72 Art 49(3)), in the NĐ 30/2020 layout."""
    issuer = _issuer_of(session)
    body: list[str] = [
        _(
            "The delegation informs the voters of %(commune)s of the answers of the competent "
            "agencies to the petitions they raised at the meetings of %(session)s."
        )
        % {"commune": commune.name, "session": session}
    ]
    for n, (petition, raised) in enumerate(items, start=1):
        days = "; ".join(f"{o.meeting.held_on:%d/%m/%Y}" for o in raised)
        body.append(f"{n}. {petition.title} ({_('raised on %(days)s') % {'days': days}})")
        answers = list(petition.answers.all())
        if not answers:
            body.append(_("No answer yet."))
        for a in answers:
            line = f"{a.agency.name}, {a.reference} ({a.dated:%d/%m/%Y}): {a.get_result_display()}"
            if a.promised_on:
                line += " — " + _("promised for %(day)s") % {"day": f"{a.promised_on:%d/%m/%Y}"}
            body.append(line + ".")
            if a.text:
                body += [t.strip() for t in a.text.splitlines() if t.strip()]
    if not items:
        body.append(_("The voters of this commune raised nothing at this session's meetings."))
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=issuer["symbol"].replace("BC-", "TB-"),
        place=settings.OFFICE_PLACE_NAME,
        summary=_("Answers to the petitions of the voters of %(commune)s")
        % {"commune": commune.name},
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        doc_type_name="THÔNG BÁO",
        recipients=[_("Fatherland Front Committee of %(commune)s") % {"commune": commune.name}],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)
