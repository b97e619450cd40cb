from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dannguyen.accounts.models import User
from dannguyen.core import audit
from dannguyen.petitions import importing


class Command(BaseCommand):
    help = (
        "Import past petitions from .xlsx, .csv or .jsonl (API field names, or an office's "
        "own columns through --mapping). Idempotent; a bad row is reported, never fatal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--mapping", type=Path, help="JSON (or YAML) column mapping")
        parser.add_argument("--as", dest="username", default="", help="who registers the rows")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['username']!r}")
        try:
            mapping = importing.Mapping.read(options["mapping"]) if options["mapping"] else None
            with audit.acting_as(user, source="command:petitions_import"):
                result = importing.import_file(path, mapping=mapping, by=user)
        except (importing.ImportFileError, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for outcome in result.outcomes:
            if outcome.result == "failed":
                self.stderr.write(f"row {outcome.row}: {'; '.join(outcome.errors)}")
        counts = result.counts()
        self.stdout.write(
            "created {created}, already imported {skipped}, failed {failed}".format(**counts)
        )
