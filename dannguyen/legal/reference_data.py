"""The document types (loại văn bản) with their validity, loaded by `load_reference_data`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from dannguyen.core.reference_data import LoadReport, upsert

from .models import DocumentType

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load(report: LoadReport) -> None:
    rows = json.loads((FIXTURES / "document_types.json").read_text(encoding="utf-8"))
    for row in rows:
        upsert(
            DocumentType,
            {"code": row["code"]},
            {
                "name": row["name"],
                "abbreviation": row["abbreviation"],
                "is_normative": row["is_normative"],
                "rank": row["rank"],
                "level": row["level"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "legal_basis": row["legal_basis"],
            },
            report,
        )
