"""The signature block: who signed, in what position and capacity (TM., KT., …)."""

from __future__ import annotations

import re

from .textutil import fold_line, is_upper_line
from .vocab import recase

__all__ = ["find_signature", "main_text_end"]


_AUTHORITY = re.compile(r"^(tm|kt|q|tl|tuq)\s*\.\s*", re.IGNORECASE)
_POSITIONS = (
    "thu tuong",
    "pho thu tuong",
    "bo truong",
    "thu truong",
    "chu tich",
    "pho chu tich",
    "chu nhiem",
    "pho chu nhiem",
    "tong kiem toan",
    "pho tong kiem toan",
    "thong doc",
    "pho thong doc",
    "vien truong",
    "pho vien truong",
    "chanh an",
    "pho chanh an",
    "tong thu ky",
    "tong thanh tra",
    "pho tong thanh tra",
    "tong giam doc",
    "pho tong giam doc",
    "giam doc",
    "chanh van phong",
    "truong ban",
    "truong doan",
    "pho truong doan",
    "cuc truong",
    "tong cuc truong",
)
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]*\s+){1,5}[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$")
_END_OF_TEXT = re.compile(r"(?:\./\.|/\.)\s*$")
# Officers of the armed forces and police sign with their rank: "Thượng tướng Vũ Hải Sản".
_RANK = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)\s+")
_SIGNED_NOTE = re.compile(r"^\(?\s*đã\s+ký\s*\)?$", re.IGNORECASE)


def _is_position(line: str) -> bool:
    """An all-caps signing line: "THỦ TƯỚNG", "KT. BỘ TRƯỞNG", "TM. CHÍNH PHỦ"."""
    line = line.strip()
    if not is_upper_line(line):
        return False
    return bool(_AUTHORITY.match(line)) or fold_line(line).startswith(_POSITIONS)


def find_signature(lines: list[str], start: int) -> tuple[str, str, str | None] | None:
    """(name, position, authority) of the first signature block at or after START."""
    for i in range(start, len(lines)):
        if not _is_position(lines[i]):
            continue
        block = [lines[i]]
        j = i + 1
        while j < len(lines) and j <= i + 6:
            line = lines[j].strip()
            if not line or _SIGNED_NOTE.match(line):
                j += 1
                continue
            if _is_position(line):
                block.append(line)
                j += 1
                continue
            if is_upper_line(line):
                # The body's name inside the block: "KT. CHÁNH ÁN / TÒA ÁN NHÂN DÂN TỐI CAO
                # / PHÓ CHÁNH ÁN" in joint documents.
                j += 1
                continue
            line = _RANK.sub("", line)
            if _NAME.match(line) and _name_plausible(line):
                # "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG": the innermost form counts.
                authority = next((b for b in reversed(block) if _AUTHORITY.match(b)), None)
                position = block[-1]
                if _AUTHORITY.match(position) and len(block) == 1:
                    position = _AUTHORITY.sub("", position)
                return line, recase(position), _recase_authority(authority)
            break
    return None


def _name_plausible(line: str) -> bool:
    folded = fold_line(line)
    return not folded.startswith(("noi nhan", "ha noi", "doc lap", "cong hoa", "dieu "))


def _recase_authority(line: str | None) -> str | None:
    if not line:
        return None
    match = _AUTHORITY.match(line)
    if match is None:
        return recase(line)
    return f"{match[1].upper()}. {recase(line[match.end() :])}"


def main_text_end(lines: list[str], body_start: int) -> int:
    for i in range(body_start, len(lines)):
        folded = fold_line(lines[i])
        if _END_OF_TEXT.search(lines[i]) or re.search(r"\bthong qua ngay\b", folded):
            return i
    return body_start
