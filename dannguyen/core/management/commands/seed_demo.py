from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dannguyen.core import audit, demo
from dannguyen.correspondence import demo as letters_demo
from dannguyen.petitions import demo as petitions_demo
from dannguyen.reception import demo as reception_demo
from dannguyen.supervision import demo as supervision_demo


class Command(BaseCommand):
    help = "Create the demo world (one account per role). Idempotent; refused when debug is off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates known passwords; it is refused when debug is off."
            )
        call_command("load_reference_data", stdout=self.stdout)
        with audit.acting_as(None, source="command:seed_demo"):
            created = demo.seed()
        if created:
            self.stdout.write(f"demo accounts created: {', '.join(created)}")
            self.stdout.write(f"password for every demo account: {demo.DEMO_PASSWORD}")
        else:
            self.stdout.write("demo accounts already present")
        with audit.acting_as(None, source="command:seed_demo"):
            laws = demo.seed_laws()
        if laws:
            self.stdout.write("demo laws: " + "; ".join(laws))
        else:
            self.stdout.write(f"no demo laws: {demo.shared_data_dir()} is not there")
        with audit.acting_as(None, source="command:seed_demo"):
            petitions = petitions_demo.seed()
        self.stdout.write(f"demo petitions created: {petitions}")
        with audit.acting_as(None, source="command:seed_demo"):
            drafted = letters_demo.seed()
        self.stdout.write(f"demo letters drafted: {drafted}")
        with audit.acting_as(None, source="command:seed_demo"):
            sessions = reception_demo.seed()
        self.stdout.write(f"demo reception sessions created: {sessions}")
        with audit.acting_as(None, source="command:seed_demo"):
            plans = supervision_demo.seed()
        self.stdout.write(f"demo supervision plans created: {plans}")
