"""Metadata from the text of a legal document: its header, final articles and signature.

A Vietnamese legal document opens with a fixed block (NĐ 30/2020 Phụ lục I, NĐ 78/2025):
the issuer's name, the number ("Số: 158/2025/NĐ-CP"), the national motto, the place and
date, then the type in capitals ("NGHỊ ĐỊNH") and the trích yếu. Real text breaks that
block in many ways (table cells read in any order, the gazette's section labels, the
number wrapped onto the next line, a law passed without a dateline), so every field
has fallbacks, tried in order, and ``Metadata.sources`` records which one answered.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from dannguyen.lib.vietnamese import DocumentNumber, fold, parse_date, parse_document_number

from .clean import GazetteIssue, clean_text, find_gazette_issue
from .dates import ADOPTED, effective_date, find_dateline
from .issuers import header_issuers
from .labels import GAZETTE_LABEL, MOTTO, NUMBER_LABEL
from .signature import find_signature, main_text_end
from .textutil import fold_line, is_upper_line, pfold, squeeze
from .vocab import (
    DOCUMENT_TYPES,
    EXTRA_TYPE_CODES,
    issuer_code_for,
    issuers_from_code,
    normalize_type_name,
    recase,
)

__all__ = [
    "Metadata",
    "complete_metadata",
    "extract_metadata",
    "metadata_from_clean_text",
    "parse_number_text",
]

# How far into the text the header may reach, in lines; past this is the body.
_HEADER_LINES = 80


@dataclass
class Metadata:
    """What is known about a document; ``sources`` maps a field name to where it came from.

    Sources are "header", "body" (final articles, signature), "number" (inferred from
    the số ký hiệu), "wording" (the type inferred from how the text names itself,
    "Luật này …"), "type" (the only issuer a type can have, e.g. Luật → Quốc hội),
    "record" (a JSON/Markdown record), "record-slug" (a number read from a record's URL
    slug) and "override" (a manifest or the caller).
    """

    so_ky_hieu: DocumentNumber | None = None
    type_name: str | None = None
    title: str | None = None
    issuers: list[str] = field(default_factory=list)
    place: str | None = None
    issued_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    signer_name: str | None = None
    signer_position: str | None = None
    signing_authority: str | None = None
    gazette_number: str | None = None
    gazette_date: datetime.date | None = None
    status: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------- số ký hiệu

_LEGACY_NUMBER = re.compile(r"(\d{1,4})-([A-ZĐ][\wĐđ.]*(?:/[\wĐđ.\-]+)+)")
_KHOA = re.compile(r"\b(QH|UBTVQH|HĐNN|HDNN)\s+(\d{1,2})\b")


def parse_number_text(text: str) -> DocumentNumber | None:
    """A số ký hiệu at the start of TEXT, tolerating the spacing seen in real headers.

    Handles "02/2011/QH13 …" followed by other words, "QH 13", spaces around
    separators, the dotted numbers of special resolutions ("66.16/2026/NQ-CP") and
    the pre-2000 form "18-L/CTN", which has no year and puts a dash after the number.
    """
    text = _KHOA.sub(r"\1\2", squeeze(text))
    text = re.sub(r"\s*([-/–])\s*", r"\1", text)
    token = text.split(" ", 1)[0].rstrip(".,;:)")
    if not token or not token[0].isdigit():
        return None
    document = parse_document_number(token)
    if document is not None:
        return document
    legacy = _LEGACY_NUMBER.fullmatch(token)
    if legacy is None:
        return None
    document = parse_document_number(f"{legacy[1]}/{legacy[2]}")
    if document is not None:
        return replace(document, raw=token)
    # 1950s numbers such as "102-SL/L-004" fit no modern grammar; keep them whole.
    return DocumentNumber(
        raw=token, number=str(int(legacy[1])), year=None, type_code=None, issuer_code=legacy[2]
    )


def _number_in(lines: list[str], start: int = 0) -> tuple[DocumentNumber, int] | None:
    for i in range(start, len(lines)):
        folded = fold_line(lines[i])
        for match in NUMBER_LABEL.finditer(folded):
            rest = lines[i][match.end() :].strip()
            j = i
            # "Số:" alone, or a ký hiệu wrapped after a dash, continues on the next line.
            while (not rest or rest.endswith(("-", "/"))) and j + 1 < len(lines) and j < i + 2:
                j += 1
                rest = f"{rest}{lines[j].strip()}" if rest else lines[j].strip()
            document = parse_number_text(rest)
            if document is not None:
                return document, i
    return None


# ------------------------------------------------------------------ header zone

_BODY_START = re.compile(
    r"^(?:can cu\b|theo de nghi\b|chuong\s+[ivxlc\d]+\b|dieu\s+1\b|phan\s+(?:thu|[ivx]+\b)"
    r"|de\s|xet de nghi\b|nay ban bo\b|quyet dinh\s*:|nghi quyet\s*:|quyet nghi\s*:)"
)
# A consolidated text (VBHN) is labelled so by the gazette, or opens by listing the
# documents merged into it: "…, có hiệu lực kể từ ngày …, được sửa đổi, bổ sung bởi:".
_CONSOLIDATED = re.compile(r"duoc sua doi,? bo sung bo?i\s*:")
_CONSOLIDATED_LABEL = re.compile(r"^van ban hop nhat\b")
_SEPARATOR = re.compile(r"^[\s\-_*=.…~]+$")


def _header_end(lines: list[str]) -> int:
    limit = min(len(lines), _HEADER_LINES)
    for i in range(limit):
        if _BODY_START.match(fold_line(lines[i])) or (i > 3 and len(lines[i]) > 250):
            return i
    return limit


# Longest first, so "thong tu lien tich" is not read as "thong tu".
_TYPE_WORDS = sorted(
    (
        "hien phap",
        "bo luat",
        "luat",
        "phap lenh",
        "lenh",
        "sac lenh",
        "nghi quyet lien tich",
        "nghi quyet",
        "nghi dinh",
        "quyet dinh",
        "thong tu lien tich",
        "thong tu",
        "chi thi",
        "cong dien",
        "thong bao",
        "ke hoach",
        "huong dan",
        "quy che",
        "quy dinh",
        "cong van",
    ),
    key=len,
    reverse=True,
)


def _type_line(lines: list[str], end: int) -> tuple[int, str, str] | None:
    """(index, type name, rest of the line) of the all-caps type heading, if any."""
    for i in range(end):
        line = lines[i].strip()
        if not is_upper_line(line) or line.endswith(":"):
            continue
        folded = fold_line(line)
        if GAZETTE_LABEL.match(folded) or MOTTO.search(folded):
            continue
        for word in _TYPE_WORDS:
            if folded == word or re.match(rf"{word}(?=[\s\d¹²³]|$)", folded):
                name = normalize_type_name(word)
                if name:
                    rest = line[len(word) :].strip()
                    return i, name, re.sub(r"^\d{1,2}\b\s*", "", rest)
    return None


# Old laws repeat their number and date in the title: "SỐ 18-L/CTN NGÀY 06/07/1993 CỦA
# QUỐC HỘI VỀ DẦU KHÍ"; the name is what follows.
_TITLE_NOISE = re.compile(
    r"^(?:của quốc hội\s+)?(?:số\s+\S+\s+)?(?:ngày\s+\S+\s+)?(?:của quốc hội\s+)?(?:về\s+)?",
    re.IGNORECASE,
)
_TITLE_TAIL_NOISE = re.compile(r"\s+số\s+\S+\s+ngày\s+\S+(?:\s+của quốc hội)?$", re.IGNORECASE)
_NAMED_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh")


def _title(
    lines: list[str], index: int, type_name: str, rest: str, end: int, consolidated: bool
) -> str | None:
    parts = [rest] if rest else []
    for line in lines[index + 1 : min(end + 1, index + 8, len(lines))]:
        folded = fold_line(line)
        if not line:
            if parts:
                break
            continue
        if _SEPARATOR.match(line):
            if parts:
                break
            continue
        if _BODY_START.match(folded) or line.endswith(":") or len(line) > 250:
            break
        # An all-caps line after a mixed-case trích yếu is the signer's heading in
        # decisions ("BỘ TRƯỞNG BỘ TÀI CHÍNH"), not more title.
        if parts and is_upper_line(line) and not all(is_upper_line(p) for p in parts):
            break
        # A capitalised name ("LUẬT\nKHIẾU NẠI") does not go on in lower case, and a
        # consolidated text's title is followed by the list of merged documents
        # ("Thông tư số 08/2020/TT-BLĐTBXH ngày …, được sửa đổi, bổ sung bởi:").
        if parts and all(is_upper_line(p) for p in parts) and not is_upper_line(line):
            break
        if (
            consolidated
            and parts
            and re.match(rf"(?:{'|'.join(_TYPE_WORDS)})\b.*\bso\s+\d", folded)
        ):
            break
        parts.append(line)
    name = squeeze(" ".join(parts))
    if not name:
        return None
    if type_name in _NAMED_TYPES or is_upper_line(name):
        upper = is_upper_line(name)
        if upper:
            name = _TITLE_TAIL_NOISE.sub("", _TITLE_NOISE.sub("", name.lower())).upper()
        if type_name in _NAMED_TYPES:
            if not fold(name).startswith(fold(type_name)):
                name = f"{type_name.upper() if upper else type_name} {name}"
            return recase(name) if upper else name
        return recase(name)
    return name


# Types that only one body can issue (Luật 64/2025 Art 4), for when nothing names it.
_ISSUER_BY_TYPE = {
    "Hiến pháp": "Quốc hội",
    "Bộ luật": "Quốc hội",
    "Luật": "Quốc hội",
    "Pháp lệnh": "Ủy ban Thường vụ Quốc hội",
    "Nghị định": "Chính phủ",
    "Lệnh": "Chủ tịch nước",
    "Sắc lệnh": "Chủ tịch nước",
}


# ------------------------------------------------------------------ type from body

_SELF_REFERENCES = {
    "Bộ luật": r"bo luat nay",
    "Luật": r"(?<!bo )luat nay",
    "Nghị quyết": r"nghi quyet nay",
    "Pháp lệnh": r"phap lenh nay",
    "Hiến pháp": r"hien phap nay",
}


_BODY_SELF_REFERENCES = {
    **_SELF_REFERENCES,
    "Nghị định": r"nghi dinh nay",
    "Thông tư": r"thong tu nay",
    "Thông tư liên tịch": r"thong tu lien tich nay",
    "Quyết định": r"quyet dinh nay",
    "Chỉ thị": r"chi thi nay",
}


def _type_from_body(folded_text: str) -> str | None:
    counts = {
        name: len(re.findall(rf"\b{pattern}\b", folded_text))
        for name, pattern in _BODY_SELF_REFERENCES.items()
    }
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] >= 2 else None


def _type_from_number(number: DocumentNumber, folded_text: str) -> str | None:
    if number.type_code:
        return DOCUMENT_TYPES.get(number.type_code) or EXTRA_TYPE_CODES.get(number.type_code)
    first = re.split(r"[-/]", number.issuer_code)[0]
    if fold(first).upper() in {fold(code).upper() for code in EXTRA_TYPE_CODES}:
        return normalize_type_name(first)
    # Laws, codes and NA/UBTVQH resolutions share the bare "số/năm/QH15" form: the
    # document's own wording ("Luật này", "Nghị quyết này") tells which it is.
    counts = {
        name: len(re.findall(rf"\b{pattern}\b", folded_text))
        for name, pattern in _SELF_REFERENCES.items()
    }
    best = max(counts, key=lambda name: counts[name])
    if counts[best]:
        return best
    if re.match(r"(UB)?TVQH", fold(number.issuer_code).upper()):
        return "Nghị quyết"
    return None


# ------------------------------------------------------------------ entry point


def extract_metadata(text: str) -> Metadata:
    """Read metadata from the text of one document (raw or already cleaned).

    Never raises; fields that cannot be found stay ``None`` (or empty).
    """
    return metadata_from_clean_text(clean_text(text), find_gazette_issue(text))


def metadata_from_clean_text(cleaned: str, issue: GazetteIssue | None = None) -> Metadata:
    """:func:`extract_metadata` for text that has been through :func:`clean_text`.

    Cleaning removes the gazette running headers, so the issue they name is passed in.
    """
    meta = Metadata()
    src = meta.sources
    if issue:
        meta.gazette_number, meta.gazette_date = issue.number, issue.date
        src["gazette_number"] = src["gazette_date"] = "header"
    lines = cleaned.split("\n")
    folded_text = pfold(cleaned)
    end = _header_end(lines)

    # Wrapped lines are joined: "… được sửa\nđổi, bổ sung bởi:" is common.
    consolidated = any(_CONSOLIDATED_LABEL.match(fold_line(line)) for line in lines[:end])
    consolidated = consolidated or bool(_CONSOLIDATED.search(squeeze(pfold(" ".join(lines[:end])))))
    displaced = _displaced_block(lines, end)
    # A consolidated text's opening lists the documents merged into it, numbers and
    # all; its own number is only the "…/VBHN-…" of the authentication block.
    found = _vbhn_number(lines) if consolidated else _number_in(lines[:end])
    if found is None and displaced and not consolidated:
        moved = _number_in(lines[displaced[0] : displaced[1]])
        found = (moved[0], displaced[0] + moved[1]) if moved else None
    found = found or (None if consolidated else _vbhn_number(lines))
    if found is None and issue and issue.continued:
        found = _continuation_label(meta, lines[:end])
    number_line = -1
    if found:
        meta.so_ky_hieu, number_line = found
        src["so_ky_hieu"] = "header"

    typed = _type_line(lines, end)
    if consolidated:
        meta.type_name, src["type_name"] = "Văn bản hợp nhất", "header"
    elif typed:
        meta.type_name, src["type_name"] = typed[1], "header"
    if typed:
        meta.title = _title(lines, typed[0], typed[1], typed[2], end, consolidated)
        if meta.title:
            src["title"] = "header"

    # Issuer names stand above the type heading (or the number, or the motto); without
    # any of those only the first few lines are looked at, or every capitalised
    # heading of the body would pass for an issuer.
    stop = typed[0] if typed else min(end, 15)
    if 0 <= number_line < end:
        stop = max(stop, number_line + 1) if typed else number_line + 1
    meta.issuers = header_issuers(lines, stop)
    if not meta.issuers and displaced:
        meta.issuers = header_issuers(lines[displaced[0] : displaced[1]], displaced[1])
    if meta.issuers:
        src["issuers"] = "header"
    complete_metadata(meta, folded_text)

    if meta.type_name == "Văn bản hợp nhất":
        _consolidation_dates(meta, lines)
    else:
        _dates(meta, lines, end, folded_text, cleaned, displaced)
    body_start = end
    signature = find_signature(lines, main_text_end(lines, body_start))
    if signature:
        meta.signer_name, meta.signer_position, meta.signing_authority = signature
        src["signer_name"] = src["signer_position"] = "body"
        if meta.signing_authority:
            src["signing_authority"] = "body"
    return meta


def complete_metadata(meta: Metadata, folded_text: str = "") -> Metadata:
    """Fill type and issuers that the số ký hiệu or the type imply, in place.

    Runs after the header is read and again after a record has been merged in, since
    a record may bring the number that the text lacked. FOLDED_TEXT (:func:`pfold` of
    the body) lets a bare "số/năm/QH15" number tell a law from a resolution.
    """
    src = meta.sources
    number = meta.so_ky_hieu
    if number and "VBHN" in number.issuer_code.upper() and not meta.type_name:
        meta.type_name, src["type_name"] = "Văn bản hợp nhất", "number"
    if number and not meta.type_name:
        meta.type_name = _type_from_number(number, folded_text)
        if meta.type_name:
            src["type_name"] = "number"
    if not meta.type_name and folded_text:
        # A text with no header still names itself: "Luật này quy định …".
        meta.type_name = _type_from_body(folded_text)
        if meta.type_name:
            src["type_name"] = "wording"
    if number and number.issuer_code.upper().startswith("VBHN-"):
        # A Văn bản hợp nhất is issued by the body that consolidates and certifies it;
        # the header it reprints belongs to the consolidated document.
        consolidator = issuers_from_code(number.issuer_code)
        if consolidator and meta.issuers != consolidator:
            meta.issuers, src["issuers"] = consolidator, "number"
    elif number:
        from_code = issuers_from_code(number.issuer_code)
        known = {issuer_code_for(name) for name in meta.issuers}
        missing = [name for name in from_code if issuer_code_for(name) not in known]
        # Only a joint number names bodies the header may have lost; a single code that
        # differs from the header is the promulgator of an old law ("18-L/CTN").
        if missing and (not meta.issuers or len(from_code) > 1):
            src.setdefault("issuers", "number")
            meta.issuers = [*meta.issuers, *missing]
    if not meta.issuers and meta.type_name in _ISSUER_BY_TYPE:
        meta.issuers, src["issuers"] = [_ISSUER_BY_TYPE[meta.type_name]], "type"
    return meta


_LABEL = re.compile(rf"^({'|'.join(_TYPE_WORDS)})\s+so\s+(?=\d)")


def _continuation_label(meta: Metadata, lines: list[str]) -> tuple[DocumentNumber, int] | None:
    """The label a continued gazette text opens with: "Thông tư số 102/2018/TT-BTC ngày …".

    Only trusted when the text is known to continue an earlier issue, where this
    line stands in for the header; anywhere else such a line is a citation.
    """
    for i, line in enumerate(lines[:12]):
        match = _LABEL.match(fold_line(line))
        number = parse_number_text(line[match.end() :]) if match else None
        if match is None or number is None:
            continue
        meta.type_name = normalize_type_name(match[1])
        meta.issued_on = parse_date(line[match.end() :])
        meta.sources.update({"type_name": "header", "issued_on": "header"})
        title = " ".join(lines[i + 1 : i + 2]).strip()
        if title and title[:1].islower():
            meta.title = title[:1].upper() + title[1:]
            meta.sources["title"] = "header"
        return number, i
    return None


def _displaced_block(lines: list[str], end: int) -> tuple[int, int] | None:
    """Where the header table ended up when a PDF text layer put it after the title.

    Some gazette PDFs store the two-column header after the first articles of the
    page; the national motto marks it. Returns a window of lines around it.
    """
    for i in range(end, min(len(lines), 250)):
        if MOTTO.search(fold_line(lines[i])):
            return max(end, i - 8), min(len(lines), i + 8)
    return None


def _vbhn_number(lines: list[str]) -> tuple[DocumentNumber, int] | None:
    """A consolidated text (VBHN) is numbered in its authentication block at the end."""
    for i, line in enumerate(lines):
        if "VBHN" in line.upper() and NUMBER_LABEL.match(fold_line(line)):
            found = _number_in(lines[i : i + 3])
            if found:
                return found[0], i + found[1]
    return None


def _dates(
    meta: Metadata,
    lines: list[str],
    end: int,
    folded: str,
    cleaned: str,
    displaced: tuple[int, int] | None,
) -> None:
    src = meta.sources
    dateline = find_dateline(lines[:end])
    if dateline is None and displaced:
        dateline = find_dateline(lines[displaced[0] : displaced[1]])
    if dateline:
        meta.place, meta.issued_on, _ = dateline
        src["issued_on"] = "header"
        if meta.place:
            src["place"] = "header"
    if meta.issued_on is None:
        adopted = ADOPTED.search(folded)
        if adopted:
            meta.issued_on = parse_date(cleaned[adopted.end() : adopted.end() + 40])
            src["issued_on"] = "body"
    if meta.issued_on is None:
        # "SỐ 18-L/CTN NGÀY 06/07/1993 …" in old headers carries the date on one line.
        for line in lines[:end]:
            if re.search(r"\bngay\s+\d", fold_line(line)) and NUMBER_LABEL.search(fold_line(line)):
                meta.issued_on = parse_date(line)
                if meta.issued_on:
                    src["issued_on"] = "header"
                    break
    if meta.issued_on is None:
        tail = find_dateline(lines[end:], short=True)
        if tail:
            meta.place = meta.place or tail[0]
            meta.issued_on = tail[1]
            src["issued_on"] = "body"
    meta.effective_on = effective_date(cleaned, folded, meta.issued_on)
    if meta.effective_on:
        src["effective_on"] = "body"


def _consolidation_dates(meta: Metadata, lines: list[str]) -> None:
    """A VBHN is dated by its authentication block; it has no effect of its own.

    The dates in its opening lines belong to the documents it merges, so they are not
    used; a text cut off before the authentication block gets no date at all.
    """
    for i, line in enumerate(lines):
        folded = fold_line(line).strip()
        anchor = re.match(r"xac\s+(?:thuc|nhan)\s+van\s+ban\s+hop\s+nhat", folded)
        if anchor or ("vbhn" in folded and NUMBER_LABEL.match(folded)):
            found = find_dateline(lines[max(0, i - 6) : i + 10], short=True)
            if found:
                meta.place, meta.issued_on, _ = found
                meta.sources["issued_on"] = "body"
                if meta.place:
                    meta.sources["place"] = "body"
                return
