from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dannguyen.legal import search


class Command(BaseCommand):
    help = (
        "Rebuild the legal search index from the documents: after a change of the text "
        "analysis, a restore, or a bulk load. Search gives partial results until it ends."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk", type=int, default=200, help="documents per transaction (default 200)"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="processes analysing the text while this one writes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            if done % 5000 < options["chunk"] or done == total:
                self.stdout.write(
                    f"  {done}/{total} documents", ending="\r" if sys.stdout.isatty() else "\n"
                )

        entries = search.rebuild_index(
            chunk_size=max(1, options["chunk"]), jobs=max(1, options["jobs"]), on_progress=progress
        )
        self.stdout.write(f"{entries} entries indexed")
