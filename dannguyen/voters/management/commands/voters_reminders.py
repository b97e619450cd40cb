"""`dannguyen voters_reminders`: the day's reminder, urging and follow-up letters to agencies
about their answers to voters' petitions (voters/reminders.py). Run once a day beside
`send_reminders`; running it again the same day drafts nothing twice."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dannguyen.core import audit
from dannguyen.voters import reminders


class Command(BaseCommand):
    help = "Draft reminder, urging and follow-up letters to agencies about voters' petitions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD); for catching up after an outage.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must look like 2026-03-31") from exc
        with audit.acting_as(None, source="command:voters_reminders"):
            report = reminders.run(today=today)
        self.stdout.write(reminders.as_text(report))
