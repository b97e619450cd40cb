"""Search quality and speed of the real system on the ALQAC search bench, per engine.

    .venv/bin/python bench/legal_search.py                 # SQLite (a temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/legal_search.py

Imports ../shared/data/search-bench through the importer (as `legal_import` does), runs
the 100 questions through `legal.search.rank` and prints recall@1, recall@10, MRR@10 and
median latency, next to plain BM25 over syllables measured in the same run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")

import django  # noqa: E402

django.setup()

import legal_search_prototype as proto  # noqa: E402
from django.db import connection  # noqa: E402

from dannguyen.core import reference_data  # noqa: E402
from dannguyen.legal import importing, search  # noqa: E402
from dannguyen.legal import reference_data as legal_reference  # noqa: E402
from dannguyen.legal.models import SearchEntry  # noqa: E402
from dannguyen.legal.parsing import read_manifest  # noqa: E402
from dannguyen.lib.vietnamese import fold, tokenize  # noqa: E402

BENCH = ROOT.parent / "shared" / "data" / "search-bench"


def main() -> int:
    if not BENCH.exists():
        print(f"no bench data at {BENCH}")
        return 1
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run(test_name)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(db_name: str) -> int:

    legal_reference.load(reference_data.LoadReport())
    overrides = read_manifest(BENCH / "manifest.json")
    paths = sorted(overrides)
    started = time.perf_counter()
    result = importing.import_paths(paths, overrides=overrides, base=BENCH)
    import_seconds = time.perf_counter() - started
    entries = SearchEntry.objects.filter(provision__isnull=False).count()
    print(f"engine: {connection.vendor} ({db_name})")
    print(
        f"imported {result.counts()} in {import_seconds:.1f} s "
        f"({len(paths) / import_seconds:.1f} documents/s), {entries} articles indexed"
    )

    articles, questions = proto.load_bench()
    bm25 = proto.PlainBM25([tokenize(f"{a.heading}\n{a.text}") for a in articles])
    keyed = {(fold(a.law), a.number): i for i, a in enumerate(articles)}

    entry_key = {
        e.pk: (fold(e.document.title), e.provision.number if e.provision else "")
        for e in SearchEntry.objects.select_related("document", "provision")
    }

    def ours(text: str) -> list[int]:
        ranked = search.rank(text)
        out = []
        for s in ranked[:10]:
            key = entry_key.get(s.key)
            if key in keyed:
                out.append(keyed[key])
        return out

    rows = []
    for name, searcher in (
        ("plain BM25 over syllables (baseline)", proto.baseline(bm25, folded_index=False)),
        (f"Dân Nguyện search on {connection.vendor}", ours),
    ):
        for folded in (False, True):
            r = proto.evaluate(searcher, questions, folded=folded)
            rows.append((name, "folded" if folded else "with diacritics", r))
    print()
    print(f"{'method':42} {'queries':16} {'R@1':>5} {'R@10':>5} {'MRR@10':>7} {'median ms':>10}")
    for name, kind, r in rows:
        print(f"{name:42} {kind:16} {r.r1:5.2f} {r.r10:5.2f} {r.mrr:7.3f} {r.ms:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
