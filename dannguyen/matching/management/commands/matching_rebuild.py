from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dannguyen.core import audit
from dannguyen.matching import index


class Command(BaseCommand):
    help = (
        "Recompute the matching index's statistics (term frequencies, totals, stored vector "
        "lengths) and full-text rows from the stored terms, for one namespace or all. "
        "Identity digests and terms are not recomputed: after a change of synonyms or of "
        "the field key, the owning app re-indexes its items."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--namespace", action="append", default=[], help="repeatable")

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.acting_as(None, source="command:matching_rebuild"):
            for namespace in options["namespace"] or index.namespaces():
                count = index.rebuild(namespace)
                self.stdout.write(f"{namespace}: {count} items")
