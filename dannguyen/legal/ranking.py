"""Article-level retrieval and ranking for Vietnamese legal texts (framework-free).

The method, measured on the ALQAC search bench (``bench/legal_search_prototype.py``):

1. **Analysis.** Text is split into clauses at punctuation, tokenised into syllables and
   accent-folded (``"Tiếp công dân"`` -> ``tiep cong dan``), so queries typed with or without
   diacritics behave the same. Vietnamese words are mostly two syllables, so every pair of
   adjacent syllables inside a clause is indexed as a pseudo-word ``tiep_cong``, ``cong_dan``
   next to the single syllables. No dictionary or word segmenter is involved: underthesea's
   segmenter gave no gain, cost ~11 ms an article and mis-segments unaccented queries.
2. **Query normalisation.** Question framing ("đúng hay sai?", "là gì", "nào sau đây",
   "bao nhiêu"…) is cut out: those syllables are rare in statutes, so BM25 would otherwise
   give them the highest weights. The list is a closed class of Vietnamese interrogatives
   and quiz framing, not vocabulary taken from any question set.
3. **Candidates (in the database).** Article terms (syllables and pseudo-words of heading
   and body) are indexed as tokens in SQLite FTS5 / a PostgreSQL ``tsvector``, and the
   heading's terms once more in a small heading-only index. The query's rarest terms are
   matched in the first, its rarest-in-headings terms in the second, each within a budget of
   postings; an article scores the sum of the integer weights (1000 × idf) of the branches it
   matches and the top ``k`` (ties by id) are the candidates. Integer weights make SQLite and
   PostgreSQL compute identical sums, hence identical candidates. SQL in :class:`MemoryIndex`.
4. **Re-ranking (in Python, top-k only).** BM25F over the candidates' stored terms with
   three fields: heading (weight 3), body (1) and the document title (1); k1 = 1.2 and
   b = 0.75 are the textbook defaults. The score is then multiplied by
   ``1 + heading_coverage × c`` where ``c`` is the share of the heading's distinct syllables
   that the query contains: a heading is the article's own summary, and a question that
   restates it ("Điều kiện giải quyết tranh chấp bằng trọng tài là gì?") names the article.

What was measured and left out: pseudo-relevance feedback (lost 4–5 points of recall@1),
a bonus for exact-diacritics matches (no change), a max-clause passage score (unstable),
multilingual-e5-small embeddings as a re-ranking signal (≤ 1 point with diacritics, −3 to −4
without them, and 0.38 s of CPU an article to embed).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from dannguyen.lib.vietnamese import fold, normalize, tokenize

__all__ = [
    "DEFAULT_PARAMS",
    "ArticleTerms",
    "CandidateArticle",
    "CandidateTerm",
    "CorpusStats",
    "FieldTerms",
    "MemoryIndex",
    "Params",
    "QueryTerms",
    "ScoredArticle",
    "SortedTokens",
    "analyze_article",
    "analyze_query",
    "candidate_terms",
    "idf",
    "rerank",
]

#: Joins two syllables into one pseudo-word token. Tokens never contain it (tokenize()
#: splits on "_"), FTS5 keeps it with ``tokenchars '_'`` and a tsvector built from an array
#: keeps it as is, so ``tiep_cong`` is a single index term in both databases.
BIGRAM_JOINER = "_"

# --------------------------------------------------------------------------- analysis

# Clause boundaries: a syllable pair across them is not a word.
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…\n\r]+")


@lru_cache(maxsize=1 << 16)
def _fold_syllable(syllable: str) -> str:
    # Vietnamese has ~7,000 distinct syllables, so the cache hits almost always.
    return fold(syllable)


def _clauses(text: str) -> list[list[str]]:
    """Lowercase syllables of each clause, accents kept."""
    return [toks for piece in _BREAK.split(normalize(text).lower()) if (toks := tokenize(piece))]


def _terms(clauses: Iterable[Sequence[str]], *, bigrams: bool = True) -> list[str]:
    """Folded syllables in order, then the pseudo-words of adjacent syllables."""
    folded = [[_fold_syllable(t) for t in clause] for clause in clauses]
    out = [t for clause in folded for t in clause]
    if bigrams:
        out += [
            f"{clause[i]}{BIGRAM_JOINER}{clause[i + 1]}"
            for clause in folded
            for i in range(len(clause) - 1)
        ]
    return out


def is_bigram(term: str) -> bool:
    return BIGRAM_JOINER in term


# Quiz and question framing. Phrases are matched on whole syllables, longest first; in an
# unaccented query their folded forms are used, which is why "đâu" only appears inside
# phrases ("dau" alone would also be đầu, dấu).
_FRAMING_PHRASES = (
    "đúng hay sai",
    "đúng hay không",
    "có đúng không",
    "đúng không",
    "sai không",
    "có phải",
    "phải không",
    "hay không",
    "được không",
    "hay chưa",
    "chọn câu trả lời đúng nhất",
    "chọn câu trả lời đúng",
    "chọn đáp án đúng nhất",
    "chọn đáp án đúng",
    "câu trả lời",
    "đáp án",
    "nào sau đây",
    "nào dưới đây",
    "sau đây",
    "dưới đây",
    "như thế nào",
    "thế nào",
    "như nào",
    "ra sao",
    "tại sao",
    "vì sao",
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "ở đâu",
    "đâu là",
    "là gì",
    "gì",
    "nào",
    "ai",
    "vậy",
)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


_FRAMING = _phrase_pattern(_FRAMING_PHRASES)
_FRAMING_FOLDED = _phrase_pattern(fold(p) for p in _FRAMING_PHRASES)


def has_diacritics(text: str) -> bool:
    """True if the text carries any Vietnamese accent mark or đ."""
    lowered = " ".join(normalize(text).lower().split())
    return lowered != fold(lowered)


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """What a query searches for: distinct folded syllables and syllable pairs, in order."""

    text: str
    unigrams: tuple[str, ...]
    bigrams: tuple[str, ...]
    has_diacritics: bool

    @property
    def terms(self) -> tuple[str, ...]:
        return self.unigrams + self.bigrams


def analyze_query(text: str, *, strip_framing: bool = True, bigrams: bool = True) -> QueryTerms:
    """Analyse a user query; ``strip_framing`` and ``bigrams`` exist for ablations.

    Framing is matched on the accented text when the query has diacritics and on the
    folded text otherwise, and is replaced by a clause break so that no pseudo-word
    spans it.
    """
    accented = has_diacritics(text)
    clauses: list[list[str]] = []
    for piece in _BREAK.split(normalize(text).lower()):
        if strip_framing:
            piece = _FRAMING.sub(",", piece) if accented else _FRAMING_FOLDED.sub(",", fold(piece))
        clauses.extend(toks for part in piece.split(",") if (toks := tokenize(part)))
    terms = _terms(clauses, bigrams=bigrams)
    return QueryTerms(
        text=text,
        unigrams=tuple(dict.fromkeys(t for t in terms if not is_bigram(t))),
        bigrams=tuple(dict.fromkeys(t for t in terms if is_bigram(t))),
        has_diacritics=accented,
    )


class SortedTokens(Mapping[str, int]):
    """Term frequencies over a sorted list of tokens, each repeated tf times.

    :meth:`FieldTerms.stored` writes its tokens sorted, so the copies of a term sit side by
    side and two binary searches count them. Re-ranking asks each of 200 candidates for
    the query's few terms only: counting every token of every candidate into a Counter
    took over half of a search's time (28 of 44 ms on the 600-document bench).
    """

    __slots__ = ("_tokens",)

    def __init__(self, tokens: list[str]) -> None:
        self._tokens = tokens

    def get(self, term: str, default: int = 0) -> int:  # type: ignore[override]
        tokens = self._tokens
        start = bisect_left(tokens, term)
        if start == len(tokens) or tokens[start] != term:
            return default
        return bisect_right(tokens, term, start) - start

    def __getitem__(self, term: str) -> int:
        count = self.get(term)
        if not count:
            raise KeyError(term)
        return count

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) > 0

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._tokens))

    def __len__(self) -> int:
        return len(set(self._tokens))


@dataclass(frozen=True, slots=True)
class FieldTerms:
    """Term frequencies of one field; ``length`` counts syllables, not pseudo-words."""

    tf: Mapping[str, int]
    length: int

    @classmethod
    def from_text(cls, text: str) -> FieldTerms:
        # _terms puts the syllables first: their count is the length, without a rescan.
        clauses = _clauses(text)
        terms = _terms(clauses)
        return cls(tf=Counter(terms), length=sum(len(c) for c in clauses))

    @classmethod
    def from_tokens(cls, tokens: Iterable[str]) -> FieldTerms:
        tf = Counter(tokens)
        return cls(tf=tf, length=sum(n for t, n in tf.items() if not is_bigram(t)))

    @classmethod
    def from_stored(cls, stored: str) -> FieldTerms:
        """Rebuild from :meth:`stored` (what the database keeps).

        This runs for every candidate of every query, hence the C-level shortcuts: each
        pseudo-word holds exactly one joiner, so the syllables are the rest; and the
        frequencies are looked up in the sorted tokens only for the terms asked, instead
        of counting every token of the article.
        """
        tokens = stored.split()
        return cls(tf=SortedTokens(tokens), length=len(tokens) - stored.count(BIGRAM_JOINER))

    def stored(self) -> str:
        """Space-separated tokens, each repeated tf times: the FTS column's content.

        The order is irrelevant to ranking (pseudo-words already encode adjacency), so no
        positions need to be kept.
        """
        return " ".join(t if n == 1 else " ".join([t] * n) for t, n in sorted(self.tf.items()))

    @property
    def syllables(self) -> frozenset[str]:
        return frozenset(t for t in self.tf if not is_bigram(t))


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """Everything the ranking needs from one article.

    Per article the database stores ``heading.stored()`` and ``body.stored()`` (indexed
    for full-text search and returned with candidates); ``title.stored()`` is stored once
    per document. Lengths are recomputed from the stored text.
    """

    heading: FieldTerms
    body: FieldTerms
    title: FieldTerms

    def index_terms(self) -> set[str]:
        """Terms that count towards document frequencies: heading and body.

        The document title is left out because it is repeated in every article of a
        document; counting it would make a long law's own name look common.
        """
        return set(self.heading.tf) | set(self.body.tf)

    @classmethod
    def from_stored(cls, heading: str, body: str, title: str = "") -> ArticleTerms:
        return cls(
            FieldTerms.from_stored(heading),
            FieldTerms.from_stored(body),
            FieldTerms.from_stored(title),
        )


def analyze_article(heading: str, text: str, doc_title: str = "") -> ArticleTerms:
    """Analyse an article: ``heading`` is the title after "Điều N." ("" when it has none)."""
    return ArticleTerms(
        heading=FieldTerms.from_text(heading),
        body=FieldTerms.from_text(text),
        title=FieldTerms.from_text(doc_title),
    )


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class Params:
    """Ranking parameters; the defaults are the method. See the module docstring."""

    k1: float = 1.2
    b: float = 0.75
    heading_weight: float = 3.0
    title_weight: float = 1.0
    heading_coverage: float = 1.0
    #: Candidate generation matches the query's rarest terms, at most this many per index…
    candidate_terms: int = 16
    #: …while the postings they read stay within this budget (per index): this, not the
    #: corpus size, bounds the cost of the candidate query. The rarest term always counts.
    #: On PostgreSQL each posting is a heap visit (~1.7 µs), so the budget is the smallest
    #: that loses nothing in the scale simulation of bench/legal_search_prototype.py
    #: (0.9 % of N, the share 25,000 is of 200,000 documents' 2.76 M entries): 40,000 → 25,000.
    candidate_budget: int = 25_000
    #: Candidates re-ranked per query.
    k: int = 200


DEFAULT_PARAMS = Params()


DfLookup = Callable[[Collection[str]], Mapping[str, int]]


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Corpus-wide statistics.

    ``df`` gives, for many terms at once (one SQL query on a ``term`` table), the number
    of articles whose heading or body contains the term; ``heading_df`` the number whose
    heading does. Terms absent from the mapping have df 0.
    """

    n_articles: int
    avg_heading_len: float
    avg_body_len: float
    df: DfLookup
    heading_df: DfLookup


