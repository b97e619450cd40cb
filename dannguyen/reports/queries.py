"""A report: a layout applied to a period and a receiving subject, computed from the cubes.

The screen, the Excel and Word files and the API all take their numbers from `build`, so the
same request gives the same figures everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from dannguyen.core.models import AdministrativeUnit, Agency
from dannguyen.petitions.models import Kind, ReceivingSubject
from dannguyen.reception.models import HostBody

from . import metrics
from .metrics import TOTAL, UNSPECIFIED, Computation
from .models import ReportLayout
from .periods import Period

Number = int | float | None


@dataclass
class Line:
    ms: str
    label: str
    level: int
    is_heading: bool
    percent_of: str | None
    group: str


@dataclass
class Row:
    """One row of the report: in a list, the totals; in a table, a group or the total."""

    key: Any
    label: str
    values: dict[str, Number]
    percents: dict[str, Number] = field(default_factory=dict)


@dataclass
class Report:
    layout: ReportLayout
    period: Period
    subject: str
    shape: str
    group_by: str | None
    lines: list[Line]
    rows: list[Row]

    @property
    def subject_label(self) -> str:
        return str(ReceivingSubject(self.subject).label) if self.subject else _("All")

    @property
    def columns(self) -> list[Line]:
        return [line for line in self.lines if not line.is_heading]

    @property
    def total(self) -> Row:
        return self.rows[-1]

    def header_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns sharing a "group" → (label, span); "" for a lone column."""
        spans: list[tuple[str, int]] = []
        for line in self.columns:
            if spans and line.group and spans[-1][0] == line.group:
                spans[-1] = (line.group, spans[-1][1] + 1)
            else:
                spans.append((line.group, 1))
        return spans

    def as_dict(self) -> dict[str, Any]:
        """The API's shape (also what the tests compare with the files)."""
        return {
            "code": self.layout.code,
            "version": self.layout.version,
            "title": self.layout.title,
            "period": {
                "code": self.period.code,
                "label": self.period.label,
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
            },
            "subject": self.subject,
            "shape": self.shape,
            "group_by": self.group_by,
            "columns": [
                {"ms": c.ms, "label": c.label, "level": c.level, "group": c.group}
                for c in self.columns
            ],
            "rows": [
                {
                    "key": None if r.key == TOTAL else str(r.key),
                    "label": r.label,
                    "values": r.values,
                    "percents": r.percents,
                }
                for r in self.rows
            ],
        }


def _percent(part: Number, whole: Number) -> float | None:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 1)


def _evaluate(
    definition_lines: list[dict[str, Any]], computation: Computation, group: Any
) -> dict[str, Number]:
    by_code = {line["ms"]: line for line in definition_lines if "ms" in line}
    values: dict[str, Number] = {}

    def value_of(ms: str) -> Number:
        if ms in values:
            return values[ms]
        line = by_code[ms]
        result: Number
        if "metric" in line:
            result = computation.value(line["metric"], line.get("filters") or {}, group)
        elif "formula" in line:
            op, refs = line["formula"]["op"], line["formula"]["of"]
            parts = [value_of(r) for r in refs]
            numbers = [p or 0 for p in parts]
            if op == "sum":
                result = sum(numbers)
            elif op == "difference":
                result = numbers[0] - sum(numbers[1:])
            else:
                result = _percent(parts[0], parts[1])
        else:
            result = None
        values[ms] = result
        return result

    for ms in by_code:
        value_of(ms)
    return values


def _group_labels(group_by: str, keys: list[Any], computation: Computation) -> dict[Any, str]:
    ids = [k for k in keys if k not in (UNSPECIFIED, TOTAL)]
    labels: dict[Any, str] = {UNSPECIFIED: _("Not specified")}
    model: type[Model] | None = None
    if group_by == "field":
        labels.update({k: computation.tree.name_of.get(k, str(k)) for k in ids})
    elif group_by == "kind":
        labels.update({k: str(Kind(k).label) for k in ids if k in Kind.values})
    elif group_by == "host_body":
        labels.update({k: str(HostBody(k).label) for k in ids if k in HostBody.values})
    elif group_by == "agency":
        model = Agency
    elif group_by == "place":
        model = AdministrativeUnit
    if model is not None:
        labels.update(
            {
                pk: str(name)
                for pk, name in model._base_manager.filter(pk__in=ids).values_list("pk", "name")
            }
        )
    return labels


def _order_key(group_by: str, computation: Computation, labels: dict[Any, str]) -> Any:
    def key(group: Any) -> tuple[int, Any]:
        if group == UNSPECIFIED:
            return (2, "")
        if group_by == "kind":
            return (0, Kind.values.index(group) if group in Kind.values else 99)
        if group_by == "host_body":
            return (0, HostBody.values.index(group) if group in HostBody.values else 99)
        return (1, labels.get(group, ""))

    return key


def build(layout: ReportLayout, period: Period, *, subject: str = "") -> Report:
    """LAYOUT computed for PERIOD (and SUBJECT, a `ReceivingSubject` value or "" for all)."""
    definition = layout.definition
    shape = definition.get("shape", "list")
    group_by = definition.get("group_by") if shape == "table" else None
    raw_lines: list[dict[str, Any]] = definition["lines"]
    computation = Computation(
        period,
        subject=subject,
        group_by=group_by,
        dims=metrics.dims_needed(raw_lines),
        field_codes=metrics.field_codes_of(raw_lines),
    )
    lines = [
        Line(
            ms=str(line.get("ms", "")),
            label=str(line["label"]),
            level=int(line.get("level", 0)),
            is_heading="metric" not in line and "formula" not in line,
            percent_of=line.get("percent_of"),
            group=str(line.get("group", "")),
        )
        for line in raw_lines
    ]
    rows: list[Row] = []
    if group_by:
        keys = computation.groups(line["metric"] for line in raw_lines if "metric" in line)
        labels = _group_labels(group_by, keys, computation)
        for key in sorted(keys, key=_order_key(group_by, computation, labels)):
            rows.append(Row(key, labels.get(key, str(key)), _evaluate(raw_lines, computation, key)))
    total = Row(TOTAL, _("Total"), _evaluate(raw_lines, computation, TOTAL))
    rows.append(total)
    for row in rows:
        row.percents = {
            line.ms: _percent(row.values.get(line.ms), row.values.get(line.percent_of))
            for line in lines
            if line.percent_of and not line.is_heading
        }
    return Report(layout, period, subject, shape, group_by, lines, rows)


def subject_choices() -> list[tuple[str, str]]:
    return [("", _("All")), *[(v, str(label)) for v, label in ReceivingSubject.choices]]
