"""Agency accountability (issue #5 item 7): how the agencies answer what the office sends them.

Counted per agency over the forwardings made in a period (by their forwarding date), so a
year's figures do not move when next year's forwardings arrive. A forwarding is *answered*
once the agency's result has been received (`Forwarding.answered_on`, set only by a result,
never by a mere notice of acceptance) and *answered on time* when its agency_answer clock
ended "met" (Luật Tiếp công dân Art 27–28; the rule data in `DeadlineRule`).
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .models import Deadline, DeadlineOutcome, DeadlineStep, Forwarding, Petition
from .queries import visible_petitions

# Width of the longest bar of the chart, in SVG user units.
CHART_BAR_WIDTH = 420
CHART_ROW_HEIGHT = 26
CHART_LABEL_WIDTH = 300


@dataclass(frozen=True)
class AgencyRecord:
    """One agency's line of the table."""

    agency_id: int
    name: str
    forwarded: int
    answered: int
    on_time: int
    overdue: int
    urged: int
    median_days: float | None

    @property
    def late(self) -> int:
        """Answered, but not within the legal time (or with no clock to say it was)."""
        return self.answered - self.on_time

    @property
    def unanswered(self) -> int:
        return self.forwarded - self.answered


@dataclass(frozen=True)
class Bar:
    """One agency's horizontal bar: on time, then late, then still unanswered."""

    record: AgencyRecord
    y: int
    on_time: int
    late: int
    unanswered: int

    @property
    def text_y(self) -> int:
        return self.y + CHART_ROW_HEIGHT // 2 + 4

    @property
    def late_x(self) -> int:
        return CHART_LABEL_WIDTH + self.on_time

    @property
    def unanswered_x(self) -> int:
        return self.late_x + self.late

    @property
    def end_x(self) -> int:
        return self.unanswered_x + self.unanswered + 6


def _forwardings(user: Any, start: datetime.date, end: datetime.date) -> QuerySet[Forwarding]:
    return Forwarding.objects.filter(
        forwarded_on__gte=start,
        forwarded_on__lte=end,
        petition__in=visible_petitions(user),
    )


def _answer_clock(**outcome: Any) -> Exists:
    return Exists(
        Deadline.objects.filter(
            forwarding=OuterRef("pk"), step=DeadlineStep.AGENCY_ANSWER, **outcome
        )
    )


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    middle = statistics.median(values)
    # A whole number of days reads "12", not "12.0".
    return int(middle) if float(middle).is_integer() else round(float(middle), 1)


def agency_records(
    user: Any, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[AgencyRecord]:
    """Every agency sent something in [START, END], most overdue first (two queries)."""
    forwardings = _forwardings(user, start, end)
    rows = (
        forwardings.annotate(
            met=_answer_clock(outcome=DeadlineOutcome.MET),
            late_now=_answer_clock(outcome="", paused_since__isnull=True, due_on__lt=today),
        )
        .values("agency_id", "agency__name")
        .annotate(
            forwarded=Count("id"),
            answered=Count("id", filter=Q(answered_on__isnull=False)),
            on_time=Count("id", filter=Q(met=True)),
            overdue=Count("id", filter=Q(late_now=True)),
            urged=Coalesce(Sum("urge_count"), 0, output_field=IntegerField()),
        )
        .order_by()
    )
    # Days to answer in Python: date arithmetic and medians differ between SQLite and
    # PostgreSQL, and a period holds a few thousand answered forwardings at most.
    days: dict[int, list[int]] = defaultdict(list)
    answered = forwardings.filter(answered_on__isnull=False).values_list(
        "agency_id", "forwarded_on", "answered_on"
    )
    for agency_id, forwarded_on, answered_on in answered:
        if answered_on is not None:  # filtered so already; the stubs cannot know
            days[agency_id].append((answered_on - forwarded_on).days)
    records = [
        AgencyRecord(
            agency_id=row["agency_id"],
            name=row["agency__name"],
            forwarded=row["forwarded"],
            answered=row["answered"],
            on_time=row["on_time"],
            overdue=row["overdue"],
            urged=row["urged"],
            median_days=_median(days[row["agency_id"]]),
        )
        for row in rows
    ]
    records.sort(key=lambda r: (-r.overdue, -r.unanswered, -r.forwarded, r.name))
    return records


def chart(records: list[AgencyRecord]) -> tuple[list[Bar], int]:
    """The bars of the chart, scaled to the agency sent the most, and the chart's height."""
    widest = max((r.forwarded for r in records), default=0) or 1

    def scale(n: int) -> int:
        return round(n * CHART_BAR_WIDTH / widest)

    bars = [
        Bar(
            record=r,
            y=index * CHART_ROW_HEIGHT,
            on_time=scale(r.on_time),
            late=scale(r.late),
            unanswered=scale(r.unanswered),
        )
        for index, r in enumerate(records)
    ]
    return bars, max(len(bars), 1) * CHART_ROW_HEIGHT


def table_columns() -> list[str]:
    return [
        _("Agency"),
        _("Forwarded"),
        _("Answered"),
        _("Answered on time"),
        _("Median days to answer"),
        _("Overdue now"),
        _("Times urged"),
    ]


def table_row(record: AgencyRecord) -> list[Any]:
    """The cells the page and the spreadsheet both show, in the columns' order."""
    return [
        record.name,
        record.forwarded,
        record.answered,
        record.on_time,
        record.median_days,
        record.overdue,
        record.urged,
    ]


@dataclass(frozen=True)
class Repeated:
    """A petition sent round without an answer coming back."""

    petition: Petition
    forwardings: int
    agencies: int
    urged: int
    answered: bool

    @property
    def reasons(self) -> list[str]:
        found = []
        if self.forwardings >= 2 and not self.answered:
            found.append(_("forwarded %(n)s times, no answer") % {"n": self.forwardings})
        if self.forwardings > self.agencies:
            found.append(_("sent to the same agency again"))
        if self.urged >= 2:
            found.append(_("urged %(n)s times") % {"n": self.urged})
        return found

    @property
    def agency_names(self) -> list[str]:
        return sorted({f.agency.name for f in self.petition.forwardings.all()})


def repeatedly_forwarded(
    user: Any, start: datetime.date, end: datetime.date, *, limit: int = 200
) -> list[Repeated]:
    """Petitions forwarded in the period that went round: forwarded twice or more with no
    result back, forwarded to the same agency again, or urged twice or more (three queries)."""
    in_period = _forwardings(user, start, end).filter(petition=OuterRef("pk"))
    has_result = Forwarding.objects.filter(petition=OuterRef("pk"), answered_on__isnull=False)
    petitions = (
        Petition.objects.filter(Exists(in_period))
        .annotate(
            n_forwardings=Count("forwardings", distinct=True),
            n_agencies=Count("forwardings__agency", distinct=True),
            n_urged=Coalesce(Sum("forwardings__urge_count"), 0, output_field=IntegerField()),
            has_result=Exists(has_result),
        )
        .filter(
            Q(n_forwardings__gte=2, has_result=False)
            | Q(n_forwardings__gt=F("n_agencies"))
            | Q(n_urged__gte=2)
        )
        .prefetch_related("forwardings__agency")
        .order_by("-n_urged", "-n_forwardings", "received_on", "id")[:limit]
    )
    return [
        Repeated(
            petition=p,
            forwardings=p.n_forwardings,
            agencies=p.n_agencies,
            urged=p.n_urged,
            answered=p.has_result,
        )
        for p in petitions
    ]
