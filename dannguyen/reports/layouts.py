"""The layout JSON: its schema, its validation, and which version applies to a period.

A layout document (a fixture file, or an upload by a manager):

    {"code": "4E", "title": "…", "version": 2, "legal_basis": "…",
     "valid_from": "2026-01-01", "valid_to": null,
     "definition": {
        "shape": "list" | "table",
        "group_by": null | "field" | "kind" | "agency" | "place" | "host_body",
        "lines": [
          {"ms": "1", "label": "…", "level": 0, "metric": "petitions.received",
           "filters": {"kind": ["complaint"], "field": ["HC-DD"], "duplicate": true},
           "percent_of": "1", "group": "…"},
          {"ms": "5", "label": "…", "formula": {"op": "sum", "of": ["2", "3"]}},
          {"label": "I. …"}                       # a heading (list shape only)
        ]}}

"list": one line per row (MS, label, number, percentage of `percent_of`); "table": one
column per line, one row per group of `group_by` and a total row; consecutive columns with the
same "group" share a merged header cell. Formulas: "sum" (of any number of codes),
"difference" (first minus the others), "percent" (first / second × 100, one decimal).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils.translation import gettext as _

from dannguyen.core.models import FieldOfWork
from dannguyen.core.reference_data import FIXTURES as CORE_FIXTURES

from . import metrics
from .models import ReportLayout

SHAPES = ("list", "table")
FORMULA_OPS = ("sum", "difference", "percent")
MAX_LINES = 300
MAX_LEVEL = 4
MAX_UPLOAD_BYTES = 512 * 1024
TOP_KEYS = {
    "code",
    "title",
    "version",
    "legal_basis",
    "valid_from",
    "valid_to",
    "order",
    "definition",
}
LINE_KEYS = {"ms", "label", "level", "metric", "filters", "formula", "percent_of", "group"}


def known_field_codes() -> set[str]:
    """The office's lĩnh vực codes, and the shipped ones (a fresh database has none yet)."""
    shipped = json.loads((CORE_FIXTURES / "fields_of_work.json").read_text(encoding="utf-8"))
    return {row["code"] for row in shipped} | set(
        FieldOfWork.objects.values_list("code", flat=True)
    )


class LayoutError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _date(value: Any, name: str, errors: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(_("“%(name)s” must be a date written YYYY-MM-DD.") % {"name": name})
        return None


def _check_filters(where: str, metric: metrics.Metric, filters: Any, errors: list[str]) -> None:
    if not isinstance(filters, dict):
        errors.append(_("%(where)s: “filters” must be an object.") % {"where": where})
        return
    allowed = metric.filters()
    field_codes: set[str] | None = None
    for name, value in filters.items():
        if name not in metrics.FILTER_VALUES or name not in allowed:
            errors.append(
                _("%(where)s: the metric %(metric)s cannot be filtered by “%(name)s”.")
                % {"where": where, "metric": metric.key, "name": name}
            )
            continue
        if name in metrics.BOOLEAN_FILTERS:
            if not isinstance(value, bool):
                errors.append(
                    _("%(where)s: “%(name)s” must be true or false.")
                    % {"where": where, "name": name}
                )
            continue
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) for v in values):
            errors.append(
                _("%(where)s: “%(name)s” must be a code or a list of codes.")
                % {"where": where, "name": name}
            )
            continue
        if name == "field":
            if field_codes is None:
                field_codes = known_field_codes()
            unknown = [v for v in values if v not in field_codes]
        else:
            unknown = [v for v in values if v not in (metrics.FILTER_VALUES[name] or ())]
        if unknown:
            errors.append(
                _("%(where)s: unknown value(s) for “%(name)s”: %(values)s.")
                % {"where": where, "name": name, "values": ", ".join(unknown)}
            )


