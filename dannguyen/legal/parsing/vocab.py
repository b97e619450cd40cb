"""Vocabulary shared by the parsers: issuing bodies, document types, effect statuses.

Everything is keyed on :func:`fold` so that "BỘ TÀI CHÍNH", "Bộ Tài chính" and
"bo tai chinh" are one entry, and so that legacy spellings without "Đ" still match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from dannguyen.lib.vietnamese import DOCUMENT_TYPES, fold

__all__ = [
    "ISSUERS",
    "STATUS_CODES",
    "STATUS_SYNONYMS",
    "TYPE_NAMES",
    "issuer_code_for",
    "issuers_from_code",
    "normalize_status",
    "normalize_type_name",
    "recase",
]

#: Issuer abbreviations in số ký hiệu → the body's name as documents write it.
ISSUERS: Mapping[str, str] = MappingProxyType(
    {
        "QH": "Quốc hội",
        "UBTVQH": "Ủy ban Thường vụ Quốc hội",
        "TVQH": "Ủy ban Thường vụ Quốc hội",
        "CTN": "Chủ tịch nước",
        "HĐNN": "Hội đồng Nhà nước",
        "HĐBT": "Hội đồng Bộ trưởng",
        "CP": "Chính phủ",
        "TTg": "Thủ tướng Chính phủ",
        "VPQH": "Văn phòng Quốc hội",
        "VPCP": "Văn phòng Chính phủ",
        "TANDTC": "Tòa án nhân dân tối cao",
        "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
        "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
        "KTNN": "Kiểm toán nhà nước",
        "ĐCTUBTWMTTQVN": "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "TLĐLĐVN": "Tổng Liên đoàn Lao động Việt Nam",
        "NHNN": "Ngân hàng Nhà nước Việt Nam",
        "TTCP": "Thanh tra Chính phủ",
        "UBDT": "Ủy ban Dân tộc",
        "BCA": "Bộ Công an",
        "BQP": "Bộ Quốc phòng",
        "BNG": "Bộ Ngoại giao",
        "LPQT": "Bộ Ngoại giao",
        "BNV": "Bộ Nội vụ",
        "BTP": "Bộ Tư pháp",
        "BTC": "Bộ Tài chính",
        "BKHĐT": "Bộ Kế hoạch và Đầu tư",
        "BCT": "Bộ Công Thương",
        "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
        "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
        "BNNMT": "Bộ Nông nghiệp và Môi trường",
        "BTNMT": "Bộ Tài nguyên và Môi trường",
        "BGTVT": "Bộ Giao thông vận tải",
        "BXD": "Bộ Xây dựng",
        "BTTTT": "Bộ Thông tin và Truyền thông",
        "BKHCN": "Bộ Khoa học và Công nghệ",
        "BGDĐT": "Bộ Giáo dục và Đào tạo",
        "BYT": "Bộ Y tế",
        "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
        "LĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
        "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
        "BDTTG": "Bộ Dân tộc và Tôn giáo",
        "UBCKNN": "Ủy ban Chứng khoán Nhà nước",
        "BHXH": "Bảo hiểm xã hội Việt Nam",
        "HĐND": "Hội đồng nhân dân",
        "UBND": "Ủy ban nhân dân",
    }
)
_ISSUER_BY_KEY = {fold(code).upper(): code for code in ISSUERS}
# Name → code, for the reverse question "which code does this header name carry".
_CODE_BY_NAME = {fold(name): code for code, name in reversed(list(ISSUERS.items()))}
# Shorter names headers use for the same bodies.
_CODE_BY_NAME.update(
    {
        "ngan hang nha nuoc": "NHNN",
        "bo lao dong, thuong binh va xa hoi": "BLĐTBXH",
        "bo van hoa - the thao va du lich": "BVHTTDL",
        "uy ban thuong vu quoc hoi nuoc cong hoa xa hoi chu nghia viet nam": "UBTVQH",
    }
)
# Local bodies are named with their unit ("Ủy ban nhân dân tỉnh Đồng Nai"): prefixes.
_LOCAL_PREFIXES = (("hoi dong nhan dan", "HĐND"), ("uy ban nhan dan", "UBND"))

#: Type codes that are not in DOCUMENT_TYPES but occur in số ký hiệu of legal documents.
EXTRA_TYPE_CODES: Mapping[str, str] = MappingProxyType(
    {"VBHN": "Văn bản hợp nhất", "PL": "Pháp lệnh", "SL": "Sắc lệnh", "LCT": "Lệnh"}
)

#: Canonical document-type names the header parser can report.
TYPE_NAMES = (
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Lệnh",
    "Sắc lệnh",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Thông tư liên tịch",
    "Thông tư",
    "Chỉ thị",
    "Văn bản hợp nhất",
    "Công điện",
    "Công văn",
    *sorted(set(DOCUMENT_TYPES.values()) - {"Lệnh", "Nghị quyết", "Nghị định"}),
)
_TYPE_BY_KEY = {fold(name): name for name in TYPE_NAMES}
# Abbreviations and shorthands seen in catalogues (e.g. the gazette set's "VB HN").
_TYPE_ALIASES = {
    "vb hn": "Văn bản hợp nhất",
    "vbhn": "Văn bản hợp nhất",
    "tt lien tich": "Thông tư liên tịch",
    "nq lien tich": "Nghị quyết liên tịch",
    "bo luat": "Bộ luật",
    "luat": "Luật",
    **{fold(code).lower(): name for code, name in DOCUMENT_TYPES.items()},
    **{fold(code).lower(): name for code, name in EXTRA_TYPE_CODES.items()},
}
# "HD"/"DA" lose their Đ when folded and collide with "HĐ"/"ĐA"; drop the guesses.
for _ambiguous in ("hd", "da"):
    _TYPE_ALIASES.pop(_ambiguous, None)


def normalize_type_name(value: str | None) -> str | None:
    """Canonical type name for a free-text or abbreviated type, or ``None``.

    >>> normalize_type_name("NGHỊ ĐỊNH"), normalize_type_name("VB HN")
    ('Nghị định', 'Văn bản hợp nhất')
    """
    if not value:
        return None
    key = fold(value).strip(" .:")
    return _TYPE_BY_KEY.get(key) or _TYPE_ALIASES.get(key)


def _issuer_key(code: str) -> str | None:
    key = fold(code).upper()
    if key in _ISSUER_BY_KEY:
        return _ISSUER_BY_KEY[key]
    # National Assembly codes carry the legislature: "QH15", "UBTVQH14", "HĐNN8".
    stripped = re.sub(r"\d+$", "", key)
    return _ISSUER_BY_KEY.get(stripped)


def issuers_from_code(symbol: str) -> list[str]:
    """Issuing bodies named by the issuer part of a ký hiệu, e.g. ``"BTC-BLĐTBXH"``.

    Unknown groups are skipped rather than guessed; type codes that precede the
    issuer in joint or legacy numbers ("VBHN-BTC", "L/CTN") are ignored.
    """
    names: list[str] = []
    for group in re.split(r"[-/]", symbol):
        code = _issuer_key(group)
        if code and ISSUERS[code] not in names:
            names.append(ISSUERS[code])
    return names


def issuer_code_for(name: str) -> str | None:
    """The ký hiệu code of an issuer named in full, e.g. "Bộ Tài chính" → ``"BTC"``."""
    key = fold(name)
    if key in _CODE_BY_NAME:
        return _CODE_BY_NAME[key]
    for prefix, code in _LOCAL_PREFIXES:
        if key.startswith(prefix):
            return code
    return None


# ------------------------------------------------------------------------ casing

# Proper names that sentence-casing an all-caps heading would otherwise lower-case.
_PROPER = sorted(
    {
        *ISSUERS.values(),
        "Việt Nam",
        "Quốc hội",
        "Chính phủ",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Mặt trận Tổ quốc Việt Nam",
        "Công đoàn Việt Nam",
        "Hồ Chí Minh",
        "Thủ tướng",
        "Chánh án",
        "Viện trưởng",
        "Thống đốc",
        "Liên hợp quốc",
        "Công an nhân dân",
        "Quân đội nhân dân",
    },
    key=len,
    reverse=True,
)
_LOCALITY = re.compile(
    r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(?!hội\b)(.+)$",
    re.IGNORECASE,
)
# Legislatures, chapters and parts are numbered in Roman numerals ("khóa XV").
_ROMAN_AFTER = re.compile(r"\b((?:khóa|khoá|chương|phần|mục)\s+)([ivxlc]+)\b", re.IGNORECASE)
# Amending and generic mentions keep a lower-case word: "Luật sửa đổi, bổ sung …".
_NAMED_ACT = re.compile(
    r"\b(bộ luật|luật|pháp lệnh)\s+(?!(?:sửa|này|số|về|và|của|năm|hiện)\b)(\w)", re.IGNORECASE
)


def _capitalise_words(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def recase(text: str) -> str:
    """Sentence case for ALL-CAPS headings, keeping proper names capitalised.

    "LUẬT KHIẾU NẠI" → "Luật khiếu nại" is wrong, so the word after a named act type
    ("Luật", "Bộ luật", "Pháp lệnh") is capitalised, as the official names are:
    "Luật Khiếu nại", "… của Luật Bảo hiểm y tế". Mixed-case input is returned as is.
    """
    text = " ".join(text.split())
    if not text or any(ch.islower() for ch in text):
        return text
    lowered = text.lower()
    out = lowered[:1].upper() + lowered[1:]
    for name in _PROPER:
        folded_name = name.lower()
        start = out.lower().find(folded_name)
        while start != -1:
            out = out[:start] + name + out[start + len(name) :]
            start = out.lower().find(folded_name, start + len(name))
    # Acronyms in brackets ("(HIV/AIDS)") cannot be told from words once lowered.
    for bracketed in re.findall(r"\([A-Z0-9/\-. ]+\)", text):
        start = out.lower().find(bracketed.lower())
        if start != -1:
            out = out[:start] + bracketed + out[start + len(bracketed) :]
    out = _ROMAN_AFTER.sub(lambda m: m[1] + m[2].upper(), out)
    match = _LOCALITY.search(out)
    if match:
        out = out[: match.start(2)] + _capitalise_words(match[2])
    return _NAMED_ACT.sub(lambda m: m[1][:1].upper() + m[1][1:] + " " + m[2].upper(), out)


# ------------------------------------------------------------------------ status

#: Status codes, matching the Django app's EffectStatus values.
STATUS_CODES = (
    "in_force",
    "not_yet_in_force",
    "partially_expired",
    "expired",
    "suspended",
    "unknown",
)

#: Folded free-text statuses and vbpl.vn codes → status code (domain.md §4.4).
#: Looked up by exact key first; :func:`normalize_status` then tries these as phrases.
STATUS_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        "het hieu luc mot phan": "partially_expired",
        "het hieu luc 1 phan": "partially_expired",
        "con hieu luc mot phan": "partially_expired",
        "hhl1p": "partially_expired",
        "partially expired": "partially_expired",
        "khong con hieu luc": "expired",
        "het hieu luc toan bo": "expired",
        "het hieu luc": "expired",
        "hhl": "expired",
        "expired": "expired",
        "chua co hieu luc": "not_yet_in_force",
        "chua hieu luc": "not_yet_in_force",
        "cchl": "not_yet_in_force",
        "not yet in force": "not_yet_in_force",
        "tam ngung hieu luc": "suspended",
        "ngung hieu luc": "suspended",
        "tam ngung": "suspended",
        "dinh chi thi hanh": "suspended",
        "tnhl": "suspended",
        "suspended": "suspended",
        "con hieu luc": "in_force",
        "dang co hieu luc": "in_force",
        "co hieu luc": "in_force",
        "chl": "in_force",
        "in force": "in_force",
        "khong xac dinh": "unknown",
        "chua xac dinh": "unknown",
        "unknown": "unknown",
    }
)


def normalize_status(value: str | None) -> str:
    """Status code for a free-text status; ``"unknown"`` when it cannot be told.

    Accepts Vietnamese with or without diacritics, vbpl.vn codes (CHL, HHL, HHL1P2 …),
    English and the codes themselves ("in_force", "con_hieu_luc").
    """
    if not value:
        return "unknown"
    key = " ".join(re.sub(r"[_\-.,;:()]+", " ", fold(value)).split())
    if key.replace(" ", "_") in STATUS_CODES:
        return key.replace(" ", "_")
    if key in STATUS_SYNONYMS:
        return STATUS_SYNONYMS[key]
    if re.fullmatch(r"hhl ?1 ?p ?\d?", key):
        return "partially_expired"
    # Longest phrases first, so "het hieu luc mot phan" wins over "het hieu luc".
    for phrase in sorted(STATUS_SYNONYMS, key=len, reverse=True):
        if len(phrase) > 4 and re.search(rf"\b{re.escape(phrase)}\b", key):
            return STATUS_SYNONYMS[phrase]
    return "unknown"
