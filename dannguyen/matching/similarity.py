"""How alike two texts are, and how sure we are they are the same matter (framework-free).

1. **Weights.** A term weighs ``idf × (1 + ln tf)``; idf is the smoothed
   ``ln((1 + N) / (1 + df)) + 1`` over the namespace, so it stays sensible in a small
   index. Syllable pairs weigh ``pair_weight`` times more than syllables: a shared pair is a
   shared word, a shared syllable may be chance.
2. **Content similarity** is the cosine of the two weighted vectors. The stored side's
   length is kept in the index (``Item.norm2``), so a query reads the df of its own terms
   only, never those of every candidate.
3. **Calibration.** ``score = σ(slope × (cosine − threshold + person_shift))``: 0.5 at the
   threshold, where a reworded text about the same matter and a different matter on the
   same topic are equally likely on the labelled set (bench/petitions_duplicates.py);
   the same person moves the threshold down by ``person_shift`` (their second letter on a
   matter may be reworded more freely), never up to "duplicate" on identity alone.
   ``likely_duplicate`` is ``score ≥ 0.5``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from .text import Analysis, is_pair

__all__ = [
    "DEFAULT_PARAMS",
    "CandidateTerm",
    "Params",
    "calibrate",
    "candidate_terms",
    "cosine",
    "idf",
    "norm2",
    "shared_words",
]


@dataclass(frozen=True, slots=True)
class Params:
    pair_weight: float = 1.5
    #: Candidate generation: at most this many of the query's rarest terms…
    candidate_terms: int = 32
    #: …whose postings add up to at most this (the rarest always counts): the cost bound.
    candidate_budget: int = 6_000
    #: Candidates re-ranked per query.
    k: int = 50
    #: Weight of a particular (name, number) in the candidate query, relative to idf.
    particular_boost: float = 3.0
    threshold: float = 0.5
    person_shift: float = 0.05
    slope: float = 12.0
    #: Below this content similarity a match is not listed, unless it is the same person.
    floor: float = 0.12


DEFAULT_PARAMS = Params()


def idf(n: int, df: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1.0


def term_weight(term: str, tf: int, term_idf: float, params: Params = DEFAULT_PARAMS) -> float:
    w = term_idf * (1.0 + math.log(tf))
    return w * params.pair_weight if is_pair(term) else w


def norm2(
    tf: Mapping[str, int], dfs: Mapping[str, int], n: int, params: Params = DEFAULT_PARAMS
) -> float:
    return sum(term_weight(t, c, idf(n, dfs.get(t, 0)), params) ** 2 for t, c in tf.items())


def cosine(
    query: Mapping[str, float],
    query_norm2: float,
    stored_tf: Mapping[str, int],
    stored_norm2: float,
    idfs: Mapping[str, float],
    params: Params = DEFAULT_PARAMS,
) -> float:
    """Cosine between a weighted query vector and a stored item's term counts."""
    if query_norm2 <= 0 or stored_norm2 <= 0:
        return 0.0
    dot = 0.0
    for term, qw in query.items():
        tf = stored_tf.get(term)
        if tf:
            dot += qw * term_weight(term, tf, idfs[term], params)
    # The stored length used the idf of its indexing time: clamp the small drift.
    return min(1.0, dot / math.sqrt(query_norm2 * stored_norm2))


def particulars(query: frozenset[str], stored: frozenset[str], idfs: Mapping[str, float]) -> float:
    """Weighted Dice overlap of the two texts' particulars (names, numbers), idf-weighted;
    -1 when either names none. Symmetric: a letter that names other people and another
    plot is further from the query even when it also names the query's hamlet."""
    if not query or not stored:
        return -1.0
    shared = sum(idfs[t] for t in query & stored)
    total = sum(idfs[t] for t in query) + sum(idfs[t] for t in stored)
    return 2 * shared / total if total else 0.0


def content_similarity(cos: float, shared_particulars: float) -> float:
    """Cosine and shared particulars, equally weighted (cosine alone without particulars)."""
    if shared_particulars < 0:
        return cos
    return 0.5 * cos + 0.5 * shared_particulars


def calibrate(content: float, *, same_person: bool, params: Params = DEFAULT_PARAMS) -> float:
    shift = params.person_shift if same_person else 0.0
    return 1.0 / (1.0 + math.exp(-params.slope * (content - params.threshold + shift)))


@dataclass(frozen=True, slots=True)
class CandidateTerm:
    term: str
    weight: int  # 1000 × idf, an integer so both engines compute identical sums


def candidate_terms(
    terms: Iterable[str],
    dfs: Mapping[str, int],
    n: int,
    params: Params = DEFAULT_PARAMS,
    *,
    particulars: Collection[str] = (),
) -> list[CandidateTerm]:
    """The query's rarest indexed terms whose postings fit the budget, rarest first.

    The query's particulars (names, numbers) come first and weigh ``particular_boost``
    times more: a reworded letter may share few topic words with its original but names
    the same people, places and numbers, while letters of the same kind share whole
    phrases and would otherwise crowd the original out of the candidates.
    """
    chosen: list[CandidateTerm] = []
    spent = 0
    boosted = set(particulars)
    ordered = sorted((t not in boosted, dfs[t], t) for t in set(terms) if dfs.get(t, 0) > 0)
    for _later, df, term in ordered:
        full = len(chosen) == params.candidate_terms
        if full or (chosen and spent + df > params.candidate_budget):
            break
        weight = idf(n, df) * (params.pair_weight if is_pair(term) else 1.0)
        if term in boosted:
            weight *= params.particular_boost
        chosen.append(CandidateTerm(term, round(1000 * weight)))
        spent += df
    return chosen


def shared_words(
    query: Analysis, stored: Collection[str], weights: Mapping[str, float], *, limit: int = 5
) -> list[str]:
    """The query's own phrases that the stored text shares, heaviest first.

    A phrase is a maximal run of the query's syllables whose adjacent pairs the stored
    text also has ("thu hồi đất", "thửa 125 tờ bản đồ"); a lone shared syllable counts
    only if it is rarer than any pair (a name, a number). Each is quoted as written.
    """
    runs: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    order = 0
    for clause in query.clauses:
        i = 0
        while i < len(clause):
            j = i
            while j + 1 < len(clause) and f"{clause[j][0]}_{clause[j + 1][0]}" in stored:
                j += 1
            if j > i or clause[i][0] in stored:
                words = clause[i : j + 1]
                terms = [w for w, _s in words]
                weight = sum(weights.get(t, 0.0) for t in terms) + sum(
                    weights.get(f"{a}_{b}", 0.0) for a, b in itertools.pairwise(terms)
                )
                if j == i:  # a lone syllable: worth showing only when rare
                    weight *= 0.5
                surface = " ".join(dict.fromkeys(s for _w, s in words))
                if surface not in seen:
                    seen.add(surface)
                    runs.append((weight, order, surface))
                    order += 1
            i = j + 1
    best = sorted(runs, key=lambda r: (-r[0], r[1]))[:limit]
    return [surface for _w, _o, surface in sorted(best, key=lambda r: r[1])]