@dataclass(frozen=True, slots=True)
class CandidateArticle:
    key: int
    terms: ArticleTerms


@dataclass(frozen=True, slots=True)
class ScoredArticle:
    key: int
    score: float


@dataclass(frozen=True, slots=True)
class CandidateTerm:
    """One branch of the candidate query: match ``term`` in the whole article, or in its
    heading only (``in_heading``), and add ``weight`` (1000 × idf, an integer)."""

    term: str
    weight: int
    in_heading: bool


def idf(n_articles: int, df: int) -> float:
    """BM25 idf in its always-positive form (Lucene's)."""
    return math.log(1.0 + (n_articles - df + 0.5) / (df + 0.5))


def _within_budget(dfs: Mapping[str, int], terms: Iterable[str], params: Params) -> list[str]:
    chosen: list[str] = []
    spent = 0
    for n, term in sorted((dfs[t], t) for t in set(terms) if dfs.get(t, 0) > 0):
        if len(chosen) == params.candidate_terms or (
            chosen and spent + n > params.candidate_budget
        ):
            break
        chosen.append(term)
        spent += n
    return chosen


def candidate_terms(
    query: QueryTerms, stats: CorpusStats, params: Params = DEFAULT_PARAMS
) -> list[CandidateTerm]:
    """The branches of the candidate query, rarest terms first.

    Two indexes are read: the whole article (heading and body) for the query's rarest
    terms, and the headings alone, which are ~20 times smaller, for the rarest terms by
    heading df. Matching common words in headings only is what keeps recall when the
    postings budget is tight: a heading restated by the question is the strongest signal
    the re-ranking uses, so it must not be lost at the candidate stage.
    """
    dfs = stats.df(query.terms)
    head_dfs = stats.heading_df(query.terms)

    def weight(term: str) -> int:
        return round(1000 * idf(stats.n_articles, dfs.get(term, 0)))

    return [
        CandidateTerm(t, weight(t), in_heading=False)
        for t in _within_budget(dfs, query.terms, params)
    ] + [
        CandidateTerm(t, weight(t), in_heading=True)
        for t in _within_budget(head_dfs, query.terms, params)
    ]


