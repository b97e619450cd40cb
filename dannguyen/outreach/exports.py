"""The programme's report (báo cáo kết quả thăm hỏi, tặng quà) as Word in the Nghị định
30/2020 layout, and its list of households as Excel (the list signed for on the day).
Households' phone numbers go to the Excel list only: the report is sent outside the office."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from dannguyen.lib.documents import Column, OfficialDocument, render_official_document, render_xlsx

from . import queries
from .models import LeadBody, Programme

REPORT_TYPE = "BÁO CÁO"
SYMBOLS = {LeadBody.NA_DELEGATION: "BC-ĐĐBQH", LeadBody.COUNCIL_STANDING: "BC-TTHĐND"}


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def _d(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _issuer(programme: Programme) -> dict[str, str]:
    place = settings.OFFICE_PLACE_NAME
    if programme.lead_body == LeadBody.COUNCIL_STANDING:
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
    number, _sep, symbol = text.strip().partition("/")
    if not number:
        return None, default_symbol
    return number, symbol or default_symbol


def report_docx(programme: Programme) -> bytes:
    """Expects `queries.programme_detail` prefetches."""
    issuer = _issuer(programme)
    number, symbol = _split_number(programme.report_number, SYMBOLS[LeadBody(programme.lead_body)])
    money = queries.money_summary(programme)
    households = list(programme.beneficiaries.all())
    body = [
        _(
            "From %(a)s to %(b)s, on the occasion of %(occasion)s, the delegation visited and gave "
            "gifts to %(n)s households."
        )
        % {
            "a": _d(programme.starts_on),
            "b": _d(programme.ends_on),
            "occasion": programme.get_occasion_display(),
            "n": len(households),
        },
    ]
    body += [line.strip() for line in programme.description.splitlines() if line.strip()]
    body.append(_("I. MEMBERS OF THE DELEGATION"))
    leaders = [u.get_full_name() for u in programme.leaders.all()]
    if leaders:
        body.append(_("Led by: %(names)s.") % {"names": ", ".join(leaders)})
    others = [u.get_full_name() for u in programme.participants.all()]
    if others:
        body.append(_("Taking part: %(names)s.") % {"names": ", ".join(others)})
    if programme.guest_participants:
        body.append(_("Also taking part: %(names)s.") % {"names": programme.guest_participants})
    body.append(_("II. BUDGET AND ITS SOURCES"))
    body += [f"- {s.name}: {_vnd(s.amount)}" for s in programme.sources.all()]
    body.append(_("Total budget: %(amount)s.") % {"amount": _vnd(money["budget"])})
    body.append(_("III. RESULTS"))
    body.append(
        _("Money given: %(money)s; goods given, valued at %(goods)s; in all %(total)s.")
        % {
            "money": _vnd(money["money"]),
            "goods": _vnd(money["goods"]),
            "total": _vnd(money["given"]),
        }
    )
    body.append(_("By commune:"))
    for row in queries.totals_by_commune(programme):
        body.append(
            _("- %(name)s: %(n)s households, %(total)s.")
            % {
                "name": row["commune__name"],
                "n": row["households"],
                "total": _vnd(row["money"] + row["goods"]),
            }
        )
    body.append(_("By category:"))
    for row in queries.totals_by_category(programme):
        body.append(
            _("- %(name)s: %(n)s households, %(total)s.")
            % {
                "name": row["label"],
                "n": row["households"],
                "total": _vnd(row["money"] + row["goods"]),
            }
        )
    body += [line.strip() for line in programme.result_summary.splitlines() if line.strip()]
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=symbol,
        number=number,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=programme.reported_on if number else None,
        doc_type_name=REPORT_TYPE,
        summary=_("Results of the visits: %(title)s") % {"title": programme.title},
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        recipients=[],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def households_xlsx(programme: Programme) -> bytes:
    """One row per household with what it received; expects `programme_detail` prefetches."""
    columns = [
        Column(_("No."), kind="integer"),
        Column(_("Head of the household")),
        Column(_("Address")),
        Column(_("Commune")),
        Column(_("Category")),
        Column(_("Phone"), kind="text"),
        Column(_("Money (VND)"), kind="integer"),
        Column(_("Goods")),
        Column(_("Value of the goods (VND)"), kind="integer"),
        Column(_("Total (VND)"), kind="integer"),
        Column(_("Signature")),
    ]
    rows = []
    for index, household in enumerate(programme.beneficiaries.all(), start=1):
        gifts = list(household.gifts.all())
        money = sum(g.money for g in gifts)
        goods_value = sum(g.goods_value for g in gifts)
        rows.append(
            [
                index,
                household.head_name,
                household.address,
                household.commune.name,
                household.get_category_display(),
                household.phone,
                money,
                "; ".join(g.goods for g in gifts if g.goods),
                goods_value,
                money + goods_value,
                "",
            ]
        )
    return render_xlsx(
        _("List of households visited"),
        columns,
        rows,
        subtitle=f"{programme.title} ({_d(programme.starts_on)}–{_d(programme.ends_on)})",
        sheet_name=_("Households"),
    )
