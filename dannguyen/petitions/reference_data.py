"""The processing time limits (fixtures/deadline_rules.json), loaded by `load_reference_data`
and by the data migration. Idempotent; rows the office added (other codes or dates) are kept."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from dannguyen.core.reference_data import LoadReport, upsert

from .models import DeadlineRule

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def deadline_rules() -> list[dict[str, Any]]:
    return list(json.loads((FIXTURES / "deadline_rules.json").read_text(encoding="utf-8")))


def load(report: LoadReport) -> None:
    for row in deadline_rules():
        upsert(
            DeadlineRule,
            {"code": row["code"], "valid_from": _date(row["valid_from"])},
            {
                "step": row["step"],
                "kinds": list(row["kinds"]),
                "channels": list(row["channels"]),
                "legs": [list(leg) for leg in row["legs"]],
                "legal_basis": row["legal_basis"],
                "valid_to": _date(row["valid_to"]),
            },
            report,
        )
