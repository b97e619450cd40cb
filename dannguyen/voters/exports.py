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

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _

from dannguyen.lib.documents import (
    Column,
    OfficialDocument,
    render_official_document,
    render_xlsx,
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
    place = settings.OFFICE_PLACE_NAME
    if report.session.body == Body.NA:
        return {
            "governing_body": "",
            "issuing_body": f"Đoàn đại biểu Quốc hội tỉnh {place}",
            "signer_authority": "TM. Đoàn đại biểu Quốc hội",
            "signer_position": "Trưởng đoàn",
            "symbol": "BC-ĐĐBQH",
        }
    return {
        "governing_body": f"Hội đồng nhân dân tỉnh {place}",
        "issuing_body": "Thường trực Hội đồng nhân dân",
        "signer_authority": "TM. Thường trực Hội đồng nhân dân",
        "signer_position": "Chủ tịch",
        "symbol": "BC-TTHĐND",
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
