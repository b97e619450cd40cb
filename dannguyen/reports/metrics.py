"""Named metrics over the registers, computed from a few grouped queries per report.

How it works: each *source* is one GROUP BY query over a register for the period (petitions
received in it, carried over into it, first processed in it, still pending at its end; the
outcome events of the petition history; forwardings still unanswered; agency answers;
reception sessions and cases). The query groups by the small set of *dimensions* a layout may
filter on (kind, field, eligibility, duplicate, channel, one/many signers, anonymous,
competence, procedure stage…) plus the layout's grouping, so a whole report — dozens of lines
with their filters — costs one query per source it uses, whatever the number of petitions
(the "cube"). A metric is a source, a measure and fixed filters; a layout line adds its own
filters, which are matched against the cube rows in Python.

Adding a metric: `register(Metric(key=…, label=…, sources=(…,), measure=…, fixed={…}))`.
Adding a dimension or a source: a `Source` entry below (its queryset, its dimension
expressions, the groupings it supports).

Outcome metrics read the petition history (`PetitionEvent.action` + `at`): "forwarded",
"guided", "filed", "urged", "answer_recorded", "evaluated", "closed", "reopened", "split".
What is still open at the end of a period (forwardings without an answer) and the letters
themselves (urging letters, agency answers) are read from `Forwarding`, `Urging` and
`AgencyAnswer`, dated by their own dates (forwarded_on, urged_on, received_on).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dannguyen.core.models import FieldOfWork
from dannguyen.petitions.models import (
    PROCESSED_ACTIONS,
    AgencyAnswer,
    Channel,
    Competence,
    Deadline,
    DeadlineStep,
    DuplicateLink,
    Eligibility,
    Evaluation,
    Forwarding,
    Kind,
    Petition,
    PetitionEvent,
    ProcedureStage,
    ReceivingSubject,
    Urging,
    Verdict,
)
from dannguyen.reception.models import (
    CROWD_MIN_PEOPLE,
    HostBody,
    Outcome,
    ReceptionCase,
    ReceptionSession,
    SessionKind,
    SessionStatus,
)
from dannguyen.reception.workflow import RECEIVING_SUBJECT

from .periods import Period

OUTCOME_ACTIONS: tuple[str, ...] = (
    "forwarded",
    "guided",
    "filed",
    "urged",
    "answer_recorded",
    "evaluated",
    "closed",
    "reopened",
    "split",
)

TOTAL = "__total__"
UNSPECIFIED = "__none__"

# Filters a layout line may use, with the values each accepts (None: free booleans).
FILTER_VALUES: dict[str, tuple[str, ...] | None] = {
    "kind": tuple(Kind.values),
    "field": (),  # field codes, checked against core.FieldOfWork
    "eligibility": tuple(Eligibility.values),
    "duplicate": None,
    "channel": tuple(Channel.values),
    "signers": ("one", "many"),
    "anonymous": None,
    "competence": tuple(Competence.values),
    "stage": tuple(ProcedureStage.values),
    "action": OUTCOME_ACTIONS,
    "overdue": None,
    "evaluation": tuple(Evaluation.values),
    "outcome": tuple(Outcome.values),
    "crowd": None,
    "host_body": tuple(HostBody.values),
    "session_kind": tuple(SessionKind.values),
}
BOOLEAN_FILTERS = frozenset(k for k, v in FILTER_VALUES.items() if v is None)
GROUPINGS: tuple[str, ...] = ("field", "kind", "agency", "place", "host_body")


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after DAY in the office's time zone (events carry datetimes)."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


# ------------------------------------------------------------------------- sources


def _petition_dims(prefix: str, outer: str) -> dict[str, Any]:
    p = prefix
    return {
        "kind": F(f"{p}kind"),
        "field": F(f"{p}main_field_id"),
        "eligibility": F(f"{p}eligibility"),
        "duplicate": Exists(
            DuplicateLink.objects.filter(petition_id=OuterRef(outer), verdict=Verdict.DUPLICATE)
        ),
        "channel": F(f"{p}channel"),
        "signers": Case(
            When(**{f"{p}signer_count__gt": 1}, then=Value("many")),
            default=Value("one"),
        ),
        "anonymous": F(f"{p}is_anonymous"),
        "competence": F(f"{p}competence"),
        "stage": F(f"{p}procedure_stage"),
    }


def _petition_groups(prefix: str) -> dict[str, Any]:
    return {
        "field": F(f"{prefix}main_field_id"),
        "kind": F(f"{prefix}kind"),
        "agency": F(f"{prefix}competent_agency_id"),
        "place": F(f"{prefix}place_id"),
    }


def _petitions(period: Period, subject: str) -> QuerySet[Petition]:
    qs = Petition.objects.all()
    return qs.filter(receiving_subject=subject) if subject else qs


def _received(period: Period, subject: str) -> QuerySet[Any]:
    return _petitions(period, subject).filter(received_on__range=(period.start, period.end))


class _Unindexed(Func):
    """The column as is; on SQLite written `+column`, which keeps the planner off its index."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def _processed_side_is_shorter(moment: datetime.datetime) -> bool:
    """Whether, at MOMENT, fewer letters were processed after it than received before it.

    The backlog at a moment is the letters received before it and processed after it (or
    not yet). Letters are processed within weeks, so "processed after" is about as long as
    the time from the moment to today, "received before" as the time since the register
    began. SQLite's planner, without statistics of the spread of values, cannot tell which
    index reads less, so it is told; PostgreSQL's planner decides by itself.
    """
    first = Petition.objects.aggregate(first=Min("received_on"))["first"]
    day = timezone.localtime(moment).date()
    return first is not None and (timezone.localdate() - day) < (day - first)


