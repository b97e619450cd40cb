"""Classification of consolidated petitions: lĩnh vực, level of competence and competent
agency (domain.md §3.4), suggested with their reasons and confirmed by staff.

Suggestions come from the matching engine's learnable tasks "voter-field",
"voter-competence" and "voter-agency". They learn from the office's confirmed data: the
voters' petitions staff classified, and — for the field and the agency, which are the same
lists — the letters classified in the petition register. Nothing is applied without a
person: `classify` records what was suggested beside what was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.matching import services as matching
from dannguyen.petitions import engine as petition_engine

from .groups import _lock, _locked_petitions, _texts
from .models import Competence, EventAction, Opinion, PetitionStatus, VoterPetition
from .workflow import WorkflowError, event, mark_classified

FIELD_TASK = "voter-field"
LEVEL_TASK = "voter-competence"
AGENCY_TASK = "voter-agency"
TASKS = (FIELD_TASK, LEVEL_TASK, AGENCY_TASK)


@dataclass(frozen=True)
class Line:
    value: str
    label: str
    confidence: float
    reasons: list[str]

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


@dataclass(frozen=True)
class Suggestions:
    field: list[Line]
    competence: list[Line]
    agency: list[Line]


def text_of(petition: VoterPetition) -> str:
    ids = Opinion.objects.filter(group=petition).values_list("pk", flat=True)
    return "\n".join([petition.title, *_texts(set(ids))])


def suggest(petition: VoterPetition, *, limit: int = 3) -> Suggestions:
    text = text_of(petition)
    fields_hit = matching.suggest(namespace=FIELD_TASK, text=text, limit=limit)
    fields = FieldOfWork.objects.filter(
        code__in=[s.label for s in fields_hit], is_active=True
    ).in_bulk(field_name="code")
    levels_hit = matching.suggest(namespace=LEVEL_TASK, text=text, limit=limit)
    agencies_hit = [
        s
        for s in matching.suggest(namespace=AGENCY_TASK, text=text, limit=limit)
        if s.label.isdigit()
    ]
    agencies = Agency.objects.filter(
        pk__in=[int(s.label) for s in agencies_hit], is_active=True
    ).in_bulk()
    return Suggestions(
        field=[
            Line(s.label, fields[s.label].name, s.confidence, list(s.reasons))
            for s in fields_hit
            if s.label in fields
        ],
        competence=[
            Line(s.label, str(Competence(s.label).label), s.confidence, list(s.reasons))
            for s in levels_hit
            if s.label in Competence.values
        ],
        agency=[
            Line(s.label, agencies[int(s.label)].name, s.confidence, list(s.reasons))
            for s in agencies_hit
            if int(s.label) in agencies
        ],
    )


def _suggestion_note(suggested: Suggestions | None) -> str:
    if suggested is None:
        return ""
    parts = []
    for name, lines in (
        (_("field"), suggested.field),
        (_("level"), suggested.competence),
        (_("agency"), suggested.agency),
    ):
        if lines:
            parts.append(f"{name}: {lines[0].label} ({lines[0].percent}%)")
    return _("Suggested: %(list)s") % {"list": "; ".join(parts)} if parts else ""


@transaction.atomic
def classify(
    petition: VoterPetition,
    *,
    field: FieldOfWork,
    competence: str,
    agency: Agency | None,
    by: Any,
    suggested: Suggestions | None = None,
    version: int | None = None,
) -> VoterPetition:
    """Record the classification staff confirmed; the petition is staff's from now on."""
    if competence not in Competence.values:
        raise WorkflowError(_("Choose the level of competence."), "competence")
    if agency is not None and agency.level != competence:
        raise WorkflowError(
            _("The competent agency must be of the level of competence chosen."), "agency"
        )
    _lock(petition.session, version)
    stored = _locked_petitions(petition.session, [petition.pk])[petition.pk]
    previous = stored.status
    mark_classified(stored, field=field, competence=competence, agency=agency)
    stored.save()
    event(
        stored.session,
        EventAction.CLASSIFIED,
        by=by,
        petition=stored,
        from_status=previous,
        to_status=stored.status,
        note=_suggestion_note(suggested),
        details={
            "field": field.code,
            "competence": competence,
            "agency": agency.pk if agency else None,
        },
    )
    transaction.on_commit(retrain)
    return stored


def confirmed_examples(task: str) -> Iterator[tuple[str, str]]:
    """(text, label) pairs confirmed by staff, voters' petitions then registered letters."""
    classified = VoterPetition.objects.filter(status=PetitionStatus.CLASSIFIED).order_by("pk")
    column = {FIELD_TASK: "field__code", LEVEL_TASK: "competence", AGENCY_TASK: "agency_id"}[task]
    rows = list(
        classified.exclude(**{f"{column}__isnull": True}).values_list("pk", "title", column)
    )
    texts: dict[int, list[str]] = {}
    for group, content in (
        Opinion.objects.filter(group__in=[pk for pk, _t, _l in rows])
        .order_by("pk")
        .values_list("group_id", "content")
    ):
        texts.setdefault(group, []).append(content)
    for pk, title, label in rows:
        if label not in (None, ""):
            yield "\n".join([title, *texts.get(pk, [])]), str(label)
    shared: Iterable[tuple[str, str]] = ()
    if task == FIELD_TASK:
        shared = petition_engine.confirmed_examples(petition_engine.FIELD_TASK)
    elif task == AGENCY_TASK:
        shared = petition_engine.confirmed_examples(petition_engine.AGENCY_TASK)
    yield from shared


def retrain() -> dict[str, matching.LearnReport]:
    return {
        task: matching.learn(namespace=task, examples=confirmed_examples(task)) for task in TASKS
    }
