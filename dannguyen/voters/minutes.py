"""Pasted minutes (biên bản) → the opinions voters raised, for staff to correct.

Framework-free. Minutes are typed in many ways; the cuts recognised, in order:

1. list markers at the start of a line: "1.", "2)", "a)", "-", "–", "•", "+", "*";
2. a speaker announced at the start of a line: "Cử tri Nguyễn Văn A (thôn Đông):",
   "Ông Trần Văn B:", "Bà …:", "Anh …:", "Chị …:", "Ý kiến ông …:";
3. without either, blank lines (one opinion a paragraph).

Other lines continue the opinion above them. Headings in capitals ("Ý KIẾN CỬ TRI") and lines
that only introduce the list ("Cử tri có các ý kiến sau:") are dropped. A speaker prefix is
taken off the content and returned apart. Nothing is lost silently: staff see every piece,
and correct, merge or delete before anything is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_PIECES = 500

_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[a-zđ][)]|[-–—•+*])\s+", re.IGNORECASE)
_TITLES = r"(?:cử tri|ông|bà|anh|chị|đại diện|ý kiến(?: của)?(?: cử tri| ông| bà)?)"
# "Ông Nguyễn Văn A (thôn Đông, xã X):" — a title, at most ten words, maybe a parenthesis,
# then a colon.
_SPEAKER = re.compile(
    rf"^\s*(?P<speaker>{_TITLES}\s+(?:[^\s:()]+\s+){{0,9}}[^\s:()]+(?:\s*\([^()]{{0,120}}\))?)\s*:\s*",
    re.IGNORECASE,
)
_TITLE = re.compile(rf"^\s*{_TITLES}\s+", re.IGNORECASE)
_INTRO = re.compile(r":\s*$")


@dataclass(frozen=True)
class Piece:
    content: str
    speaker: str = ""


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _speaker_of(text: str) -> tuple[str, str]:
    """(speaker, rest) when TEXT opens with a named speaker and a colon, else ("", TEXT)."""
    found = _SPEAKER.match(text)
    if found is None:
        return "", text
    speaker = found.group("speaker")
    title = _TITLE.match(speaker)
    name = speaker[title.end() :] if title else ""
    # A name is capitalised: "Bà con phản ánh:" and "Cử tri phản ánh:" name nobody.
    if not name[:1].isupper():
        return "", text
    return " ".join(speaker.split()), text[found.end() :]


def split_minutes(text: str) -> list[Piece]:
    """The opinions in TEXT, in order (at most MAX_PIECES)."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    marked = any(_MARKER.match(line) or _speaker_of(line)[0] for line in lines if line)
    chunks: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if not line:
            if not marked:
                current = None
            continue
        if _is_heading(line):
            current = None
            continue
        starts = _MARKER.match(line)
        body = line[starts.end() :] if starts else line
        speaker, _rest = _speaker_of(body)
        if starts or speaker or current is None:
            if not starts and not speaker and marked and _INTRO.search(line):
                # "Cử tri có ý kiến như sau:" introduces the list; it is not an opinion.
                current = None
                continue
            current = [body]
            chunks.append(current)
        else:
            current.append(body)
    pieces: list[Piece] = []
    for chunk in chunks:
        joined = " ".join(" ".join(chunk).split())
        speaker, content = _speaker_of(joined)
        content = content.strip()
        if not content:
            continue
        pieces.append(Piece(content=content, speaker=speaker))
        if len(pieces) >= MAX_PIECES:
            break
    return pieces
