"""`dannguyen send_reminders`: the daily digest of petition deadlines and the urging letters
for overdue agencies (petitions/reminders.py). Run once a day from cron or a systemd timer
(docs/ARCHITECTURE.md, "Scheduled commands"); running it again the same day sends nothing
twice."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dannguyen.core import audit
from dannguyen.petitions import reminders


class Command(BaseCommand):
    help = "Send today's deadline digests and draft urging letters for overdue agencies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD); for catching up after an outage.",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the system (e.g. https://dannguyen.example.gov.vn) for links.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must look like 2026-03-31") from exc
        base_url = options["base_url"] or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")
        with audit.acting_as(None, source="command:send_reminders"):
            report = reminders.run(today=today, base_url=base_url.rstrip("/"))
        self.stdout.write(reminders.as_text(report))