def _norm(b: float, length: int, avg: float) -> float:
    return 1.0 - b + b * length / avg if avg > 0 else 1.0


def rerank(
    query: QueryTerms,
    candidates: Sequence[CandidateArticle],
    stats: CorpusStats,
    params: Params = DEFAULT_PARAMS,
) -> list[ScoredArticle]:
    """Score candidates with BM25F × heading coverage; best first, ties by key.

    Work is proportional to the number of candidates times the number of query terms,
    plus one batched df lookup, whatever the size of the corpus.
    """
    dfs = stats.df(query.terms)
    weights = {t: idf(stats.n_articles, dfs.get(t, 0)) for t in query.terms}
    query_syllables = frozenset(query.unigrams)
    k1 = params.k1
    scored: list[ScoredArticle] = []
    for cand in candidates:
        art = cand.terms
        nh = _norm(params.b, art.heading.length, stats.avg_heading_len) / params.heading_weight
        nb = _norm(params.b, art.body.length, stats.avg_body_len)
        head, body, title = art.heading.tf, art.body.tf, art.title.tf
        score = 0.0
        for term, weight in weights.items():
            tf = head.get(term, 0) / nh + body.get(term, 0) / nb
            tf += params.title_weight * title.get(term, 0)
            if tf > 0:
                score += weight * tf * (k1 + 1) / (tf + k1)
        heading_syllables = art.heading.syllables
        if heading_syllables and params.heading_coverage:
            coverage = len(heading_syllables & query_syllables) / len(heading_syllables)
            score *= 1 + params.heading_coverage * coverage
        scored.append(ScoredArticle(cand.key, score))
    scored.sort(key=lambda s: (-s.score, s.key))
    return scored