def _backlog(petitions: QuerySet[Any], moment: datetime.datetime, **received: Any) -> QuerySet[Any]:
    """PETITIONS received as RECEIVED says (`lt` / `lte` a day) and not processed at MOMENT."""
    ((lookup, day),) = received.items()
    if connection.vendor != "sqlite" or not _processed_side_is_shorter(moment):
        return petitions.filter(Q(**{f"received_on__{lookup}": day}), _unprocessed_on(moment))
    return petitions.alias(
        received_unindexed=_Unindexed(F("received_on"), output_field=DateField())
    ).filter(Q(**{f"received_unindexed__{lookup}": day}), _unprocessed_on(moment))


def _unprocessed_on(moment: datetime.datetime, prefix: str = "") -> Q:
    """Letters not yet processed at MOMENT (Petition.first_processed_at, kept by the
    workflow: an index range rather than a look into every letter's history)."""
    return Q(**{f"{prefix}first_processed_at__isnull": True}) | Q(
        **{f"{prefix}first_processed_at__gte": moment}
    )


def _carried_over(period: Period, subject: str) -> QuerySet[Any]:
    start = _end_of(period.previous_day)
    return _backlog(_petitions(period, subject), start, lt=period.start)


def _first_processed(period: Period, subject: str) -> QuerySet[Any]:
    """Processing events in the period of letters not processed before it: read from the
    events side (a period's events are few) rather than testing every letter."""
    start, end = _end_of(period.previous_day), _end_of(period.end)
    qs = PetitionEvent.objects.filter(
        action__in=PROCESSED_ACTIONS,
        at__gte=start,
        at__lt=end,
        petition__received_on__lte=period.end,
    ).filter(_unprocessed_on(start, prefix="petition__"))
    return qs.filter(petition__receiving_subject=subject) if subject else qs


def _pending(period: Period, subject: str) -> QuerySet[Any]:
    end = _end_of(period.end)
    return _backlog(_petitions(period, subject), end, lte=period.end)


def _events(period: Period, subject: str) -> QuerySet[Any]:
    qs = PetitionEvent.objects.filter(
        action__in=OUTCOME_ACTIONS,
        at__gte=_end_of(period.previous_day),
        at__lt=_end_of(period.end),
    )
    return qs.filter(petition__receiving_subject=subject) if subject else qs


