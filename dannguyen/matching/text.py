"""Text analysis for matching (framework-free): folded syllables and syllable pairs.

The same idea as legal/ranking.py, tuned for short free texts (petition contents, voters'
opinions): text is split into clauses, tokenised into syllables, accent-folded, and every
pair of adjacent syllables in a clause becomes a pseudo-word (``tranh_chap``), so a
reworded text that keeps the matter's words still shares most terms, and a text typed
without diacritics matches one typed with them. On top of that:

* **Variants** of the same word fold together: syllables spelt with a final ``y`` or ``i``
  after a consonant (``quý``/``quí``, ``kỹ``/``kĩ``, ``lý``/``lí``) and the abbreviations
  and synonyms of ``fixtures/synonyms.json`` (``UBND``, ``sổ đỏ``, ``đền bù``…), which are
  rewritten to one canonical phrase on both sides.
* **Letter boilerplate** (``Kính gửi``, ``Tôi xin trân trọng cảm ơn``, the national motto)
  is cut out: it says nothing about the matter, and in a small index its words would look
  rare enough to make two unrelated letters similar.
* Each term keeps the **surface form** it was written with, so reasons can quote the
  writer's own words.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dannguyen.lib.vietnamese import fold, normalize, tokenize

__all__ = ["JOINER", "Analysis", "analyze", "fold_syllable", "is_pair", "phrase_key"]

#: Joins two syllables into one pseudo-word; tokens never contain it (see legal/ranking).
JOINER = "_"

MAX_TOKEN = 40

SYNONYMS_FILE = Path(__file__).resolve().parent / "fixtures" / "synonyms.json"

# Clause boundaries: a syllable pair across them is not a word.
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’«»…\n\r/\\|<>=+*&^%$#@~`-]+")

# Final y after a bare consonant onset is spelt i by half of the writers (quý/quí, lý/lí).
_Y_FINAL = re.compile(r"^(qu|[bcdghklmnpstvx]{1,3})y$")

# Boilerplate of Vietnamese letters and petitions, folded. Matched on whole syllables.
_BOILERPLATE = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "kinh gui",
    "dong kinh gui",
    "toi xin chan thanh cam on",
    "xin chan thanh cam on",
    "toi xin tran trong cam on",
    "xin tran trong cam on",
    "tran trong cam on",
    "chan thanh cam on",
    "xin cam on",
    "toi xin cam doan",
    "xin cam doan",
    "nhung dieu trinh bay tren la dung su that",
    "noi dung tren la dung su that",
    "la dung su that",
    "neu sai toi xin hoan toan chiu trach nhiem truoc phap luat",
    "toi xin chiu trach nhiem truoc phap luat",
    "chiu trach nhiem truoc phap luat",
    "nguoi lam don",
    "nguoi viet don",
    "ky ghi ro ho ten",
    "ky va ghi ro ho ten",
    "ghi ro ho ten",
    "toi xin trinh bay su viec nhu sau",
    "xin trinh bay su viec nhu sau",
    "trinh bay su viec nhu sau",
    "toi ten la",
    "toi la",
    "don de nghi",
    "don kien nghi",
)


def fold_syllable(syllable: str) -> str:
    return _fold_syllable(syllable)


@lru_cache(maxsize=1 << 16)
def _fold_syllable(syllable: str) -> str:
    # ~7,000 Vietnamese syllables: the cache nearly always hits.
    folded = fold(syllable)
    match = _Y_FINAL.match(folded)
    return f"{match.group(1)}i" if match else folded


def is_pair(term: str) -> bool:
    return JOINER in term


def _phrase_tree(phrases: Iterable[tuple[tuple[str, ...], tuple[str, ...]]]) -> dict:
    """A trie of folded syllables; a node's ``None`` entry holds the replacement."""
    root: dict = {}
    for phrase, replacement in phrases:
        node = root
        for syllable in phrase:
            node = node.setdefault(syllable, {})
        node[None] = replacement
    return root


@lru_cache(maxsize=1)
def _rewrites() -> dict:
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for group in data["groups"]:
        canonical = tuple(_fold_syllable(s) for s in group[0].split())
        for variant in group:
            pairs.append((tuple(_fold_syllable(s) for s in variant.split()), canonical))
    pairs += [(tuple(_fold_syllable(s) for s in p.split()), ()) for p in _BOILERPLATE]
    return _phrase_tree(pairs)


