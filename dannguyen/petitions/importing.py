"""Bringing an office's past registers in: .xlsx, .csv or .jsonl rows → registered petitions.

Rows use the API's field names (`received_on`, `channel`, `petitioner.full_name`, …), or an
office's own column headings through a mapping file (JSON or YAML):

    {"columns": {"Ngày nhận": "received_on", "Họ tên": "petitioner.full_name", ...},
     "values": {"channel": {"Trực tiếp": "in_person"}},
     "defaults": {"channel": "post"}, "sheet": "Sổ 2024", "header_row": 3,
     "date_format": "%d/%m/%Y"}

Every row is validated by the registration form (same Vietnamese errors as the page) and
registered through the workflow in its own transaction: a bad row is reported and skipped,
never fatal. A row already imported (same number in the old register and date, or the same
date, channel, person and content) is skipped, so importing a file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from dannguyen.core.models import FieldOfWork
from dannguyen.lib.vietnamese import fold, parse_date

from . import workflow
from .forms import PetitionForm
from .models import Channel, Kind, Petition

SUFFIXES = (".xlsx", ".csv", ".jsonl")
MAX_ROWS = 200_000

# Headings and values as registers write them, folded: "Ngày nhận đơn" → "ngay nhan don".
HEADING_ALIASES = {
    "full_name": "petitioner.full_name",
    "id_number": "petitioner.id_number",
    "phone": "petitioner.phone",
    "address": "petitioner.address",
    "ngay nhan": "received_on",
    "ngay nhan don": "received_on",
    "ngay tiep nhan": "received_on",
    "nguon don": "channel",
    "kenh tiep nhan": "channel",
    "ho ten": "petitioner.full_name",
    "ho va ten": "petitioner.full_name",
    "ho ten nguoi gui": "petitioner.full_name",
    "dia chi": "petitioner.address",
    "cccd": "petitioner.id_number",
    "cccd/cmnd": "petitioner.id_number",
    "so dien thoai": "petitioner.phone",
    "dien thoai": "petitioner.phone",
    "noi dung": "content",
    "noi dung don": "content",
    "tom tat": "summary",
    "loai don": "kind",
    "linh vuc": "field",
    "so nguoi": "signers",
    "so nguoi cung noi dung": "signers",
    "so nguoi dung ten": "signers",
    "nac danh": "is_anonymous",
    "so thu tu": "legacy_code",
    "stt": "legacy_code",
    "so den": "legacy_code",
    "ghi chu": "note",
}
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "channel": {
        "truc tiep": Channel.IN_PERSON,
        "tiep cong dan": Channel.IN_PERSON,
        "buu chinh": Channel.POST,
        "buu dien": Channel.POST,
        "qua buu dien": Channel.POST,
        "truc tuyen": Channel.ONLINE,
        "cong thong tin": Channel.ONLINE,
        "dien tu": Channel.ONLINE,
        "chuyen den": Channel.FORWARDED,
        "co quan chuyen": Channel.FORWARDED,
        "tiep xuc cu tri": Channel.VOTER_MEETING,
        "txct": Channel.VOTER_MEETING,
    },
    "kind": {
        "khieu nai": Kind.COMPLAINT,
        "kn": Kind.COMPLAINT,
        "to cao": Kind.DENUNCIATION,
        "tc": Kind.DENUNCIATION,
        "kien nghi": Kind.PETITION,
        "phan anh": Kind.PETITION,
        "kien nghi, phan anh": Kind.PETITION,
        "kien nghi phan anh": Kind.PETITION,
        "kn/pa": Kind.PETITION,
        "knpa": Kind.PETITION,
        "nhieu noi dung": Kind.MULTIPLE,
    },
}
TRUE_WORDS = {"x", "1", "true", "yes", "co", "nac danh"}
# What old registers write in the name column of an anonymous letter.
ANONYMOUS_NAMES = {"nac danh", "khuyet danh", "an danh", "khong ro ho ten", "khong ten"}


class ImportFileError(Exception):
    pass


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    sheet: str = ""
    header_row: int = 1
    date_format: str = ""

    @classmethod
    def read(cls, path: Path) -> Mapping:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() in (".yaml", ".yml"):
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise ImportFileError(f"mapping: not valid YAML ({exc})") from exc
        else:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ImportFileError(f"mapping: not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ImportFileError("mapping: expected an object with 'columns'")
        return cls(
            columns={fold(str(k)): str(v) for k, v in (data.get("columns") or {}).items()},
            values={
                str(name): {fold(str(k)): str(v) for k, v in table.items()}
                for name, table in (data.get("values") or {}).items()
                if isinstance(table, dict)
            },
            defaults=dict(data.get("defaults") or {}),
            sheet=str(data.get("sheet") or ""),
            header_row=max(1, int(data.get("header_row") or 1)),
            date_format=str(data.get("date_format") or ""),
        )


@dataclass
class RowOutcome:
    row: int
    result: str  # created | skipped | failed
    code: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    outcomes: list[RowOutcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {"created": 0, "skipped": 0, "failed": 0}
        for outcome in self.outcomes:
            counts[outcome.result] += 1
        return counts


# ------------------------------------------------------------------------- reading


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _heading(name: Any, mapping: Mapping) -> str:
    key = fold(str(name or "")).strip(" :.")
    if key in mapping.columns:
        return mapping.columns[key]
    return HEADING_ALIASES.get(key, str(name or "").strip())


def _rows_xlsx(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(f"{path.name}: not a readable .xlsx file ({exc})") from exc
    try:
        sheet = workbook[mapping.sheet] if mapping.sheet else workbook.worksheets[0]
    except KeyError as exc:
        raise ImportFileError(f"{path.name}: no sheet named {mapping.sheet!r}") from exc
    headings: list[str] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number < mapping.header_row:
            continue
        if number == mapping.header_row:
            headings = [_heading(h, mapping) for h in row]
            continue
        values = [_cell(v) for v in row]
        if all(v in (None, "") for v in values):
            continue
        yield number, dict(zip(headings, values, strict=False))
    workbook.close()


def _rows_csv(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    headings: list[str] = []
    for number, row in enumerate(reader, start=1):
        if number < mapping.header_row:
            continue
        if number == mapping.header_row:
            headings = [_heading(h, mapping) for h in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield number, dict(zip(headings, (_cell(c) for c in row), strict=False))


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _rows_jsonl(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                yield number, {"__error__": _("Not a JSON object.")}
                continue
            if not isinstance(data, dict):
                yield number, {"__error__": _("Not a JSON object.")}
                continue
            yield number, {_heading(k, mapping): v for k, v in _flatten(data).items()}


def read_rows(path: Path, mapping: Mapping | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    mapping = mapping or Mapping()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _rows_xlsx(path, mapping)
    if suffix == ".csv":
        return _rows_csv(path, mapping)
    if suffix == ".jsonl":
        return _rows_jsonl(path, mapping)
    raise ImportFileError(f"{path.name}: only .xlsx, .csv and .jsonl files can be imported")


# ------------------------------------------------------------------------- one row


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any, mapping: Mapping) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _text(value)
    if mapping.date_format:
        try:
            # A calendar date in the office's own format; no time of day, no time zone.
            parsed_at = datetime.datetime.strptime(text, mapping.date_format)  # noqa: DTZ007
        except ValueError:
            return text
        return parsed_at.date().isoformat()
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else text


def _coded(name: str, value: Any, mapping: Mapping) -> str:
    text = _text(value)
    folded = fold(text)
    table = {**VALUE_ALIASES.get(name, {}), **mapping.values.get(name, {})}
    return str(table.get(folded, text))


def _field_id(value: Any) -> tuple[int | None, str]:
    text = _text(value)
    if not text:
        return None, ""
    found = FieldOfWork.objects.filter(code=text.upper()).first()
    if found is None:
        found = FieldOfWork.objects.filter(name__iexact=text).first()
    if found is None:
        return None, _("No field of work has this code or name: %(value)s") % {"value": text[:60]}
    return found.pk, ""


def form_data(row: dict[str, Any], mapping: Mapping) -> tuple[dict[str, Any], list[str]]:
    """The registration form's data for ROW, and errors found before the form."""
    values = {**mapping.defaults, **{k: v for k, v in row.items() if v not in (None, "")}}
    for name, table in mapping.values.items():
        if name in values and fold(_text(values[name])) in table:
            values[name] = table[fold(_text(values[name]))]
    errors: list[str] = []
    data: dict[str, Any] = {
        "received_on": _date(values.get("received_on"), mapping),
        "channel": _coded("channel", values.get("channel"), mapping),
        "kind": _coded("kind", values.get("kind"), mapping),
        "full_name": _text(values.get("petitioner.full_name")),
        "id_number": _text(values.get("petitioner.id_number")),
        "phone": _text(values.get("petitioner.phone")),
        "address": _text(values.get("petitioner.address")),
        "signer_count": _text(values.get("signers")) or "1",
        "content": _text(values.get("content")),
        "summary": _text(values.get("summary"))[:500],
        "note": _text(values.get("note")),
        "forwarding_source": _text(values.get("forwarding_source")),
        "forwarded_by_name": _text(values.get("forwarded_by_name")),
        "receiving_subject": _text(values.get("receiving_subject")) or "office",
        "confidentiality": "normal",
        "urgency": "normal",
    }
    if fold(data["full_name"]) in ANONYMOUS_NAMES:
        data["full_name"] = ""
        data["is_anonymous"] = "on"
    if fold(_text(values.get("is_anonymous"))) in TRUE_WORDS:
        data["is_anonymous"] = "on"
    field_id, problem = _field_id(values.get("field"))
    if problem:
        errors.append(f"field: {problem}")
    elif field_id:
        data["main_field"] = field_id
    return data, errors


