"""Import throughput and search latency as the legal database grows.

    .venv/bin/python bench/legal_scale.py --documents 600 5000
    DATABASE_URL=postgres://… .venv/bin/python bench/legal_scale.py --documents 600 200000

Synthetic documents are made from real articles (../shared/data/search-bench): each gets a
new number, type, title and 5–40 articles drawn at random (seeded), so the vocabulary and
the article lengths are real. Every size runs in a fresh temporary database through the
real importer (parse → save → index). Latency is measured on the bench's 100 questions;
the baseline is the first (smallest) size of the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
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

TYPES = [
    ("Nghị định", "NĐ-CP", "CHÍNH PHỦ"),
    ("Thông tư", "TT-BTC", "BỘ TÀI CHÍNH"),
    ("Quyết định", "QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"),
    ("Luật", "QH15", "QUỐC HỘI"),
]


def synthetic_text(rng: random.Random, n: int, articles: list[proto.Article]) -> str:
    type_name, symbol, issuer = TYPES[n % len(TYPES)]
    year = 2000 + n % 26
    number = f"{n % 997 + 1}/{year}/{symbol}" if symbol != "QH15" else f"{n % 997 + 1}/{year}/QH15"
    chosen = rng.sample(articles, rng.randint(5, 40))
    title = f"{type_name} quy định về {chosen[0].heading.lower() or 'một số nội dung'} số {n}"
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
        lines += [f"Điều {i}. {a.heading}", a.text, ""]
    return "\n".join(lines)


def run_size(size: int, articles: list[proto.Article], questions: list[proto.Question]) -> dict:
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        legal_reference.load(reference_data.LoadReport())
        rng = random.Random(size)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            for n in range(size):
                path = Path(folder) / f"doc-{n}.txt"
                path.write_text(synthetic_text(rng, n, articles), encoding="utf-8")
                importing.import_file(path)
                path.unlink()
        seconds = time.perf_counter() - started
        latencies = []
        for q in questions:
            t0 = time.perf_counter()
            search.hits_for(search.rank(q.text)[:10], q.text)
            latencies.append(time.perf_counter() - t0)
        return {
            "size": size,
            "docs_per_s": size / seconds,
            "median_ms": 1000 * statistics.median(latencies),
            "p90_ms": 1000 * statistics.quantiles(latencies, n=10)[-1],
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, nargs="+", default=[600, 5000])
    args = parser.parse_args()
    articles, questions = proto.load_bench()
    rows = [run_size(size, articles, questions) for size in args.documents]
    base = rows[0]["median_ms"]
    print(f"engine: {connection.vendor}")
    print(
        print(
            f"{'documents':>10} {'import docs/s':>14} {'search median ms':>17} "
            f"{'p90 ms':>8} {'× smallest':>11}"
        )
    )
    for r in rows:
        print(
            f"{r['size']:>10} {r['docs_per_s']:>14.1f} {r['median_ms']:>17.1f} "
            f"{r['p90_ms']:>8.1f} {r['median_ms'] / base:>11.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
