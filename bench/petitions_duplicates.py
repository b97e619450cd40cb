"""Duplicate detection (đơn trùng): quality on a labelled set, and lookup latency at scale.

    .venv/bin/python bench/petitions_duplicates.py                      # SQLite, temp files
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/matching_bench \\
        .venv/bin/python bench/petitions_duplicates.py
    … --sizes 10000 1000000   (default)   … --quality-only   … --write-data

Quality: bench/data/petitions_labelled.jsonl (written by --write-data from
bench/petitions_corpus.py, seeded; kept in the repository as the labelled set) holds
matters of fourteen kinds, each an original, reworded duplicates by the same writer and
by another, distractors (same kind of matter, same commune, other details) and letters by
the same writer about another matter. Originals, distractors and other-matter letters
are indexed; every duplicate is looked up (recall@1/@3 of its original, and whether the
original is flagged likely_duplicate), and every distractor and other-matter letter is
looked up without itself (a flag there is a false "likely duplicate"). The baseline is a
plain TF-IDF cosine over the raw words (lower-cased, accents kept, sklearn's defaults:
smooth idf, l2 norm) computed in the same run, flagged at cosine ≥ 0.5 and, to compare at
equal recall, at the threshold where it flags as many true originals as we do.

Latency: N generated petitions (the same fourteen kinds, random details and writers) are
bulk-indexed through matching.index.index_analyses, then 200 reworded duplicates of
indexed matters are looked up with services.find_similar; median and p90 lookup time,
recall@3 at that size, and the ratio to the smallest size.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")
_TMP = tempfile.mkdtemp(prefix="matching-bench-")
if not os.environ.get("DATABASE_URL"):
    os.environ["DANNGUYEN_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

import petitions_corpus as corpus  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from dannguyen.matching import identity, index, services  # noqa: E402
from dannguyen.matching.text import analyze  # noqa: E402

DATA = ROOT / "bench" / "data" / "petitions_labelled.jsonl"
NS = "bench-petitions"


# ----------------------------------------------------------------------------- the set


def write_data(seed: int = 20260501) -> None:
    rng = random.Random(seed)
    rows: list[dict] = []
    kinds = list(corpus.TELLINGS)

    def row(
        group: int,
        role: str,
        matter: corpus.Matter,
        telling: int,
        w: corpus.Writer,
        on: datetime.date,
        *,
        accents: bool = True,
        shuffle: bool = False,
        give_id: bool = True,
    ) -> dict:
        return {
            "id": len(rows) + 1,
            "group": group,
            "role": role,
            "kind": matter.kind,
            "on": on.isoformat(),
            "person": {
                "full_name": w.full_name,
                "id_number": w.id_number if give_id else "",
                "address": w.address,
                "phone": w.phone if rng.random() < 0.5 else "",
            },
            "text": corpus.tell(rng, matter, telling, w, accents=accents, shuffle=shuffle),
        }

    group = 0
    for kind in kinds:
        for _ in range(5):
            group += 1
            matter = corpus.new_matter(rng, kind)
            hamlet, commune = matter.slots["hamlet"], matter.slots["commune"]
            writer = corpus.new_writer(rng, commune, hamlet)
            first = datetime.date(rng.randint(2017, 2023), rng.randint(1, 12), rng.randint(1, 28))
            tellings = rng.sample(range(4), 3)
            rows.append(row(group, "original", matter, tellings[0], writer, first))
            # The same writer again, told another way, months or years later.
            later = first + datetime.timedelta(days=rng.randint(30, 900))
            rows.append(
                row(
                    group,
                    "duplicate",
                    matter,
                    tellings[1],
                    writer,
                    later,
                    accents=rng.random() > 0.25,
                    shuffle=rng.random() < 0.3,
                    give_id=rng.random() < 0.6,
                )
            )
            # A relative or neighbour writes about the same matter.
            other = corpus.new_writer(rng, commune, hamlet)
            rows.append(
                row(
                    group,
                    "duplicate",
                    matter,
                    tellings[2],
                    other,
                    later + datetime.timedelta(days=rng.randint(1, 400)),
                    accents=rng.random() > 0.25,
                    shuffle=rng.random() < 0.3,
                )
            )
            # A different matter of the same kind in the same commune (often the same hamlet).
            twin = corpus.new_matter(rng, kind, commune)
            if rng.random() < 0.5:
                twin.slots["hamlet"] = hamlet
            rows.append(
                row(
                    -group,
                    "distractor",
                    twin,
                    rng.randrange(4),
                    corpus.new_writer(rng, commune, twin.slots["hamlet"]),
                    first + datetime.timedelta(days=rng.randint(-300, 300)),
                    accents=rng.random() > 0.2,
                )
            )
            # Every third matter: the same writer about something else.
            if group % 3 == 0:
                elsewhere = corpus.new_matter(
                    rng, rng.choice([k for k in kinds if k != kind]), commune
                )
                elsewhere.slots["hamlet"] = hamlet
                rows.append(
                    row(
                        -1000 - group,
                        "same_writer_other_matter",
                        elsewhere,
                        rng.randrange(4),
                        writer,
                        first + datetime.timedelta(days=rng.randint(10, 700)),
                    )
                )
    DATA.parent.mkdir(parents=True, exist_ok=True)
    with DATA.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} items to {DATA.relative_to(ROOT)}")


def load_data() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def person(r: dict) -> identity.Person:
    return identity.Person(**r["person"])


# ----------------------------------------------------------------------------- baseline

_WORD = re.compile(r"(?u)\b\w\w+\b")


class TfIdf:
    """sklearn's TfidfVectorizer defaults, written out: raw words, smooth idf, l2 norm."""

    def __init__(self, docs: dict[int, str]) -> None:
        self.tfs = {k: Counter(_WORD.findall(t.lower())) for k, t in docs.items()}
        df: Counter[str] = Counter()
        for tf in self.tfs.values():
            df.update(tf.keys())
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
        self.n = n
        self.vectors = {k: self._vector(tf) for k, tf in self.tfs.items()}

    def _vector(self, tf: Counter[str]) -> dict[str, float]:
        v = {t: c * self.idf.get(t, math.log(1 + self.n) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    def rank(self, text: str, exclude: set[int]) -> list[tuple[float, int]]:
        q = self._vector(Counter(_WORD.findall(text.lower())))
        scores = [
            (sum(w * v.get(t, 0.0) for t, w in q.items()), k)
            for k, v in self.vectors.items()
            if k not in exclude
        ]
        return sorted(scores, key=lambda s: (-s[0], s[1]))


# ----------------------------------------------------------------------------- quality


def quality() -> None:
    rows = load_data()
    indexed = [r for r in rows if r["role"] != "duplicate"]
    originals = {r["group"]: r["id"] for r in rows if r["role"] == "original"}
    index.clear(NS)
    index.index_items(
        NS,
        [
            index.Entry(r["id"], r["text"], [person(r)], datetime.date.fromisoformat(r["on"]))
            for r in indexed
        ],
    )
    baseline = TfIdf({r["id"]: r["text"] for r in indexed})
    dups = [r for r in rows if r["role"] == "duplicate"]
    fresh = [r for r in rows if r["role"] in {"distractor", "same_writer_other_matter"}]

    def ours(r: dict, with_people: bool, exclude: set[int]) -> list[services.Match]:
        return services.find_similar(
            namespace=NS,
            text=r["text"],
            people=[person(r)] if with_people else [],
            exclude=exclude,
            limit=10,
        )

    report = {}
    for name, with_people in (("ours (text + people)", True), ("ours (text only)", False)):
        hits1 = hits3 = flagged = wrong_flags = 0
        for r in dups:
            ms = ours(r, with_people, set())
            keys = [m.key for m in ms]
            target = originals[r["group"]]
            hits1 += keys[:1] == [target]
            hits3 += target in keys[:3]
            flagged += any(m.key == target and m.likely_duplicate for m in ms)
            wrong_flags += sum(m.likely_duplicate and m.key != target for m in ms)
        false_queries = 0
        same_person_found = same_person_total = 0
        for r in fresh:
            ms = ours(r, with_people, {r["id"]})
            false_queries += any(m.likely_duplicate for m in ms)
            if r["role"] == "same_writer_other_matter":
                same_person_total += 1
                original = originals[-r["group"] - 1000]
                same_person_found += any(m.key == original and m.same_person for m in ms)
        report[name] = {
            "recall@1": hits1 / len(dups),
            "recall@3": hits3 / len(dups),
            "flagged": flagged / len(dups),
            "false_rate": false_queries / len(fresh),
            "wrong_flags": wrong_flags / len(dups),
            "same_person": (same_person_found, same_person_total),
        }
    # Baseline.
    hits1 = hits3 = 0
    dup_scores = []
    for r in dups:
        ranked = baseline.rank(r["text"], set())
        keys = [k for _s, k in ranked]
        target = originals[r["group"]]
        hits1 += keys[:1] == [target]
        hits3 += target in keys[:3]
        dup_scores.append(next(s for s, k in ranked if k == target))
    fresh_best = [baseline.rank(r["text"], {r["id"]})[0][0] for r in fresh]

    def baseline_at(threshold: float) -> tuple[float, float]:
        return (
            sum(s >= threshold for s in dup_scores) / len(dups),
            sum(s >= threshold for s in fresh_best) / len(fresh),
        )

    ours_flagged = report["ours (text + people)"]["flagged"]
    equal = sorted(dup_scores, reverse=True)[max(0, round(ours_flagged * len(dups)) - 1)]
    b_flag, b_false = baseline_at(0.5)
    e_flag, e_false = baseline_at(equal)
    print(
        f"labelled set: {len(rows)} items, {len(originals)} matters, {len(dups)} reworded "
        f"duplicates, {len(fresh)} new matters (distractors and same writer/other matter)"
    )
    print(
        f"{'method':<34}{'recall@1':>9}{'recall@3':>9}{'flagged':>9}{'false rate':>11}"
        f"{'wrong flags/q':>14}"
    )
    for name, m in report.items():
        print(
            f"{name:<34}{m['recall@1']:>9.3f}{m['recall@3']:>9.3f}{m['flagged']:>9.3f}"
            f"{m['false_rate']:>11.3f}{m['wrong_flags']:>14.3f}"
        )
    print(
        f"{'TF-IDF cosine, flag ≥ 0.50':<34}{hits1 / len(dups):>9.3f}{hits3 / len(dups):>9.3f}"
        f"{b_flag:>9.3f}{b_false:>11.3f}"
    )
    print(
        f"{f'TF-IDF cosine, flag ≥ {equal:.2f} (eq.)':<34}{'':>9}{'':>9}{e_flag:>9.3f}"
        f"{e_false:>11.3f}"
    )
    sp = report["ours (text + people)"]["same_person"]
    print(
        f"same writer, other matter: found as same_person {sp[0]}/{sp[1]}, "
        "none flagged likely_duplicate"
        if report["ours (text + people)"]["false_rate"] == 0
        else f"same writer, other matter: found as same_person {sp[0]}/{sp[1]}"
    )
    # Calibration: the share of listed matches that are the true original, by score band.
    bands: dict[int, list[int]] = {}
    for r in dups:
        for m in ours(r, True, set()):
            bands.setdefault(min(int(m.score * 5), 4), []).append(m.key == originals[r["group"]])
    for r in fresh:
        for m in ours(r, True, {r["id"]}):
            bands.setdefault(min(int(m.score * 5), 4), []).append(False)
    print(
        "calibration (score band: matches listed, share that are the same matter): "
        + "; ".join(
            f"{b / 5:.1f}–{(b + 1) / 5:.1f}: {len(v)}, {sum(v) / len(v):.2f}"
            for b, v in sorted(bands.items())
        )
    )
    index.clear(NS)


# ----------------------------------------------------------------------------- scale


def _generate(args: tuple[int, int]) -> list[tuple[int, str, int, str, str, str]]:
    """Petitions start..stop: (key, stored terms, length, id number, name, address)."""
    start, stop = args
    out = []
    for key in range(start, stop):
        rng = random.Random(key)
        matter = corpus.new_matter(rng)
        writer = corpus.new_writer(rng, matter.slots["commune"], matter.slots["hamlet"])
        text = corpus.tell(rng, matter, rng.randrange(4), writer, accents=rng.random() > 0.15)
        a = analyze(text)
        out.append((key, a.stored(), a.length, writer.id_number, writer.full_name, writer.address))
    return out


def _query_for(key: int) -> tuple[str, corpus.Writer]:
    """Another telling of background petition KEY's matter, by someone else."""
    rng = random.Random(key)
    matter = corpus.new_matter(rng)
    corpus.new_writer(rng, matter.slots["commune"], matter.slots["hamlet"])
    first = rng.randrange(4)
    rng2 = random.Random(-key)
    other = corpus.new_writer(rng2, matter.slots["commune"], matter.slots["hamlet"])
    telling = (first + 1 + rng2.randrange(3)) % 4
    return corpus.tell(rng2, matter, telling, other, accents=rng2.random() > 0.25), other


def reset_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE matching_persondigest, matching_item, matching_term, "
                "matching_totals RESTART IDENTITY CASCADE"
            )
        else:
            for table in (
                "matching_persondigest",
                "matching_item",
                "matching_term",
                "matching_totals",
            ):
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                "INSERT INTO matching_item_fts (matching_item_fts) VALUES ('delete-all')"
            )


