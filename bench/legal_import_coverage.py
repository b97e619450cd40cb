"""Import coverage of `legal_import` on the real corpora, as issue #3 measures it.

Each corpus is imported on its own into a fresh throwaway SQLite database (migrate,
load_reference_data, legal_import --report), then the report is read: the share of
files — and of distinct documents, since a record may sit in several topic folders —
whose số ký hiệu, type, issuer and issue date were all found. The target is 97 %.
Every file short of it is listed with the fields it lacks.

Usage: .venv/bin/python bench/legal_import_coverage.py [--data ../shared/data]
       [--corpus legal-gazette] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("so_ky_hieu", "type", "issuer", "issued_on")
TARGET = 97.0


def _manage(database: Path, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def measure(corpus: Path, workdir: Path) -> list[dict]:
    database = workdir / f"{corpus.name}.sqlite3"
    report = workdir / f"{corpus.name}.jsonl"
    database.unlink(missing_ok=True)
    _manage(database, "migrate", "-v0")
    _manage(database, "load_reference_data")
    _manage(database, "legal_import", str(corpus), "--source", corpus.name, "--report", str(report))
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]


def summarise(name: str, rows: list[dict], seconds: float) -> None:
    def missing(row: dict) -> list[str]:
        return [f for f in FIELDS if not row.get(f)]

    complete = [r for r in rows if not missing(r)]
    documents: dict[object, bool] = {}
    for row in rows:
        key = row.get("document_id") or row["file"]
        documents[key] = documents.get(key, False) or not missing(row)
    found = sum(documents.values())

    def pct(n: int, total: int) -> str:
        return f"{100 * n / total:5.1f} %" if total else "  n/a"

    print(f"\n== {name}  ({seconds:.0f} s)")
    for f in FIELDS:
        n = sum(1 for r in rows if r.get(f))
        print(f"   {f:<12} {pct(n, len(rows))}  ({n}/{len(rows)})")
    print(f"   ALL FOUR, files      {pct(len(complete), len(rows))}  ({len(complete)}/{len(rows)})")
    print(f"   ALL FOUR, documents  {pct(found, len(documents))}  ({found}/{len(documents)})")
    verdict = "meets" if 100 * found / max(1, len(documents)) >= TARGET else "BELOW"
    print(f"   {verdict} the {TARGET:.0f} % target (distinct documents)")
    for row in rows:
        if missing(row):
            reason = "; ".join(row.get("errors") or []) or row["status"]
            print(f"   - {row['file']}: missing {', '.join(missing(row))} ({reason})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--corpus", action="append", help="legal-vlc, legal-gazette (default both)")
    parser.add_argument("--keep", type=Path, help="keep the databases and reports here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="legal-cov-") as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in args.corpus or ["legal-vlc", "legal-gazette"]:
            started = time.perf_counter()
            rows = measure(args.data / name, workdir.resolve())
            summarise(name, rows, time.perf_counter() - started)


if __name__ == "__main__":
    main()
