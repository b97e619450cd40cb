"""The publication rule (NQLT 72 Art 51) for databases migrated before it was in the fixture:
the same idempotent load as 0002, for the rows not there yet."""

import datetime
import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    TimeRule = apps.get_model("voters", "TimeRule")
    for row in json.loads((FIXTURES / "time_rules.json").read_text(encoding="utf-8")):
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
    dependencies = [("voters", "0005_publication_rule")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