def import_key(data: dict[str, Any], legacy_code: str) -> str:
    if legacy_code:
        material = f"legacy|{data['received_on']}|{fold(legacy_code)}"
    else:
        material = "|".join(
            [
                data["received_on"],
                data["channel"],
                fold(data["full_name"]),
                data["id_number"],
                fold(" ".join(data["content"].split())),
            ]
        )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def import_row(number: int, row: dict[str, Any], mapping: Mapping, *, by: Any) -> RowOutcome:
    if "__error__" in row:
        return RowOutcome(number, "failed", errors=[str(row["__error__"])])
    data, errors = form_data(row, mapping)
    legacy_code = _text(row.get("legacy_code"))[:60]
    key = import_key(data, legacy_code)
    existing = Petition.objects.filter(import_key=key).values_list("code", flat=True).first()
    if existing:
        return RowOutcome(number, "skipped", code=existing)
    form = PetitionForm(data, require_forwarder=False)
    if not form.is_valid() or errors:
        for name, messages in form.errors.items():
            errors.extend(f"{name}: {m}" for m in messages)
        return RowOutcome(number, "failed", errors=errors)
    try:
        petition = workflow.register(
            values=form.petition_values(),
            people=form.people() or [],
            by=by,
            import_key=key,
            legacy_code=legacy_code,
            # Past years were handled on paper: no legal clock starts for them.
            start_clocks=False,
        )
    except (ValidationError, IntegrityError) as exc:
        problems = list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]
        return RowOutcome(number, "failed", errors=problems)
    return RowOutcome(number, "created", code=petition.code)


def import_file(path: Path, *, mapping: Mapping | None = None, by: Any = None) -> ImportResult:
    """Import every row of PATH; never stops at a bad row."""
    mapping = mapping or Mapping()
    result = ImportResult()
    for count, (number, row) in enumerate(read_rows(path, mapping), start=1):
        if count > MAX_ROWS:
            raise ImportFileError(f"{path.name}: more than {MAX_ROWS} rows; split the file")
        result.outcomes.append(import_row(number, row, mapping, by=by))
    return result
