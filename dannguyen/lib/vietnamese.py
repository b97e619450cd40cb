"""Vietnamese text helpers: normalisation, search keys, dates and document numbers.

Deliberately free of Django so that models, forms, importers and the API can all
share one definition of "the same text". Everything here is pure and total: bad
input gives ``None`` or an empty result, never an exception.

Document numbers follow NĐ 30/2020 Phụ lục I and Luật 64/2025 Art 7(3) (see
docs/domain.md §4.2): ``số/năm/ký hiệu`` for normative documents, ``số/ký hiệu``
for administrative ones, where the ký hiệu is an optional document-type
abbreviation followed by the issuer's abbreviation(s).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "DOCUMENT_TYPES",
    "DocumentNumber",
    "find_dates",
    "find_document_numbers",
    "fold",
    "normalize",
    "parse_date",
    "parse_document_number",
    "slugify",
    "tokenize",
]

# --------------------------------------------------------------------------- text

# Text pasted from Word, PDFs and web pages carries NBSP and typographic spaces;
# left alone they make "Nghị định" and "Nghị\xa0định" different search keys.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that survive copy-paste and silently break equality and
# regexes (soft hyphen comes from hyphenated PDFs, BOM from Windows exports).
_INVISIBLES = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def normalize(text: str) -> str:
    """Canonical form for storing and comparing Vietnamese text.

    NFC matters because Vietnamese input methods and macOS file names produce
    decomposed letters (e + combining marks) that look identical but compare
    unequal. Whitespace is unified but not collapsed, so line breaks survive.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLES.sub("", text)
    return _ODD_SPACES.sub(" ", text)


def fold(text: str) -> str:
    """Accent-insensitive search key: ``"Nghị  ĐỊNH"`` -> ``"nghi dinh"``.

    Users often type without diacritics; folding both sides lets them match.
    đ needs its own rule because it is a separate letter, not d + a mark, so
    stripping combining marks alone would leave it in place.
    """
    decomposed = unicodedata.normalize("NFD", normalize(text))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().replace("đ", "d").split())


_TOKEN = re.compile(r"[^\W_]+")


def tokenize(text: str, *, folded: bool = False) -> list[str]:
    """Split into lowercase tokens: maximal runs of letters and digits.

    Written Vietnamese separates syllables with spaces, so a token is usually one
    syllable ("tiếp", "công", "dân"); grouping syllables into words needs a
    dictionary and is out of scope. Punctuation always splits, so
    ``"02/2011/QH13"`` gives ``["02", "2011", "qh13"]`` and ``"Điều 3a"`` gives
    ``["điều", "3a"]``. With ``folded=True`` tokens are accent-folded.
    """
    tokens = _TOKEN.findall(normalize(text).lower())
    if folded:
        return [fold(token) for token in tokens]
    return tokens


def slugify(text: str) -> str:
    """URL/file-name slug: ``"Nghị định 154/2026/NĐ-CP"`` -> ``"nghi-dinh-154-2026-nd-cp"``.

    Django's own ``slugify`` drops đ entirely ("Đồng Nai" -> "ong-nai") because
    đ has no ASCII decomposition, hence this variant built on :func:`fold`.
    """
    return "-".join(tokenize(text, folded=True))


# --------------------------------------------------------------------------- dates

# All patterns run on folded text, so "ngày"/"Ngay"/"NGÀY" are one case. Numeric
# dates are always day-first: Vietnamese never writes month-first, and guessing
# would silently swap 01/7 and 7/01.
_DATE = re.compile(
    r"(?<![\d/.\-])(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<vn_d>\d{1,2})\s+thang\s+(?P<vn_m>\d{1,2})[\s,]+nam\s+(?P<vn_y>\d{4})(?!\d)"
    # Both separators must be the same mark, so "1/7-2026" style noise is not a
    # date; "-" may precede the day so ranges like "01/7/2026-31/12/2026" split.
    r"|(?<![\d/.])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"
)


def find_dates(text: str) -> list[datetime.date]:
    """Every valid date in ``text``, in order of appearance, duplicates kept.

    Understands "ngày 11 tháng 11 năm 2011" (any case, with or without
    diacritics, "ngày" optional), dd/mm/yyyy with ``/``, ``-`` or ``.``
    (one- or two-digit day and month) and ISO yyyy-mm-dd. Impossible dates such
    as 31/02/2020 are skipped. Two-digit years are not recognised: "11/11/11"
    is too ambiguous for legal records.
    """
    dates: list[datetime.date] = []
    for match in _DATE.finditer(fold(text)):
        if match["iso_y"]:
            parts = match["iso_y"], match["iso_m"], match["iso_d"]
        elif match["vn_y"]:
            parts = match["vn_y"], match["vn_m"], match["vn_d"]
        else:
            parts = match["y"], match["m"], match["d"]
        try:
            dates.append(datetime.date(*(int(p) for p in parts)))
        except ValueError:
            continue
    return dates


