from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dannguyen.core import audit
from dannguyen.petitions import engine


class Command(BaseCommand):
    help = (
        "Teach the suggestions (kind, field, competent agency) the office's confirmed "
        "classifications. Run after a batch of classifications or an import."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.acting_as(None, source="command:petitions_retrain"):
            reports = engine.retrain()
        for task, report in reports.items():
            labels = len(getattr(report, "labels", {}) or {})
            self.stdout.write(
                f"{task}: {report.examples} examples, {labels} labels, {report.skipped} skipped"
            )
