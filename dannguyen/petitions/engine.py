"""The petitions' use of the matching engine: duplicate candidates and classification
suggestions, filtered so that they never leak a protected identity.

The engine matches on content and on "the same person" (keyed hashes of identity number,
name and address, phone). A same-person match with a protected denunciation would tell the
reader who wrote it, so:

* a petition whose identity is protected is compared on content only;
* an earlier protected petition is scored on content only, whatever the new letter says
  about its author, so it appears only when its matter is the same.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.matching import services as matching

from .models import DuplicateLink, Kind, Petition, PetitionSigner, Verdict

NAMESPACE = "petitions"
KIND_TASK = "petition-kind"
FIELD_TASK = "petition-field"
AGENCY_TASK = "petition-agency"


@dataclass(frozen=True)
class Candidate:
    petition: Petition
    score: float
    reasons: list[str]
    same_person: bool
    likely_duplicate: bool

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class SuggestionLine:
    value: str
    label: str
    confidence: float
    reasons: list[str]
    obj: Any = None

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


@dataclass(frozen=True)
class Suggestions:
    kind: list[SuggestionLine]
    field: list[SuggestionLine]
    agency: list[SuggestionLine]

    def best(self, task: str) -> SuggestionLine | None:
        lines: list[SuggestionLine] = getattr(self, task)
        return lines[0] if lines else None


def text_of(petition: Petition) -> str:
    return "\n".join(p for p in (petition.summary, petition.content) if p)


def person(full_name: str = "", id_number: str = "", address: str = "", phone: str = "") -> Any:
    return matching.Person(full_name=full_name, id_number=id_number, address=address, phone=phone)


def people_of(petition: Petition) -> list[Any]:
    signers: Iterable[PetitionSigner] = petition.signers.all()
    return [
        person(
            s.petitioner.full_name,
            s.petitioner.id_number,
            s.petitioner.address,
            s.petitioner.phone,
        )
        for s in signers
    ]


def index(petition: Petition) -> None:
    """(Re)index one petition; the engine hashes identities itself, protected or not."""
    matching.index_item(
        namespace=NAMESPACE,
        key=petition.pk,
        text=text_of(petition),
        people=people_of(petition),
        on=petition.received_on,
    )


def candidates(
    *,
    text: str,
    people: Sequence[Any] = (),
    visible: Any,
    exclude: Collection[int] = (),
    limit: int = 5,
) -> list[Candidate]:
    """Earlier petitions among VISIBLE (a queryset) that may be the same matter, best first."""
    if not text.strip() and not people:
        return []
    wanted = limit + 5
    content_only = {
        m.key: m
        for m in matching.find_similar(
            namespace=NAMESPACE, text=text, exclude=exclude, limit=wanted
        )
    }
    with_people = (
        {
            m.key: m
            for m in matching.find_similar(
                namespace=NAMESPACE, text=text, people=people, exclude=exclude, limit=wanted
            )
        }
        if people
        else {}
    )
    keys = set(content_only) | set(with_people)
    petitions = {
        p.pk: p
        for p in visible.filter(pk__in=keys)
        .select_related("main_field")
        .prefetch_related(
            Prefetch(
                "duplicate_decisions",
                queryset=DuplicateLink.objects.filter(verdict=Verdict.DUPLICATE).select_related(
                    "original"
                ),
                to_attr="duplicate_of",
            )
        )
    }
    found: list[Candidate] = []
    for key in keys:
        petition = petitions.get(key)
        if petition is None:
            continue
        match = content_only.get(key)
        if not petition.is_identity_protected and key in with_people:
            match = with_people[key]
        if match is None:
            continue
        found.append(
            Candidate(
                petition=petition,
                score=match.score,
                reasons=list(match.reasons),
                same_person=match.same_person,
                likely_duplicate=match.likely_duplicate,
            )
        )
    found.sort(key=lambda c: (-c.score, -c.petition.pk))
    return found[:limit]


def _lines(task: str, text: str, limit: int) -> list[matching.Suggestion]:
    if not text.strip():
        return []
    return matching.suggest(namespace=task, text=text, limit=limit)


def suggest(text: str, *, limit: int = 3) -> Suggestions:
    """Suggested kind, main field and competent agency for TEXT; applied by nobody."""
    kinds = [
        SuggestionLine(s.label, str(Kind(s.label).label), s.confidence, list(s.reasons))
        for s in _lines(KIND_TASK, text, limit)
        if s.label in Kind.values
    ]
    field_hits = _lines(FIELD_TASK, text, limit)
    fields = FieldOfWork.objects.filter(
        code__in=[s.label for s in field_hits], is_active=True
    ).in_bulk(field_name="code")
    field_lines = [
        SuggestionLine(
            s.label, fields[s.label].name, s.confidence, list(s.reasons), fields[s.label]
        )
        for s in field_hits
        if s.label in fields
    ]
    agency_hits = [s for s in _lines(AGENCY_TASK, text, limit) if s.label.isdigit()]
    agencies = Agency.objects.filter(
        pk__in=[int(s.label) for s in agency_hits], is_active=True
    ).in_bulk()
    agency_lines = [
        SuggestionLine(
            s.label,
            agencies[int(s.label)].name,
            s.confidence,
            list(s.reasons),
            agencies[int(s.label)],
        )
        for s in agency_hits
        if int(s.label) in agencies
    ]
    return Suggestions(kind=kinds, field=field_lines, agency=agency_lines)


def confirmed_examples(task: str) -> Iterable[tuple[str, str]]:
    """(text, label) pairs a person confirmed through classification, oldest first."""
    classified = Petition.objects.exclude(classified_at__isnull=True).order_by("pk")
    if task == KIND_TASK:
        rows = classified.exclude(kind="").values_list("summary", "content", "kind")
    elif task == FIELD_TASK:
        rows = classified.exclude(main_field__isnull=True).values_list(
            "summary", "content", "main_field__code"
        )
    elif task == AGENCY_TASK:
        rows = classified.exclude(competent_agency__isnull=True).values_list(
            "summary", "content", "competent_agency_id"
        )
    else:
        raise ValueError(task)
    for summary, content, label in rows.iterator(chunk_size=500):
        yield "\n".join(p for p in (summary, content) if p), str(label)


def retrain() -> dict[str, Any]:
    """Feed every confirmed classification to the engine; returns its report per task."""
    return {
        task: matching.learn(namespace=task, examples=confirmed_examples(task))
        for task in (KIND_TASK, FIELD_TASK, AGENCY_TASK)
    }


def reindex_all(*, chunk: int = 500) -> int:
    """Index every petition again (after an import, or a change of the field key)."""
    count = 0
    petitions = Petition.objects.prefetch_related("signers__petitioner").order_by("pk")
    for petition in petitions.iterator(chunk_size=chunk):
        index(petition)
        count += 1
    return count
