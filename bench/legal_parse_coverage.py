"""Coverage of dannguyen.legal.parsing on the real corpora in ../shared/data.

Prints, per corpus: files, files parsed, and the share of documents for which the
số ký hiệu, type, issuer and issue date were found (and all four at once), plus the
share with at least one article, and a few failures of each kind.

Corpora:
* legal-vlc — 208 laws as plain text: everything comes from the text.
* legal-gazette — one JSON record per document, most with a companion .txt (gazette
  text); the record's fields count when present and valid. Reported three ways: the
  merged result (record + text, what an importer stores) over all records and over
  the records whose text is not a scan without a text layer, and the header
  extraction on the text alone (no record) over the same readable texts.
* search-bench — 17 bare law texts plus manifest.json, for information only: they
  have no header, so only the manifest's title and type exist.

Usage: .venv/bin/python bench/legal_parse_coverage.py [--data ../shared/data] [--examples 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dannguyen.legal.parsing import (  # noqa: E402 — needs the path set above
    Metadata,
    ParsedDocument,
    UnreadableFile,
    extract_metadata,
    parse_document,
    read_file,
    read_manifest,
)

CHECKS: dict[str, Callable[[Metadata], bool]] = {
    "số ký hiệu": lambda m: m.so_ky_hieu is not None,
    "type": lambda m: bool(m.type_name),
    "issuer": lambda m: bool(m.issuers),
    "issued date": lambda m: m.issued_on is not None,
}


@dataclass
class Tally:
    name: str
    files: int = 0
    parsed: int = 0
    found: dict[str, int] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    all_four: int = 0
    with_articles: int = 0
    unreadable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, label: str, meta: Metadata, articles: int | None) -> None:
        self.parsed += 1
        ok = True
        for check, test in CHECKS.items():
            if test(meta):
                self.found[check] = self.found.get(check, 0) + 1
            else:
                ok = False
                self.missing.setdefault(check, []).append(label)
        self.all_four += ok
        if articles:
            self.with_articles += 1

    def report(self, examples: int, articles: bool = True) -> None:
        def pct(n: int) -> str:
            return f"{100 * n / self.parsed:5.1f} %" if self.parsed else "  n/a"

        print(f"\n== {self.name}")
        print(f"   files {self.files}, parsed OK {self.parsed}")
        for check in CHECKS:
            count = self.found.get(check, 0)
            print(f"   {check:<14} {pct(count)}  ({count}/{self.parsed})")
        print(f"   {'ALL FOUR':<14} {pct(self.all_four)}  ({self.all_four}/{self.parsed})")
        if articles:
            print(f"   {'≥1 article':<14} {pct(self.with_articles)}  ({self.with_articles})")
        for reason in self.unreadable[:examples]:
            print(f"   unreadable: {reason}")
        for check, labels in self.missing.items():
            shown = ", ".join(labels[:examples])
            more = f" (+{len(labels) - examples} more)" if len(labels) > examples else ""
            print(f"   missing {check}: {shown}{more}")
        for note in self.notes:
            print(f"   {note}")


def _articles(document: ParsedDocument) -> int:
    return sum(1 for p in document.provisions if p.kind == "article")


def vlc(folder: Path) -> Tally:
    tally = Tally("legal-vlc (text only)")
    for path in sorted(folder.glob("*.txt")):
        tally.files += 1
        try:
            document = parse_document(path)
        except UnreadableFile as exc:
            tally.unreadable.append(f"{path.name}: {exc.reason}")
            continue
        tally.add(path.name, document.metadata, _articles(document))
    return tally


# A gazette text with fewer letters than this is a scan whose PDF had no text layer:
# only the running headers and the portal's stamp were extracted.
_SCAN_LETTERS = 500


def gazette(folder: Path) -> Iterable[Tally]:
    merged = Tally("legal-gazette (JSON record + companion text), all records")
    readable = Tally("legal-gazette (JSON record + companion text), records with a text layer")
    text_only = Tally("legal-gazette (header extraction on the text alone)")
    slug_numbers = no_text = disagreements = 0
    for path in sorted(folder.glob("*/*.json")):
        merged.files += 1
        try:
            document = parse_document(path)
        except UnreadableFile as exc:
            merged.unreadable.append(f"{path.name}: {exc.reason}")
            continue
        label = f"{path.parent.name}/{path.stem}"
        merged.add(label, document.metadata, _articles(document))
        slug_numbers += document.metadata.sources.get("so_ky_hieu") == "record-slug"
        disagreements += any("says" in w for w in document.warnings)
        if sum(ch.isalpha() for ch in document.text) < _SCAN_LETTERS:
            no_text += 1
            continue
        readable.files += 1
        readable.add(label, document.metadata, _articles(document))
        text_only.files += 1
        # The raw text, as a user would upload it: cleaning removes the gazette
        # headers that the header parser reads the issue (and continuations) from.
        raw = read_file(path.with_suffix(".txt")).text
        text_only.add(label, extract_metadata(raw), _articles(document))
    merged.notes.append(
        f"{no_text} record(s) have no usable text (no companion file, or a scan without a "
        f"text layer); {slug_numbers} số ký hiệu came only from a URL slug; "
        f"{disagreements} record(s) disagree with their text on some field (text kept)"
    )
    return merged, readable, text_only


def search_bench(folder: Path) -> Tally:
    tally = Tally("search-bench (bare law texts + manifest.json; informational)")
    overrides = read_manifest(folder / "manifest.json")
    for path in sorted((folder / "laws").glob("*.txt")):
        tally.files += 1
        try:
            document = parse_document(path, overrides.get(path.resolve()))
        except UnreadableFile as exc:
            tally.unreadable.append(f"{path.name}: {exc.reason}")
            continue
        tally.add(path.name, document.metadata, _articles(document))
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    tallies = [vlc(args.data / "legal-vlc"), *gazette(args.data / "legal-gazette")]
    tallies.append(search_bench(args.data / "search-bench"))
    for tally in tallies:
        tally.report(args.examples)
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
