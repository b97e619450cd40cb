"""The provision tree of a legal text: Phần › Chương › Mục › Tiểu mục › Điều › Khoản › Điểm.

Headings are recognised only at the start of a line, and a candidate must also fit
the numbering so far. That is what separates "Điều 5. Phạm vi" from the reference
"… quy định tại\\nĐiều 5 của Luật này" that a hard-wrapped gazette line can start
with. The rules, in order:

* gazette page furniture is removed first (:func:`clean_text`);
* a line that starts inside a quotation, or opens one, is never a heading: amending
  documents quote the new wording (“Điều 5. …”), and those quoted articles, clauses
  and points belong to the amending article's text. Curly quotes are tracked as
  nesting depth; straight quotes only by parity, only when a text has no curly ones
  and only if their count is even;
* sources do not always close their quotes (a consolidated text's footnotes run on
  across pages while the main text continues), so a quotation is taken to have ended
  when a new one opens at the start of a line, at the text's first "Điều 1.", or at
  the next article of the main text when the open quotation cannot contain it: it
  quoted a preamble ("“Căn cứ …") or sat in a footnote, it began with a clause, a
  point or a phrase (which hold no articles), or it began with an article numbered
  at or above the candidate (quoted articles run in increasing order) or below the
  main text's current one. Even then the quotation stays open if the same article
  number heads another line further on: that one is the real heading;
* an article must come after the previous one (1, 2, 2a, 3 …). A jump (texts skip
  repealed articles) needs a capitalised heading, at most 50 numbers, and the
  numbering must go on from it rather than from the previous article; and, unless
  it has a capitalised heading and is the next number, an article must follow a
  line that ends a sentence. Footnote markers glued to headings ("Điều 7.4 Thẩm
  quyền", "Hiệu lực thi hành18") are dropped, and a heading that ends with a full
  stop is the article's first sentence, not its name;
* a clause must be 1 or follow the previous clause's number (2 → 3, 2 → 2a), and a
  point must follow the Vietnamese alphabet (a, b, c, d, đ, e …; a → a1);
* the main text ends at "./." or at the law's "… thông qua ngày …" line; annexes after
  it (sample forms often contain "Điều 1.") are not parsed unless numbering resumes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import clean_text
from .textutil import fold_line, is_upper_line

__all__ = ["KINDS", "Provision", "parse_structure", "provisions_from_clean_text"]

#: Provision kinds from the outermost to the innermost.
KINDS = ("part", "chapter", "section", "subsection", "article", "clause", "point")
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_ANCHOR_WORD = {
    "part": "phan",
    "chapter": "chuong",
    "section": "muc",
    "subsection": "tieu-muc",
    "article": "dieu",
    "clause": "khoan",
    "point": "diem",
}


@dataclass
class Provision:
    """One provision; ``parent_index`` points into the same list, ``order`` is its index.

    ``text`` is the provision's own source text starting with its label line: for
    articles, clauses and points everything down to the next sibling (so an article
    includes its clauses); for parts, chapters and sections only the heading.
    ``anchor`` is unique within the document, e.g. ``"dieu-3a-khoan-2-diem-dd"``.
    """

    kind: str
    number: str
    heading: str
    text: str
    parent_index: int | None
    order: int
    anchor: str


_ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINALS = {
    "nhat": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

_CONTAINER = re.compile(
    r"^(?P<label>phan|chuong|muc|tieu muc)\s+"
    r"(?P<number>thu(?:\s+muoi)?\s+(?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi|mot|lam)"
    r"|[ivxlc]+|\d+)(?P<suffix>[a-z]?)\b\s*(?P<sep>[.:\-–])?\s*"
)
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<number>\d{1,4}[a-zđ]?\d?)\s*(?:[.:]\s*|$)")
_CLAUSE = re.compile(r"^(?P<number>\d{1,3})(?P<suffix>[a-zđ]?)\s*[.\-]\s+(?=\S)")
_POINT = re.compile(r"^(?P<letter>[a-zđ])(?P<digits>\d{0,2})\)\s*")
# A footnote in a consolidated text: "4 (i) Điều 2 và Điều 3 …", "5 Cụm từ …".
_FOOTNOTE = re.compile(r"^(?:\d{1,2}\s+(?![.\-)])\S|\([ivx]+\)\s)")
_QUOTE_MARK = re.compile(r"[“”«»]")
_SENTENCE_END = re.compile(r"""[.;:!?”"’)…]$""")
_END_OF_TEXT = re.compile(r"(?:\./\.|/\.)\s*$")
_ADOPTION = re.compile(
    r"^(?:bo luat|luat|nghi quyet|phap lenh|hien phap) nay (?:da )?duoc .*thong qua"
)


