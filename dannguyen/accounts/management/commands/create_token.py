from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dannguyen.accounts.models import ApiToken, User
from dannguyen.core import audit


class Command(BaseCommand):
    help = "Create an API token for USERNAME; the token is printed once, on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"no user named {options['username']!r}") from exc
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is inactive")
        with audit.acting_as(None, source="command:create_token"):
            token, raw = ApiToken.issue(user, name=options["name"])
        self.stdout.write(f"token {token.hint}… for {user.username} ({token.name})")
        self.stdout.write(raw)
