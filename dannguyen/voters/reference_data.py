"""The voter-contact time limits (fixtures/time_rules.json), loaded by the data migration and
by `load` (an idempotent upsert; rows the office added under other codes or dates are kept)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from dannguyen.core.reference_data import LoadReport, upsert

from .models import TimeRule

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def time_rules() -> list[dict[str, Any]]:
    return list(json.loads((FIXTURES / "time_rules.json").read_text(encoding="utf-8")))


def load(report: LoadReport) -> None:
    for row in time_rules():
        upsert(
            TimeRule,
            {"code": row["code"], "valid_from": _date(row["valid_from"])},
            {
                "step": row["step"],
                "session_kinds": list(row["session_kinds"]),
                "count": row["count"],
                "unit": row["unit"],
                "legal_basis": row["legal_basis"],
                "valid_to": _date(row["valid_to"]),
            },
            report,
        )