def _roman(text: str) -> int:
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _container_number(raw: str, folded: str) -> tuple[str, int]:
    """(number as stored, numeric value) for "II", "2" or "thứ hai"."""
    if folded.startswith("thu"):
        words = folded.split()[1:]
        value = sum(_ORDINALS.get(word, 1 if word in {"mot", "lam"} else 0) for word in words)
        if words[-1] == "lam":
            value += 4
        return str(value), value
    if raw.isdigit():
        return raw, int(raw)
    return raw.upper(), _roman(raw)


# Consolidated texts put footnote markers after headings: "Điều 7.4 Thẩm quyền …",
# "Điều 54. Hiệu lực thi hành18". Headings never start with a number nor end in one
# glued to a word, so such digits are markers.
def _heading_text(rest: str) -> str:
    rest = re.sub(r"^\d{1,2}\s+(?=\D)", "", rest.strip())
    return re.sub(r"(?<=[^\W\d])\d{1,2}$", "", rest)


def _article_key(number: str) -> tuple[int, str]:
    match = re.match(r"(\d+)(.*)", number)
    assert match is not None
    return int(match[1]), match[2]


class _Quotes:
    """Tracks whether the parser is inside a quotation, line by line.

    Curly quotes nest. Sources are not always balanced (a footnote quoting a
    preamble loses its closing mark at a page break), so two repairs keep one stray
    mark from hiding the rest of the text: a quotation that opens at the start of a
    line while another one is still open from an earlier line replaces it (quoted
    amendment blocks follow one another), and :meth:`reset` lets the parser end a
    quotation when it meets the text's first article. Straight quotes are used only
    when a text has no curly ones, by parity, and ignored if their count is odd.
    """

    def __init__(self, lines: list[str]) -> None:
        text = "\n".join(lines)
        self.curly = "“" in text or "”" in text
        self.straight = not self.curly and text.count('"') % 2 == 0
        self.depth = 0
        self.opened_at = -1
        self.lines = lines
        # What the open quotation started with: a footnote or quoted preamble ("aside"),
        # an article (with its number), a chapter/section/part, or anything else.
        self.opener = "other"
        self.opener_article: tuple[int, str] | None = None

    def opens(self, line: str) -> bool:
        return line.startswith(("“", "«")) if self.curly else self.straight and line[:1] == '"'

    def inside(self, line: str) -> bool:
        return self.depth > 0 or self.opens(line)

    def reset(self) -> None:
        self.depth = 0

    def _classify(self, index: int, content: str) -> None:
        folded = fold_line(content)
        self.opener_article = None
        footnote = any(_FOOTNOTE.match(self.lines[j]) for j in range(max(0, index - 3), index + 1))
        article = _ARTICLE.match(content)
        if footnote or folded.startswith("can cu"):
            self.opener = "aside"
        elif article:
            self.opener = "article"
            self.opener_article = _article_key(article["number"])
        elif _CONTAINER.match(folded):
            self.opener = "container"
        else:
            self.opener = "other"

    def cannot_hold(self, key: tuple[int, str], first: bool) -> bool:
        """Whether the open quotation cannot contain the article KEY of the main text.

        Quoted provisions run in increasing order, and a quoted clause, point or
        phrase holds no article; so "Điều 3." after a quote that opened with "Điều 4a."
        or "5. …" means that quote was never closed in the source.
        """
        if first or self.opener in {"aside", "other"}:
            return True
        return (
            self.opener == "article"
            and self.opener_article is not None
            and (key <= self.opener_article)
        )

    def feed(self, index: int, line: str) -> None:
        if self.curly:
            if self.depth and self.opens(line) and self.opened_at < index:
                self.depth = 0
            for found in _QUOTE_MARK.finditer(line):
                position, ch = found.start(), found[0]
                if ch in "“«":
                    if not self.depth:
                        self.opened_at = index
                        self._classify(index, line[position + 1 :].strip())
                    self.depth += 1
                elif ch in "”»":
                    self.depth = max(0, self.depth - 1)
        elif self.straight:
            self.depth = (self.depth + line.count('"')) % 2


