"""Vietnamese full-text search over articles, on SQLite (FTS5) and PostgreSQL (tsvector).

The method is in legal/ranking.py: the database finds candidates by the query's rarest
folded terms with integer weights (identical on both engines), then Python re-ranks the
top candidates with BM25F and heading coverage. This module keeps the indexes in step with
the documents and runs the two stages.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import html
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils.safestring import SafeString, mark_safe

from dannguyen.lib import fts
from dannguyen.lib.vietnamese import fold, normalize

from . import effect, ranking
from .models import (
    LegalDocument,
    Provision,
    ProvisionKind,
    SearchEntry,
    SearchTerm,
    SearchTotals,
)
from .parsing.structure import first_article_offset

# A document-level entry indexes the title and the text before the first article (or the
# whole text when there is none), capped so one huge file cannot bloat the index.
MAX_DOCUMENT_ENTRY_CHARS = 200_000


# ----------------------------------------------------------------------------- indexing


def _units_of(
    document: LegalDocument, articles: Sequence[Provision]
) -> list[tuple[Provision | None, str, str]]:
    """What is indexed of DOCUMENT: its title with the text before the first of its
    ARTICLES (in order), then each article."""
    text = document.full_text
    preamble = text[: first_article_offset(text, articles[0].number)] if articles else text
    units: list[tuple[Provision | None, str, str]] = [
        (None, document.title, preamble[:MAX_DOCUMENT_ENTRY_CHARS])
    ]
    units.extend((a, a.heading, a.text) for a in articles)
    return units


def _articles(document: LegalDocument) -> list[Provision]:
    return list(document.provisions.filter(kind=ProvisionKind.ARTICLE).order_by("order"))


@dataclass
class TermStats:
    """Changes to the corpus statistics (document frequencies and totals) not yet written.

    Indexing one document applies its own changes at once. A batch (an import of many
    files, a rebuild) gathers them here and writes them once: the term table is then
    touched once per distinct term of the batch instead of once per term of each document.
    """

    df: Counter[str] = field(default_factory=Counter)
    heading_df: Counter[str] = field(default_factory=Counter)
    entries: int = 0
    heading_length: int = 0
    body_length: int = 0

    def add(self, entries: Iterable[SearchEntry], sign: int = 1) -> None:
        entries = list(entries)
        headings = [set(e.heading_terms.split()) for e in entries]
        terms = itertools.chain.from_iterable(
            h.union(e.body_terms.split()) for h, e in zip(headings, entries, strict=True)
        )
        # Counter.update/subtract over one iterable run in C; per-entry updates do not.
        if sign > 0:
            self.df.update(terms)
            self.heading_df.update(itertools.chain.from_iterable(headings))
        else:
            self.df.subtract(terms)
            self.heading_df.subtract(itertools.chain.from_iterable(headings))
        self.entries += sign * len(entries)
        self.heading_length += sign * sum(e.heading_length for e in entries)
        self.body_length += sign * sum(e.body_length for e in entries)

    def merge(self, other: TermStats) -> None:
        self.df.update(other.df)
        self.heading_df.update(other.heading_df)
        self.entries += other.entries
        self.heading_length += other.heading_length
        self.body_length += other.body_length

    def apply(self) -> None:
        """Write the changes (inside the caller's transaction) and start again from zero."""
        changed = [
            (t, self.df.get(t, 0), self.heading_df.get(t, 0))
            for t in self.df.keys() | self.heading_df.keys()
        ]
        changed = [(t, n, h) for t, n, h in changed if n or h]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO legal_searchterm (term, df, heading_df) VALUES (%s, %s, %s) "
                "ON CONFLICT (term) DO UPDATE SET df = legal_searchterm.df + excluded.df, "
                "heading_df = legal_searchterm.heading_df + excluded.heading_df",
                [row for row in changed if row[1] > 0 and row[2] >= 0],
            )
            # An insert of negative counts would trip the CHECK before the conflict clause.
            cursor.executemany(
                "UPDATE legal_searchterm SET df = df + %s, heading_df = heading_df + %s "
                "WHERE term = %s",
                [(n, h, t) for t, n, h in changed if not (n > 0 and h >= 0)],
            )
        if self.entries or self.heading_length or self.body_length:
            SearchTotals.objects.get_or_create(pk=1)
            SearchTotals.objects.filter(pk=1).update(
                entries=F("entries") + self.entries,
                heading_length=F("heading_length") + self.heading_length,
                body_length=F("body_length") + self.body_length,
            )
        self.df, self.heading_df = Counter(), Counter()
        self.entries = self.heading_length = self.body_length = 0