def validate_definition(definition: Any) -> list[str]:
    """Every problem of DEFINITION, in words an office manager can act on ([] when valid)."""
    errors: list[str] = []
    if not isinstance(definition, dict):
        return [_("The definition must be an object.")]
    shape = definition.get("shape")
    if shape not in SHAPES:
        errors.append(_("“shape” must be “list” or “table”."))
    group_by = definition.get("group_by")
    if group_by is not None and group_by not in metrics.GROUPINGS:
        errors.append(
            _("“group_by” must be one of: %(values)s.") % {"values": ", ".join(metrics.GROUPINGS)}
        )
        group_by = None
    if group_by is not None and shape == "list":
        errors.append(_("Only a table can be grouped."))
    lines = definition.get("lines")
    if not isinstance(lines, list) or not lines:
        return [*errors, _("“lines” must be a non-empty list.")]
    if len(lines) > MAX_LINES:
        return [*errors, _("At most %(n)s lines.") % {"n": MAX_LINES}]
    codes: dict[str, dict[str, Any]] = {}
    for index, line in enumerate(lines, start=1):
        where = _("Line %(n)s") % {"n": index}
        if not isinstance(line, dict):
            errors.append(_("%(where)s must be an object.") % {"where": where})
            continue
        unknown_keys = sorted(set(line) - LINE_KEYS)
        if unknown_keys:
            errors.append(
                _("%(where)s: unknown key(s) %(keys)s.")
                % {"where": where, "keys": ", ".join(unknown_keys)}
            )
        label = line.get("label")
        if not isinstance(label, str) or not label.strip():
            errors.append(_("%(where)s: a label is required.") % {"where": where})
        level = line.get("level", 0)
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= MAX_LEVEL:
            errors.append(
                _("%(where)s: “level” must be a whole number from 0 to %(max)s.")
                % {"where": where, "max": MAX_LEVEL}
            )
        has_metric, has_formula = "metric" in line, "formula" in line
        ms = line.get("ms")
        if not (has_metric or has_formula):
            if shape == "table":
                errors.append(
                    _("%(where)s: a table column needs a metric or a formula.") % {"where": where}
                )
            continue
        if not isinstance(ms, str) or not ms.strip() or len(ms) > 10:
            errors.append(
                _("%(where)s: an “ms” code of 1 to 10 characters is required.") % {"where": where}
            )
            continue
        where = _("Line %(n)s (MS %(ms)s)") % {"n": index, "ms": ms}
        if ms in codes:
            errors.append(_("%(where)s: the code is used twice.") % {"where": where})
        codes[ms] = line
        if has_metric and has_formula:
            errors.append(
                _("%(where)s: give either a metric or a formula, not both.") % {"where": where}
            )
        elif has_metric:
            metric = (
                metrics.REGISTRY.get(line["metric"]) if isinstance(line["metric"], str) else None
            )
            if metric is None:
                errors.append(
                    _("%(where)s: unknown metric “%(metric)s”.")
                    % {"where": where, "metric": line["metric"]}
                )
                continue
            if group_by is not None and group_by not in metric.groupings():
                errors.append(
                    _("%(where)s: the metric %(metric)s cannot be grouped by “%(group)s”.")
                    % {"where": where, "metric": metric.key, "group": group_by}
                )
            if "filters" in line:
                _check_filters(where, metric, line["filters"], errors)
        else:
            formula = line["formula"]
            if (
                not isinstance(formula, dict)
                or formula.get("op") not in FORMULA_OPS
                or not isinstance(formula.get("of"), list)
                or not formula["of"]
                or not all(isinstance(c, str) for c in formula["of"])
            ):
                errors.append(
                    _("%(where)s: a formula is {“op”: sum, difference or percent, “of”: [codes]}.")
                    % {"where": where}
                )
            elif formula["op"] == "percent" and len(formula["of"]) != 2:
                errors.append(
                    _("%(where)s: a percentage needs exactly two codes.") % {"where": where}
                )
            elif formula["op"] == "difference" and len(formula["of"]) < 2:
                errors.append(
                    _("%(where)s: a difference needs two codes or more.") % {"where": where}
                )
    for ms, line in codes.items():
        refs = (
            list(line.get("formula", {}).get("of", []))
            if isinstance(line.get("formula"), dict)
            else []
        )
        if "percent_of" in line:
            refs.append(line["percent_of"])
        missing = [str(r) for r in refs if r not in codes]
        if missing:
            errors.append(
                _("MS %(ms)s refers to unknown code(s) %(codes)s.")
                % {"ms": ms, "codes": ", ".join(missing)}
            )
    if not errors:
        cycle = _cycle(codes)
        if cycle:
            errors.append(
                _("The formulas refer to each other in a circle: %(codes)s.")
                % {"codes": " → ".join(cycle)}
            )
    return errors


