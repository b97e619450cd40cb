"""Loading the shipped reference data: administrative units, lĩnh vực, agencies, calendar.

Every loader is idempotent: it matches rows by their natural key, creates what is missing,
updates what changed, and never deletes what the office added or edited by hand in a way
the shipped data does not know about.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import vietnam_provinces as vp
from django.apps import apps
from django.db import transaction

from .models import AdministrativeUnit, Agency, CalendarOverride, FieldOfWork, UnitKind

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The two-level units of vietnam-provinces came into force with the 2025 reform.
REFORM_DATE = datetime.date(2025, 7, 1)

_KIND_BY_DIVISION = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CENTRAL_CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, *, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[what] = bucket.get(what, 0) + 1

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated))
        return [
            f"{n}: {self.created.get(n, 0)} created, {self.updated.get(n, 0)} updated"
            for n in names
        ]


def province_code(code: int) -> str:
    return f"{code:02d}"


def ward_code(code: int) -> str:
    return f"{code:05d}"


def upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], report: LoadReport) -> Any:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(model._meta.model_name, created=True)
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save()
        report.count(model._meta.model_name, created=False)
    return obj


def province_name(name: str, kind: str) -> str:
    """vietnam-provinces names cities "Thành phố X" but provinces just "X"; we write "Tỉnh X"."""
    if kind == UnitKind.PROVINCE and not name.startswith("Tỉnh "):
        return f"Tỉnh {name}"
    return name


def load_administrative_units(report: LoadReport, *, provinces: set[str] | None = None) -> None:
    """Load the current units; PROVINCES (codes) limits the load, e.g. for a test."""
    existing = {
        (u.kind, u.code): u
        for u in AdministrativeUnit.objects.filter(valid_from=REFORM_DATE).select_related("parent")
    }
    loaded: dict[int, AdministrativeUnit] = {}
    for p in vp.Province.iter_all():
        code = province_code(p.code.value)
        if provinces is not None and code not in provinces:
            continue
        kind = _KIND_BY_DIVISION[p.division_type.value]
        name = province_name(p.name, kind)
        loaded[p.code.value] = _upsert_unit(existing, kind, code, name, None, report)
    for w in vp.Ward.iter_all():
        parent = loaded.get(w.province_code.value)
        if parent is None:
            continue
        kind = _KIND_BY_DIVISION[w.division_type.value]
        _upsert_unit(existing, kind, ward_code(w.code.value), w.name, parent, report)


def _upsert_unit(
    existing: dict[tuple[str, str], AdministrativeUnit],
    kind: str,
    code: str,
    name: str,
    parent: AdministrativeUnit | None,
    report: LoadReport,
) -> AdministrativeUnit:
    unit = existing.get((kind, code))
    if unit is None:
        unit = AdministrativeUnit.objects.create(
            kind=kind, code=code, name=name, parent=parent, valid_from=REFORM_DATE
        )
        report.count("administrativeunit", created=True)
    elif unit.name != name or unit.parent_id != (parent.pk if parent else None):
        unit.name, unit.parent = name, parent
        unit.save()
        report.count("administrativeunit", created=False)
    return unit


def load_fields_of_work(report: LoadReport, path: Path | None = None) -> None:
    rows = json.loads((path or FIXTURES / "fields_of_work.json").read_text(encoding="utf-8"))
    by_code: dict[str, FieldOfWork] = {}
    for row in rows:
        parent = by_code[row["parent"]] if row.get("parent") else None
        by_code[row["code"]] = upsert(
            FieldOfWork,
            {"code": row["code"]},
            {
                "name": row["name"],
                "parent": parent,
                "petition_kinds": row.get("petition_kinds", []),
                "order": row.get("order", 0),
            },
            report,
        )


def load_agencies(report: LoadReport, path: Path | None = None) -> None:
    rows = json.loads((path or FIXTURES / "agencies.json").read_text(encoding="utf-8"))
    by_key: dict[str, Agency] = {}
    fields_by_code = {f.code: f for f in FieldOfWork.objects.all()}
    for row in rows:
        parent = by_key[row["parent"]] if row.get("parent") else None
        unit = None
        if row.get("unit_code"):
            unit = AdministrativeUnit.objects.filter(
                code=row["unit_code"], valid_to__isnull=True
            ).first()
        agency = upsert(
            Agency,
            {"name": row["name"], "parent": parent},
            {
                "short_name": row.get("short_name", ""),
                "level": row["level"],
                "kind": row["kind"],
                "administrative_unit": unit,
                "address": row.get("address", ""),
                "phone": row.get("phone", ""),
                "email": row.get("email", ""),
                "website": row.get("website", ""),
            },
            report,
        )
        wanted = {fields_by_code[c].pk for c in row.get("fields", []) if c in fields_by_code}
        missing = wanted - set(agency.fields.values_list("pk", flat=True))
        if missing:
            # Only add: the office may have widened or narrowed competences by hand.
            agency.fields.add(*missing)
        by_key[row["key"]] = agency


def load_calendar_overrides(report: LoadReport, path: Path | None = None) -> None:
    path = path or FIXTURES / "calendar_overrides.json"
    if not path.exists():
        return
    for row in json.loads(path.read_text(encoding="utf-8")):
        upsert(
            CalendarOverride,
            {"date": datetime.date.fromisoformat(row["date"])},
            {
                "kind": row["kind"],
                "reason": row["reason"],
                "legal_basis": row.get("legal_basis", ""),
            },
            report,
        )


@transaction.atomic
def load_all(*, provinces: set[str] | None = None) -> LoadReport:
    report = LoadReport()
    load_administrative_units(report, provinces=provinces)
    load_fields_of_work(report)
    load_agencies(report)
    load_calendar_overrides(report)
    # Domain apps ship their own code lists (document types…) in `<app>/reference_data.py`.
    for config in apps.get_app_configs():
        if config.name.startswith("dannguyen.") and config.label != "core":
            try:
                module = import_module(f"{config.name}.reference_data")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.reference_data":
                    raise
                continue
            module.load(report)
    return report
