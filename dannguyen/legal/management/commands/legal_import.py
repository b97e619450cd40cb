from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dannguyen.core import audit
from dannguyen.legal import importing
from dannguyen.legal.importing import Outcome
from dannguyen.legal.models import LegalDocument, Source
from dannguyen.legal.parsing import read_manifest
from dannguyen.legal.parsing.records import ManifestError


class Command(BaseCommand):
    help = (
        "Import legal documents from a file or a folder (.txt, .docx, .pdf, .md, .json). "
        "Idempotent: importing again updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--manifest", type=Path, help="JSON or CSV metadata that wins")
        parser.add_argument("--source", default="", help="where the files come from")
        parser.add_argument("--report", type=Path, help="write one JSON line per file here")
        parser.add_argument(
            "--keep-files", action="store_true", help="attach each file to its document"
        )
        parser.add_argument(
            "--chunk",
            type=int,
            default=50,
            help="documents saved per transaction (default 50; 1 commits each file at once)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="processes, counting this one: the others parse files ahead of the saving",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["path"]
        if not root.exists():
            raise CommandError(f"{root} does not exist")
        overrides: dict[Path, dict[str, Any]] = {}
        if options["manifest"]:
            try:
                overrides = read_manifest(options["manifest"])
            except (ManifestError, OSError) as exc:
                raise CommandError(f"manifest: {exc}") from exc
        paths = importing.collect_files(root)
        if overrides:
            # A manifest may name files outside PATH; they belong to the batch too.
            paths = sorted({*paths, *(p for p in overrides if p.exists())})
        source = Source.GAZETTE if "gazette" in options["source"].lower() else Source.FILE_IMPORT
        self.stdout.write(f"{len(paths)} files to import")

        def progress(outcome: Outcome, index: int, total: int) -> None:
            if outcome.result == importing.FAILED:
                self.stderr.write(f"failed: {outcome.file}: {'; '.join(outcome.errors)}")
            if index % 25 == 0 or index == total:
                self.stdout.write(
                    f"  {index}/{total}", ending="\r" if sys.stdout.isatty() else "\n"
                )

        base = root.resolve() if root.is_dir() else root.resolve().parent
        with audit.acting_as(None, source=f"command:legal_import {options['source']}".strip()):
            result = importing.import_paths(
                paths,
                overrides=overrides,
                source=source,
                base=base,
                on_progress=progress,
                keep_files=options["keep_files"],
                chunk_size=max(1, options["chunk"]),
                jobs=max(1, options["jobs"]),
            )
        if options["report"]:
            self._write_report(options["report"], result.outcomes)
        counts = result.counts()
        self.stdout.write(
            "created {created}, updated {updated}, unchanged {unchanged}, failed {failed}".format(
                **counts
            )
        )

    def _write_report(self, path: Path, outcomes: list[Outcome]) -> None:
        """One line per file, written at the end: a document imported early may have been
        completed by a later one (an issue date from the documents citing it)."""
        with path.open("w", encoding="utf-8") as report:
            for start in range(0, len(outcomes), 500):
                chunk = outcomes[start : start + 500]
                fresh = (
                    LegalDocument.objects.select_related("document_type")
                    .prefetch_related("issuers")
                    .in_bulk([o.document.pk for o in chunk if o.document is not None])
                )
                for outcome in chunk:
                    if outcome.document is not None:
                        outcome.document = fresh.get(outcome.document.pk, outcome.document)
                    report.write(json.dumps(outcome.report_line(), ensure_ascii=False) + "\n")
