"""Small text helpers shared by the header, structure and citation parsers."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold_line", "is_upper_line", "pfold", "squeeze"]


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch
    return "d" if base == "đ" else base


# Latin, Latin Extended and Vietnamese letters: everything pfold has to change.
_PFOLD_TABLE = {
    code: _fold_char(chr(code))
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if _fold_char(chr(code)) != chr(code)
}


def pfold(text: str) -> str:
    """Accent- and case-folded TEXT of exactly the same length.

    :func:`dannguyen.lib.vietnamese.fold` collapses whitespace, so its offsets do not
    line up with the source. Matching on this instead lets a pattern written without
    diacritics ("co hieu luc") find its span in the original text. Expects NFC input,
    where every Vietnamese letter is one code point; letters outside the Latin
    blocks are left as they are.
    """
    return text.translate(_PFOLD_TABLE)


@functools.lru_cache(maxsize=1 << 16)
def fold_line(line: str) -> str:
    """:func:`pfold` for one line, cached: the header parser looks at each line many times."""
    return pfold(line)


def squeeze(text: str) -> str:
    """Collapse all whitespace runs (line breaks included) to single spaces."""
    return " ".join(text.split())


_LETTER = re.compile(r"[^\W\d_]")


def is_upper_line(line: str) -> bool:
    """True for a line with letters, none of them lower-case ("CHƯƠNG I", "LUẬT")."""
    letters = _LETTER.findall(line)
    return bool(letters) and not any(ch.islower() for ch in letters)