def _unanswered(period: Period, subject: str) -> QuerySet[Any]:
    """Forwardings sent by the end of the period with no answer received by then."""
    qs = (
        Forwarding.objects.filter(forwarded_on__lte=period.end)
        .exclude(
            Exists(
                AgencyAnswer.objects.filter(
                    forwarding_id=OuterRef("pk"), received_on__lte=period.end
                )
            )
        )
        .annotate(
            is_overdue=Exists(
                Deadline.objects.filter(
                    forwarding_id=OuterRef("pk"),
                    step=DeadlineStep.AGENCY_ANSWER,
                    due_on__lt=period.end,
                )
            )
        )
    )
    return qs.filter(petition__receiving_subject=subject) if subject else qs


def _answers(period: Period, subject: str) -> QuerySet[Any]:
    qs = AgencyAnswer.objects.filter(received_on__range=(period.start, period.end))
    return qs.filter(petition__receiving_subject=subject) if subject else qs


def _urgings(period: Period, subject: str) -> QuerySet[Any]:
    qs = Urging.objects.filter(urged_on__range=(period.start, period.end))
    return qs.filter(forwarding__petition__receiving_subject=subject) if subject else qs


def _hosts_of(subject: str) -> list[str]:
    return [host for host, s in RECEIVING_SUBJECT.items() if s == subject]


def _sessions(period: Period, subject: str) -> QuerySet[Any]:
    qs = ReceptionSession.objects.filter(
        status=SessionStatus.HELD, date__range=(period.start, period.end)
    )
    return qs.filter(host_body__in=_hosts_of(subject)) if subject else qs


def _cases(period: Period, subject: str) -> QuerySet[Any]:
    qs = ReceptionCase.objects.filter(session__date__range=(period.start, period.end)).exclude(
        session__status=SessionStatus.CANCELLED
    )
    return qs.filter(session__host_body__in=_hosts_of(subject)) if subject else qs


def _case_dims() -> dict[str, Any]:
    return {
        "kind": F("kind"),
        "field": F("main_field_id"),
        "competence": F("competence"),
        "outcome": F("outcome"),
        "host_body": F("session__host_body"),
        "crowd": Case(
            When(headcount__gte=CROWD_MIN_PEOPLE, then=Value(True)), default=Value(False)
        ),
    }


@dataclass(frozen=True)
class Source:
    """One grouped query: its rows, its dimensions, its measures, the groupings it has."""

    key: str
    rows: Callable[[Period, str], QuerySet[Any] | None]
    dims: Callable[[], dict[str, Any]]
    groups: Callable[[], dict[str, Any]]
    measures: Callable[[], dict[str, Any]]


def _count() -> dict[str, Any]:
    return {"n": Count("pk")}


def _event_measures() -> dict[str, Any]:
    return {"n": Count("petition_id", distinct=True), "events": Count("pk")}


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source(
            "received",
            _received,
            lambda: _petition_dims("", "pk"),
            lambda: _petition_groups(""),
            _count,
        ),
        Source(
            "carried_over",
            _carried_over,
            lambda: _petition_dims("", "pk"),
            lambda: _petition_groups(""),
            _count,
        ),
        Source(
            "processed",
            _first_processed,
            lambda: _petition_dims("petition__", "petition_id"),
            lambda: _petition_groups("petition__"),
            lambda: {"n": Count("petition_id", distinct=True)},
        ),
        Source(
            "pending",
            _pending,
            lambda: _petition_dims("", "pk"),
            lambda: _petition_groups(""),
            _count,
        ),
        Source(
            "events",
            _events,
            lambda: {**_petition_dims("petition__", "petition_id"), "action": F("action")},
            lambda: _petition_groups("petition__"),
            _event_measures,
        ),
        Source(
            "unanswered",
            _unanswered,
            lambda: {
                **_petition_dims("petition__", "petition_id"),
                "overdue": F("is_overdue"),
            },
            lambda: {**_petition_groups("petition__"), "agency": F("agency_id")},
            lambda: {"n": Count("petition_id", distinct=True), "letters": Count("pk")},
        ),
        Source(
            "answers",
            _answers,
            lambda: {
                **_petition_dims("petition__", "petition_id"),
                "evaluation": F("evaluation"),
            },
            lambda: {**_petition_groups("petition__"), "agency": F("forwarding__agency_id")},
            lambda: {"n": Count("petition_id", distinct=True), "letters": Count("pk")},
        ),
        Source(
            "urgings",
            _urgings,
            lambda: _petition_dims("forwarding__petition__", "forwarding__petition_id"),
            lambda: {
                **_petition_groups("forwarding__petition__"),
                "agency": F("forwarding__agency_id"),
            },
            lambda: {"n": Count("forwarding__petition_id", distinct=True), "letters": Count("pk")},
        ),
        Source(
            "sessions",
            _sessions,
            lambda: {"host_body": F("host_body"), "session_kind": F("kind")},
            lambda: {"host_body": F("host_body")},
            _count,
        ),
        Source(
            "cases",
            _cases,
            _case_dims,
            lambda: {
                "field": F("main_field_id"),
                "kind": F("kind"),
                "host_body": F("session__host_body"),
            },
            lambda: {"n": Count("pk"), "people": Sum("headcount")},
        ),
    )
}


