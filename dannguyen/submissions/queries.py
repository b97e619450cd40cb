"""What a citizen may see of their petition: public stages, dated, and nothing else.

Built from the petition's status and from the dated facts the citizen is owed (Luật Tố cáo
Art 9(1): being told of acceptance, forwarding and the outcome): the agencies it went to
and when they answered. Never the events' notes, the staff who acted, the classification's
details or any other petition: those are the office's working papers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dannguyen.petitions.models import (
    AgencyAnswer,
    AnswerKind,
    Eligibility,
    EventAction,
    FilingReason,
    Forwarding,
    IneligibilityReason,
    Kind,
    Petition,
    Status,
    Urging,
)


class Stage(models.TextChoices):
    """Where a petition stands, in the citizen's words (one per group of statuses)."""

    RECEIVED = "received", pgettext_lazy("public stage", "Received by the office")
    EXAMINED = "examined", pgettext_lazy("public stage", "Being examined and classified")
    SUPPLEMENT = "supplement", pgettext_lazy("public stage", "Waiting for more information")
    FORWARDED = "forwarded", pgettext_lazy("public stage", "Forwarded to the competent agency")
    ANSWERED = "answered", pgettext_lazy("public stage", "The competent agency has answered")
    GUIDED = "guided", pgettext_lazy("public stage", "Answered or guided by the office")
    FILED = "filed", pgettext_lazy("public stage", "Kept on file, not handled further")
    CLOSED = "closed", pgettext_lazy("public stage", "Closed")
    SPLIT = "split", pgettext_lazy("public stage", "Separated into several matters")


STAGE_OF_STATUS: dict[str, str] = {
    Status.RECEIVED: Stage.RECEIVED,
    Status.ASSIGNED: Stage.EXAMINED,
    Status.CLASSIFIED: Stage.EXAMINED,
    Status.AWAITING_SUPPLEMENT: Stage.SUPPLEMENT,
    Status.FORWARDED: Stage.FORWARDED,
    Status.ANSWERED: Stage.ANSWERED,
    Status.GUIDED: Stage.GUIDED,
    Status.FILED: Stage.FILED,
    Status.CLOSED: Stage.CLOSED,
    Status.SPLIT: Stage.SPLIT,
}

# The events a citizen is told of, in their words. Forwarding, urging and answers are
# read from their own rows instead, which name the agency; everything else (edits,
# assignments to a named specialist, duplicate decisions, scans) is the office's own.
_PUBLIC_EVENTS: dict[str, object] = {
    EventAction.REGISTERED: gettext_lazy("Your petition was received and registered."),
    EventAction.CLASSIFIED: gettext_lazy("The office examined and classified your petition."),
    EventAction.SUPPLEMENT_REQUESTED: gettext_lazy("The office asked you for more information."),
    EventAction.SUPPLEMENT_RECEIVED: gettext_lazy("The additional information was received."),
    EventAction.GUIDED: gettext_lazy("The office answered you or guided you in writing."),
    EventAction.FILED: gettext_lazy("The petition was kept on file, not handled further."),
    EventAction.CITIZEN_INFORMED: gettext_lazy("The office informed you of the result."),
    EventAction.CLOSED: gettext_lazy("The handling of the petition was closed."),
    EventAction.REOPENED: gettext_lazy("The petition is being examined again."),
    EventAction.SPLIT: gettext_lazy(
        "The petition was separated into several matters, each handled on its own."
    ),
}
_EARLY_EVENTS = frozenset(
    {
        EventAction.REGISTERED,
        EventAction.CLASSIFIED,
        EventAction.SUPPLEMENT_REQUESTED,
        EventAction.SUPPLEMENT_RECEIVED,
    }
)
# Shown with the stage (never the staff's own wording of them).
_ELIGIBILITY_STAGES = (Stage.FILED, Stage.CLOSED, Stage.GUIDED)


@dataclass(frozen=True)
class Step:
    on: datetime.date
    text: str


@dataclass(frozen=True)
class Progress:
    register_code: str
    received_on: datetime.date
    kind: str
    stage: str
    stage_label: str
    details: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


def _steps(petition: Petition) -> list[tuple[datetime.date, int, str]]:
    rows: list[tuple[datetime.date, int, str]] = []
    events = list(
        petition.events.filter(action__in=list(_PUBLIC_EVENTS)).values_list("at", "action")
    )
    base = len(events)
    for order, (at, action) in enumerate(events):
        # On one day, the outcome comes after the agencies' dates it follows from.
        rank = order if action in _EARLY_EVENTS else base + 3 + order
        rows.append((timezone.localdate(at), rank, str(_PUBLIC_EVENTS[action])))
    forwardings = Forwarding.objects.filter(petition=petition).select_related("agency")
    for forwarding in forwardings:
        text = _("Forwarded to %(agency)s for resolution.") % {"agency": forwarding.agency.name}
        rows.append((forwarding.forwarded_on, base, text))
    urgings = Urging.objects.filter(forwarding__petition=petition).select_related(
        "forwarding__agency"
    )
    for urging in urgings:
        text = _("The office urged %(agency)s to answer.") % {
            "agency": urging.forwarding.agency.name
        }
        rows.append((urging.urged_on, base + 1, text))
    answers = AgencyAnswer.objects.filter(petition=petition).select_related("forwarding__agency")
    for answer in answers:
        template = (
            _("%(agency)s accepted the matter for resolution.")
            if answer.kind == AnswerKind.ACCEPTANCE
            else _("%(agency)s sent the result of its resolution.")
        )
        text = template % {"agency": answer.forwarding.agency.name}
        rows.append((answer.received_on, base + 2, text))
    return rows


def _details(petition: Petition, stage: str) -> list[str]:
    details: list[str] = []
    if stage == Stage.FORWARDED:
        names = Forwarding.objects.filter(petition=petition, answered_on__isnull=True)
        agencies = sorted({f.agency.name for f in names.select_related("agency")})
        if agencies:
            text = _("Waiting for the answer of: %(agencies)s.")
            details.append(text % {"agencies": ", ".join(agencies)})
    if stage in _ELIGIBILITY_STAGES and petition.eligibility == Eligibility.INELIGIBLE:
        reasons = [
            str(IneligibilityReason(r).label)
            for r in petition.ineligibility_reasons
            if r in IneligibilityReason.values
        ]
        if reasons:
            text = _("Not eligible for handling: %(reasons)s.")
            details.append(text % {"reasons": "; ".join(reasons)})
    if stage == Stage.FILED and petition.filing_reason in FilingReason.values:
        details.append(
            _("Reason: %(reason)s.") % {"reason": FilingReason(petition.filing_reason).label}
        )
    return details


def progress(petition: Petition) -> Progress:
    stage = STAGE_OF_STATUS.get(petition.status, Stage.EXAMINED)
    steps = [Step(on, text) for on, _order, text in sorted(_steps(petition), key=lambda r: r[:2])]
    return Progress(
        register_code=petition.code,
        received_on=petition.received_on,
        kind=str(Kind(petition.kind).label) if petition.kind in Kind.values else "",
        stage=stage,
        stage_label=str(Stage(stage).label),
        details=_details(petition, stage),
        steps=steps,
    )
