"""Ship the voter-contact time limits with the schema (a fresh install has them before
`load_reference_data` runs). Later changes to the fixture reach existing databases through
`load_reference_data` (an idempotent upsert)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


# The steps this schema knows; rows of later steps come with the migration adding them.
STEPS = {
    "plan_publication",
    "meetings_before",
    "meetings_after",
    "synthesis_before",
    "synthesis_after",
    "answer",
}


def load(apps, schema_editor):
    TimeRule = apps.get_model("voters", "TimeRule")
    for row in json.loads((FIXTURES / "time_rules.json").read_text(encoding="utf-8")):
        if row["step"] not in STEPS:
            continue
        TimeRule.objects.get_or_create(
            code=row["code"],
            valid_from=_date(row["valid_from"]),
            defaults={
                "step": row["step"],
                "session_kinds": list(row["session_kinds"]),
                "count": row["count"],
                "unit": row["unit"],
                "legal_basis": row["legal_basis"],
                "valid_to": _date(row["valid_to"]),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