# ------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Metric:
    """A named number: the sum of MEASURE over SOURCES' rows that match FIXED filters."""

    key: str
    label: str | Promise
    sources: tuple[str, ...]
    measure: str = "n"
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def groupings(self) -> set[str]:
        return set.intersection(*(set(SOURCES[s].groups()) for s in self.sources))

    def filters(self) -> set[str]:
        return set.intersection(*(set(SOURCES[s].dims()) for s in self.sources))


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.key in REGISTRY:
        raise ValueError(f"metric {metric.key} registered twice")
    unknown = [s for s in metric.sources if s not in SOURCES]
    if unknown:
        raise ValueError(f"metric {metric.key}: unknown sources {unknown}")
    REGISTRY[metric.key] = metric
    return metric


for _metric in (
    Metric("petitions.received", _("Letters received in the period"), ("received",)),
    Metric(
        "petitions.carried_over",
        _("Letters carried over from the previous period"),
        ("carried_over",),
    ),
    Metric(
        "petitions.to_handle",
        _("Letters to handle (carried over + received)"),
        ("carried_over", "received"),
    ),
    Metric("petitions.processed", _("Letters processed in the period"), ("processed",)),
    Metric(
        "petitions.pending", _("Letters still being studied at the end of the period"), ("pending",)
    ),
    Metric(
        "petitions.forwarded",
        _("Letters forwarded to the competent agency"),
        ("events",),
        fixed={"action": ["forwarded"]},
    ),
    Metric(
        "petitions.urged",
        _("Letters whose agency was urged"),
        ("events",),
        fixed={"action": ["urged"]},
    ),
    Metric("urgings.letters", _("Urging letters sent"), ("urgings",), measure="letters"),
    Metric("urgings.petitions", _("Letters whose agency was urged (by urging date)"), ("urgings",)),
    Metric(
        "petitions.guided",
        _("Letters answered or guided"),
        ("events",),
        fixed={"action": ["guided"]},
    ),
    Metric(
        "petitions.filed",
        _("Letters filed for monitoring"),
        ("events",),
        fixed={"action": ["filed"]},
    ),
    Metric(
        "petitions.answer_recorded",
        _("Letters whose agency answer was recorded"),
        ("events",),
        fixed={"action": ["answer_recorded"]},
    ),
    Metric("petitions.closed", _("Letters closed"), ("events",), fixed={"action": ["closed"]}),
    Metric(
        "forwardings.unanswered",
        _("Forwarded letters without an answer at the end of the period"),
        ("unanswered",),
    ),
    Metric(
        "forwardings.unanswered_letters",
        _("Forwarding letters without an answer"),
        ("unanswered",),
        measure="letters",
    ),
    Metric(
        "petitions.evaluated", _("Answers evaluated"), ("events",), fixed={"action": ["evaluated"]}
    ),
    Metric("answers.petitions", _("Letters for which an answer was received"), ("answers",)),
    Metric("answers.letters", _("Answers received from agencies"), ("answers",), measure="letters"),
    Metric("reception.sessions", _("Reception sessions held"), ("sessions",)),
    Metric("reception.cases", _("Cases heard"), ("cases",)),
    Metric("reception.people", _("People received"), ("cases",), measure="people"),
    Metric("reception.crowds", _("Groups of five or more"), ("cases",), fixed={"crowd": True}),
):
    register(_metric)


