from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dannguyen.core import audit, reference_data


class Command(BaseCommand):
    help = "Load administrative units, lĩnh vực, agencies and calendar overrides (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.acting_as(None, source="command:load_reference_data"):
            report = reference_data.load_all()
        for line in report.lines() or ["reference data already up to date"]:
            self.stdout.write(line)
