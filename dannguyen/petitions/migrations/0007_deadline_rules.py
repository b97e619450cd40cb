"""Ship the processing time limits with the schema: clocks must start on a database where
`load_reference_data` has not been run yet. Later changes to the fixture reach existing
databases through `load_reference_data` (an idempotent upsert)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    for row in json.loads((FIXTURES / "deadline_rules.json").read_text(encoding="utf-8")):
        DeadlineRule.objects.get_or_create(
            code=row["code"],
            valid_from=_date(row["valid_from"]),
            defaults={
                "step": row["step"],
                "kinds": list(row["kinds"]),
                "channels": list(row["channels"]),
                "legs": [list(leg) for leg in row["legs"]],
                "legal_basis": row["legal_basis"],
                "valid_to": _date(row["valid_to"]),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0006_processing")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
