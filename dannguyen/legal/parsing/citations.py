"""References from a legal text to other documents.

Two citation styles exist (NĐ 78/2025 Art 68): by số ký hiệu ("Nghị định số
124/2020/NĐ-CP", "Luật Tố cáo số 25/2018/QH14") and, for laws and ordinances, by name
and year ("Luật Khiếu nại năm 2011", "Bộ luật Dân sự năm 2015", "Luật Đấu thầu ngày 26
tháng 11 năm 2013"). Each :class:`Citation` carries a ``name_key`` built by
:func:`name_key`, which a catalogue can compute for its own documents from their title
and year, so both styles resolve to the same record.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dannguyen.lib.vietnamese import (
    DocumentNumber,
    find_document_numbers,
    normalize,
    parse_date,
    tokenize,
)

from .textutil import pfold

__all__ = ["Citation", "find_citations", "name_key"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference; ``start``/``end`` index into ``normalize(text)``.

    ``type_name`` is the cited document's type as written ("Luật", "Nghị định"),
    ``name`` its name without the type ("Khiếu nại"), ``year`` its year (from the
    citation or the number), ``issued_on`` a date written right after it.
    """

    start: int
    end: int
    text: str
    number: DocumentNumber | None
    type_name: str | None
    name: str | None
    year: int | None
    issued_on: datetime.date | None
    name_key: str | None


def name_key(title: str, year: int | None = None) -> str:
    """Folded lookup key for a titled document: ``("Luật Khiếu nại", 2011)`` →
    ``"luat khieu nai 2011"``. Punctuation and case do not matter."""
    tokens = tokenize(title, folded=True)
    if year is not None:
        tokens.append(str(year))
    return " ".join(tokens)


# Type words, longest first; matched on the position-preserving fold (see pfold).
_TYPES = {
    "bo luat": "Bộ luật",
    "luat": "Luật",
    "hien phap": "Hiến pháp",
    "phap lenh": "Pháp lệnh",
    "nghi quyet lien tich": "Nghị quyết liên tịch",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "thong tu lien tich": "Thông tư liên tịch",
    "thong tu": "Thông tư",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "lenh": "Lệnh",
    "van ban hop nhat": "Văn bản hợp nhất",
    "cong van": "Công văn",
    "thong bao": "Thông báo",
    "ke hoach": "Kế hoạch",
}
_TYPE_ALTERNATION = "|".join(sorted(_TYPES, key=len, reverse=True))
# Named acts are cited with a capital type word; "pháp luật số …" is no citation.
_NAMED = ("Bộ luật", "Luật", "Hiến pháp", "Pháp lệnh")

# A type word before a number; the closest capitalised one within the same clause of
# the sentence names the cited document ("pháp luật số …" is no citation).
_TYPE_WORD = re.compile(rf"\b({_TYPE_ALTERNATION})\b")
_AMENDING = re.compile(rf"\b({_TYPE_ALTERNATION})\s+sua\s+doi,?\s+bo\s+sung\b[^;()]*?\s+cua\s+$")
_FORM_CODE = re.compile(r"(?:mau|bieu|phu luc|mau bieu)\s*(?:so)?\s*:?\s*$")
# Name-and-year citations of laws and ordinances. The name is short and stops at
# words that begin a new phrase; "năm YYYY" or a full date gives the year.
_NAME_YEAR = re.compile(
    r"\b(bo luat|luat|hien phap|phap lenh)\s+"
    r"(?P<name>[^;:()\n.]{1,120}?)\s+"
    r"(?:nam\s+(?P<year>\d{4})\b|ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+(?P<dated>\d{4})\b)"
)
_NAME_STOP = re.compile(r"\b(?:so|nay|do|cua quoc hoi|duoc|da|theo|tai|va cac)\b")
_DATE_AFTER = re.compile(r"^\s*,?\s*ngay\s+(?=\d)")


