"""A year's reports at scale: the time of each report next to the bare SQL of its queries.

    .venv/bin/python bench/reports_scale.py                 # SQLite in a temp file, 10,000
    .venv/bin/python bench/reports_scale.py --sizes 10000 100000
    DATABASE_URL=postgres://… .venv/bin/python bench/reports_scale.py

N petitions spread over 2025–2026 are written with bulk_create (kinds, lĩnh vực leaves,
eligibility, competence, signers, channels and subjects drawn at random; 3% duplicates),
with their history: 70% processed (forwarded, guided or filed), forwardings with answers
for half of them, urgings for a fifth of the unanswered; plus reception sessions and cases.
Then, for each layout, the median of 5 runs of `queries.build` for the year 2026 is printed
beside the median of the same grouped queries run bare through the cursor (the SQL Django
generates, without building the report), and the ratio of the two.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")
_TMP = tempfile.mkdtemp(prefix="reports-bench-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
if not os.environ.get("DATABASE_URL"):
    os.environ["DANNGUYEN_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from scale_data import generate, report_statements, reset  # noqa: E402

from dannguyen.petitions.models import (  # noqa: E402
    Forwarding,
    PetitionEvent,
)
from dannguyen.reports import layouts, periods, queries  # noqa: E402

YEAR = periods.whole_year(2026)
RUNS = 5


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare_sql(layout) -> list[tuple[str, str, list]]:
    return report_statements(layout, YEAR)


def run_bare(statements) -> None:
    with connection.cursor() as cursor:
        for _key, sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; period: {YEAR.start} – {YEAR.end}; median of {RUNS}")
    for n in args.sizes:
        reset()
        started = time.perf_counter()
        generate(n)
        print(
            f"\n{n:,} petitions generated in {time.perf_counter() - started:.1f}s "
            f"({PetitionEvent.objects.count():,} events, "
            f"{Forwarding._base_manager.count():,} forwardings)"
        )
        print(f"{'layout':8} {'report ms':>10} {'bare SQL ms':>12} {'ratio':>6}  queries")
        for layout in layouts.codes_in_force(YEAR.end):
            statements = bare_sql(layout)
            report_ms = median_ms(lambda layout=layout: queries.build(layout, YEAR))
            sql_ms = median_ms(lambda statements=statements: run_bare(statements))
            ratio = report_ms / max(sql_ms, 0.001)
            print(
                f"{layout.code:8} {report_ms:10.1f} {sql_ms:12.1f} {ratio:6.2f}  {len(statements)}"
            )
        main_sql = next(
            sql for key, sql, _p in bare_sql(layouts.in_force("4E", YEAR.end)) if key == "received"
        )
        print(f"\nmain query of 4E (petitions received in the year):\n{main_sql}")


if __name__ == "__main__":
    main()
