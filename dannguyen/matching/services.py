"""What other apps call: similar-text and same-person matching, and classification
suggestions that start from rules and learn from the office's confirmed data.

Nothing here applies anything: callers get matches and suggestions with a score and
the reasons, in Vietnamese, to show to a person who decides.

Namespaces are the callers' own names: "petitions" (duplicate detection),
"petition-kind", "petition-field", "petition-agency" (suggestions), and later the voters'
opinions. Keys are the callers' integer ids.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from . import index, similarity, suggestions
from .identity import KeyKind, Person
from .suggestions import LearnReport, Suggestion
from .text import Analysis, analyze

__all__ = [
    "LearnReport",
    "Match",
    "Person",
    "Suggestion",
    "find_similar",
    "index_item",
    "learn",
    "remove_item",
    "suggest",
]

#: A query longer than this is cut: the matter of a letter is stated in its first pages,
#: and live lookups while typing must stay cheap whatever is pasted.
MAX_QUERY_CHARS = 20_000
MAX_LIMIT = 100


@dataclass(frozen=True)
class Match:
    key: int
    #: 0..1: how likely the item is the same matter (see similarity.calibrate).
    score: float
    reasons: list[str]
    same_person: bool
    likely_duplicate: bool


def index_item(
    *,
    namespace: str,
    key: int,
    text: str,
    people: Sequence[Person] = (),
    on: datetime.date | None = None,
) -> None:
    """Add or update one item (idempotent: indexing the same values twice changes nothing)."""
    index.index_items(namespace, [index.Entry(key=key, text=text, people=people, on=on)])


def remove_item(*, namespace: str, key: int) -> None:
    index.remove_items(namespace, [key])


def _is_same_person(kinds: Collection[str]) -> bool:
    return (
        KeyKind.ID_NUMBER in kinds
        or KeyKind.NAME_ADDRESS in kinds
        or (KeyKind.PHONE in kinds and KeyKind.NAME in kinds)
    )


def _person_reasons(kinds: Collection[str]) -> list[str]:
    reasons = []
    if KeyKind.ID_NUMBER in kinds:
        reasons.append(gettext("same identity number"))
    if KeyKind.NAME_ADDRESS in kinds:
        reasons.append(gettext("same name and address"))
    elif KeyKind.NAME in kinds:
        reasons.append(gettext("same name"))
    if KeyKind.PHONE in kinds:
        reasons.append(gettext("same phone number"))
    return reasons


def find_similar(
    *,
    namespace: str,
    text: str,
    people: Sequence[Person] = (),
    exclude: Collection[int] = (),
    limit: int = 10,
    params: similarity.Params = similarity.DEFAULT_PARAMS,
) -> list[Match]:
    """Earlier items that are likely the same matter or from the same person, best first.

    Listed: items whose content similarity reaches ``params.floor``, and every item from
    the same person (identity number, or name and address, or name and phone), whatever
    their content — staff must see that the writer has written before.
    """
    limit = max(0, min(int(limit), MAX_LIMIT))
    n, _length = index.totals(namespace)
    if not limit or not n:
        return []
    excluded = set(exclude)
    query = analyze(text[:MAX_QUERY_CHARS])
    dfs = index.df_lookup(namespace, query.tf.keys())
    idfs = {t: similarity.idf(n, dfs.get(t, 0)) for t in query.tf}
    vector = {t: similarity.term_weight(t, c, idfs[t], params) for t, c in query.tf.items()}
    query_norm2 = sum(w * w for w in vector.values())
    branches = similarity.candidate_terms(query.tf, dfs, n, params, particulars=query.specifics)
    ids = index.candidate_ids(namespace, branches, params.k + min(len(excluded), MAX_LIMIT))
    persons = index.same_person(namespace, people)
    rows = index.fetch(set(ids) | set(persons))
    # The df of the candidates' own particulars, for the symmetric particulars overlap.
    others = {t for row in rows.values() for t in row.particulars} - set(idfs)
    other_dfs = index.df_lookup(namespace, others)
    for term in others:
        idfs[term] = similarity.idf(n, other_dfs.get(term, 0))
    scored: list[tuple[float, float, int, Match]] = []
    for pk, row in rows.items():
        key, dated = row.key, row.dated
        if key in excluded:
            continue
        stored = Analysis.from_stored(row.terms)
        cos = similarity.cosine(vector, query_norm2, stored.tf, row.norm2, idfs, params)
        content = similarity.content_similarity(
            cos, similarity.particulars(query.specifics, row.particulars, idfs)
        )
        kinds = persons.get(pk, set())
        same = _is_same_person(kinds)
        if content < params.floor and not same:
            continue
        score = similarity.calibrate(content, same_person=same, params=params)
        reasons = _person_reasons(kinds)
        if content >= params.floor:
            words = similarity.shared_words(query, stored.tf, vector)
            if words:
                reasons.append(
                    gettext("similar content: ‘%(words)s’") % {"words": ", ".join(words)}
                )
        if dated is not None:
            reasons.append(gettext("from %(year)s") % {"year": dated.year})
        match = Match(
            key=key,
            score=round(score, 4),
            reasons=reasons,
            same_person=same,
            likely_duplicate=score >= 0.5,
        )
        scored.append((-match.score, -content, key, match))
    scored.sort(key=lambda s: s[:3])
    return [s[3] for s in scored[:limit]]


def suggest(*, namespace: str, text: str, limit: int = 3) -> list[Suggestion]:
    """The likeliest labels for TEXT in a classification task, with confidence and reasons."""
    return suggestions.suggest(namespace, text[:MAX_QUERY_CHARS], limit=limit)


def learn(*, namespace: str, examples: Iterable[tuple[str, str]]) -> LearnReport:
    """Retrain a task from the office's confirmed (text, label) pairs (replaces the old)."""
    return suggestions.learn(namespace, examples)