def _cycle(codes: dict[str, dict[str, Any]]) -> list[str]:
    state: dict[str, int] = {}

    def visit(ms: str, path: list[str]) -> list[str]:
        if state.get(ms) == 2:
            return []
        if state.get(ms) == 1:
            return [*path[path.index(ms) :], ms]
        state[ms] = 1
        formula = codes[ms].get("formula")
        for ref in formula["of"] if isinstance(formula, dict) else []:
            found = visit(ref, [*path, ms])
            if found:
                return found
        state[ms] = 2
        return []

    for ms in codes:
        found = visit(ms, [])
        if found:
            return found
    return []


def parse_document(raw: bytes) -> dict[str, Any]:
    """An uploaded layout file → its validated values; LayoutError lists every problem."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise LayoutError([_("The file is too large (at most 512 KB).")])
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise LayoutError([_("The file is not a JSON text file.")]) from None
    return validate_document(data)


def validate_document(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise LayoutError([_("The layout must be a JSON object.")])
    errors: list[str] = []
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        errors.append(_("Unknown key(s) %(keys)s.") % {"keys": ", ".join(unknown)})
    code, title = data.get("code"), data.get("title")
    if not isinstance(code, str) or not code.strip() or len(code) > 20:
        errors.append(_("“code” (1 to 20 characters) is required."))
    if not isinstance(title, str) or not title.strip() or len(title) > 300:
        errors.append(_("“title” (1 to 300 characters) is required."))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 999:
        errors.append(_("“version” must be a whole number from 1 to 999."))
    legal_basis = data.get("legal_basis", "")
    if not isinstance(legal_basis, str) or len(legal_basis) > 300:
        errors.append(_("“legal_basis” must be a text of at most 300 characters."))
    valid_from = _date(data.get("valid_from"), "valid_from", errors)
    valid_to = _date(data.get("valid_to"), "valid_to", errors)
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(_("“valid_to” is before “valid_from”."))
    errors.extend(validate_definition(data.get("definition")))
    if errors:
        raise LayoutError(errors)
    return {
        "code": str(code).strip(),
        "title": str(title).strip(),
        "version": version,
        "legal_basis": legal_basis,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "order": data.get("order", 0) if isinstance(data.get("order", 0), int) else 0,
        "definition": data["definition"],
    }


def in_force(code: str, day: datetime.date) -> ReportLayout | None:
    """The version of CODE in force on DAY (the last day of the period reported on)."""
    return ReportLayout.objects.valid_on(day).filter(code=code).order_by("-version").first()


def codes_in_force(day: datetime.date) -> list[ReportLayout]:
    """One layout per code, the one in force on DAY, in display order."""
    best: dict[str, ReportLayout] = {}
    for layout in ReportLayout.objects.valid_on(day).order_by("order", "code", "-version"):
        best.setdefault(layout.code, layout)
    return list(best.values())


def save_upload(values: dict[str, Any], *, by: Any) -> ReportLayout:
    """Store an uploaded version. Versions are never overwritten: the numbers of past reports
    must stay reproducible, so a changed template is a new version with its own dates."""
    if ReportLayout.objects.filter(code=values["code"], version=values["version"]).exists():
        raise LayoutError(
            [
                _("Version %(version)s of %(code)s exists; give the new one a higher number.")
                % {"version": values["version"], "code": values["code"]}
            ]
        )
    return ReportLayout.objects.create(
        **values, uploaded_by=by if getattr(by, "pk", None) else None
    )
