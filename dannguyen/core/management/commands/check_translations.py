from __future__ import annotations

import shutil
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dannguyen.lib import translations


class Command(BaseCommand):
    help = (
        "Fail unless every msgid has a non-fuzzy Vietnamese translation and the committed "
        "catalogue matches the strings in the code."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("xgettext") is None:
            raise CommandError("GNU gettext (xgettext) is needed: apt-get install gettext")
        path = translations.CATALOGUE
        committed = path.read_text(encoding="utf-8")
        try:
            call_command(
                "makemessages",
                locale=["vi"],
                no_location=True,
                no_obsolete=True,
                ignore_patterns=[".venv/*", "build/*", "staticfiles/*"],
                verbosity=0,
            )
            fresh = path.read_text(encoding="utf-8")
        finally:
            # The check must never leave the working tree changed.
            path.write_text(committed, encoding="utf-8")
        problems = translations.check(committed, fresh)
        if not problems.ok:
            for line in problems.lines():
                self.stderr.write(line)
            raise CommandError(
                "The vi catalogue is not complete or not current: run `make messages`, "
                "translate, and commit locale/."
            )
        self.stdout.write("vi catalogue complete and current")
