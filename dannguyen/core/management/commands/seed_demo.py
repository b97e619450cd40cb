from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dannguyen.briefs import demo as briefs_demo
from dannguyen.core import audit, demo
from dannguyen.correspondence import demo as letters_demo
from dannguyen.deputies import demo as deputies_demo
from dannguyen.events import demo as events_demo
from dannguyen.news import demo as news_demo
from dannguyen.outreach import demo as outreach_demo
from dannguyen.petitions import demo as petitions_demo
from dannguyen.reception import demo as reception_demo
from dannguyen.research import demo as research_demo
from dannguyen.supervision import demo as supervision_demo
from dannguyen.voters import demo as voters_demo


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
        # The other duties' demos, in the order their data refer to each other: events
        # draft their invitations in the letters register seeded above; news links
        # deputies and events; briefs quote the laws and the voters' petitions.
        for label, seed in (
            ("voter opinions", voters_demo.seed),
            ("events", events_demo.seed),
            ("research topics", research_demo.seed),
            ("visit programmes", outreach_demo.seed),
            ("deputies", deputies_demo.seed),
            ("news articles", news_demo.seed),
            ("information packages", briefs_demo.seed),
        ):
            with audit.acting_as(None, source="command:seed_demo"):
                count = seed()
            self.stdout.write(f"demo {label} created: {count}")
