"""Remove what the publication channel added to a document's text.

The Công báo (official gazette) PDFs repeat a running header on every page
("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025" plus a page number), add continuation notes
("(Xem tiếp Công báo số …)") and, in their text layer, the digital-signature stamp of
the government portal ("Người ký: Cổng Thông tin điện tử Chính phủ / Email / Cơ quan /
Thời gian ký"). Left in, these split sentences, look like a signer and break the
"a heading starts a line" rule that structure parsing relies on.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dannguyen.lib.vietnamese import normalize, parse_date

from .textutil import pfold

__all__ = ["GazetteIssue", "clean_text", "find_gazette_issue"]

_GAZETTE = re.compile(
    r"C[ÔO]NG\s*B[ÁA]O\s*/\s*S[ỐO]\s*(?P<number>\d+(?:\s*\+\s*\d+)*)\s*/\s*"
    r"NG[ÀA]Y\s*(?P<date>\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4})",
    re.IGNORECASE,
)
# The running header, possibly with the page number on the same line either side.
_GAZETTE_LINE = re.compile(rf"^\s*(?:\d{{1,4}}\s+)?{_GAZETTE.pattern}\s*(?:\d{{1,4}})?\s*$", re.I)
_CONTINUATION = re.compile(r"^\s*\(\s*(?:xem\s+)?tiep(?:\s+theo)?\s+cong\s+bao\s+so\b[^)]*\)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")

# Lines of the portal's signature stamp, matched on pfold-ed text. They are only removed
# as a block (see _stamp_runs) so that a form field "Email: …" in an annex survives.
_STAMP_LINE = re.compile(
    r"^\s*(?:(?:nguoi\s+ky|ky\s+boi)\s*:.*"
    r"|email\s*:\s*\S+@\S+"
    r"|co\s+quan\s*:\s*van\s+phong\s+chinh\s+phu"
    r"|(?:thoi\s+gian|ngay)\s+ky\s*:\s*[\d.:/ +\-]+)\s*$"
)
_STAMP_ANCHOR = re.compile(r"^\s*(?:nguoi\s+ky|ky\s+boi|thoi\s+gian\s+ky|ngay\s+ky)\s*:")
_GAZETTE_SIGNER = re.compile(r"^\s*ky\s+boi\s*:\s*cong\s+bao\b")


@dataclass(frozen=True, slots=True)
class GazetteIssue:
    """The Công báo issue a text was printed in: number as written ("851 + 852") and date.

    ``continued`` is true when the text is the continuation of a document begun in an
    earlier issue ("(Tiếp theo Công báo số …)"): it then has no header of its own.
    """

    number: str
    date: datetime.date | None
    continued: bool = False


def find_gazette_issue(text: str) -> GazetteIssue | None:
    """The first Công báo running header in TEXT, if any."""
    text = normalize(text)
    match = _GAZETTE.search(text)
    if match is None:
        return None
    number = re.sub(r"\s*\+\s*", " + ", match["number"])
    head = pfold(text[:3000]).split("\n")
    continued = any(re.match(r"^\s*\(\s*tiep\s+theo\s+cong\s+bao\b", line) for line in head)
    return GazetteIssue(
        number=number,
        date=parse_date(re.sub(r"\s+", "", match["date"])),
        continued=continued,
    )


def _stamp_runs(folded: list[str]) -> set[int]:
    """Indexes of lines that form a signature stamp (two or more stamp lines in a row)."""
    drop: set[int] = set()
    i = 0
    while i < len(folded):
        if not _STAMP_LINE.match(folded[i]):
            i += 1
            continue
        j = i
        while j < len(folded) and (_STAMP_LINE.match(folded[j]) or not folded[j].strip()):
            j += 1
        run = [k for k in range(i, j) if folded[k].strip()]
        anchored = any(_STAMP_ANCHOR.match(folded[k]) for k in run)
        if (len(run) >= 2 and anchored) or any(_GAZETTE_SIGNER.match(folded[k]) for k in run):
            drop.update(run)
        i = j
    return drop


def clean_text(text: str) -> str:
    """Normalised TEXT without gazette page furniture, with tidy line ends.

    Idempotent, so every parsing step can call it on whatever it is given. Surrounding
    spaces are dropped and runs of blank lines collapsed to one; nothing inside a line
    is changed, so provisions keep the wording of the source. Indentation is dropped
    too: text layers indent at random, and no parsing rule depends on it.
    """
    text = normalize(text).replace("\r\n", "\n").replace("\r", "\n")
    # U+0085 is cp1252's "…" mis-decoded in some exports; as NEL it would also split
    # lines for str.splitlines and nowhere else.
    text = text.replace("\x85", "…").replace("\x00", "")
    lines = [line.strip() for line in text.split("\n")]
    folded = pfold("\n".join(lines)).split("\n")
    drop = _stamp_runs(folded)
    for i, line in enumerate(lines):
        if _GAZETTE_LINE.match(line):
            drop.add(i)
            # The page number sits on its own line just before or after the header.
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(lines) and _PAGE_NUMBER.match(lines[j]):
                    drop.add(j)
        elif _CONTINUATION.match(folded[i]):
            drop.add(i)
    # Blank lines around removed furniture are the page break itself; keeping them would
    # cut a sentence that runs on to the next page into two paragraphs.
    for i in sorted(drop):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and j not in drop and not lines[j]:
                drop.add(j)
                j += step
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if not line.strip():
            if kept and kept[-1] == "":
                continue
            line = ""
        kept.append(line)
    while kept and not kept[0]:
        kept.pop(0)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)