def parse_date(text: str) -> datetime.date | None:
    """The first valid date in ``text`` (see :func:`find_dates`), or ``None``.

    Finding rather than matching lets callers pass a whole dateline such as
    "Hà Nội, ngày 11 tháng 11 năm 2011".
    """
    dates = find_dates(text)
    return dates[0] if dates else None


# ---------------------------------------------------------------- document numbers

#: Document-type abbreviations used in ký hiệu, in their canonical spelling.
#: Sources: Luật 64/2025 (normative types), NĐ 30/2020 Phụ lục III (administrative
#: types). The mixed-case ones (TTr, CTr, QyĐ) are how NĐ 30/2020 writes them.
DOCUMENT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "L": "Lệnh",
        "NQ": "Nghị quyết",
        "NQLT": "Nghị quyết liên tịch",
        "NĐ": "Nghị định",
        "QĐ": "Quyết định",
        "TT": "Thông tư",
        "TTLT": "Thông tư liên tịch",
        "CT": "Chỉ thị",
        "QC": "Quy chế",
        "QyĐ": "Quy định",
        "TB": "Thông báo",
        "HD": "Hướng dẫn",
        "CTr": "Chương trình",
        "KH": "Kế hoạch",
        "PA": "Phương án",
        "ĐA": "Đề án",
        "DA": "Dự án",
        "BC": "Báo cáo",
        "BB": "Biên bản",
        "TTr": "Tờ trình",
        "HĐ": "Hợp đồng",
        "CĐ": "Công điện",
        "BGN": "Bản ghi nhớ",
        "BTT": "Bản thỏa thuận",
        "GUQ": "Giấy ủy quyền",
        "GM": "Giấy mời",
        "GGT": "Giấy giới thiệu",
        "GNP": "Giấy nghỉ phép",
        "PG": "Phiếu gửi",
        "PC": "Phiếu chuyển",
        "PB": "Phiếu báo",
    }
)

# Issuer abbreviations whose canonical spelling is not plain uppercase ASCII, so
# that "ttg" or "HDND" typed by a user is displayed as the document writes it.
_ISSUER_SPELLINGS = ("TTg", "HĐND", "ĐBQH", "ĐĐBQH", "ĐCTUBTWMTTQVN", "BCĐ")


def _spelling_tables() -> tuple[dict[str, str], dict[str, str]]:
    codes = (*DOCUMENT_TYPES, *_ISSUER_SPELLINGS)
    by_upper = {code.upper(): code for code in codes}
    by_folded: dict[str, str] = {}
    ambiguous: set[str] = set()
    for code in codes:
        key = fold(code).upper()
        if key in by_folded and by_folded[key] != code:
            ambiguous.add(key)
        by_folded[key] = code
    # "HD" is Hướng dẫn and "HĐ" Hợp đồng (likewise DA/ĐA): once the Đ is lost we
    # cannot tell which was meant, so such codes are only recognised as written.
    for key in ambiguous:
        del by_folded[key]
    return by_upper, by_folded


_BY_UPPER, _BY_FOLDED = _spelling_tables()

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_RE = re.compile(f"[{_DASHES}]")
# Ký hiệu use only ASCII letters, Đ and digits; being this narrow keeps running
# text like "15/người" from being read as a document number.
_GROUP = r"[A-Za-zĐđ][A-Za-zĐđ0-9]*"
# Special Government resolutions under NQ 206/2025/QH15 are numbered "66.16/2026/NQ-CP".
_NUMBER = r"\d{1,6}(?:\.\d{1,3})?"
_PARSE_RE = re.compile(rf"({_NUMBER})/(?:(\d{{4}})/)?({_GROUP}(?:[-/]{_GROUP})*)")
# In running text a symbol group must start with a capital, as it always does in
# real documents; lowercase "nđ-cp" is accepted only by parse_document_number.
_FIND_GROUP = r"[A-ZĐ][A-Za-zĐđ0-9]*"
_FIND_RE = re.compile(
    rf"(?<![\w/.])({_NUMBER})/(?:(\d{{4}})/)?"
    rf"({_FIND_GROUP}(?:[-/{_DASHES}]{_FIND_GROUP})*)"
    # Refuse a partial symbol rather than silently cutting "NĐ-CPx" to "NĐ".
    rf"(?!\w|[-/{_DASHES}][^\W\d_])"
)
_PREFIX_RE = re.compile(r"^(?:s[oố]|no)\.?\s*:?\s*(?=\d)", re.IGNORECASE)
_SPACED_SEPARATOR = re.compile(r"\s*([-/])\s*")

