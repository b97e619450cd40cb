"""The shipped report layouts (fixtures/layouts/*.json), loaded by `load_reference_data` and by
the data migration. Matched by (code, version): a shipped version is updated in place, a
version the office uploaded is never touched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dannguyen.core.reference_data import LoadReport, upsert

from .layouts import validate_document
from .models import ReportLayout

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "layouts"


def shipped_layouts() -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))
    ]


def load(report: LoadReport) -> None:
    for document in shipped_layouts():
        values = validate_document(document)
        upsert(
            ReportLayout,
            {"code": values.pop("code"), "version": values.pop("version")},
            values,
            report,
        )