# ------------------------------------------------------------------------- computing


@dataclass
class FieldTree:
    """The lĩnh vực tree, read once: subtree membership and top-level groups."""

    code_of: dict[int, str]
    name_of: dict[int, str]
    parent_of: dict[int, int | None]

    @classmethod
    def load(cls) -> FieldTree:
        rows = list(FieldOfWork.objects.values_list("pk", "code", "name", "parent_id"))
        return cls(
            code_of={pk: code for pk, code, _n, _p in rows},
            name_of={pk: name for pk, _c, name, _p in rows},
            parent_of={pk: parent for pk, _c, _n, parent in rows},
        )

    def ancestors(self, pk: int | None) -> list[int]:
        chain: list[int] = []
        while pk is not None and pk not in chain:
            chain.append(pk)
            pk = self.parent_of.get(pk)
        return chain

    def codes_above(self, pk: int | None) -> set[str]:
        return {self.code_of[p] for p in self.ancestors(pk) if p in self.code_of}

    def root(self, pk: int | None) -> int | None:
        chain = self.ancestors(pk)
        return chain[-1] if chain else None

    def subtree(self, pk: int) -> list[int]:
        """PK and every field below it."""
        return [f for f in self.parent_of if pk in self.ancestors(f)]

    def pk_of(self, code: str) -> int | None:
        return next((pk for pk, c in self.code_of.items() if c == code), None)

    def nearest(self, path: str, codes: Iterable[str]) -> Case | Value:
        """SQL: the deepest of CODES at or above the field in PATH ("" when none), so a cube
        groups by the few codes a layout names instead of by every leaf of the tree."""
        known = [(code, self.pk_of(code)) for code in codes]
        ordered = sorted(
            ((code, pk) for code, pk in known if pk is not None),
            key=lambda item: -len(self.ancestors(item[1])),
        )
        whens = [
            When(**{f"{path}__in": self.subtree(pk)}, then=Value(code)) for code, pk in ordered
        ]
        return Case(*whens, default=Value("")) if whens else Value("")

    def roots(self, path: str) -> Case | Value:
        """SQL: the top-level field above the field in PATH (NULL when none)."""
        whens = [
            When(**{f"{path}__in": self.subtree(pk)}, then=Value(pk))
            for pk, parent in self.parent_of.items()
            if parent is None
        ]
        return Case(*whens, default=Value(None)) if whens else Value(None)


@dataclass
class CubeRow:
    dims: dict[str, Any]
    group: Any
    measures: dict[str, int]