@dataclass
class _Draft:
    kind: str
    number: str
    heading: str
    start: int
    head_end: int
    end: int = -1
    parent: int | None = None


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.quotes = _Quotes(lines)
        self.drafts: list[_Draft] = []
        self.stack: list[int] = []
        self.last_article: tuple[int, str] | None = None
        self.last_clause: tuple[int, str] | None = None
        self.last_point: tuple[int, int] | None = None
        self.containers: dict[str, int] = {}
        self.closed = False

    # ---------------------------------------------------------------- helpers

    def _previous_ends_sentence(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and not self.lines[j]:
            j -= 1
        if j < 0 or (self.drafts and self.drafts[-1].head_end > j >= self.drafts[-1].start):
            return True
        previous = self.lines[j]
        return bool(_SENTENCE_END.search(previous)) or is_upper_line(previous)

    def _open(self, draft: _Draft) -> None:
        rank = _RANK[draft.kind]
        while self.stack and _RANK[self.drafts[self.stack[-1]].kind] >= rank:
            self.drafts[self.stack.pop()].end = draft.start
        draft.parent = self.stack[-1] if self.stack else None
        self.stack.append(len(self.drafts))
        self.drafts.append(draft)
        self.closed = False

    def _close_all(self, at: int) -> None:
        while self.stack:
            self.drafts[self.stack.pop()].end = at
        self.closed = True

    def _heading_lines(self, i: int, rest: str) -> tuple[str, int]:
        """Heading of a container: the rest of its line, else the caps lines below it."""
        if rest:
            return rest, i + 1
        parts: list[str] = []
        j = i + 1
        while j < len(self.lines) and len(parts) < 3:
            line = self.lines[j]
            if not line:
                if parts:
                    break
                j += 1
                continue
            if self._is_heading_start(line) or (parts and not is_upper_line(line)):
                break
            if not parts and not is_upper_line(line) and len(line) > 150:
                break
            parts.append(line)
            j += 1
            if not is_upper_line(line):
                break
        return " ".join(parts), j

    @staticmethod
    def _is_heading_start(line: str) -> bool:
        folded = fold_line(line)
        return bool(_CONTAINER.match(folded) or _ARTICLE.match(line))

    # ------------------------------------------------------------- recognisers

    def container(self, i: int, line: str) -> bool:
        folded = fold_line(line)
        match = _CONTAINER.match(folded)
        if match is None:
            return False
        rest = line[match.end() :].strip()
        if rest and not match["sep"] and not is_upper_line(rest):
            return False  # "Chương II của Luật này …" wrapped onto a new line
        if rest and rest[0].islower():
            return False
        kind = {"phan": "part", "chuong": "chapter", "muc": "section", "tieu muc": "subsection"}[
            match["label"]
        ]
        raw = line[match.start("number") : match.end("number")]
        if not match["number"].startswith("thu") and not (raw.isdigit() or _ROMAN.match(raw)):
            return False
        number, value = _container_number(raw, match["number"])
        number += line[match.start("suffix") : match.end("suffix")]
        previous = self.containers.get(kind)
        if previous is not None and value <= previous and not match["suffix"]:
            return False
        if previous is None and value > 5 and kind in {"part", "chapter"}:
            return False
        heading, head_end = self._heading_lines(i, rest)
        self._open(_Draft(kind, number, heading, i, head_end))
        self.containers[kind] = value
        # Sections restart their numbering in every chapter, subsections in every section.
        for inner in KINDS[_RANK[kind] + 1 : _RANK["article"]]:
            self.containers.pop(inner, None)
        self.last_clause = self.last_point = None
        return True

    def article(self, i: int, line: str) -> bool:
        match = _ARTICLE.match(line)
        if match is None:
            return False
        number = match["number"]
        key = _article_key(number)
        rest = _heading_text(line[match.end() :])
        strong = bool(rest) and (rest[0].isupper() or rest[0] in '(“"')
        if self.last_article is None:
            if not (strong or self._previous_ends_sentence(i)):
                return False
            if key[0] > 20 and not (strong and self._previous_ends_sentence(i)):
                return False
        else:
            last = self.last_article
            if key <= last:
                return False
            expected = key[0] == last[0] + 1 or (key[0] == last[0] and key[1] > last[1])
            if not expected:
                # Texts skip repealed articles, but a jump must be plausible and the
                # numbering must go on from it.
                if not strong or key[0] > last[0] + 50:
                    return False
                if not self._sequence_resumes(i, last, key):
                    return False
            if not (strong and expected) and not self._previous_ends_sentence(i):
                return False
        heading, head_end = rest, i + 1
        # A long heading wraps; its continuation starts lower-case, a body sentence does not.
        while (
            heading
            and head_end < len(self.lines)
            and self.lines[head_end][:1].islower()
            and not _SENTENCE_END.search(heading)
            and len(heading) < 250
        ):
            heading = f"{heading} {self.lines[head_end]}"
            head_end += 1
        # Article names carry no final stop (NĐ 78/2025); "Điều 1. Tán thành kết quả …."
        # is an unnamed article whose text starts on the heading line.
        if _SENTENCE_END.search(heading) and not heading.endswith(")"):
            heading = ""
        self._open(_Draft("article", number, heading, i, head_end))
        self.last_article = key
        self.last_clause = self.last_point = None
        return True

    def clause(self, i: int, line: str) -> bool:
        if self.last_article is None or self.closed:
            return False
        match = _CLAUSE.match(line)
        if match is None:
            return False
        key = (int(match["number"]), match["suffix"])
        last = self.last_clause
        if last is None:
            if key != (1, ""):
                return False
        elif not (key[0] == last[0] + 1 and not key[1]) and not (
            key[0] == last[0] and key[1] > last[1]
        ):
            return False
        self._open(_Draft("clause", match["number"] + match["suffix"], "", i, i + 1))
        self.last_clause = key
        self.last_point = None
        return True

    def point(self, i: int, line: str) -> bool:
        if self.last_article is None or self.closed:
            return False
        match = _POINT.match(line)
        if match is None:
            return False
        letter = _POINT_LETTERS.find(match["letter"])
        digits = int(match["digits"] or 0)
        last = self.last_point
        if last is None:
            ok = (letter, digits) == (0, 0)
        else:
            ok = (digits == 0 and letter == last[0] + 1) or (letter == last[0] and digits > last[1])
            # Texts written without "đ" go straight from d to e.
            ok = ok or (digits == 0 and match["letter"] == "e" and last[0] == 3)
        if not ok:
            return False
        number = match["letter"] + match["digits"]
        self._open(_Draft("point", number, "", i, i + 1))
        self.last_point = (letter, digits)
        return True

    def _article_ends_quote(self, i: int, line: str) -> bool:
        """Whether an open quotation must be unbalanced because this line is an article.

        True for "Điều 1. …" before any article, and for the next article number when
        the open quotation cannot hold it (:meth:`_Quotes.cannot_hold`). Consolidated
        texts print the amending documents' wording in footnotes that run on across
        pages, so their quotes are left open while the main text goes on; amending
        texts sometimes drop a closing mark.
        """
        if self.quotes.opens(line):
            return False
        match = _ARTICLE.match(line)
        if match is None or not _heading_text(line[match.end() :])[:1].isupper():
            return False
        key = _article_key(match["number"])
        last = self.last_article
        if last is None:
            ends = key == (1, "")
        else:
            quotes = self.quotes
            # A quotation that began with an article before the current one of the main
            # text is a footnote quoting an older document's final articles.
            older = quotes.opener_article is not None and quotes.opener_article < last
            ends = key == (last[0] + 1, "") and (quotes.cannot_hold(key, first=False) or older)
            ends = ends and not self._recurs_later(i, key)
        if ends:
            self.quotes.reset()
        return ends

    def _recurs_later(self, i: int, key: tuple[int, str]) -> bool:
        """Whether "Điều KEY." heads another line further on, before numbering moves past it."""
        for line in self.lines[i + 1 :]:
            match = _ARTICLE.match(line)
            if match is None:
                continue
            following = _article_key(match["number"])
            if following == key and _heading_text(line[match.end() :])[:1].isupper():
                return True
            if following > key:
                return False
        return False

    def _sequence_resumes(self, i: int, last: tuple[int, str], key: tuple[int, str]) -> bool:
        """After an unexpected jump to KEY, whether numbering goes on from KEY, not LAST.

        A misplaced quotation mark can expose a quoted "Điều 28b." in an amending
        decree that is only at its Điều 12; the next unquoted article line settles it.
        """
        for line in self.lines[i + 1 :]:
            match = _ARTICLE.match(line)
            if match is None:
                continue
            following = _article_key(match["number"])
            if following == (last[0] + 1, "") or (following[0] == last[0] and following > last):
                return False
            if following > key:
                return True
        return True

    # -------------------------------------------------------------------- run

    def run(self) -> list[_Draft]:
        for i, line in enumerate(self.lines):
            if not line:
                continue
            if self.quotes.inside(line) and not self._article_ends_quote(i, line):
                self.quotes.feed(i, line)
                continue
            self.quotes.feed(i, line)
            if self.drafts and self.drafts[-1].head_end > i:
                continue
            if self.last_article is not None and _ADOPTION.match(fold_line(line)):
                self._close_all(i)
                continue
            recognised = (
                self.container(i, line)
                or self.article(i, line)
                or self.clause(i, line)
                or self.point(i, line)
            )
            if not recognised and self.last_article is not None and _END_OF_TEXT.search(line):
                self._close_all(i + 1)
        self._close_all(len(self.lines))
        return self.drafts


def _anchor(drafts: list[_Draft], index: int) -> str:
    parts: list[str] = []
    current: int | None = index
    while current is not None:
        draft = drafts[current]
        number = draft.number.lower().replace("đ", "dd")
        parts.append(f"{_ANCHOR_WORD[draft.kind]}-{number}")
        # Articles and chapters are numbered through the whole text: they anchor alone.
        if draft.kind in {"article", "chapter", "part"}:
            break
        current = draft.parent
    return "-".join(reversed(parts))


def first_article_offset(text: str, number: str | None) -> int:
    """Where "Điều NUMBER" starts in TEXT: what comes before is the preamble (the title and
    the legal basis, "Căn cứ …"). 0 when there is no such article."""
    if number is None:
        return 0
    return max(text.find(f"Điều {number}"), 0)


def parse_structure(text: str) -> list[Provision]:
    """Provisions of TEXT in document order (see the module docstring for the rules)."""
    return provisions_from_clean_text(clean_text(text))


def provisions_from_clean_text(cleaned: str) -> list[Provision]:
    """:func:`parse_structure` for text that has been through :func:`clean_text`."""
    lines = cleaned.split("\n")
    drafts = _Parser(lines).run()
    provisions: list[Provision] = []
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        if draft.kind in {"part", "chapter", "section", "subsection"}:
            body = lines[draft.start : draft.head_end]
        else:
            body = lines[draft.start : max(draft.end, draft.head_end)]
        anchor = base = _anchor(drafts, index)
        suffix = 2
        while anchor in seen:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(anchor)
        provisions.append(
            Provision(
                kind=draft.kind,
                number=draft.number,
                heading=" ".join(draft.heading.split()),
                text="\n".join(body).strip(),
                parent_index=draft.parent,
                order=index,
                anchor=anchor,
            )
        )
    return provisions