def _spans(text: str, numbers: list[DocumentNumber]) -> list[tuple[int, int, DocumentNumber]]:
    """Locate each number's raw text in order, so citations can carry offsets."""
    out = []
    position = 0
    for number in numbers:
        start = text.find(number.raw, position)
        if start == -1:
            continue
        position = start + len(number.raw)
        out.append((start, position, number))
    return out


def _date_after(text: str, folded: str, end: int) -> datetime.date | None:
    match = _DATE_AFTER.match(folded[end : end + 12])
    if match is None:
        return None
    return parse_date(text[end + match.end() : end + match.end() + 30])


def _clean_name(name: str) -> str | None:
    name = " ".join(name.replace("\n", " ").split()).strip(" ,")
    return name or None


def _named_before(text: str, folded: str, start: int) -> tuple[int, str | None, str | None]:
    """(citation start, type, name) for the words before a number at START."""
    # Line breaks are only hard wraps here; as spaces they keep offsets unchanged.
    before = folded[max(0, start - 160) : start].replace("\n", " ")
    offset = start - len(before)
    words = [m for m in _TYPE_WORD.finditer(before) if text[offset + m.start()].isupper()]
    if not words or re.search(r"[.:)]\s|[;(]", before[words[-1].end() :]):
        return start, None, None
    match = words[-1]
    word_start = offset + match.start()
    type_name = _TYPES[match[1]]
    between = re.sub(r"\s*\bsố\s*$", "", text[offset + match.end() : start], flags=re.I)
    name = _clean_name(between)
    window = max(0, word_start - 120)
    amending = _AMENDING.search(folded[window:word_start])
    if amending and type_name in _NAMED:
        # "Luật sửa đổi, bổ sung một số điều của Luật X số N": N is the amending law's.
        cite_start = window + amending.start()
        outer = text[cite_start + len(amending[1]) : word_start]
        name = _clean_name(outer + text[word_start:start])
        name = re.sub(r"\s*\bsố$", "", name or "", flags=re.I) or None
        return cite_start, _TYPES[amending[1]], name
    return word_start, type_name, name


def find_citations(text: str) -> list[Citation]:
    """Every citation of another document in TEXT, in order of appearance.

    Form codes ("Mẫu số 01/TCD") look like numbers and are skipped. Self-references
    ("Luật này") and bare names without a year or number are not citations: they are
    ambiguous without context.
    """
    text = normalize(text)
    folded = pfold(text)
    citations: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for start, end, number in _spans(text, find_document_numbers(text)):
        if _FORM_CODE.search(folded[max(0, start - 20) : start]):
            continue
        cite_start, type_name, name = _named_before(text, folded, start)
        if type_name is None and number.type_name:
            type_name = number.type_name
        year = number.year
        key = name_key(f"{type_name} {name}", year) if name and type_name else None
        citations.append(
            Citation(
                start=cite_start,
                end=end,
                text=text[cite_start:end],
                number=number,
                type_name=type_name,
                name=name,
                year=year,
                issued_on=_date_after(text, folded, end),
                name_key=key,
            )
        )
        taken.append((cite_start, end))
    for match in _NAME_YEAR.finditer(folded):
        overlaps = any(s < match.end() and match.start() < e for s, e in taken)
        if overlaps or not text[match.start(1)].isupper():
            continue
        raw_name = text[match.start("name") : match.end("name")]
        if _NAME_STOP.search(folded[match.start("name") : match.end("name")]):
            continue
        type_name = _TYPES[match[1]]
        name = _clean_name(raw_name)
        if type_name == "Hiến pháp":
            # "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013" is "Hiến pháp".
            name = None
        elif not name:
            continue
        year = int(match["year"] or match["dated"])
        issued = parse_date(text[match.end("name") : match.end()]) if match["dated"] else None
        citations.append(
            Citation(
                start=match.start(),
                end=match.end(),
                text=text[match.start() : match.end()],
                number=None,
                type_name=type_name,
                name=name,
                year=year,
                issued_on=issued,
                name_key=name_key(f"{type_name} {name or ''}", year),
            )
        )
    citations.sort(key=lambda citation: citation.start)
    return citations
