"""Grouping voters' opinions that make the same request (framework-free; decision 0020).

A round of voter meetings yields hundreds to thousands of short opinions ("Cử tri xã X
kiến nghị nâng cấp đường ĐT 477…"); the same request comes back from many meetings in
other words. :func:`propose` cuts the batch into proposed groups, every opinion in
exactly one, with a draft consolidated wording; staff then accept, merge and split.

1. **Analysis.** Voter boilerplate is cut generically: the opening "Cử tri <anything
   naming who> kiến nghị / phản ánh / đề nghị…" (up to the first speech verb, so any
   commune or hamlet name goes with it), the speech verbs themselves, the stock
   requests to "các cấp có thẩm quyền quan tâm xem xét giải quyết", and a dozen function
   words matched *with* their diacritics (của, và, là, vì, để…; folded, "cho" or "do"
   would also be chợ and đỏ). A removed word splits its clause, so no syllable pair
   spans it. Road codes written together (``ĐT477``, ``QL1A``, ``ĐT.477``) are split,
   and a few interchangeable wordings of voter meetings fold together (``tỉnh lộ`` /
   ``đường tỉnh`` / ``ĐT``, ``xuống cấp`` / ``hư hỏng``…). The rest goes through
   ``matching.text.analyze`` (folded syllables and adjacent-syllable pairs, the project's
   synonyms), so typing without diacritics and the abbreviations UBND, HĐND, BHYT, sổ
   đỏ… change nothing. The commune and meeting of an opinion are not used: the same
   request from two communes must group.
2. **Weights** are idf over the batch itself (``ln((1+N)/(1+df)) + 1``) × ``(1 + ln tf)``,
   pairs × 1.5: words every opinion of the round uses weigh little. A small batch says
   little about which words are common, so there the idf leans toward flat weights
   (``1 + (idf − 1) × N / (N + IDF_PRIOR)``).
3. **Similarity** = cosine over the *request words* (everything but the particulars) ×
   a particulars factor. Particulars are runs of capitalised syllables inside a clause
   (hamlets, companies, schools) and numbers or codes (road 477, QL 1A, year 2023), each
   with its *slot*, the word before it (thôn, xã, năm, giấy…; every road word — ĐT, QL,
   đường, tuyến — is one slot). When the two opinions name different particulars in the
   same slot (thôn Đông vs thôn Tây, ĐT 477 vs QL 10) the cosine is cut to 15 %; a
   particular only one of them names changes nothing. Two requests about the same road
   share its number and differ by what is asked; the same request about two roads
   differs by the number. Particulars alone never make two opinions similar.
4. **Candidates** (blocking): an inverted index over the batch's terms and particulars;
   each opinion reads the postings of its particulars, then of its rarest terms, within
   a budget (POSTINGS_BUDGET), and keeps its best-scoring ``CANDIDATES`` neighbours, so
   the cost per opinion is bounded and the whole grows like n (plus sorting the edges:
   n·log n), never all pairs.
5. **Clustering**: candidate edges at or above the threshold, strongest first, merge two
   groups only if the *average* similarity over all their cross pairs (average linkage;
   pair by pair for small groups, from the groups' summed unit vectors for large ones)
   is also at or above the threshold — a chain of pairwise-similar opinions does not
   snowball into one group — and no ``apart`` pair would end up together. Staff-fixed
   ``together`` groups are kept exactly and take no one else.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from dannguyen.lib.vietnamese import fold, normalize
from dannguyen.matching.similarity import shared_words as _shared_words
from dannguyen.matching.text import JOINER, analyze, is_pair

__all__ = [
    "DEFAULT_THRESHOLD",
    "OpinionText",
    "ProposedGroup",
    "draft_title",
    "propose",
    "shared_words",
    "similarity",
]

#: Calibrated on bench/data/voter_opinions_labelled.json (bench/voters_grouping.py): the
#: threshold of the best pairwise F1 on the whole set, rounded; see decision 0020.
DEFAULT_THRESHOLD = 0.18
#: A merge needs the groups' average similarity ≥ LINK_RATIO × threshold (anti-chaining;
#: 0.8 let mixed groups through on the labelled set, see decision 0020).
LINK_RATIO = 1.0
#: Similarity kept when the two opinions name different particulars in the same slot.
PARTICULAR_FLOOR = 0.15
PAIR_WEIGHT = 1.5
#: Batch size at which the batch's idf counts half (see _Space).
IDF_PRIOR = 10.0
#: Whether the particulars' own terms count in the cosine too (besides the factor).
PARTICULARS_IN_COSINE = False
#: Blocking: neighbours kept per opinion, and postings read per opinion.
CANDIDATES = 20
POSTINGS_BUDGET = 1000
PARTICULAR_BOOST = 3.0
TERMS_PER_OPINION = 24


@dataclass(frozen=True)
class OpinionText:
    id: int
    text: str
    commune: str = ""  # commune code, may be empty
    meeting: int | None = None  # meeting id


@dataclass(frozen=True)
class ProposedGroup:
    opinion_ids: tuple[int, ...]  # sorted
    title: str  # draft consolidated wording (one Vietnamese sentence)
    cohesion: float  # 0..1, mean similarity inside the group (1.0 for singletons)
    pinned: bool  # True when this group is exactly a staff-fixed group


# --------------------------------------------------------------------------- analysis

_TOKEN = re.compile(r"[^\W_]+")
_BREAK = re.compile(r"[.;:!?\n\r]+")
# "ĐT477", "QL1A", "TL12B": a road (or lot) code glued to its number.
_CODE = re.compile(r"^([^\W\d_]{1,3})(\d+[^\W\d_]?)$")

# Who is speaking: a clause that starts with one of these and reaches a speech verb
# within _OPENING_SPAN syllables loses everything up to the verb (commune, hamlet, group).
_SPEAKERS = (("cu", "tri"), ("nhan", "dan"), ("nguoi", "dan"), ("ba", "con"))
_OPENING_SPAN = 12
_SPEECH_VERBS = (
    ("kien", "nghi"),
    ("de", "nghi"),
    ("de", "xuat"),
    ("phan", "anh"),
    ("mong", "muon"),
    ("yeu", "cau"),
    ("bay", "to"),
    ("neu", "y", "kien"),
    ("cho", "rang"),
    ("hoi",),
    ("noi",),
    ("mong",),
)
_REQUEST_VERBS = {("kien", "nghi"), ("de", "nghi"), ("de", "xuat"), ("mong", "muon"),
                  ("yeu", "cau"), ("mong",)}  # fmt: skip

# Stock phrases of voter petitions, folded: they say how to ask, not what.
_FILLER = (
    "kinh de nghi",
    "kinh kien nghi",
    "de nghi cac cap co tham quyen",
    "cac cap co tham quyen",
    "co quan co tham quyen",
    "cap co tham quyen",
    "cac co quan chuc nang",
    "co quan chuc nang",
    "cac nganh chuc nang",
    "cac cap cac nganh",
    "cac nganh",
    "cac cap chinh quyen",
    "cac bo nganh trung uong",
    "cac bo nganh",
    "cac cap",
    "quan tam xem xet giai quyet",
    "quan tam xem xet",
    "quan tam giai quyet",
    "quan tam chi dao",
    "xem xet giai quyet",
    "som xem xet",
    "som giai quyet",
    "giai quyet dut diem",
    "xem xet",
    "quan tam",
    "tiep tuc kien nghi",
    "tiep tuc de nghi",
    "kien nghi",
    "de nghi",
    "de xuat",
    "phan anh",
    "mong muon",
    "yeu cau",
    "cu tri",
    "nhan dan dia phuong",
    "tren dia ban",
    "dia phuong",
    "hien nay",
    "thoi gian qua",
    "thoi gian toi",
    "kip thoi",
)
# Single function words (của, là, cho…) are left to the batch idf: folded, most of them
# are also content words (chợ, đê, cần/cạn, tài), so a folded stop list would cut those.

# Interchangeable wordings at voter meetings, folded, canonical first (on top of the
# project's synonyms.json, which analyze applies afterwards).
_VOTER_SYNONYMS = (
    ("dt", "duong tinh", "tinh lo", "tl", "duong dt"),
    ("quoc lo", "ql", "duong ql"),
    ("hu hong", "xuong cap", "hu hai"),
    (
        "nang cap",
        "cai tao",
        "nang cap cai tao",
        "cai tao nang cap",
        "sua chua nang cap",
        "tu bo",
        "tu sua",
    ),
    (
        "den chieu sang",
        "den duong",
        "he thong chieu sang",
        "dien chieu sang",
        "chieu sang cong cong",
    ),
    ("nguoi dan", "ba con"),
    ("giao vien", "nha giao", "thay co giao"),
    ("ho tro", "tro giup"),
    ("sap nhap", "sap xep", "hop nhat", "sap xep don vi hanh chinh"),
    (
        "can bo khong chuyen trach",
        "nguoi hoat dong khong chuyen trach",
        "can bo kct",
        "nguoi hoat dong kct",
    ),
    ("cong an xa", "ca xa", "cong an cap xa"),
    ("thu tuc hanh chinh", "tthc"),
    ("kinh phi", "nguon von", "nguon kinh phi"),
)


def _trie(entries: Iterable[tuple[tuple[str, ...], tuple[str, ...]]]) -> dict:
    root: dict = {}
    for phrase, replacement in entries:
        node = root
        for syllable in phrase:
            node = node.setdefault(syllable, {})
        node[None] = replacement
    return root


@lru_cache(maxsize=1)
def _rewrite_tree() -> dict:
    entries: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for group in _VOTER_SYNONYMS:
        canonical = tuple(group[0].split())
        entries += [(tuple(v.split()), canonical) for v in group]
    entries += [(tuple(p.split()), ()) for p in _FILLER]
    return _trie(entries)


_PIECE = re.compile(r"[^\W_]+|[,()\[\]\"“”/–—-]+")
# "ĐT.477", "QL.1A": a code and its number, not a sentence end.
_DOTTED_CODE = re.compile(r"(?<=[^\W\d_])\.(?=\d)")
#: Stands for a comma or bracket inside a sentence: no syllable pair across it.
_COMMA = (",", ",")


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return fold(word)


def _tokens(sentence: str, ends: list[int] | None = None) -> list[tuple[str, str]]:
    """(folded, surface) syllables and _COMMA marks; glued road codes split in two.
    ENDS, when given, receives each token's end offset in SENTENCE."""
    out: list[tuple[str, str]] = []
    for match in _PIECE.finditer(sentence):
        word = match.group(0)
        if not word[0].isalnum():
            new = [_COMMA]
        else:
            folded = _fold_word(word)
            code = _CODE.match(folded)
            if code and not folded.isdigit():
                cut = len(code.group(1))
                new = [(code.group(1), word[:cut]), (code.group(2), word[cut:])]
            else:
                new = [(folded, word)]
        out += new
        if ends is not None:
            ends += [match.end()] * len(new)
    return out


