"""Ship the reception time limits and refusal grounds with the schema: the reminders must
work on a database where `load_reference_data` has not been run yet. Later changes to the
fixtures reach existing databases through `load_reference_data` (an idempotent upsert)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    TimeLimitRule = apps.get_model("reception", "TimeLimitRule")
    RefusalGround = apps.get_model("reception", "RefusalGround")
    for row in json.loads((FIXTURES / "time_limits.json").read_text(encoding="utf-8")):
        TimeLimitRule.objects.get_or_create(
            code=row["code"],
            valid_from=_date(row.get("valid_from")),
            defaults={
                "count": row["count"],
                "unit": row["unit"],
                "legal_basis": row["legal_basis"],
                "host_bodies": list(row.get("host_bodies", [])),
                "valid_to": _date(row.get("valid_to")),
            },
        )
    for row in json.loads((FIXTURES / "refusal_grounds.json").read_text(encoding="utf-8")):
        RefusalGround.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "legal_basis": row["legal_basis"],
                "written_notice": row.get("written_notice", False),
                "order": row.get("order", 0),
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