def _remove(document: LegalDocument, stats: TermStats) -> None:
    old = list(SearchEntry.objects.filter(document=document))
    if not old:
        return
    stats.add(old, -1)
    ids = [e.pk for e in old]
    if connection.vendor == "sqlite":
        # External-content FTS5 forgets a row only when told the content it indexed.
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO legal_article_fts (legal_article_fts, rowid, heading_terms, "
                "body_terms) VALUES ('delete', %s, %s, %s)",
                [(e.pk, e.heading_terms, e.body_terms) for e in old],
            )
            cursor.executemany(
                "INSERT INTO legal_heading_fts (legal_heading_fts, rowid, heading_terms) "
                "VALUES ('delete', %s, %s)",
                [(e.pk, e.heading_terms) for e in old],
            )
    SearchEntry.objects.filter(pk__in=ids).delete()


def _entry(document_id: int, provision_id: int | None, terms: ranking.ArticleTerms) -> SearchEntry:
    return SearchEntry(
        document_id=document_id,
        provision_id=provision_id,
        heading_terms=terms.heading.stored(),
        body_terms=terms.body.stored(),
        heading_length=terms.heading.length,
        body_length=terms.body.length,
    )


def _write_entries(entries: list[SearchEntry]) -> list[SearchEntry]:
    """Insert ENTRIES with their rows in the engine's full-text index.

    On PostgreSQL the index's columns are generated from the terms (migration 0005).
    """
    # Both engines return the new ids from a bulk insert (SQLite ≥ 3.35, PostgreSQL).
    entries = SearchEntry.objects.bulk_create(entries, batch_size=500)
    if not entries or connection.vendor != "sqlite":
        return entries
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO legal_article_fts (rowid, heading_terms, body_terms) VALUES (%s, %s, %s)",
            [(e.pk, e.heading_terms, e.body_terms) for e in entries],
        )
        cursor.executemany(
            "INSERT INTO legal_heading_fts (rowid, heading_terms) VALUES (%s, %s)",
            [(e.pk, e.heading_terms) for e in entries],
        )
    return entries


def index_document(document: LegalDocument, *, stats: TermStats | None = None) -> int:
    """(Re)build the search entries of DOCUMENT; returns how many there are.

    With STATS, the changes to the corpus statistics are added there for the caller to
    apply; without, they are applied at once.
    """
    pending = TermStats() if stats is None else stats
    with transaction.atomic():
        _remove(document, pending)
        title_terms = ranking.FieldTerms.from_text(document.title).stored()
        if document.title_terms != title_terms:
            LegalDocument.objects.filter(pk=document.pk).update(title_terms=title_terms)
            document.title_terms = title_terms
        entries = _write_entries(
            [
                _entry(
                    document.pk,
                    provision.pk if provision else None,
                    ranking.analyze_article(heading, text),
                )
                for provision, heading, text in _units_of(document, _articles(document))
            ]
        )
        pending.add(entries)
        if stats is None:
            pending.apply()
    return len(entries)


def remove_document(document: LegalDocument, *, stats: TermStats | None = None) -> None:
    """Drop DOCUMENT's entries — before its provisions go, whose deletion would take the
    article entries with them (cascade) and leave the statistics counting them."""
    pending = TermStats() if stats is None else stats
    with transaction.atomic():
        _remove(document, pending)
        if stats is None:
            pending.apply()


_SQLITE_FTS_TABLES = {
    "legal_article_fts": "heading_terms, body_terms",
    "legal_heading_fts": "heading_terms",
}
_POSTGRES_INDEXES = {
    "legal_searchentry_terms_gin": "terms_tsv",
    "legal_searchentry_heading_gin": "heading_tsv",
}


def _drop_engine_indexes() -> None:
    # Emptying a large FTS5 table row by row, or feeding a GIN index millions of rows one
    # at a time, is much slower than building them anew (migration 0002 has the shapes).
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table, columns in _SQLITE_FTS_TABLES.items():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
                # The terms live once, in legal_searchentry (migration 0004).
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, "
                    "content='legal_searchentry', content_rowid='id', "
                    "tokenize=\"unicode61 tokenchars '_'\")"
                )
                # No incremental merging while loading; one 'optimize' at the end.
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        elif connection.vendor == "postgresql":
            for index in _POSTGRES_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {index}")


