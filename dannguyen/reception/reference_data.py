"""The reception time limits and refusal grounds (fixtures/*.json), loaded by
`load_reference_data` and by the data migration. Idempotent; rows the office added are kept."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from dannguyen.core.reference_data import LoadReport, upsert

from .models import RefusalGround, TimeLimitRule

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def time_limits() -> list[dict[str, Any]]:
    return list(json.loads((FIXTURES / "time_limits.json").read_text(encoding="utf-8")))


def refusal_grounds() -> list[dict[str, Any]]:
    return list(json.loads((FIXTURES / "refusal_grounds.json").read_text(encoding="utf-8")))


def load(report: LoadReport) -> None:
    for row in time_limits():
        upsert(
            TimeLimitRule,
            {"code": row["code"], "valid_from": _date(row["valid_from"])},
            {
                "count": row["count"],
                "unit": row["unit"],
                "legal_basis": row["legal_basis"],
                "host_bodies": list(row.get("host_bodies", [])),
                "valid_to": _date(row["valid_to"]),
            },
            report,
        )
    for row in refusal_grounds():
        upsert(
            RefusalGround,
            {"code": row["code"]},
            {
                "name": row["name"],
                "legal_basis": row["legal_basis"],
                "written_notice": row["written_notice"],
                "order": row["order"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
            },
            report,
        )