# --------------------------------------------------------------------------- index


class MemoryIndex:
    """In-memory reference index: candidate generation exactly as a database does it.

    A database keeps, per article, ``heading_terms`` and ``body_terms`` (the
    :meth:`FieldTerms.stored` strings; the syllable counts of heading and body may be
    kept next to them or recomputed), per document ``title_terms``, a table
    ``term(term, df, heading_df)`` and the totals N, Σ heading length and Σ body length,
    all maintained at import. The candidate query has one branch per
    :class:`CandidateTerm` ``(term_i, w_i, in_heading)``.

    SQLite: two FTS5 tables whose rowid is the article id, ``article_fts(heading_terms,
    body_terms)`` and ``heading_fts(heading_terms)``, both created with
    ``tokenize="unicode61 tokenchars '_'"`` (so ``tiep_cong`` stays one token)::

        SELECT rowid, SUM(w) AS s FROM (
            SELECT rowid, :w1 AS w FROM article_fts WHERE article_fts MATCH '"tiep_cong"'
            UNION ALL
            SELECT rowid, :w2 FROM heading_fts WHERE heading_fts MATCH '"cong_dan"'
            -- … one branch per term
        ) GROUP BY rowid ORDER BY s DESC, rowid LIMIT :k

    PostgreSQL: columns ``terms`` and ``heading_tsv`` of type tsvector, each with a GIN
    index, filled with ``array_to_tsvector(array_remove(string_to_array(…, ' '), ''))``
    from ``heading_terms || ' ' || body_terms`` and from ``heading_terms``. No text-search
    parser is involved ('simple' would split ``tiep_cong``), and neither unaccent nor
    pg_trgm is needed: folding happens in Python, identically for both databases::

        SELECT id, SUM(w) AS s FROM (
            SELECT id, :w1 AS w FROM article WHERE terms @@ quote_literal(:t1)::tsquery
            UNION ALL
            SELECT id, :w2 FROM article WHERE heading_tsv @@ quote_literal(:t2)::tsquery
        ) AS m GROUP BY id ORDER BY s DESC, id LIMIT :k

    Weights are integers, so both databases compute the very same sums and return the
    same rows, which then go to :func:`rerank` with their stored terms.
    """

    def __init__(self) -> None:
        self._articles: dict[int, ArticleTerms] = {}
        self._df: Counter[str] = Counter()
        self._heading_df: Counter[str] = Counter()
        self._postings: dict[str, list[int]] = {}
        self._heading_postings: dict[str, list[int]] = {}
        self._heading_len = 0
        self._body_len = 0

    def __len__(self) -> int:
        return len(self._articles)

    @property
    def articles(self) -> Mapping[int, ArticleTerms]:
        return self._articles

    def add(self, key: int, terms: ArticleTerms) -> None:
        if key in self._articles:
            raise ValueError(f"duplicate article key {key}")
        self._articles[key] = terms
        for term in terms.index_terms():
            self._df[term] += 1
            self._postings.setdefault(term, []).append(key)
        for term in terms.heading.tf:
            self._heading_df[term] += 1
            self._heading_postings.setdefault(term, []).append(key)
        self._heading_len += terms.heading.length
        self._body_len += terms.body.length

    def df(self, terms: Collection[str]) -> dict[str, int]:
        return {t: n for t in terms if (n := self._df.get(t, 0))}

    def heading_df(self, terms: Collection[str]) -> dict[str, int]:
        return {t: n for t in terms if (n := self._heading_df.get(t, 0))}

    @property
    def stats(self) -> CorpusStats:
        n = len(self._articles)
        return CorpusStats(
            n_articles=n,
            avg_heading_len=self._heading_len / n if n else 0.0,
            avg_body_len=self._body_len / n if n else 0.0,
            df=self.df,
            heading_df=self.heading_df,
        )

    def candidates(
        self, query: QueryTerms, params: Params = DEFAULT_PARAMS
    ) -> list[CandidateArticle]:
        """The top ``params.k`` articles by the candidate query; ties by key."""
        return self.run_candidate_query(candidate_terms(query, self.stats, params), params.k)

    def run_candidate_query(
        self, branches: Iterable[CandidateTerm], k: int
    ) -> list[CandidateArticle]:
        """What the SQL above computes, for any list of branches."""
        scores: Counter[int] = Counter()
        for branch in branches:
            postings = self._heading_postings if branch.in_heading else self._postings
            for key in postings.get(branch.term, ()):
                scores[key] += branch.weight
        best = sorted(scores, key=lambda key: (-scores[key], key))[:k]
        return [CandidateArticle(key, self._articles[key]) for key in best]

    def search(self, text: str, params: Params = DEFAULT_PARAMS) -> list[ScoredArticle]:
        query = analyze_query(text)
        return rerank(query, self.candidates(query, params), self.stats, params)