def _create_engine_indexes() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in _SQLITE_FTS_TABLES:
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 4)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Inside an outer transaction (tests, a caller's atomic block) deferred foreign
            # key checks are still pending, and PostgreSQL refuses CREATE INDEX until they run.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for index, column in _POSTGRES_INDEXES.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {index} ON legal_searchentry USING gin ({column})"
                )
            # The planner's figures for a table just emptied and refilled are those of the
            # empty one until autovacuum's next ANALYZE; the candidate query's plan (GIN
            # bitmap scans, hash aggregate) depends on them.
            cursor.execute("ANALYZE legal_searchentry")


def merge_pending_postings() -> None:
    """After a batch of writes (an import, a rebuild): see `fts.merge_pending_postings`."""
    fts.merge_pending_postings(*_POSTGRES_INDEXES)


@functools.lru_cache(maxsize=20_000)
def _analysed(heading: str, text: str) -> tuple[str, str, int, int]:
    terms = ranking.analyze_article(heading, text)
    return terms.heading.stored(), terms.body.stored(), terms.heading.length, terms.body.length


def _analyse_units(units: Sequence[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    # Runs in worker processes: text in, stored terms out, no database.
    return [_analysed(heading, text) for heading, text in units]


@dataclass
class _Chunk:
    documents: list[LegalDocument]
    keys: list[tuple[int, int | None]]  # (document id, provision id) of each unit
    units: list[tuple[str, str]]


def _read_chunk(ids: Sequence[int]) -> _Chunk:
    articles: dict[int, list[Provision]] = {}
    for article in (
        Provision.objects.filter(document_id__in=ids, kind=ProvisionKind.ARTICLE)
        .only("pk", "document_id", "number", "heading", "text")
        .order_by("document_id", "order")
    ):
        articles.setdefault(article.document_id, []).append(article)
    chunk = _Chunk(
        list(
            LegalDocument.objects.filter(pk__in=ids).only("pk", "title", "full_text", "title_terms")
        ),
        [],
        [],
    )
    for document in chunk.documents:
        for provision, heading, text in _units_of(document, articles.get(document.pk, [])):
            chunk.keys.append((document.pk, provision.pk if provision else None))
            chunk.units.append((heading, text))
    return chunk


def _write_chunk(chunk: _Chunk, analysed: Sequence[tuple[str, str, int, int]]) -> list[SearchEntry]:
    title_updates = []
    for document in chunk.documents:
        title_terms = ranking.FieldTerms.from_text(document.title).stored()
        if title_terms != document.title_terms:
            title_updates.append((title_terms, document.pk))
    with transaction.atomic():
        if title_updates:
            # A derived index column, not content: no audit row for it.
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE legal_legaldocument SET title_terms = %s WHERE id = %s", title_updates
                )
        return _write_entries(
            [
                SearchEntry(
                    document_id=document_id,
                    provision_id=provision_id,
                    heading_terms=heading,
                    body_terms=body,
                    heading_length=heading_length,
                    body_length=body_length,
                )
                for (document_id, provision_id), (
                    heading,
                    body,
                    heading_length,
                    body_length,
                ) in zip(chunk.keys, analysed, strict=True)
            ]
        )


def rebuild_index(
    *,
    chunk_size: int = 200,
    jobs: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rebuild the whole index from the documents; returns the number of entries.

    For a change of the analysis, a restore, or a bulk load that skipped indexing. Search
    gives partial results until it ends. With JOBS > 1 the text analysis runs in that many
    worker processes, one chunk ahead of the writing. Identical articles (the closing
    "Điều 3. Chánh Văn phòng … chịu trách nhiệm thi hành" of thousands of local decisions)
    are analysed once per process.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A DELETE would leave every old row in the heap, dead, beside the new ones
                # until a VACUUM: the searches after a rebuild read through both. (Deferred
                # foreign key checks of a caller's transaction must run first.)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("TRUNCATE legal_searchentry, legal_searchterm")
            else:
                cursor.execute("DELETE FROM legal_searchentry")
                cursor.execute("DELETE FROM legal_searchterm")
        SearchTotals.objects.all().delete()
        _drop_engine_indexes()
    ids = list(LegalDocument.objects.order_by("pk").values_list("pk", flat=True))
    batches = [ids[i : i + chunk_size] for i in range(0, len(ids), chunk_size)]
    stats = TermStats()
    total = done = 0
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None

    def analyse(chunk: _Chunk) -> Callable[[], list[tuple[str, str, int, int]]]:
        if pool is None:
            return lambda: _analyse_units(chunk.units)
        size = max(1, len(chunk.units) // (4 * jobs))
        parts = [
            pool.submit(_analyse_units, chunk.units[i : i + size])
            for i in range(0, len(chunk.units), size)
        ]
        return lambda: [row for part in parts for row in part.result()]

    try:
        ahead: tuple[_Chunk, Callable[[], list[tuple[str, str, int, int]]]] | None = None
        for batch in [*batches, None]:
            following = None
            if batch is not None:
                chunk = _read_chunk(batch)
                following = (chunk, analyse(chunk))
            if ahead is not None:
                written = _write_chunk(ahead[0], ahead[1]())
                stats.add(written)
                total += len(written)
                done += len(ahead[0].documents)
                if on_progress is not None:
                    on_progress(done, len(ids))
            ahead = following
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    with transaction.atomic():
        stats.apply()
    _create_engine_indexes()
    return total


# ----------------------------------------------------------------------------- querying


def _df_lookup(column: str) -> ranking.DfLookup:
    # candidate_terms() and rerank() ask for the same terms: remember them per query.
    seen: dict[str, int] = {}

    def lookup(terms: Collection[str]) -> Mapping[str, int]:
        missing = [t for t in terms if t not in seen]
        if missing:
            seen.update(dict.fromkeys(missing, 0))
            rows = SearchTerm.objects.filter(term__in=missing).values_list("term", column)
            seen.update(dict(rows))
        return {t: seen[t] for t in terms if seen.get(t, 0) > 0}

    return lookup


def corpus_stats() -> ranking.CorpusStats:
    totals = SearchTotals.objects.filter(pk=1).first()
    n = totals.entries if totals else 0
    return ranking.CorpusStats(
        n_articles=n,
        avg_heading_len=totals.heading_length / n if totals and n else 0.0,
        avg_body_len=totals.body_length / n if totals and n else 0.0,
        df=_df_lookup("df"),
        heading_df=_df_lookup("heading_df"),
    )


def _fts_phrase(term: str) -> str:
    # Terms are [a-z0-9_] after folding; quoting keeps FTS5 from reading operators.
    return '"' + term.replace('"', "") + '"'


def _candidate_ids(
    branches: Sequence[ranking.CandidateTerm], k: int, documents: QuerySet[LegalDocument] | None
) -> list[int]:
    if not branches:
        return []
    params: list[Any] = []
    parts = []
    if connection.vendor == "sqlite":
        for b in branches:
            table = "legal_heading_fts" if b.in_heading else "legal_article_fts"
            parts.append(f"SELECT rowid AS id, %s AS w FROM {table} WHERE {table} MATCH %s")
            params += [b.weight, _fts_phrase(b.term)]
    else:
        for b in branches:
            column = "heading_tsv" if b.in_heading else "terms_tsv"
            parts.append(
                "SELECT id, %s AS w FROM legal_searchentry "
                f"WHERE {column} @@ quote_literal(%s)::tsquery"
            )
            params += [b.weight, b.term]
    union = " UNION ALL ".join(parts)
    sql = f"SELECT m.id, SUM(m.w) AS s FROM ({union}) AS m"
    if documents is not None:
        doc_sql, doc_params = documents.order_by().values("id").query.sql_with_params()
        sql += f" JOIN legal_searchentry e ON e.id = m.id WHERE e.document_id IN ({doc_sql})"
        params += list(doc_params)
    sql += " GROUP BY m.id ORDER BY s DESC, m.id LIMIT %s"
    params.append(k)
    with fts.candidate_cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Hit:
    entry_id: int
    score: float
    document: LegalDocument
    provision: Provision | None
    snippet: SafeString

    @property
    def article_number(self) -> str:
        return self.provision.number if self.provision else ""

    @property
    def url(self) -> str:
        if self.provision is not None:
            return f"{self.document.get_absolute_url()}#{self.provision.anchor}"
        return self.document.get_absolute_url()


@dataclass
class Results:
    """All ranked entries for a query (materialise a page of them with `hits_for`)."""

    query: str
    hits: list[ranking.ScoredArticle] = field(default_factory=list)
    suggestion: str = ""


def rank(
    text: str,
    *,
    documents: QuerySet[LegalDocument] | None = None,
    params: ranking.Params = ranking.DEFAULT_PARAMS,
) -> list[ranking.ScoredArticle]:
    """Entry ids best first for TEXT, optionally within DOCUMENTS."""
    query = ranking.analyze_query(text[:2000])
    if not query.terms:
        return []
    stats = corpus_stats()
    if not stats.n_articles:
        return []
    branches = ranking.candidate_terms(query, stats, params)
    ids = _candidate_ids(branches, params.k, documents)
    rows = SearchEntry.objects.filter(pk__in=ids).values_list(
        "pk", "heading_terms", "body_terms", "document__title_terms"
    )
    candidates = [
        ranking.CandidateArticle(pk, ranking.ArticleTerms.from_stored(h, b, t))
        for pk, h, b, t in rows
    ]
    phrases = quoted_phrases(text)
    if phrases:
        candidates = [c for c in candidates if _has_phrases(c.terms, phrases)]
    return ranking.rerank(query, candidates, stats, params)


_QUOTED = re.compile(r'["“”«»]([^"“”«»]{2,200})["“”«»]')


def quoted_phrases(text: str) -> list[ranking.QueryTerms]:
    """The phrases written between quotation marks, which a hit must contain."""
    return [
        terms
        for match in _QUOTED.finditer(text)
        if (terms := ranking.analyze_query(match.group(1), strip_framing=False)).terms
    ]


def _has_phrases(article: ranking.ArticleTerms, phrases: Sequence[ranking.QueryTerms]) -> bool:
    # Syllable pairs encode adjacency, so a phrase is present when all its pairs (or its
    # single syllable) are in the heading or the body.
    heading, body = article.heading.tf, article.body.tf
    return all(
        all(term in heading or term in body for term in (p.bigrams or p.unigrams)) for p in phrases
    )


_WORD = re.compile(r"\w+", re.UNICODE)


def snippet(text: str, query_terms: Collection[str], *, words: int = 40) -> SafeString:
    """The densest window of TEXT for the query's syllables, with them marked."""
    text = normalize(text)
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return mark_safe("")
    hits = [fold(m.group()) in query_terms for m in tokens]
    best_start, best = 0, -1
    window = sum(hits[:words])
    for start in range(max(1, len(tokens) - words + 1)):
        if start:
            window += hits[start + words - 1] if start + words - 1 < len(hits) else 0
            window -= hits[start - 1]
        if window > best:
            best, best_start = window, start
    chosen = tokens[best_start : best_start + words]
    begin, end = chosen[0].start(), chosen[-1].end()
    out = []
    position = begin
    for m, hit in zip(chosen, hits[best_start : best_start + words], strict=False):
        out.append(html.escape(text[position : m.start()]))
        word = html.escape(m.group())
        out.append(f"<mark>{word}</mark>" if hit else word)
        position = m.end()
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def hits_for(scored: Sequence[ranking.ScoredArticle], text: str) -> list[Hit]:
    """Materialise SCORED (one page of it) as hits with documents, articles and snippets."""
    entries = {
        e.pk: e
        for e in SearchEntry.objects.filter(pk__in=[s.key for s in scored]).select_related(
            "document__document_type", "provision"
        )
    }
    terms = set(ranking.analyze_query(text).unigrams)
    hits = []
    for s in scored:
        entry = entries.get(s.key)
        if entry is None:
            continue
        body = entry.provision.body if entry.provision else entry.document.full_text[:5000]
        hits.append(
            Hit(
                s.key,
                s.score,
                entry.document,
                entry.provision,
                snippet(body or entry.document.title, terms),
            )
        )
    return hits


def suggest(text: str) -> str:
    """A corrected query when some of its syllables are unknown to the index ("typos")."""
    query = ranking.analyze_query(text[:500], strip_framing=False, bigrams=False)
    known = _df_lookup("df")(query.unigrams)
    unknown = [t for t in query.unigrams if t not in known]
    if not unknown:
        return ""
    fixed = {}
    for term in unknown[:5]:
        # A range on the primary key (not LIKE, which SQLite cannot serve from the index):
        # terms sharing the first letter, syllables only.
        first = term[:1]
        pool = list(
            SearchTerm.objects.filter(df__gt=0, term__gte=first, term__lt=chr(ord(first) + 1))
            .exclude(term__contains=ranking.BIGRAM_JOINER)
            .values_list("term", flat=True)[:20000]
        )
        match = difflib.get_close_matches(term, pool, n=1, cutoff=0.75)
        if match:
            fixed[term] = match[0]
    if not fixed:
        return ""
    return " ".join(fixed.get(fold(w), fold(w)) for w in text.split())


# ----------------------------------------------------------------------------- the page

_SLOPPY_NUMBER = re.compile(
    r"^\s*(?P<type>[a-zđ]{1,6})\.?\s*(?:so\s*|số\s*)?(?P<number>\d{1,5})\s*/\s*(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)


def document_by_number(text: str) -> LegalDocument | None:
    """The document an exact or sloppy số ký hiệu names: "2/2011/qh13", "nđ 154/2026"."""
    from .queries import find_by_number  # noqa: PLC0415 -- queries imports effect, not search

    found = find_by_number(text)
    if found is not None:
        return found
    match = _SLOPPY_NUMBER.match(text)
    if match is None:
        return None
    type_code = fold(match["type"]).upper()
    candidates = LegalDocument.objects.filter(
        number=str(int(match["number"])), year=int(match["year"])
    )
    matches = [d for d in candidates if fold(d.symbol).upper().startswith(type_code)]
    return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class Filters:
    document_type: int | None = None
    level: str = ""
    issuer: str = ""
    field: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    status: str = ""
    as_of: datetime.date | None = None

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Filters:
        """Filters from a form's cleaned data or the API's parameters (extra keys ignored;
        a document type may be given as the object or its id)."""
        known = {f.name for f in dataclasses.fields(cls)}
        data = {k: v for k, v in values.items() if k in known}
        document_type = data.get("document_type")
        if document_type is not None and not isinstance(document_type, int):
            data["document_type"] = document_type.pk
        return cls(**data)

    def documents(self) -> QuerySet[LegalDocument] | None:
        """The documents these filters allow, or None when they allow all."""
        qs = LegalDocument.objects.all()
        used = False
        if self.document_type:
            qs, used = qs.filter(document_type_id=self.document_type), True
        if self.level:
            qs, used = qs.filter(level=self.level), True
        if self.issuer:
            for word in fold(self.issuer).split():
                qs = qs.filter(issuers__name_folded__contains=word)
            used = True
        if self.field:
            qs, used = qs.filter(fields__id=self.field), True
        if self.year_from:
            qs, used = qs.filter(year__gte=self.year_from), True
        if self.year_to:
            qs, used = qs.filter(year__lte=self.year_to), True
        return qs.distinct() if used else None


def find(text: str, filters: Filters, *, today: datetime.date) -> Results:
    """All hits for TEXT within FILTERS (at most the re-ranked top k), best first."""
    results = Results(query=text)
    scored = rank(text, documents=filters.documents())
    if filters.status:
        entries = dict(
            SearchEntry.objects.filter(pk__in=[s.key for s in scored]).values_list(
                "pk", "document_id"
            )
        )
        docs = LegalDocument.objects.filter(pk__in=set(entries.values()))
        keep = set(
            effect.filter_by_status(docs, filters.status, filters.as_of or today).values_list(
                "pk", flat=True
            )
        )
        scored = [s for s in scored if entries.get(s.key) in keep]
    results.hits = scored
    if len(scored) < 5:
        results.suggestion = suggest(text)
    return results


@dataclass(frozen=True)
class Facet:
    label: str
    param: str
    value: str
    count: int


def facets(
    scored: Sequence[ranking.ScoredArticle], *, today: datetime.date
) -> dict[str, list[Facet]]:
    """Counts of the hits' documents by type, status today and year, for refining a search."""
    doc_ids = set(
        SearchEntry.objects.filter(pk__in=[s.key for s in scored]).values_list(
            "document_id", flat=True
        )
    )
    documents = list(
        effect.with_timeline(
            LegalDocument.objects.filter(pk__in=doc_ids).select_related("document_type")
        )
    )
    types: Counter[tuple[int, str]] = Counter(
        (d.document_type_id, d.document_type.name) for d in documents
    )
    statuses: Counter[str] = Counter(effect.document_status(d, today) for d in documents)
    years: Counter[int] = Counter(d.year for d in documents if d.year)
    labels = dict(effect.EffectStatus.choices)
    return {
        "types": [
            Facet(name, "document_type", str(pk), n) for (pk, name), n in types.most_common()
        ],
        "statuses": [Facet(str(labels[s]), "status", s, n) for s, n in statuses.most_common()],
        "years": [Facet(str(y), "year", str(y), n) for y, n in sorted(years.items(), reverse=True)],
    }
