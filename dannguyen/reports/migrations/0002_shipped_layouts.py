"""The shipped layouts, so a fresh database can compute reports before `load_reference_data`
runs. Later changes to the fixtures reach existing databases through `load_reference_data`
(an idempotent upsert, validated)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "layouts"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    ReportLayout = apps.get_model("reports", "ReportLayout")
    for path in sorted(FIXTURES.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        ReportLayout.objects.update_or_create(
            code=row["code"],
            version=row["version"],
            defaults={
                "title": row["title"],
                "legal_basis": row.get("legal_basis", ""),
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
                "order": row.get("order", 0),
                "definition": row["definition"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