def _strip_opening(tokens: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """Drop "Cử tri <who> <speech verb>" at the clause start; returns the verb kind."""
    folded = [f for f, _ in tokens]
    for start in range(min(3, len(folded))):  # "Nhiều cử tri…", "Một số cử tri…"
        if tuple(folded[start : start + 2]) in _SPEAKERS:
            break
    else:
        return tokens, ""
    for i in range(start + 2, min(len(folded), start + 2 + _OPENING_SPAN)):
        for verb in _SPEECH_VERBS:
            if tuple(folded[i : i + len(verb)]) == verb:
                kind = "request" if verb in _REQUEST_VERBS else "report"
                return tokens[i + len(verb) :], kind
    return tokens, ""


def _clean_clauses(text: str) -> list[list[tuple[str, str]]]:
    """The opinion's clauses without its opening, fillers and function words, synonyms
    folded together; a removed word splits its clause (no syllable pair across it)."""
    tree = _rewrite_tree()
    clauses: list[list[tuple[str, str]]] = []
    for sentence in _BREAK.split(_DOTTED_CODE.sub(" ", normalize(text))):
        tokens, _kind = _strip_opening(_tokens(sentence))
        pieces: list[list[tuple[str, str]]] = [[]]
        i = 0
        while i < len(tokens):
            if tokens[i] == _COMMA or tokens[i][1].lower() in FUNCTION_WORDS:
                if pieces[-1]:
                    pieces.append([])
                i += 1
                continue
            node, j, best = tree, i, None
            while j < len(tokens) and tokens[j][0] in node:
                node = node[tokens[j][0]]
                j += 1
                if None in node:
                    best = (j, node[None])
            if best is None:
                pieces[-1].append(tokens[i])
                i += 1
                continue
            end, replacement = best
            if replacement and tuple(f for f, _s in tokens[i:end]) == replacement:
                pieces[-1].extend(tokens[i:end])  # already canonical: keep the diacritics
            elif replacement:
                pieces[-1].extend((s, s) for s in replacement)
            elif pieces[-1]:
                pieces.append([])
            i = end
        clauses += [p for p in pieces if p]
    return clauses


# Function words, matched as written: with diacritics they are unambiguous, while folded
# "cho", "de", "do", "ma" are also chợ, đê, đỏ, mạ. Typed without diacritics they stay
# and the batch idf weighs them down.
FUNCTION_WORDS = frozenset(
    ("vì", "do", "bởi", "để", "nhằm", "mà", "nên", "song", "của", "và", "là", "thì")
)


@dataclass(frozen=True, slots=True)
class _Doc:
    #: term → 1 + ln(count)
    tf: Mapping[str, float]
    #: particular (folded name run "hung_thinh", number, code "1a") → its slot: the word
    #: before it ("thon", "xa", "dt", "nam"), "" at a clause start.
    particulars: Mapping[str, str]
    #: The particulars' own terms, kept out of the request words' cosine.
    excluded: frozenset[str]


# Words before a road's number or name: one slot, so ĐT 477 and QL 10 conflict.
_SLOT_CLASS = dict.fromkeys(("dt", "ql", "lo", "tl", "dh", "hl", "duong", "tuyen"), "road")


def _particular_token(folded: str) -> bool:
    return len(folded) > 1 and any(c.isdigit() for c in folded)


def _capitalised(surface: str) -> bool:
    # All-capital abbreviations (UBND, ĐT) are not names.
    return surface[:1].isupper() and not (len(surface) > 1 and surface.isupper())


def _find_particulars(
    clauses: Sequence[Sequence[tuple[str, str]]],
) -> tuple[dict[str, str], set[str]]:
    """Runs of two or more capitalised syllables (not at a clause start, where grammar
    capitalises) and numbers or codes of two or more characters, with their slot."""
    found: dict[str, str] = {}
    excluded: set[str] = set()
    for clause in clauses:
        i = 0
        while i < len(clause):
            j = i
            if i > 0:
                while j < len(clause) and _capitalised(clause[j][1]):
                    j += 1
            if j - i >= 2:
                run = [f for f, _s in clause[i:j]]
            elif _particular_token(clause[i][0]):
                j, run = i + 1, [clause[i][0]]
            else:
                i += 1
                continue
            slot = clause[i - 1][0] if i > 0 else ""
            slot = _SLOT_CLASS.get(slot, slot)
            found.setdefault(JOINER.join(run), slot)
            excluded.update(run)
            span = [f for f, _s in clause[max(0, i - 1) : j + 1]]
            excluded.update(f"{x}{JOINER}{y}" for x, y in itertools.pairwise(span))
            i = j
    return found, excluded


def _cleaned(clauses: Sequence[Sequence[tuple[str, str]]]) -> str:
    return ". ".join(" ".join(surface for _f, surface in c) for c in clauses)


#: An opinion is a few sentences; a pasted page is cut here (its request comes first).
MAX_CHARS = 4_000


def _analyse(text: str) -> _Doc:
    clauses = _clean_clauses(text[:MAX_CHARS])
    cleaned = _cleaned(clauses)
    tf = {t: 1.0 + math.log(c) for t, c in analyze(cleaned).tf.items()}
    # Our clauses, not analyze's: they keep the case the names were written in.
    particulars, excluded = _find_particulars(clauses)
    return _Doc(tf=tf, particulars=particulars, excluded=frozenset(excluded))


# --------------------------------------------------------------------------- vectors


def _idf(n: int, df: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1.0


class _Space:
    """Unit vectors of the request words and the particulars, for one batch."""

    def __init__(self, docs: Sequence[_Doc], *, flat_idf: bool = False) -> None:
        self.df: Counter[str] = Counter()
        for doc in docs:
            self.df.update(doc.tf.keys())
        n = len(docs)
        # A small batch says little about which words are common: there the idf leans
        # toward flat weights (with two opinions, any shared word would otherwise weigh
        # less than any unshared one).
        trust = 0.0 if flat_idf else n / (n + IDF_PRIOR)
        self.idf = {t: 1.0 + (_idf(n, d) - 1.0) * trust for t, d in self.df.items()}
        self.vectors: list[dict[str, float]] = []
        self.particulars: list[Mapping[str, str]] = [doc.particulars for doc in docs]
        for doc in docs:
            vec: dict[str, float] = {}
            for term, tf in doc.tf.items():
                if not PARTICULARS_IN_COSINE and term in doc.excluded:
                    continue
                w = self.idf[term] * tf
                vec[term] = w * PAIR_WEIGHT if is_pair(term) else w
            norm = math.sqrt(sum(w * w for w in vec.values()))
            self.vectors.append({t: w / norm for t, w in vec.items()} if norm else {})

    def similarity(self, i: int, j: int) -> float:
        return _dot(self.vectors[i], self.vectors[j]) * _particular_factor(
            self.particulars[i], self.particulars[j]
        )


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # Over a dict, not a set of keys: a set's order follows the hash seed, and a float
    # sum in another order can differ in the last bit and flip a tie between two runs.
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _conflict(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    """Both name something different in the same slot: another hamlet, road number,
    company or year. A particular only one of them names is no conflict."""
    if not a or not b:
        return False
    slots_a = {slot for value, slot in a.items() if slot and value not in b}
    return any(slot in slots_a for value, slot in b.items() if slot and value not in a)


def _particular_factor(a: Mapping[str, str], b: Mapping[str, str]) -> float:
    return PARTICULAR_FLOOR if _conflict(a, b) else 1.0


# --------------------------------------------------------------------------- blocking


def _candidate_pairs(
    docs: Sequence[_Doc], space: _Space, allowed: Sequence[bool]
) -> set[tuple[int, int]]:
    """Each opinion's best-scoring neighbours among those sharing its rarest terms.

    The opinion's particulars are read first and weigh PARTICULAR_BOOST times more: the
    same request raised twice about one hamlet may share few words but names the hamlet,
    while the same wording about other hamlets would otherwise crowd it out.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        if allowed[i]:
            for term in doc.tf:
                postings[term].append(i)
            for value in doc.particulars:
                postings[_PARTICULAR_KEY + value].append(i)
    n = len(docs)
    pairs: set[tuple[int, int]] = set()
    for i, doc in enumerate(docs):
        if not allowed[i]:
            continue
        scores: dict[int, float] = defaultdict(float)
        spent = used = 0
        passes = (
            ([_PARTICULAR_KEY + v for v in doc.particulars], PARTICULAR_BOOST),
            (list(doc.tf), 1.0),
        )
        for keys, boost in passes:
            ranked = sorted((len(postings[k]), k) for k in keys if len(postings[k]) > 1)
            for df, key in ranked:
                if used == TERMS_PER_OPINION or (used and spent + df > POSTINGS_BUDGET):
                    break
                spent += df
                used += 1
                weight = _idf(n, df) * boost
                for j in postings[key]:
                    if j != i:
                        scores[j] += weight
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
        pairs.update((min(i, j), max(i, j)) for j, _s in best)
    return pairs


_PARTICULAR_KEY = "#"


# --------------------------------------------------------------------------- clustering


class _Cluster:
    __slots__ = ("members", "named", "pinned", "total")

    def __init__(self, member: int, vector: Mapping[str, float], parts: Mapping[str, str]):
        self.members = [member]
        self.total: dict[str, float] = dict(vector)
        #: (particular, slot) → how many members name it
        self.named: Counter[tuple[str, str]] = Counter(parts.items())
        self.pinned = False

    def absorb(self, other: _Cluster) -> None:
        self.members += other.members
        for t, w in other.total.items():
            self.total[t] = self.total.get(t, 0.0) + w
        self.named.update(other.named)

    def consensus(self) -> dict[str, str]:
        """The particulars at least half the members name (a union would let a big
        group conflict with anything)."""
        half = len(self.members) / 2
        return {value: slot for (value, slot), c in self.named.items() if c >= half}


#: Below this many cross pairs the average link is computed pair by pair (exact).
EXACT_LINK_PAIRS = 400


def _average_link(a: _Cluster, b: _Cluster, pair: Callable[[int, int], float]) -> float:
    """Mean similarity over all cross pairs of two groups."""
    if len(a.members) * len(b.members) <= EXACT_LINK_PAIRS:
        total = sum(pair(i, j) for i in a.members for j in b.members)
        return total / (len(a.members) * len(b.members))
    # Large groups: Σa·Σb / (|a||b|) is the exact mean cosine of unit vectors; the
    # particulars factor is taken between the groups' consensus particulars.
    cos = _dot(a.total, b.total) / (len(a.members) * len(b.members))
    return cos * _particular_factor(a.consensus(), b.consensus())


def _cohesion(members: Sequence[int], space: _Space) -> float:
    if len(members) < 2:
        return 1.0
    if len(members) > 60:  # the summed-vector form: exact for the cosine part
        total: dict[str, float] = defaultdict(float)
        for m in members:
            for t, w in space.vectors[m].items():
                total[t] += w
        n = len(members)
        self_sum = sum(_dot(space.vectors[m], space.vectors[m]) for m in members)
        value = (_dot(total, total) - self_sum) / (n * (n - 1))
    else:
        sims = [space.similarity(a, b) for a, b in itertools.combinations(members, 2)]
        value = sum(sims) / len(sims)
    return round(min(1.0, max(0.0, value)), 4)


def propose(
    opinions: Sequence[OpinionText],
    *,
    together: Sequence[Collection[int]] = (),
    apart: Sequence[tuple[int, int]] = (),
    threshold: float | None = None,
) -> list[ProposedGroup]:
    """Every opinion in exactly one group (singletons included); deterministic; groups
    ordered by size (largest first), then by smallest id.

    ``together``: staff-fixed groups, kept exactly (ids missing from ``opinions`` are
    ignored; overlapping sets are one group). ``apart``: pairs never put in one group
    (a fixed group wins over an ``apart`` pair inside it).
    """
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    unique: dict[int, OpinionText] = {}
    for op in sorted(opinions, key=lambda o: o.id):
        unique.setdefault(op.id, op)
    ops = list(unique.values())
    if not ops:
        return []
    index = {op.id: i for i, op in enumerate(ops)}
    docs = [_analyse(op.text) for op in ops]
    space = _Space(docs)

    clusters: list[_Cluster] = [
        _Cluster(i, space.vectors[i], space.particulars[i]) for i in range(len(ops))
    ]
    owner = list(range(len(ops)))  # opinion → its cluster's index in `clusters`

    def merge(a: int, b: int) -> None:
        if len(clusters[a].members) < len(clusters[b].members):
            a, b = b, a
        for m in clusters[b].members:
            owner[m] = a
        clusters[a].absorb(clusters[b])
        clusters[b].members = []

    for fixed in _fixed_groups(together, index):
        for m in fixed[1:]:
            if owner[m] != owner[fixed[0]]:
                merge(owner[fixed[0]], owner[m])
        clusters[owner[fixed[0]]].pinned = True

    enemies: dict[int, set[int]] = defaultdict(set)
    for a, b in apart:
        if a in index and b in index and a != b:
            enemies[index[a]].add(index[b])
            enemies[index[b]].add(index[a])

    free = [not clusters[owner[i]].pinned for i in range(len(ops))]
    known: dict[tuple[int, int], float] = {}

    def pair_similarity(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in known:
            known[key] = space.similarity(*key)
        return known[key]

    edges: list[tuple[float, int, int]] = []
    for i, j in _candidate_pairs(docs, space, free):
        s = pair_similarity(i, j)
        if s >= limit:
            edges.append((-s, i, j))
    edges.sort()

    for _neg, i, j in edges:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        ca, cb = clusters[a], clusters[b]
        small, big = (ca, b) if len(ca.members) <= len(cb.members) else (cb, a)
        if any(owner[e] == big for m in small.members for e in enemies.get(m, ())):
            continue
        if _average_link(ca, cb, pair_similarity) < LINK_RATIO * limit:
            continue
        merge(a, b)

    groups: list[ProposedGroup] = []
    for cluster in clusters:
        if not cluster.members:
            continue
        members = sorted(cluster.members)
        ids = tuple(ops[m].id for m in members)
        groups.append(
            ProposedGroup(
                opinion_ids=ids,
                title=_title([ops[m].text for m in members], [space.vectors[m] for m in members]),
                cohesion=_cohesion(members, space),
                pinned=cluster.pinned,
            )
        )
    groups.sort(key=lambda g: (-len(g.opinion_ids), g.opinion_ids[0]))
    return groups


def _fixed_groups(together: Sequence[Collection[int]], index: Mapping[int, int]) -> list[list[int]]:
    """Staff's sets as index lists; overlapping sets joined (one opinion, one group)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for fixed in together:
        present = sorted({index[i] for i in fixed if i in index})
        for m in present:
            find(m)
        for m in present[1:]:
            parent[find(m)] = find(present[0])
    out: dict[int, list[int]] = defaultdict(list)
    for m in sorted(parent):
        out[find(m)].append(m)
    return sorted(out.values())


# --------------------------------------------------------------------------- wording


def _title(texts: Sequence[str], vectors: Sequence[Mapping[str, float]]) -> str:
    """The most central opinion's wording, cleaned into one sentence."""
    if len(texts) == 1:
        return _clean_title(texts[0])
    total: dict[str, float] = defaultdict(float)
    for v in vectors:
        for t, w in v.items():
            total[t] += w
    # Written with diacritics if any is: the draft is read and printed.
    pool = [k for k in range(len(texts)) if not texts[k].isascii()] or range(len(texts))
    best = max(
        pool,
        key=lambda k: (_dot(vectors[k], total) - _dot(vectors[k], vectors[k]), -k),
    )
    return _clean_title(texts[best])


_TITLE_WORDS = 45
_TAIL = re.compile(
    r"[,;]?\s*(để|nhằm)?\s*(đảm bảo quyền lợi (cho|của) (người dân|nhân dân|cử tri)|"
    r"tạo điều kiện (thuận lợi )?cho (người dân|nhân dân|bà con))\s*$",
    re.IGNORECASE,
)


def _clean_title(text: str) -> str:
    sentences = [s.strip(" ,;-–") for s in _SENTENCE.split(normalize(text))]
    parts: list[str] = []
    prefix = ""
    for sentence in sentences:
        sentence = sentence.rstrip(".!?;: ")
        if not _clean_clauses(sentence):
            continue  # only "Đề nghị các cấp có thẩm quyền quan tâm…": nothing to keep
        ends: list[int] = []
        tokens = _tokens(sentence, ends)
        stripped, kind = _strip_opening(tokens)
        if kind and stripped:
            sentence = sentence[ends[len(tokens) - len(stripped) - 1] :]
            if not parts:
                prefix = "Đề nghị" if kind == "request" else "Phản ánh"
        sentence = _LEAD.sub("", sentence.strip(" :,;-–"))
        if sentence:
            parts.append(sentence)
    if not parts:
        return ""
    body = ", ".join(
        p[:1].lower() + p[1:] if i and _lower_ok(p) else p for i, p in enumerate(parts)
    )
    words = body.split()
    if len(words) > _TITLE_WORDS:
        body = " ".join(words[:_TITLE_WORDS]).rstrip(",;:") + "…"
    body = _TAIL.sub("", body).strip()
    if prefix and not fold(body).startswith(("de nghi", "kien nghi", "de xuat")):
        body = f"{prefix} {body[:1].lower()}{body[1:]}" if _lower_ok(body) else f"{prefix} {body}"
    body = body[:1].upper() + body[1:]
    return body if body.endswith(("…", ".")) else body + "."


_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
# What the opening leaves in front of the request: "các cấp có thẩm quyền quan tâm…".
_LEAD = re.compile(
    r"^(các cấp(,? các ngành)?( có thẩm quyền)?|cơ quan chức năng|các cơ quan chức năng)"
    r"[\s,]*(quan tâm)?[\s,]*(xem xét)?[\s,]*",
    re.IGNORECASE,
)


def _lower_ok(body: str) -> bool:
    """Lower-case a first word unless it is an abbreviation or a name (ĐT, UBND, Nhà nước
    stays capitalised only when its second letter is a capital)."""
    first = body.split(maxsplit=1)[0] if body.split() else ""
    return not (len(first) > 1 and (first.isupper() or first[1:2].isupper()))


def draft_title(texts: Sequence[str]) -> str:
    """A draft consolidated wording for opinions grouped together: the most central
    one's sentence, without the speaker's opening ("Cử tri xã X kiến nghị" → "Đề nghị")."""
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return ""
    space = _Space([_analyse(t) for t in texts])
    return _title(texts, space.vectors)


def similarity(a: str, b: str) -> float:
    """0..1: how alike two opinions' requests are, without a batch (every word weighs
    the same), with the particulars factor (decision 0020)."""
    space = _Space([_analyse(a), _analyse(b)], flat_idf=True)
    return round(min(1.0, max(0.0, space.similarity(0, 1))), 4)


def shared_words(a: str, b: str, *, limit: int = 5) -> list[str]:
    """The phrases of A that B shares (request words and particulars), longest runs
    first as A wrote them: what to show next to :func:`similarity`."""
    query = analyze(_cleaned(_clean_clauses(a)))
    other = analyze(_cleaned(_clean_clauses(b)))
    phrases = _shared_words(query, frozenset(other.tf), dict.fromkeys(query.tf, 1.0), limit=99)
    # A lone common syllable ("cho", "mức") explains nothing; a number does.
    kept = [p for p in phrases if " " in p or any(c.isdigit() for c in p)]
    return kept[:limit]