# Year sanity bounds: anything outside is a typo or not a year at all.
_MIN_YEAR, _MAX_YEAR = 1945, 2100


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """A parsed số ký hiệu, e.g. ``154/2026/NĐ-CP``.

    ``number`` drops leading zeros ("02" -> "2") so that arithmetic and sorting
    are straightforward (dotted numbers such as "66.16" keep their dot); :attr:`key`
    and ``str()`` restore the two-digit form that NĐ 30/2020 prescribes.
    ``type_code`` is ``None`` when the ký hiệu names only the issuer (laws "QH13",
    UBTVQH normative resolutions, công văn).
    ``separator`` is the mark written between type and issuer: "-" by the NĐ
    30/2020 rule, "/" in some joint resolutions; it is kept for display only.
    """

    raw: str
    number: str
    year: int | None
    type_code: str | None
    issuer_code: str
    separator: str = "-"

    @property
    def symbol(self) -> str:
        """The ký hiệu part with canonical spelling, e.g. ``"NĐ-CP"``, ``"QH13"``."""
        if self.type_code is None:
            return self.issuer_code
        return f"{self.type_code}{self.separator}{self.issuer_code}"

    @property
    def type_name(self) -> str | None:
        """Vietnamese name of the document type, e.g. ``"Nghị định"``."""
        return DOCUMENT_TYPES.get(self.type_code) if self.type_code else None

    @property
    def key(self) -> str:
        """Identity for uniqueness and lookup, e.g. ``"154/2026/ND-CP"``.

        Folded and uppercased because legacy data spells "NĐ" as "Nđ", "ND" or
        "nd"; every group separator becomes "-" because the joint-resolution
        "/" is written both ways in the wild and never distinguishes documents.
        """
        symbol = "-".join(code for code in (self.type_code, self.issuer_code) if code)
        parts = [self.number.zfill(2), *([str(self.year)] if self.year else []), symbol]
        return fold("/".join(parts)).upper()

    def __str__(self) -> str:
        parts = [self.number.zfill(2), *([str(self.year)] if self.year else []), self.symbol]
        return "/".join(parts)


def _canonical_group(group: str) -> str:
    upper = group.upper()
    return _BY_UPPER.get(upper) or _BY_FOLDED.get(fold(upper).upper()) or upper


def _build(raw: str, number: str, year: str | None, symbol: str) -> DocumentNumber | None:
    head, _, tail = number.partition(".")
    if int(head) == 0:  # numbering starts at 01 (NĐ 30/2020 Art 15(1))
        return None
    if year is not None and not _MIN_YEAR <= int(year) <= _MAX_YEAR:
        return None
    pieces = re.split(r"([-/])", _DASH_RE.sub("-", symbol))
    groups = [_canonical_group(g) for g in pieces[::2]]
    separator = "-"
    type_code: str | None = None
    if groups[0] in DOCUMENT_TYPES:
        if len(groups) == 1:  # "12/2020/NĐ": a type without an issuer is not a ký hiệu
            return None
        type_code, separator = groups.pop(0), pieces[1]
    return DocumentNumber(
        raw=raw,
        number=str(int(head)) + (f".{tail}" if tail else ""),
        year=int(year) if year is not None else None,
        type_code=type_code,
        issuer_code="-".join(groups),
        separator=separator,
    )


def parse_document_number(text: str) -> DocumentNumber | None:
    """Parse a số ký hiệu given on its own, or return ``None``.

    Tolerates a leading "Số:"/"số"/"So"/"No.", any case, spaces around "/" and
    "-", typographic dashes and trailing punctuation. The whole input must be
    the number; use :func:`find_document_numbers` for running text.

    How the ký hiệu is split: if its first group is a known document type
    (:data:`DOCUMENT_TYPES`) it is ``type_code`` and the remaining groups,
    joined by "-", are ``issuer_code``; otherwise everything is the issuer.
    """
    cleaned = _PREFIX_RE.sub("", _DASH_RE.sub("-", normalize(text).strip()))
    cleaned = _SPACED_SEPARATOR.sub(r"\1", cleaned.rstrip(" .,;:"))
    match = _PARSE_RE.fullmatch(cleaned)
    if match is None:
        return None
    return _build(text.strip(), match[1], match[2], match[3])


def find_document_numbers(text: str) -> list[DocumentNumber]:
    """Every số ký hiệu cited in ``text``, in order, duplicates kept.

    Stricter than :func:`parse_document_number`, since prose is full of slashes:
    no spaces inside the number, and each ký hiệu group must begin with a
    capital letter. ``raw`` is the matched substring (after :func:`normalize`).
    Form codes such as "Mẫu số 01/TCD" look exactly like số ký hiệu and are
    returned too; callers that care must filter by context.
    """
    found: list[DocumentNumber] = []
    for match in _FIND_RE.finditer(normalize(text)):
        document = _build(match[0], match[1], match[2], match[3])
        if document is not None:
            found.append(document)
    return found
