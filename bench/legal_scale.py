"""Import throughput and search latency as the legal database grows.

    .venv/bin/python bench/legal_scale.py --documents 600 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/legal_scale.py …
    … --documents 600 200000 --keep DIR     (leave the databases: DIR/size-N on SQLite,
                                             dannguyen_bench_scale_N on PostgreSQL)
    … --documents 600 200000 --measure DIR  (search latency only, on the kept databases)

Each size runs in a fresh database of its own (a file for SQLite, `dannguyen_bench_scale_N`
for PostgreSQL), in the same way:

1. fill: all but the last SAMPLE documents are written straight to the tables (documents
   and their articles, as the importer would store them), then `search.rebuild_index()`
   indexes them — the path an office takes after a bulk load or a change of analysis;
2. import: the last SAMPLE documents go through the real importer (`legal_import`'s path:
   parse → save → citations → index, 50 per transaction, parsing in a second process),
   so "import docs/s" is the throughput of an import into a database of that size;
3. search: the bench's 100 real questions, median and p90 of `rank()` + one page of hits.

Synthetic documents are made of real articles (../shared/data/search-bench and the laws of
legal-vlc), so vocabulary and article lengths are real. Their length follows what a
national database holds: mostly short local decisions, some long laws — 50 % have 1–5
articles, 30 % 6–15, 15 % 16–40, 5 % 41–120 (mean ≈ 13). The baseline is the smallest
size of the same run. Recall is not measured here (the copies make the gold ambiguous);
bench/legal_search.py measures quality.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")

import django  # noqa: E402

django.setup()

import legal_search_prototype as proto  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from dannguyen.core import reference_data  # noqa: E402
from dannguyen.legal import importing, search  # noqa: E402
from dannguyen.legal import reference_data as legal_reference  # noqa: E402
from dannguyen.legal.models import DocumentType, LegalDocument, Provision  # noqa: E402
from dannguyen.lib.vietnamese import parse_document_number  # noqa: E402

TYPES = [
    ("Nghị định", "NĐ-CP", "CHÍNH PHỦ", "nghi-dinh", "central"),
    ("Thông tư", "TT-BTC", "BỘ TÀI CHÍNH", "thong-tu", "central"),
    (
        "Quyết định",
        "QĐ-UBND",
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "quyet-dinh-ubnd-tinh",
        "provincial",
    ),
    ("Luật", "QH15", "QUỐC HỘI", "luat", "central"),
]
LENGTHS = [((1, 5), 0.50), ((6, 15), 0.30), ((16, 40), 0.15), ((41, 120), 0.05)]


class Generator:
    """Synthetic document n, the same whoever asks (seeded by n)."""

    def __init__(self, articles: list[proto.Article]) -> None:
        self.articles = articles

    def parts(self, n: int) -> tuple[int, str, str, list[proto.Article], int]:
        rng = random.Random(n)
        (low, high) = rng.choices([r for r, _ in LENGTHS], [w for _, w in LENGTHS])[0]
        chosen = rng.sample(self.articles, rng.randint(low, high))
        kind = n % len(TYPES)
        year = 2000 + n % 26
        # Unique per year up to 26 × 10⁵ documents: the number is the count within the year.
        number = f"{n // 26 + 1}/{year}/{TYPES[kind][1]}"
        title = (
            f"{TYPES[kind][0]} quy định về {chosen[0].heading.lower() or 'một số nội dung'} số {n}"
        )
        return kind, number, title, chosen, year

    def text(self, n: int) -> str:
        kind, number, title, chosen, year = self.parts(n)
        type_name, _symbol, issuer, _code, _level = TYPES[kind]
        lines = [
            issuer,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "",
            f"Số: {number}",
            f"Hà Nội, ngày {n % 28 + 1} tháng {n % 12 + 1} năm {year}",
            "",
            type_name.upper(),
            title,
            "",
        ]
        for i, a in enumerate(chosen, start=1):
            lines += [f"Điều {i}. {a.heading}".rstrip(), a.text, ""]
        return "\n".join(lines)


def fill(gen: Generator, count: int, chunk: int = 1000) -> None:
    """Documents 0…COUNT-1 written straight to the tables, unindexed."""
    types = {code: DocumentType.objects.get(code=code) for *_, code, _level in TYPES}
    for start in range(0, count, chunk):
        docs, articles = [], []
        for n in range(start, min(count, start + chunk)):
            kind, number, title, chosen, year = gen.parts(n)
            parsed = parse_document_number(number)
            assert parsed is not None
            issued = datetime.date(year, n % 12 + 1, n % 28 + 1)
            docs.append(
                LegalDocument(
                    number_raw=number,
                    number_key=parsed.key,
                    number=parsed.number,
                    year=year,
                    symbol=parsed.symbol,
                    title=title,
                    document_type=types[TYPES[kind][3]],
                    level=TYPES[kind][4],
                    issued_on=issued,
                    effective_on=issued + datetime.timedelta(days=45),
                    full_text=gen.text(n),
                    source="import",
                    source_reference=f"synthetic/{n}",
                )
            )
            articles.append(chosen)
        with transaction.atomic():
            docs = LegalDocument.objects.bulk_create(docs, batch_size=500)
            Provision.objects.bulk_create(
                (
                    Provision(
                        document_id=d.pk,
                        kind="article",
                        number=str(i),
                        heading=a.heading,
                        text=f"Điều {i}. {a.heading}\n{a.text}",
                        order=i,
                        anchor=f"dieu-{i}",
                    )
                    for d, chosen in zip(docs, articles, strict=True)
                    for i, a in enumerate(chosen, start=1)
                ),
                batch_size=2000,
            )


def sample_files(gen: Generator, first: int, count: int, folder: Path) -> Iterator[Path]:
    for n in range(first, first + count):
        path = folder / f"doc-{n}.txt"
        path.write_text(gen.text(n), encoding="utf-8")
        yield path


def database_name(folder: Path, size: int) -> str:
    if connection.vendor == "sqlite":
        # On disk: 200,000 documents do not fit in memory.
        return str(folder / "bench.sqlite3")
    return f"dannguyen_bench_scale_{size}"


def fresh_database(folder: Path, size: int) -> str:
    old = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = database_name(folder, size)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    legal_reference.load(reference_data.LoadReport())
    return old


def search_latencies(questions: list[proto.Question]) -> list[float]:
    """Seconds per question for rank() plus the first page of hits, as the page does."""
    latencies = []
    for q in questions:
        started = time.perf_counter()
        search.hits_for(search.rank(q.text)[:10], q.text)
        latencies.append(time.perf_counter() - started)
    return latencies


def measure_kept(
    folder: Path, sizes: list[int], questions: list[proto.Question], rounds: int
) -> int:
    """Search latency only, on databases an earlier `--keep` run left.

    The sizes take turns, ROUNDS times, so that whatever else the machine does falls on
    all of them alike. The first pass over each database, which finds cold caches (after
    a restart, with the page cache dropped), is shown apart and not counted in the rest.
    """
    original = connection.settings_dict["NAME"]
    samples: dict[int, list[float]] = {size: [] for size in sizes}
    first: dict[int, float] = {}
    entries: dict[int, int] = {}
    on_disk: dict[int, str] = {}
    try:
        for round_ in range(rounds + 1):
            for size in sizes:
                connection.close()
                connection.settings_dict["NAME"] = database_name(folder / f"size-{size}", size)
                entries[size] = search.corpus_stats().n_articles
                on_disk[size] = search_table_size()
                latencies = search_latencies(questions)
                if round_:
                    samples[size] += latencies
                else:
                    first[size] = statistics.median(latencies)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
    base = statistics.median(samples[sizes[0]])
    print(engine_settings())
    print(
        f"{'documents':>10} {'entries':>10} {'search median ms':>17} {'p90 ms':>8} "
        f"{'× smallest':>11} {'first pass ms':>14} {'× smallest':>11}  search table on disk"
    )
    for size in sizes:
        median = statistics.median(samples[size])
        p90 = statistics.quantiles(samples[size], n=10)[-1]
        print(
            f"{size:>10} {entries[size]:>10} {1000 * median:>17.1f} {1000 * p90:>8.1f} "
            f"{median / base:>11.2f} {1000 * first[size]:>14.1f} "
            f"{first[size] / first[sizes[0]]:>11.2f}  {on_disk[size]}"
        )
    return 0


def engine_settings() -> str:
    """What the figures depend on besides the code: PostgreSQL's memory for its pages
    (each posting the candidate query reads is a visit to the entries table)."""
    if connection.vendor != "postgresql":
        return f"engine: sqlite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('shared_buffers'), version()")
        shared_buffers, version = cursor.fetchone()
    return f"engine: {version.split(' on ')[0]}, shared_buffers {shared_buffers}"


def search_table_size() -> str:
    """The entries table with its indexes (PostgreSQL: heap + TOAST + GIN indexes)."""
    if connection.vendor != "postgresql":
        return "-"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('legal_searchentry')),"
            " pg_size_pretty(pg_total_relation_size('legal_searchentry'))"
        )
        heap, total = cursor.fetchone()
    return f"heap {heap}, with TOAST and indexes {total}"


def run_size(
    size: int,
    sample: int,
    gen: Generator,
    questions: list[proto.Question],
    keep: Path | None = None,
) -> dict[str, float]:
    if keep is not None:
        (keep / f"size-{size}").mkdir(parents=True, exist_ok=True)
    context = (
        contextlib.nullcontext(str(keep / f"size-{size}"))
        if keep is not None
        else tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP"))
    )
    with context as tmp:
        folder = Path(tmp)
        old = fresh_database(folder, size)
        try:
            filled = size - sample
            t0 = time.perf_counter()
            fill(gen, filled)
            t1 = time.perf_counter()
            entries = search.rebuild_index(jobs=2) if filled else 0
            t2 = time.perf_counter()
            (folder / "in").mkdir()
            paths = list(sample_files(gen, filled, sample, folder / "in"))
            t3 = time.perf_counter()
            result = importing.import_paths(paths, chunk_size=50, jobs=2)
            t4 = time.perf_counter()
            counts = result.counts()
            assert counts["created"] == sample, counts
            assert LegalDocument.objects.count() == size
            latencies = search_latencies(questions)
            # Typo suggestions (asked when a query finds little): one letter dropped from
            # the longest word of 20 questions.
            suggest_latencies = []
            for q in questions[:20]:
                word = max(q.text.split(), key=len)
                typo = q.text.replace(word, word[:-2] + word[-1:], 1)
                started = time.perf_counter()
                search.suggest(typo)
                suggest_latencies.append(time.perf_counter() - started)
            return {
                "size": size,
                "suggest_ms": 1000 * statistics.median(suggest_latencies),
                "entries": search.corpus_stats().n_articles,
                "fill_s": t1 - t0,
                "rebuild_entries_per_s": entries / (t2 - t1) if entries else 0.0,
                "import_docs_per_s": sample / (t4 - t3),
                "median_ms": 1000 * statistics.median(latencies),
                "p90_ms": 1000 * statistics.quantiles(latencies, n=10)[-1],
            }
        finally:
            if keep is None:
                connection.creation.destroy_test_db(old, verbosity=0)
            else:  # left for profiling: SQLite in KEEP/size-N, PostgreSQL until the next run
                connection.close()
                connection.settings_dict["NAME"] = old


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, nargs="+", default=[600, 5000])
    parser.add_argument(
        "--sample", type=int, default=300, help="documents imported through the importer"
    )
    parser.add_argument(
        "--keep", type=Path, help="keep each database (SQLite files under this folder)"
    )
    parser.add_argument(
        "--measure",
        type=Path,
        metavar="KEPT",
        help="only measure search, on the databases a --keep run left in KEPT",
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --measure")
    args = parser.parse_args()
    articles, questions = proto.load_bench()
    if args.measure is not None:
        return measure_kept(args.measure, args.documents, questions, args.rounds)
    articles += proto.load_distractors([])
    gen = Generator(articles)
    print(f"engine: {connection.vendor}; {len(articles)} source articles", flush=True)
    rows = []
    for size in args.documents:
        rows.append(run_size(size, min(args.sample, size), gen, questions, args.keep))
        print(rows[-1], flush=True)
    base = rows[0]["median_ms"]
    print(
        f"{'documents':>10} {'entries':>10} {'fill s':>8} {'rebuild entries/s':>18} "
        f"{'import docs/s':>14} {'search median ms':>17} {'p90 ms':>8} {'× smallest':>11} "
        f"{'suggest ms':>11}"
    )
    for r in rows:
        print(
            f"{r['size']:>10} {r['entries']:>10} {r['fill_s']:>8.0f} "
            f"{r['rebuild_entries_per_s']:>18.0f} {r['import_docs_per_s']:>14.1f} "
            f"{r['median_ms']:>17.1f} {r['p90_ms']:>8.1f} {r['median_ms'] / base:>11.2f} "
            f"{r['suggest_ms']:>11.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
