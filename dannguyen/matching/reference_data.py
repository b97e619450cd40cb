"""The shipped suggestion rules (fixtures/rules.json), loaded by `load_reference_data`.

Rules name fields by their code and agencies by their short name in core's fixtures
(stable across databases, unlike primary keys); the label stored is what the callers
use: the FieldOfWork code, or str(Agency.pk). An agency the database does not have
(an office that deleted it) is skipped. Loading is idempotent and never removes a rule
the office added.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from dannguyen.core.models import Agency
from dannguyen.core.reference_data import LoadReport, upsert

from .models import Rule, RuleOrigin
from .text import phrase_key

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def rules(path: Path | None = None) -> list[dict[str, Any]]:
    data = json.loads((path or FIXTURES / "rules.json").read_text(encoding="utf-8"))
    return list(data["rules"])


def load(report: LoadReport, path: Path | None = None) -> None:
    agencies = {a.short_name: a.pk for a in Agency.objects.exclude(short_name="")}
    for entry in rules(path):
        if "agency" in entry:
            pk = agencies.get(entry["agency"])
            if pk is None:
                continue
            label = str(pk)
        else:
            label = entry["label"]
        for phrase, weight in entry["phrases"]:
            upsert(
                Rule,
                {"namespace": entry["namespace"], "label": label, "phrase": phrase},
                {
                    "phrase_key": phrase_key(phrase),
                    "weight": float(weight),
                    "valid_from": _date(entry.get("valid_from")),
                    "valid_to": _date(entry.get("valid_to")),
                    "basis": entry.get("basis", "")[:300],
                    "origin": RuleOrigin.SHIPPED,
                },
                report,
            )