def load_scale(size: int) -> float:
    from dannguyen.matching.text import Analysis  # noqa: PLC0415 -- after setup

    reset_tables()
    started = time.perf_counter()
    chunk = 5000
    with Pool(2) as pool:
        for rows in pool.imap(
            _generate, [(s, min(s + chunk, size)) for s in range(0, size, chunk)]
        ):
            index.index_analyses(
                NS,
                [
                    (
                        key,
                        Analysis.from_stored(terms),
                        identity.person_keys([identity.Person(name, idn, addr)]),
                        None,
                    )
                    for key, terms, _length, idn, name, addr in rows
                ],
            )
    return time.perf_counter() - started


def latency(size: int, queries: int) -> dict:
    rng = random.Random(7)
    keys = rng.sample(range(size), queries)
    times, hits = [], 0
    for key in keys:
        text, _writer = _query_for(key)
        t0 = time.perf_counter()
        ms = services.find_similar(namespace=NS, text=text, limit=10)
        times.append(time.perf_counter() - t0)
        hits += key in [m.key for m in ms[:3]]
    return {
        "median_ms": 1000 * statistics.median(times),
        "p90_ms": 1000 * statistics.quantiles(times, n=10)[-1],
        "recall@3": hits / queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--write-data", action="store_true")
    args = parser.parse_args()
    if args.write_data:
        write_data()
    call_command("migrate", verbosity=0)
    translation.deactivate_all()
    print(f"engine: {connection.vendor}")
    quality()
    if args.quality_only:
        return 0
    rows = []
    for size in args.sizes:
        seconds = load_scale(size)
        result = latency(size, args.queries)
        rows.append((size, seconds, result))
        print(
            f"  indexed {size:,} in {seconds:.0f} s; lookups median {result['median_ms']:.1f} ms",
            flush=True,
        )
    base = rows[0][2]["median_ms"] if rows else 1.0
    print(
        f"{'petitions':>10}{'index s':>9}{'per s':>8}{'median ms':>11}{'p90 ms':>8}"
        f"{'recall@3':>9}{'× smallest':>11}"
    )
    for size, seconds, r in rows:
        print(
            f"{size:>10,}{seconds:>9.0f}{size / seconds:>8.0f}{r['median_ms']:>11.1f}"
            f"{r['p90_ms']:>8.1f}{r['recall@3']:>9.3f}{r['median_ms'] / base:>11.2f}"
        )
    reset_tables()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