def _rewrite(clause: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Apply the longest synonym or boilerplate phrase at each position.

    Returns the clause cut into pieces: removed boilerplate splits it, so no pair spans
    the hole. Each item is ``(folded canonical syllable, surface it came from)``.
    """
    tree = _rewrites()
    pieces: list[list[tuple[str, str]]] = [[]]
    i = 0
    while i < len(clause):
        node, j, best = tree, i, None
        while j < len(clause) and clause[j][0] in node:
            node = node[clause[j][0]]
            j += 1
            if None in node:
                best = (j, node[None])
        if best is None:
            pieces[-1].append(clause[i])
            i += 1
            continue
        end, replacement = best
        surface = " ".join(s for _, s in clause[i:end])
        if replacement:
            pieces[-1].extend((syllable, surface) for syllable in replacement)
        elif pieces[-1]:
            pieces.append([])
        i = end
    return [p for p in pieces if p]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Term frequencies of one text, its length in syllables, and surface forms."""

    tf: Mapping[str, int]
    length: int
    surface: Mapping[str, str]
    #: The clauses as written: (folded canonical syllable, surface) in order. Empty when
    #: rebuilt from the index, which keeps no order.
    clauses: tuple[tuple[tuple[str, str], ...], ...] = ()
    #: The terms that name this matter's particulars: syllable pairs inside proper names
    #: (runs of capitalised syllables: people, hamlets, companies) and numbers of two or
    #: more digits (plots, map sheets, amounts, judgments). Two different matters of the
    #: same kind share their topic words; what tells them apart is these.
    specifics: frozenset[str] = frozenset()

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(self.tf)

    def stored(self) -> str:
        """Space-separated terms, each repeated tf times: what the index column holds."""
        return " ".join(t for t, n in sorted(self.tf.items()) for _ in range(n))

    @classmethod
    def from_stored(cls, stored: str) -> Analysis:
        tokens = stored.split()
        return cls(tf=Counter(tokens), length=len(tokens) - stored.count(JOINER), surface={})


def analyze(text: str, *, max_chars: int = 20_000) -> Analysis:
    """Analyse TEXT (cut at MAX_CHARS: a petition's matter is stated in its first pages)."""
    tf: Counter[str] = Counter()
    surface: dict[str, str] = {}
    clauses: list[tuple[tuple[str, str], ...]] = []
    specifics: set[str] = set()
    length = 0
    for piece in _BREAK.split(normalize(text[:max_chars])):
        # No syllable is longer than 7 letters; a 40+ character run is a link, a code or
        # noise, and would overflow the index's term column and PostgreSQL's lexeme limit.
        if any(len(w) > MAX_TOKEN for w in _WORD.findall(piece)):
            piece = " ".join(w for w in _WORD.findall(piece) if len(w) <= MAX_TOKEN)
        words = tokenize(piece)
        if not words:
            continue
        specifics.update(_particulars(_WORD.findall(piece)))
        clause = [(_fold_syllable(w), w) for w in words]
        for part in _rewrite(clause):
            clauses.append(tuple(part))
            length += len(part)
            for folded, written in part:
                tf[folded] += 1
                surface.setdefault(folded, written)
            for (a, wa), (b, wb) in itertools.pairwise(part):
                pair = f"{a}{JOINER}{b}"
                tf[pair] += 1
                surface.setdefault(pair, wa if wa == wb else f"{wa} {wb}")
    return Analysis(
        tf=tf,
        length=length,
        surface=surface,
        clauses=tuple(clauses),
        specifics=frozenset(t for t in specifics if t in tf),
    )


_WORD = re.compile(r"[^\W_]+")


def _particulars(words: list[str]) -> set[str]:
    """Pairs inside runs of two or more capitalised syllables, and multi-digit numbers.

    All-capital abbreviations (UBND) are not names; a clause's first word is capitalised
    by grammar, which is why a run needs two syllables.
    """
    out: set[str] = set()
    run: list[str] = []
    for word in [*words, ""]:
        if word[:1].isupper() and not (len(word) > 1 and word.isupper()):
            run.append(_fold_syllable(word))
            continue
        if len(run) >= 2:
            out.update(f"{a}{JOINER}{b}" for a, b in itertools.pairwise(run))
        run = []
        if word.isdigit() and len(word) >= 2:
            out.add(word)
    return out


def phrase_key(phrase: str) -> str:
    """The terms a phrase requires of a text: its syllable pairs (adjacency), or its one
    syllable; synonyms apply as in any text."""
    analysis = analyze(phrase)
    pairs = sorted(t for t in analysis.tf if is_pair(t))
    return " ".join(pairs or sorted(analysis.tf))