class Computation:
    """The cubes of one report run: each (source, grouping) is queried once."""

    def __init__(
        self,
        period: Period,
        *,
        subject: str = "",
        group_by: str | None = None,
        dims: Mapping[str, set[str]] | None = None,
        field_codes: Iterable[str] = (),
    ):
        self.period = period
        self.subject = subject
        self.group_by = group_by
        # The dimensions each source is grouped by: only those the layout filters on, so a
        # cube has as few rows as the report needs (None: all of them).
        self.dims = dims
        self._cubes: dict[str, list[CubeRow]] = {}
        self._by_group: dict[str, dict[Any, list[CubeRow]]] = {}
        self._tree: FieldTree | None = None
        self._codes_above: dict[Any, set[str]] = {}
        # The lĩnh vực codes the layout filters on; the "field" dimension then holds the
        # nearest of them instead of the petition's own field (see FieldTree.nearest).
        self.field_codes = sorted(set(field_codes))

    @property
    def tree(self) -> FieldTree:
        if self._tree is None:
            self._tree = FieldTree.load()
        return self._tree

    def cube(self, key: str) -> list[CubeRow]:
        if key not in self._cubes:
            self._cubes[key] = self._query(SOURCES[key])
            by_group: dict[Any, list[CubeRow]] = {}
            for row in self._cubes[key]:
                by_group.setdefault(row.group, []).append(row)
            self._by_group[key] = by_group
        return self._cubes[key]

    def _rows(self, key: str, group: Any) -> list[CubeRow]:
        rows = self.cube(key)
        return rows if group == TOTAL else self._by_group[key].get(group, [])

    def queryset(self, source: Source) -> QuerySet[Any] | None:
        """The one grouped query of SOURCE for this report (also what the bench times bare)."""
        qs = source.rows(self.period, self.subject)
        if qs is None:
            return None
        dims = source.dims()
        if self.dims is not None:
            wanted = self.dims.get(source.key, set())
            dims = {k: v for k, v in dims.items() if k in wanted}
        if "field" in dims and self.field_codes:
            dims["field"] = self.tree.nearest(dims["field"].name, self.field_codes)
        names = {f"d_{k}": v for k, v in dims.items()}
        if self.group_by:
            names["g"] = source.groups()[self.group_by]
            if self.group_by == "field":
                names["g"] = self.tree.roots(names["g"].name)
        return qs.order_by().annotate(**names).values(*names).annotate(**source.measures())

    def _query(self, source: Source) -> list[CubeRow]:
        rows = self.queryset(source)
        if rows is None:
            return []
        measures = list(source.measures())
        out = []
        for row in rows:
            group = row.get("g")
            if self.group_by == "field":
                group = self.tree.root(group)
            out.append(
                CubeRow(
                    dims={k[2:]: v for k, v in row.items() if k.startswith("d_")},
                    group=UNSPECIFIED if group in (None, "") else group,
                    measures={m: int(row[m] or 0) for m in measures},
                )
            )
        return out

    def _matches(self, dims: Mapping[str, Any], filters: Mapping[str, Any]) -> bool:
        for name, wanted in filters.items():
            value = dims.get(name)
            if name == "field":
                if value not in self._codes_above:
                    self._codes_above[value] = self.tree.codes_above(
                        self.tree.pk_of(str(value)) if self.field_codes else value
                    )
                if self._codes_above[value].isdisjoint(_as_list(wanted)):
                    return False
            elif name in BOOLEAN_FILTERS:
                if bool(value) != bool(wanted):
                    return False
            elif value not in _as_list(wanted):
                return False
        return True

    def value(
        self, metric_key: str, filters: Mapping[str, Any] | None = None, group: Any = TOTAL
    ) -> int:
        metric = REGISTRY[metric_key]
        wanted = {**(filters or {}), **metric.fixed}
        total = 0
        for source in metric.sources:
            for row in self._rows(source, group):
                if self._matches(row.dims, wanted):
                    total += row.measures.get(metric.measure, 0)
        return total

    def groups(self, metric_keys: Iterable[str]) -> list[Any]:
        seen: dict[Any, None] = {}
        for key in metric_keys:
            for source in REGISTRY[key].sources:
                for row in self.cube(source):
                    seen.setdefault(row.group, None)
        return list(seen)


def field_codes_of(lines: Iterable[Mapping[str, Any]]) -> set[str]:
    """The lĩnh vực codes that the LINES of a layout filter on."""
    codes: set[str] = set()
    for line in lines:
        codes.update(_as_list((line.get("filters") or {}).get("field", [])))
    return codes


def dims_needed(lines: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Per source, the dimensions that the metric LINES of a layout filter on."""
    needed: dict[str, set[str]] = {}
    for line in lines:
        metric = REGISTRY.get(line.get("metric", ""))
        if metric is None:
            continue
        names = set(line.get("filters") or {}) | set(metric.fixed)
        for source in metric.sources:
            needed.setdefault(source, set()).update(names)
    return needed


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | set) else [value]


SUBJECTS = ReceivingSubject
