from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dannguyen.core import audit
from dannguyen.petitions import engine, workflow


class Command(BaseCommand):
    help = (
        "Rebuild the petitioners' lookup hashes and the matching index of every petition, "
        "e.g. after rotating DANNGUYEN_FIELD_KEY. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.acting_as(None, source="command:petitions_reindex"):
            rehashed = workflow.rehash_petitioners()
            indexed = engine.reindex_all()
        self.stdout.write(f"petitioners rehashed {rehashed}, petitions indexed {indexed}")
