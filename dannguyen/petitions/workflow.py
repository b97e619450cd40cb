"""Petition workflow: the only module that changes `Petition.status`.

Every verb runs in one transaction with the history row it writes (`PetitionEvent`), and
keeps the derived state in step: the folded search text, the matching engine's index, the
register number. Later processing (forwarding, answers, supervision — issue #5) adds its
statuses to `models.Status` and its moves to `ALLOWED`.
"""

from __future__ import annotations

import datetime
import hashlib
import inspect
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.core import audit
from dannguyen.core.fields import cipher
from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.lib.vietnamese import fold
from dannguyen.lib.workdays import WorkCalendar

from . import deadlines, engine, identity, places
from .identity import PersonInput
from .models import (
    PROCESSED_ACTIONS,
    AgencyAnswer,
    AnswerKind,
    AttachmentKind,
    Deadline,
    DeadlineOutcome,
    DeadlineRule,
    DeadlineStep,
    DuplicateLink,
    Eligibility,
    Evaluation,
    EventAction,
    FilingReason,
    Forwarding,
    IdentityAccess,
    Kind,
    Petition,
    PetitionAttachment,
    Petitioner,
    PetitionEvent,
    PetitionSigner,
    ScanBatch,
    ScanBatchEvent,
    ScanFailure,
    ScanPage,
    ScanStatus,
    Status,
    Urging,
    Verdict,
    YearCounter,
)

logger = logging.getLogger(__name__)

S = Status
_HANDLED: tuple[str, ...] = (S.ASSIGNED, S.CLASSIFIED, S.AWAITING_SUPPLEMENT, S.FORWARDED)
_HANDLED += (S.ANSWERED, S.GUIDED, S.FILED)

# Every action, the statuses it may start from, and where it may lead from each of them.
# This table is the whole status model (decision 0016); the tests walk every cell of it.
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    # Assigning is the first step of handling; reassigning later keeps the status.
    "assign": {S.RECEIVED: frozenset({S.ASSIGNED}), **{s: frozenset({s}) for s in _HANDLED}},
    "classify": {
        S.RECEIVED: frozenset({S.CLASSIFIED}),
        S.ASSIGNED: frozenset({S.CLASSIFIED}),
        S.CLASSIFIED: frozenset({S.CLASSIFIED}),
    },
    "request_supplement": {
        S.ASSIGNED: frozenset({S.AWAITING_SUPPLEMENT}),
        S.CLASSIFIED: frozenset({S.AWAITING_SUPPLEMENT}),
    },
    # Back to where it was when the supplement was asked for.
    "receive_supplement": {S.AWAITING_SUPPLEMENT: frozenset({S.ASSIGNED, S.CLASSIFIED})},
    # Again from FORWARDED (one more agency) and ANSWERED (the answer falls short: ask the
    # higher body, NQ 228/1999 Art 3).
    "forward": {
        S.CLASSIFIED: frozenset({S.FORWARDED}),
        S.FORWARDED: frozenset({S.FORWARDED}),
        S.ANSWERED: frozenset({S.FORWARDED}),
    },
    "guide": {S.CLASSIFIED: frozenset({S.GUIDED})},
    "file": {s: frozenset({S.FILED}) for s in (S.ASSIGNED, S.CLASSIFIED, S.ANSWERED, S.GUIDED)},
    "urge": {S.FORWARDED: frozenset({S.FORWARDED})},
    # ANSWERED once every agency it went to has sent its result.
    "record_answer": {
        S.FORWARDED: frozenset({S.FORWARDED, S.ANSWERED}),
        S.ANSWERED: frozenset({S.ANSWERED}),
    },
    "evaluate": {S.ANSWERED: frozenset({S.ANSWERED})},
    "inform_citizen": {
        s: frozenset({s}) for s in (S.FORWARDED, S.ANSWERED, S.GUIDED, S.FILED, S.CLOSED)
    },
    "close": {s: frozenset({S.CLOSED}) for s in (S.ANSWERED, S.GUIDED, S.FILED)},
    "reopen": {s: frozenset({S.CLASSIFIED}) for s in (S.CLOSED, S.FILED, S.GUIDED)},
    # Only a letter classified as having several matters ("nhiều nội dung").
    "split": {S.ASSIGNED: frozenset({S.SPLIT}), S.CLASSIFIED: frozenset({S.SPLIT})},
}
# Who may take each action: the Trưởng / Phó trưởng phòng ("manager"), or also the
# specialist the petition is assigned to ("handler"). permissions.can_act reads this.
ACTION_ROLES: dict[str, str] = {
    action: ("manager" if action in ("assign", "reopen") else "handler") for action in TRANSITIONS
}
# Status → statuses it may move to, whatever the action.
ALLOWED: dict[str, set[str]] = {
    status: {t for moves in TRANSITIONS.values() for t in moves.get(status, frozenset())}
    for status in Status.values
}


# The text-recognition job of a scan batch. A failed batch may be queued again (Tesseract
# installed since, a timeout on a busy server); a batch that was read stays read.
SCAN_ALLOWED: dict[str, set[str]] = {
    ScanStatus.QUEUED: {ScanStatus.RUNNING, ScanStatus.FAILED},
    ScanStatus.RUNNING: {ScanStatus.DONE, ScanStatus.FAILED},
    ScanStatus.DONE: set(),
    ScanStatus.FAILED: {ScanStatus.QUEUED},
}
# Scans whose text can be recognised (a Word file is not a scan, whatever it is called).
READABLE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


class TransitionError(Exception):
    pass


class DuplicateError(Exception):
    pass


# ------------------------------------------------------------------------- helpers


def _event(
    petition: Petition,
    action: str,
    *,
    by: Any,
    note: str = "",
    from_status: str | None = None,
    now: datetime.datetime | None = None,
) -> PetitionEvent:
    event = PetitionEvent.objects.create(
        petition=petition,
        at=now or timezone.now(),
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=petition.status if from_status is None else from_status,
        to_status=petition.status,
        note=note[:1000],
    )
    first = petition.first_processed_at
    if action in PROCESSED_ACTIONS and (first is None or event.at < first):
        petition.first_processed_at = event.at
        # Derived from the history row just written, so not audited again.
        Petition._base_manager.filter(pk=petition.pk).update(first_processed_at=event.at)
    return event


def _joined(text: str, note: str) -> str:
    """An event's note: what the action did, then the person's own note."""
    return f"{text}. {note}".strip() if note else text


def _move(petition: Petition, to: str, *, action: str | None = None) -> str:
    """Set the status to TO if ACTION (or any action) allows it from the current one."""
    previous = petition.status
    targets = (
        TRANSITIONS[action].get(previous, frozenset())
        if action is not None
        else ALLOWED.get(previous, set())
    )
    if to not in targets:
        raise TransitionError(
            _("A petition cannot go from “%(a)s” to “%(b)s”.")
            % {"a": Status(previous).label, "b": Status(to).label}
        )
    petition.status = to
    return previous


def next_number(year: int) -> int:
    """The next register number of YEAR, without gaps or repeats even under concurrency.

    The counter row is incremented inside the caller's transaction: PostgreSQL holds the
    row lock and SQLite the database write lock (IMMEDIATE transactions) until commit, so
    two registrations never read the same value, and a registration that fails rolls its
    number back with it.
    """
    YearCounter.objects.bulk_create([YearCounter(year=year, last=0)], ignore_conflicts=True)
    YearCounter.objects.filter(year=year).update(last=F("last") + 1)
    return YearCounter.objects.values_list("last", flat=True).get(year=year)


def _secrets_of(petitioners: Iterable[Petitioner]) -> list[str]:
    values: list[str] = []
    for p in petitioners:
        values.extend([p.full_name, p.id_number, p.phone, p.street])
    return [v for v in values if v]


def refresh_search(petition: Petition) -> None:
    """Rebuild the folded search text; a protected petition keeps no name in it."""
    petitioners = [s.petitioner for s in petition.signers.select_related("petitioner")]
    content = "\n".join(p for p in (petition.summary, petition.content) if p)
    parts = [petition.code, petition.legacy_code]
    if petition.is_identity_protected:
        parts.append(identity.redact(content, _secrets_of(petitioners)))
    else:
        parts.append(content)
        parts.extend(p.full_name for p in petitioners)
    text = fold(" ".join(p for p in parts if p))
    if text != petition.search_text:
        petition.search_text = text
        # A derived key, not a change anyone made: not worth an audit entry.
        Petition._base_manager.filter(pk=petition.pk).update(search_text=text)


def _apply_person(petitioner: Petitioner, person: PersonInput) -> None:
    """Copy what was typed onto PETITIONER (newer information wins) and rehash."""
    for name in ("full_name", "id_number", "phone"):
        value = getattr(person, name)
        if value:
            setattr(petitioner, name, value)
    if person.address or person.ward:
        mapped = places.map_address(person.address) if person.address else None
        petitioner.address = person.address or petitioner.address
        petitioner.ward = person.ward or (mapped.ward if mapped else None)
        petitioner.province = (
            person.ward.parent if person.ward else (mapped.province if mapped else None)
        )
        petitioner.street = mapped.street if mapped else ""
    ward_code = petitioner.ward.code if petitioner.ward else ""
    petitioner.id_number_hash = identity.keyed_hash(
        identity.id_number_material(petitioner.id_number)
    )
    petitioner.name_hash = identity.keyed_hash(identity.name_material(petitioner.full_name))
    street = petitioner.street if ward_code else petitioner.address
    petitioner.name_address_hash = identity.keyed_hash(
        identity.name_address_material(petitioner.full_name, street, ward_code)
    )


def find_by_id_number(id_number: str) -> Petitioner | None:
    hashes = identity.lookup_hashes(identity.id_number_material(id_number))
    if not hashes:
        return None
    return Petitioner.objects.filter(id_number_hash__in=hashes).order_by("pk").first()


def _petitioner_for(person: PersonInput, reuse: dict[str, Petitioner]) -> Petitioner:
    """The register's record of PERSON: the one chosen, the one with the same identity
    number, one of the petition's current signers with the same name, or a new one."""
    petitioner = person.existing
    if petitioner is None and person.id_number:
        petitioner = find_by_id_number(person.id_number)
    if petitioner is None and person.full_name:
        petitioner = reuse.get(fold(person.full_name))
    if petitioner is None:
        petitioner = Petitioner()
    _apply_person(petitioner, person)
    petitioner.save()
    return petitioner


def _set_signers(petition: Petition, people: Sequence[PersonInput]) -> None:
    current = list(petition.signers.select_related("petitioner"))
    reuse = {fold(s.petitioner.full_name): s.petitioner for s in current}
    wanted: list[Petitioner] = []
    for person in people:
        petitioner = _petitioner_for(person, reuse)
        if petitioner.pk not in {p.pk for p in wanted}:
            wanted.append(petitioner)
    keep = {p.pk for p in wanted}
    for signer in current:
        if signer.petitioner_id not in keep:
            signer.delete()
    existing = {s.petitioner_id: s for s in current if s.petitioner_id in keep}
    for order, petitioner in enumerate(wanted):
        signer = existing.get(petitioner.pk)
        if signer is None:
            PetitionSigner.objects.create(
                petition=petition, petitioner=petitioner, order=order, is_representative=True
            )
        elif signer.order != order:
            signer.order = order
            signer.save(update_fields=["order"])


def _add_files(
    petition: Petition,
    files: Sequence[tuple[UploadedFile, str]],
    *,
    kind: str,
    by: Any,
    now: datetime.datetime,
) -> list[PetitionAttachment]:
    """Store FILES encrypted, in the order given; a file already attached (same bytes) is
    not stored twice. Returns the attachments created."""
    have = set(petition.attachments.values_list("sha256", flat=True))
    order = petition.attachments.count()
    added: list[PetitionAttachment] = []
    for upload, content_type in files:
        upload.seek(0)
        data = upload.read()
        digest = hashlib.sha256(data).hexdigest()
        if digest in have:
            continue
        have.add(digest)
        attachment = PetitionAttachment(
            petition=petition,
            kind=kind or AttachmentKind.SCAN,
            order=order,
            original_name=(upload.name or "file")[-200:],
            content_type=content_type,
            size=len(data),
            sha256=digest,
            uploaded_at=now,
            uploaded_by=by if getattr(by, "pk", None) else None,
        )
        attachment.file.save(
            f"{uuid.uuid4().hex}.enc", ContentFile(cipher().encrypt(data)), save=False
        )
        attachment.save()
        order += 1
        added.append(attachment)
    return added


def read_attachment(attachment: PetitionAttachment) -> bytes:
    """The file as received (decrypted)."""
    with attachment.file.open("rb") as stored:
        return cipher().decrypt(stored.read())


def read_answer_file(answer: AgencyAnswer) -> bytes:
    """The file of an agency's answer as received (decrypted)."""
    with answer.file.open("rb") as stored:
        return cipher().decrypt(stored.read())


# ------------------------------------------------------------------------- verbs


@transaction.atomic
def register(
    *,
    values: dict[str, Any],
    people: Sequence[PersonInput],
    by: Any,
    files: Sequence[tuple[UploadedFile, str]] = (),
    attachment_kind: str = AttachmentKind.SCAN,
    import_key: str | None = None,
    legacy_code: str = "",
    start_clocks: bool = True,
    now: datetime.datetime | None = None,
) -> Petition:
    """Enter a letter in the register under the next number of its year of receipt.

    START_CLOCKS False for letters of past years brought in by an import: their handling
    happened on paper, and their clocks would only flood the overdue lists.

    Side effects: petitioners found again (by identity number, or as chosen) or created;
    files stored encrypted; a "registered" event; the search text; the engine's index.
    """
    now = now or timezone.now()
    year = values["received_on"].year
    number = next_number(year)
    petition = Petition(
        **values,
        year=year,
        number=number,
        code=f"{year}/{number:04d}",
        status=Status.RECEIVED,
        registered_by=by if getattr(by, "pk", None) else None,
        registered_at=now,
        import_key=import_key,
        legacy_code=legacy_code,
    )
    petition.save()
    _set_signers(petition, people)
    added = _add_files(petition, files, kind=attachment_kind, by=by, now=now)
    refresh_search(petition)
    _event(petition, EventAction.REGISTERED, by=by, from_status="", now=now)
    if start_clocks:
        sync_intake_clocks(petition, today=timezone.localdate(now))
    engine.index(petition)
    _queue_reading(petition, added, by=by, now=now)
    return petition


@transaction.atomic
def update(
    petition: Petition,
    *,
    values: dict[str, Any],
    people: Sequence[PersonInput] | None,
    by: Any,
    files: Sequence[tuple[UploadedFile, str]] = (),
    attachment_kind: str = AttachmentKind.SCAN,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Correct the registration; PEOPLE None leaves the signers as they are.

    Returns the labels of what changed (also the note of the "edited" event).
    """
    now = now or timezone.now()
    # Compared with the stored row: a ModelForm has already copied VALUES onto PETITION.
    stored = Petition.objects.get(pk=petition.pk)
    changed = [
        str(getattr(Petition._meta.get_field(name), "verbose_name", name))
        for name, value in values.items()
        if getattr(stored, name) != value
    ]
    for name, value in values.items():
        setattr(petition, name, value)
    petition.save()
    if people is not None:
        before = [(s.petitioner_id, s.order) for s in petition.signers.all()]
        _set_signers(petition, people)
        if before != [(s.petitioner_id, s.order) for s in petition.signers.all()]:
            changed.append(_("signers"))
    added = _add_files(petition, files, kind=attachment_kind, by=by, now=now)
    if added:
        changed.append(_("attachments"))
    refresh_search(petition)
    if changed:
        _event(petition, EventAction.EDITED, by=by, note=", ".join(changed), now=now)
    if petition.deadlines.exists():
        # The date of receipt, the kind or the channel may have been corrected.
        sync_intake_clocks(petition, today=timezone.localdate(now))
    engine.index(petition)
    _queue_reading(petition, added, by=by, now=now)
    return changed


@transaction.atomic
def assign(
    petition: Petition,
    *,
    to: Any,
    by: Any,
    note: str = "",
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Give the petition to a specialist (Trưởng / Phó trưởng phòng)."""
    now = now or timezone.now()
    _lock(petition, version)
    targets = TRANSITIONS["assign"].get(petition.status)
    if not targets:
        raise TransitionError(refusal("assign", petition.status))
    previous = _move(petition, next(iter(targets)), action="assign")
    petition.assigned_to = to
    petition.assigned_at = now
    petition.version += 1
    petition.save(update_fields=["status", "assigned_to", "assigned_at", "version", "updated_at"])
    text = _("to %(name)s") % {"name": to.get_full_name()}
    _event(
        petition,
        EventAction.ASSIGNED,
        by=by,
        from_status=previous,
        note=_joined(text, note),
        now=now,
    )


@transaction.atomic
def classify(
    petition: Petition,
    *,
    kind: str,
    main_field: FieldOfWork,
    other_fields: Sequence[FieldOfWork] = (),
    eligibility: str,
    ineligibility_reasons: Sequence[str] = (),
    ineligibility_note: str = "",
    competence: str,
    competent_agency: Agency | None,
    procedure_stage: str,
    by: Any,
    note: str = "",
    suggested: engine.Suggestions | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Record the classification a person confirmed (whatever was suggested).

    The event note keeps what the engine had suggested beside what was confirmed, so the
    office can see how often the suggestions are right.
    """
    now = now or timezone.now()
    _lock(petition, version)
    previous = _move(petition, Status.CLASSIFIED, action="classify")
    petition.version += 1
    petition.kind = kind
    petition.main_field = main_field
    petition.eligibility = eligibility
    petition.ineligibility_reasons = list(ineligibility_reasons)
    petition.ineligibility_note = ineligibility_note
    petition.competence = competence
    petition.competent_agency = competent_agency
    petition.procedure_stage = procedure_stage
    petition.classified_at = now
    petition.classified_by = by if getattr(by, "pk", None) else None
    petition.save()
    petition.other_fields.set(other_fields)
    refresh_search(petition)
    sync_intake_clocks(petition, today=timezone.localdate(now))
    lines = [note] if note else []
    if suggested is not None:
        lines.append(_suggestion_note(suggested))
    _event(
        petition,
        EventAction.CLASSIFIED,
        by=by,
        from_status=previous,
        note=" ".join(line for line in lines if line),
        now=now,
    )


def _suggestion_note(suggested: engine.Suggestions) -> str:
    shown = []
    for task, label in (("kind", _("kind")), ("field", _("field")), ("agency", _("agency"))):
        best = suggested.best(task)
        if best is not None:
            shown.append(f"{label} “{best.label}” {best.percent}%")
    return _("Suggested: %(list)s.") % {"list": "; ".join(shown)} if shown else ""


def root_original(petition: Petition) -> Petition:
    """The first letter of a chain of duplicates."""
    seen = {petition.pk}
    current = petition
    while True:
        link = (
            DuplicateLink.objects.filter(petition=current, verdict=Verdict.DUPLICATE)
            .select_related("original")
            .first()
        )
        if link is None or link.original_id in seen:
            return current
        seen.add(link.original_id)
        current = link.original


@transaction.atomic
def link_duplicate(
    petition: Petition,
    *,
    original: Petition,
    by: Any,
    score: float | None = None,
    reasons: Sequence[str] = (),
    now: datetime.datetime | None = None,
) -> DuplicateLink:
    """PETITION repeats ORIGINAL (đơn trùng): linked to the first letter of the matter."""
    now = now or timezone.now()
    root = root_original(original)
    if root.pk == petition.pk or original.pk == petition.pk:
        raise DuplicateError(_("A petition cannot be a duplicate of itself."))
    DuplicateLink.objects.filter(petition=petition, verdict=Verdict.DUPLICATE).exclude(
        original=root
    ).delete()
    link, _created = DuplicateLink.objects.update_or_create(
        petition=petition,
        original=root,
        defaults={
            "verdict": Verdict.DUPLICATE,
            "score": score,
            "reasons": list(reasons),
            "decided_by": by if getattr(by, "pk", None) else None,
            "decided_at": now,
        },
    )
    # Letters that were duplicates of PETITION now hang off the same first letter.
    DuplicateLink.objects.filter(original=petition, verdict=Verdict.DUPLICATE).exclude(
        petition=root
    ).update(original=root)
    _event(
        petition,
        EventAction.DUPLICATE_LINKED,
        by=by,
        note=_("duplicate of %(code)s") % {"code": root.code},
        now=now,
    )
    return link


@transaction.atomic
def mark_not_duplicate(
    petition: Petition,
    *,
    original: Petition,
    by: Any,
    score: float | None = None,
    reasons: Sequence[str] = (),
    now: datetime.datetime | None = None,
) -> DuplicateLink:
    """A person looked at a suggested earlier petition and found another matter."""
    now = now or timezone.now()
    if original.pk == petition.pk:
        raise DuplicateError(_("A petition cannot be a duplicate of itself."))
    link, _created = DuplicateLink.objects.update_or_create(
        petition=petition,
        original=original,
        defaults={
            "verdict": Verdict.NOT_DUPLICATE,
            "score": score,
            "reasons": list(reasons),
            "decided_by": by if getattr(by, "pk", None) else None,
            "decided_at": now,
        },
    )
    _event(
        petition,
        EventAction.NOT_DUPLICATE,
        by=by,
        note=_("not a duplicate of %(code)s") % {"code": original.code},
        now=now,
    )
    return link


@transaction.atomic
def waive_protection(
    petition: Petition, *, by: Any, note: str, now: datetime.datetime | None = None
) -> None:
    """The denouncer disclosed their identity themselves (Luật Tố cáo Art 47(1)(a))."""
    now = now or timezone.now()
    petition.protection_waived = True
    petition.protection_waived_at = now
    petition.protection_waiver_note = note
    petition.save(
        update_fields=[
            "protection_waived",
            "protection_waived_at",
            "protection_waiver_note",
            "updated_at",
        ]
    )
    refresh_search(petition)
    _event(petition, EventAction.PROTECTION_WAIVED, by=by, note=note, now=now)


@transaction.atomic
def reveal_identity(
    petition: Petition,
    *,
    by: Any,
    reason: str,
    what: str,
    source: str = "web",
    now: datetime.datetime | None = None,
) -> IdentityAccess:
    """Log that BY saw a protected identity, and why, before it is shown."""
    access = IdentityAccess.objects.create(
        petition=petition,
        user=by,
        at=now or timezone.now(),
        reason=reason.strip()[:500],
        what=what[:300],
        source=source[:30],
    )
    audit.record_view(petition, what=what)
    return access


def rehash_petitioners(*, chunk: int = 500) -> int:
    """Store every petitioner's lookup hashes under the current key (after a key rotation)."""
    count = 0
    for petitioner in Petitioner.objects.select_related("ward").iterator(chunk_size=chunk):
        before = (petitioner.id_number_hash, petitioner.name_hash, petitioner.name_address_hash)
        _apply_person(petitioner, PersonInput())
        if before != (
            petitioner.id_number_hash,
            petitioner.name_hash,
            petitioner.name_address_hash,
        ):
            Petitioner._base_manager.filter(pk=petitioner.pk).update(
                id_number_hash=petitioner.id_number_hash,
                name_hash=petitioner.name_hash,
                name_address_hash=petitioner.name_address_hash,
            )
            count += 1
    return count


# ------------------------------------------------------------------------- scanned letters


def _scan_event(
    batch: ScanBatch,
    *,
    from_status: str,
    by: Any = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> ScanBatchEvent:
    return ScanBatchEvent.objects.create(
        batch=batch,
        at=now or timezone.now(),
        actor=by if getattr(by, "pk", None) else None,
        from_status=from_status,
        to_status=batch.status,
        note=note[:1000],
    )


def _move_scan(batch: ScanBatch, to: str) -> str:
    previous = batch.status
    if to not in SCAN_ALLOWED[previous]:
        raise TransitionError(f"scan batch {batch.pk}: {previous} → {to} is not allowed")
    batch.status = to
    return previous


def _enqueue_reading(batch_id: int) -> None:
    """Hand the batch to the background worker (after the commit that stored its files)."""
    # tasks → scans → this module: the job's body needs the verbs below.
    from .tasks import read_scans  # noqa: PLC0415

    try:
        result = read_scans.enqueue(batch_id)
    except Exception as exc:
        # The files are stored and the petition is saved: the user sees the note and may
        # try again, rather than a server error after the fact.
        logger.exception("scan batch %s could not be queued", batch_id)
        batch = ScanBatch.objects.filter(pk=batch_id).first()
        if batch is not None and batch.status == ScanStatus.QUEUED:
            fail_reading(batch, failure=ScanFailure.NOT_QUEUED, detail=repr(exc))
        return
    # The immediate backend (tests, a server without a worker) has already run the job.
    ScanBatch.objects.filter(pk=batch_id).update(task_id=str(result.id)[:64])


def _queue_reading(
    petition: Petition,
    attachments: Sequence[PetitionAttachment],
    *,
    by: Any,
    now: datetime.datetime,
) -> ScanBatch | None:
    """A batch for the new scans among ATTACHMENTS, read in the background after commit."""
    scans = [
        a for a in attachments if a.kind == AttachmentKind.SCAN and a.content_type in READABLE_TYPES
    ]
    if not scans:
        return None
    batch = ScanBatch.objects.create(
        petition=petition,
        created_by=by if getattr(by, "pk", None) else None,
        created_at=now,
    )
    PetitionAttachment.objects.filter(pk__in=[a.pk for a in scans]).update(scan_batch=batch)
    for attachment in scans:
        attachment.scan_batch = batch
    _scan_event(
        batch,
        from_status="",
        by=by,
        note=_("%(n)s files") % {"n": len(scans)},
        now=now,
    )
    transaction.on_commit(lambda: _enqueue_reading(batch.pk))
    return batch


@transaction.atomic
def add_scans(
    petition: Petition,
    *,
    files: Sequence[tuple[UploadedFile, str]],
    by: Any,
    now: datetime.datetime | None = None,
) -> ScanBatch | None:
    """Keep the scans of the letter (in page order) and queue the reading of their text."""
    now = now or timezone.now()
    added = _add_files(petition, files, kind=AttachmentKind.SCAN, by=by, now=now)
    if not added:
        return None
    _event(
        petition,
        EventAction.SCANS_ADDED,
        by=by,
        note=_("%(n)s files") % {"n": len(added)},
        now=now,
    )
    return _queue_reading(petition, added, by=by, now=now)


@transaction.atomic
def retry_reading(batch: ScanBatch, *, by: Any, now: datetime.datetime | None = None) -> None:
    """Queue a failed batch again (the pages it had are read afresh); a stalled one is
    first recorded as interrupted."""
    now = now or timezone.now()
    if batch.is_stalled(now):
        fail_reading(batch, failure=ScanFailure.INTERRUPTED, detail="stalled", now=now)
    previous = _move_scan(batch, ScanStatus.QUEUED)
    batch.failure = ""
    batch.failure_detail = ""
    batch.pages_done = 0
    batch.finished_at = None
    batch.save(update_fields=["status", "failure", "failure_detail", "pages_done", "finished_at"])
    _scan_event(batch, from_status=previous, by=by, now=now)
    transaction.on_commit(lambda: _enqueue_reading(batch.pk))


@transaction.atomic
def start_reading(batch: ScanBatch, *, now: datetime.datetime | None = None) -> None:
    """The background worker has picked the batch up."""
    now = now or timezone.now()
    previous = _move_scan(batch, ScanStatus.RUNNING)
    batch.started_at = now
    batch.save(update_fields=["status", "started_at"])
    _scan_event(batch, from_status=previous, now=now)


@dataclass(frozen=True)
class PageText:
    """What the engine read on one page."""

    page: ScanPage
    text: str
    confidence: float
    skew_degrees: float


@transaction.atomic
def finish_reading(
    batch: ScanBatch, *, pages: Sequence[PageText], now: datetime.datetime | None = None
) -> None:
    """Store every page's text with the batch's "done", in one go."""
    now = now or timezone.now()
    previous = _move_scan(batch, ScanStatus.DONE)
    for read in pages:
        page = read.page
        page.ocr_text = read.text
        page.text = read.text
        page.confidence = max(0.0, min(100.0, read.confidence))
        page.skew_degrees = read.skew_degrees
        page.save(update_fields=["ocr_text", "text", "confidence", "skew_degrees"])
    weights = [len(p.text.strip()) for p in pages]
    batch.confidence = (
        round(
            sum(max(0.0, min(100.0, p.confidence)) * w for p, w in zip(pages, weights, strict=True))
            / sum(weights),
            1,
        )
        if sum(weights)
        else 0.0
    )
    batch.pages_done = batch.pages_total
    batch.finished_at = now
    batch.save(update_fields=["status", "confidence", "pages_done", "finished_at"])
    low = sum(1 for p in pages if p.page.is_low_confidence)
    note = _("%(n)s pages, %(low)s to check") % {"n": len(pages), "low": low}
    _scan_event(batch, from_status=previous, note=note, now=now)


@transaction.atomic
def fail_reading(
    batch: ScanBatch, *, failure: str, detail: str = "", now: datetime.datetime | None = None
) -> None:
    """The batch could not be read; the petition stays as it is and the page says why."""
    now = now or timezone.now()
    previous = _move_scan(batch, ScanStatus.FAILED)
    batch.failure = ScanFailure(failure)
    batch.failure_detail = detail[:500]
    batch.finished_at = now
    batch.save(update_fields=["status", "failure", "failure_detail", "finished_at"])
    _scan_event(batch, from_status=previous, note=batch.failure_detail, now=now)


@transaction.atomic
def correct_scan_text(
    batch: ScanBatch,
    *,
    texts: Mapping[int, str],
    by: Any,
    now: datetime.datetime | None = None,
) -> list[int]:
    """Keep a person's corrections of the pages' text (TEXTS: page id → text).

    Returns the page numbers that changed. The text as read stays beside it.
    """
    now = now or timezone.now()
    changed: list[int] = []
    for page in batch.pages.filter(pk__in=list(texts)).order_by("order"):
        text = texts[page.pk]
        if text == page.text:
            continue
        page.text = text
        page.corrected_at = now
        page.corrected_by = by if getattr(by, "pk", None) else None
        page.save(update_fields=["text", "corrected_at", "corrected_by"])
        changed.append(page.order)
    if changed:
        note = _("pages corrected: %(list)s") % {"list": ", ".join(map(str, changed))}
        _scan_event(batch, from_status=batch.status, by=by, note=note, now=now)
    return changed


@transaction.atomic
def use_scan_text(
    petition: Petition,
    *,
    batch: ScanBatch,
    text: str,
    append: bool,
    by: Any,
    now: datetime.datetime | None = None,
) -> None:
    """A person confirmed that TEXT (read from BATCH, corrected) is the letter's content:
    it replaces the content, or is added below it when APPEND."""
    now = now or timezone.now()
    if batch.petition_id != petition.pk:
        raise TransitionError(f"scan batch {batch.pk} is not of petition {petition.pk}")
    text = text.strip()
    petition.content = (
        f"{petition.content.rstrip()}\n\n{text}" if append and petition.content.strip() else text
    )
    petition.save(update_fields=["content", "updated_at"])
    batch.used_at = now
    batch.used_by = by if getattr(by, "pk", None) else None
    batch.save(update_fields=["used_at", "used_by"])
    refresh_search(petition)
    note = _("added below the content") if append else _("replaced the content")
    _event(petition, EventAction.CONTENT_FROM_SCAN, by=by, note=note, now=now)
    _scan_event(batch, from_status=batch.status, by=by, note=note, now=now)
    engine.index(petition)


# ----------------------------------------------------------------- processing (issue #5)


# The files an agency's answer may come as (checked by content in forms.py).
FILE_SUFFIXES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class StaleError(TransitionError):
    """Someone else changed the petition since the form was drawn."""


def refusal(action: str, status: str) -> str:
    return _("“%(action)s” is not possible while the petition is “%(status)s”.") % {
        "action": ACTION_LABELS.get(action, action),
        "status": Status(status).label,
    }


ACTION_LABELS: dict[str, str] = {
    "assign": _("Assign"),
    "classify": _("Classify"),
    "request_supplement": _("Ask the citizen to supplement"),
    "receive_supplement": _("Supplement received"),
    "forward": _("Forward to an agency"),
    "guide": _("Answer or guide the citizen"),
    "file": _("File for monitoring"),
    "urge": _("Urge the agency"),
    "record_answer": _("Record the agency's answer"),
    "evaluate": _("Evaluate the answer"),
    "inform_citizen": _("Inform the citizen"),
    "close": _("Close"),
    "reopen": _("Reopen"),
    "split": _("Split into parts"),
}


def _lock(petition: Petition, version: int | None) -> None:
    """Lock the petition's row for the transaction and take its stored state.

    Two people acting at once queue on the row; the second then sees the first one's
    status (and is refused by the table) or, when its form carried a VERSION, is told the
    petition changed.
    """
    stored = Petition.objects.select_for_update().get(pk=petition.pk)
    if version is not None and stored.version != version:
        raise StaleError(
            _(
                "Petition %(code)s was changed by someone else meanwhile: "
                "reload the page and check before acting again."
            )
            % {"code": stored.code}
        )
    for field in Petition._meta.concrete_fields:
        setattr(petition, field.attname, getattr(stored, field.attname))


def _act(petition: Petition, action: str, to: str | None = None) -> str:
    """Move by ACTION (to TO when the action may lead to several statuses); bump the version."""
    targets = TRANSITIONS[action].get(petition.status)
    if not targets:
        raise TransitionError(refusal(action, petition.status))
    target = to if to is not None else next(iter(targets))
    previous = _move(petition, target, action=action)
    petition.version += 1
    return previous


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now)


def _check_date(on: datetime.date, *, today: datetime.date, after: datetime.date) -> None:
    """An action's date is neither in the future nor before what it follows."""
    if on > today:
        raise TransitionError(_("The date cannot be in the future."))
    if on < after:
        raise TransitionError(
            _("The date cannot be before %(day)s.") % {"day": after.strftime("%d/%m/%Y")}
        )


# -- clocks


def _rules() -> list[DeadlineRule]:
    return list(DeadlineRule.objects.all())


def _start_clock(
    petition: Petition,
    step: str,
    start: datetime.date,
    *,
    rules: Sequence[DeadlineRule],
    forwarding: Forwarding | None = None,
) -> Deadline | None:
    rule = deadlines.applicable_rule(
        rules, step=step, on=start, kind=petition.kind, channel=petition.channel
    )
    if rule is None:
        return None
    legs = deadlines.legs_of(rule.legs)
    calendar = WorkCalendar.from_db(start, deadlines.horizon(start, legs))
    return Deadline.objects.create(
        petition=petition,
        forwarding=forwarding,
        step=step,
        rule=rule,
        starts_on=start,
        due_on=deadlines.due_date(start, legs, calendar),
        basis=rule.legal_basis[:400],
    )


def _finish_clocks(
    petition: Petition,
    steps: Iterable[str],
    on: datetime.date,
    *,
    forwarding: Forwarding | None = None,
) -> None:
    clocks = Deadline.objects.filter(petition=petition, step__in=list(steps), outcome="")
    if forwarding is not None:
        clocks = clocks.filter(forwarding=forwarding)
    for clock in clocks:
        clock.done_on = max(on, clock.starts_on)
        clock.outcome = deadlines.outcome_on(clock.due_on, clock.done_on)
        clock.paused_since = None
        clock.save(update_fields=["done_on", "outcome", "paused_since"])


def _void_clocks(petition: Petition, on: datetime.date) -> None:
    for clock in Deadline.objects.filter(petition=petition, outcome=""):
        clock.done_on = max(on, clock.starts_on)
        clock.outcome = DeadlineOutcome.VOID
        clock.paused_since = None
        clock.save(update_fields=["done_on", "outcome", "paused_since"])


def sync_intake_clocks(petition: Petition, *, today: datetime.date) -> None:
    """Start the office's clocks that apply to the petition as it now stands.

    Called on registration and whenever its kind, channel or date of receipt may have
    changed: a letter classified as a denunciation gets the Luật Tố cáo clocks from its
    date of receipt, one reclassified as a complaint loses them.
    """
    if petition.status not in (
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.CLASSIFIED,
        Status.AWAITING_SUPPLEMENT,
    ):
        return
    rules = _rules()
    existing = {
        c.step: c for c in Deadline.objects.filter(petition=petition, forwarding__isnull=True)
    }
    for step in sorted(deadlines.OFFICE_STEPS):
        rule = deadlines.applicable_rule(
            rules,
            step=step,
            on=petition.received_on,
            kind=petition.kind,
            channel=petition.channel,
        )
        clock = existing.get(step)
        if clock is None:
            if rule is not None:
                _start_clock(petition, step, petition.received_on, rules=rules)
            continue
        if clock.outcome:
            continue
        if rule is None:
            clock.done_on = max(today, clock.starts_on)
            clock.outcome = DeadlineOutcome.VOID
            clock.save(update_fields=["done_on", "outcome"])
        elif clock.starts_on != petition.received_on or clock.rule_id != rule.pk:
            legs = deadlines.legs_of(rule.legs)
            start = petition.received_on
            calendar = WorkCalendar.from_db(start, deadlines.horizon(start, legs))
            clock.rule = rule
            clock.starts_on = start
            clock.due_on = deadlines.due_date(start, legs, calendar)
            clock.basis = rule.legal_basis[:400]
            clock.save(update_fields=["rule", "starts_on", "due_on", "basis"])


# -- verbs


@transaction.atomic
def request_supplement(
    petition: Petition,
    *,
    by: Any,
    note: str,
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Ask the citizen to complete the letter; the office's clocks stop meanwhile."""
    now = now or timezone.now()
    on = on or _today(now)
    _lock(petition, version)
    _check_date(on, today=_today(now), after=petition.received_on)
    previous = _act(petition, "request_supplement")
    petition.save(update_fields=["status", "version", "updated_at"])
    Deadline.objects.filter(
        petition=petition,
        step__in=deadlines.OFFICE_STEPS,
        outcome="",
        paused_since__isnull=True,
    ).update(paused_since=on)
    _event(
        petition,
        EventAction.SUPPLEMENT_REQUESTED,
        by=by,
        from_status=previous,
        note=note,
        now=now,
    )


@transaction.atomic
def receive_supplement(
    petition: Petition,
    *,
    by: Any,
    note: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """The citizen supplemented the letter: back to where it was, clocks given the days back."""
    now = now or timezone.now()
    on = on or _today(now)
    _lock(petition, version)
    asked = (
        PetitionEvent.objects.filter(petition=petition, action=EventAction.SUPPLEMENT_REQUESTED)
        .order_by("-at", "-id")
        .first()
    )
    back = asked.from_status if asked is not None else Status.CLASSIFIED
    if back not in (Status.ASSIGNED, Status.CLASSIFIED):
        back = Status.CLASSIFIED
    paused = list(
        Deadline.objects.filter(
            petition=petition, outcome="", paused_since__isnull=False
        ).select_related("rule")
    )
    since = min((c.paused_since for c in paused if c.paused_since), default=on)
    _check_date(on, today=_today(now), after=since)
    previous = _act(petition, "receive_supplement", to=back)
    petition.save(update_fields=["status", "version", "updated_at"])
    for clock in paused:
        assert clock.paused_since is not None
        unit = deadlines.legs_of(clock.rule.legs)[-1][1]
        calendar = WorkCalendar.from_db(
            clock.paused_since, on + datetime.timedelta(days=2 * (on - clock.starts_on).days + 60)
        )
        clock.due_on = deadlines.resumed_due(
            clock.due_on,
            paused_since=clock.paused_since,
            resumed_on=on,
            unit=unit,
            calendar=calendar,
        )
        clock.paused_since = None
        clock.save(update_fields=["due_on", "paused_since"])
    _event(
        petition, EventAction.SUPPLEMENT_RECEIVED, by=by, from_status=previous, note=note, now=now
    )


@transaction.atomic
def forward(
    petition: Petition,
    *,
    agencies: Sequence[Agency],
    by: Any,
    note: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> list[Forwarding]:
    """Send the petition to one or several competent agencies (chuyển đơn).

    Only an eligible petition is forwarded. Each agency gets its own forwarding and its own
    clocks (acceptance, answer), counted from the day of forwarding; the office's decision
    clocks stop that day.
    """
    now = now or timezone.now()
    on = on or _today(now)
    _lock(petition, version)
    if not agencies:
        raise TransitionError(_("Choose the agency (or agencies) to forward to."))
    if petition.status == Status.CLASSIFIED and petition.eligibility != Eligibility.ELIGIBLE:
        raise TransitionError(
            _("Only a petition classified as eligible for handling can be forwarded.")
        )
    waiting = set(
        Forwarding.objects.filter(
            petition=petition, answered_on__isnull=True, agency__in=list(agencies)
        ).values_list("agency__name", flat=True)
    )
    if waiting:
        raise TransitionError(
            _("Already forwarded to %(names)s and still waiting for the answer: urge instead.")
            % {"names": ", ".join(sorted(waiting))}
        )
    _check_date(on, today=_today(now), after=petition.received_on)
    previous = _act(petition, "forward")
    petition.save(update_fields=["status", "version", "updated_at"])
    rules = _rules()
    made = []
    for agency in dict.fromkeys(agencies):
        item = Forwarding.objects.create(
            petition=petition,
            agency=agency,
            forwarded_on=on,
            forwarded_by=by if getattr(by, "pk", None) else None,
            note=note[:500],
        )
        for step in (DeadlineStep.AGENCY_ACCEPTANCE, DeadlineStep.AGENCY_ANSWER):
            _start_clock(petition, step, on, rules=rules, forwarding=item)
        made.append(item)
    _finish_clocks(petition, deadlines.DECISION_STEPS, on)
    names = ", ".join(a.name for a in dict.fromkeys(agencies))
    text = _("to %(names)s") % {"names": names}
    _event(
        petition,
        EventAction.FORWARDED,
        by=by,
        from_status=previous,
        note=_joined(text, note),
        now=now,
    )
    return made


@transaction.atomic
def guide(
    petition: Petition,
    *,
    by: Any,
    note: str,
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Answer or guide the citizen (trả lời, hướng dẫn): where to take the matter, or why."""
    _write_to_citizen(
        petition,
        "guide",
        EventAction.GUIDED,
        [*deadlines.DECISION_STEPS, DeadlineStep.REPLY_IN_PERSON],
        without_note=_("Say how the citizen was answered or guided."),
        by=by,
        note=note,
        on=on,
        version=version,
        now=now,
    )


def _write_to_citizen(
    petition: Petition,
    action: str,
    event: str,
    steps: Sequence[str],
    *,
    without_note: str,
    by: Any,
    note: str,
    on: datetime.date | None,
    version: int | None,
    now: datetime.datetime | None,
) -> None:
    """What guiding and informing share: a note of what was written, the clocks STEPS met."""
    now = now or timezone.now()
    on = on or _today(now)
    _lock(petition, version)
    if not note.strip():
        raise TransitionError(without_note)
    _check_date(on, today=_today(now), after=petition.received_on)
    previous = _act(petition, action)
    petition.save(update_fields=["status", "version", "updated_at"])
    _finish_clocks(petition, steps, on)
    _event(petition, event, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def file(
    petition: Petition,
    *,
    reason: str,
    by: Any,
    note: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """File the petition for monitoring (lưu theo dõi) with one of the reasons of §1.5 A.5."""
    now = now or timezone.now()
    on = on or _today(now)
    _lock(petition, version)
    if reason not in FilingReason.values:
        raise TransitionError(_("Choose the reason for filing."))
    if reason == FilingReason.OTHER and not note.strip():
        raise TransitionError(_("Say why the petition is filed."))
    _check_date(on, today=_today(now), after=petition.received_on)
    previous = _act(petition, "file")
    petition.filing_reason = reason
    petition.filing_note = note[:500]
    petition.save(update_fields=["status", "version", "filing_reason", "filing_note", "updated_at"])
    _finish_clocks(petition, deadlines.DECISION_STEPS, on)
    text = str(FilingReason(reason).label)
    _event(
        petition,
        EventAction.FILED,
        by=by,
        from_status=previous,
        note=_joined(text, note),
        now=now,
    )


@transaction.atomic
def urge(
    petition: Petition,
    *,
    forwarding: Forwarding,
    by: Any,
    note: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> Urging:
    """Urge an agency that has not answered (đôn đốc); counted per forwarding."""
    now = now or timezone.now()
    on = on or _today(now)
    _lock(petition, version)
    if forwarding.petition_id != petition.pk:
        raise TransitionError(_("This forwarding belongs to another petition."))
    forwarding = Forwarding.objects.select_for_update().get(pk=forwarding.pk)
    if not forwarding.is_open:
        raise TransitionError(_("This agency has already answered."))
    _check_date(on, today=_today(now), after=forwarding.forwarded_on)
    previous = _act(petition, "urge")
    petition.save(update_fields=["status", "version", "updated_at"])
    item = Urging.objects.create(
        forwarding=forwarding,
        urged_on=on,
        urged_by=by if getattr(by, "pk", None) else None,
        note=note[:500],
    )
    forwarding.urge_count += 1
    forwarding.last_urged_on = on
    forwarding.save(update_fields=["urge_count", "last_urged_on"])
    text = _("%(agency)s, time %(n)s") % {
        "agency": forwarding.agency.name,
        "n": forwarding.urge_count,
    }
    _event(
        petition,
        EventAction.URGED,
        by=by,
        from_status=previous,
        note=_joined(text, note),
        now=now,
    )
    return item


@transaction.atomic
def record_answer(
    petition: Petition,
    *,
    forwarding: Forwarding,
    kind: str,
    number: str,
    issued_on: datetime.date,
    received_on: datetime.date,
    summary: str,
    by: Any,
    signer: str = "",
    upload: UploadedFile | None = None,
    upload_type: str = "",
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> AgencyAnswer:
    """Record an agency's written answer: a notice of acceptance or the result.

    The result closes that agency's clocks and starts the clock to inform the citizen
    (Luật TCD Art 28(2)); the petition is ANSWERED once every agency has sent its result.
    """
    now = now or timezone.now()
    _lock(petition, version)
    if forwarding.petition_id != petition.pk:
        raise TransitionError(_("This forwarding belongs to another petition."))
    if kind not in AnswerKind.values:
        raise TransitionError(_("Choose the kind of answer."))
    if not number.strip() or not summary.strip():
        raise TransitionError(_("The number and a summary of the answer are required."))
    forwarding = Forwarding.objects.select_for_update().get(pk=forwarding.pk)
    _check_date(issued_on, today=_today(now), after=forwarding.forwarded_on)
    _check_date(received_on, today=_today(now), after=issued_on)
    if kind == AnswerKind.RESULT and not forwarding.is_open:
        raise TransitionError(_("The result of this agency is already recorded."))
    if TRANSITIONS["record_answer"].get(petition.status) is None:
        raise TransitionError(refusal("record_answer", petition.status))
    answer = AgencyAnswer(
        petition=petition,
        forwarding=forwarding,
        kind=kind,
        number=number.strip()[:100],
        issued_on=issued_on,
        received_on=received_on,
        signer=signer[:200],
        summary=summary,
        recorded_by=by if getattr(by, "pk", None) else None,
        recorded_at=now,
    )
    if upload is not None:
        upload.seek(0)
        answer.file_type = upload_type
        # Encrypted like the citizen's files: a result notice names the complainant or the
        # denouncer it is addressed to.
        answer.file.save(
            f"{uuid.uuid4().hex}.enc", ContentFile(cipher().encrypt(upload.read())), save=False
        )
    answer.save()
    _finish_clocks(petition, [DeadlineStep.AGENCY_ACCEPTANCE], received_on, forwarding=forwarding)
    if kind == AnswerKind.RESULT:
        _finish_clocks(petition, [DeadlineStep.AGENCY_ANSWER], received_on, forwarding=forwarding)
        forwarding.answered_on = received_on
        forwarding.save(update_fields=["answered_on"])
        if not Deadline.objects.filter(
            petition=petition, step=DeadlineStep.INFORM_CITIZEN, outcome=""
        ).exists():
            _start_clock(petition, DeadlineStep.INFORM_CITIZEN, received_on, rules=_rules())
    still_open = Forwarding.objects.filter(petition=petition, answered_on__isnull=True).exists()
    previous = _act(
        petition, "record_answer", to=Status.FORWARDED if still_open else Status.ANSWERED
    )
    petition.save(update_fields=["status", "version", "updated_at"])
    _event(
        petition,
        EventAction.ANSWER_RECORDED,
        by=by,
        from_status=previous,
        note=_("%(agency)s, no. %(number)s of %(day)s")
        % {
            "agency": forwarding.agency.name,
            "number": answer.number,
            "day": issued_on.strftime("%d/%m/%Y"),
        },
        now=now,
    )
    return answer


@transaction.atomic
def evaluate(
    petition: Petition,
    *,
    answer: AgencyAnswer,
    result: str,
    by: Any,
    note: str = "",
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Judge an agency's result: petition justified, unjustified, or partly (§1.5 A.6)."""
    now = now or timezone.now()
    _lock(petition, version)
    if answer.petition_id != petition.pk or answer.kind != AnswerKind.RESULT:
        raise TransitionError(_("Only the result of an agency can be evaluated."))
    if result not in Evaluation.values:
        raise TransitionError(_("Choose the evaluation."))
    previous = _act(petition, "evaluate")
    petition.save(update_fields=["status", "version", "updated_at"])
    answer.evaluation = result
    answer.evaluation_note = note[:1000]
    answer.evaluated_by = by if getattr(by, "pk", None) else None
    answer.evaluated_at = now
    answer.save(update_fields=["evaluation", "evaluation_note", "evaluated_by", "evaluated_at"])
    text = f"{answer.number}: {Evaluation(result).label}"
    _event(
        petition,
        EventAction.EVALUATED,
        by=by,
        from_status=previous,
        note=_joined(text, note),
        now=now,
    )


@transaction.atomic
def inform_citizen(
    petition: Petition,
    *,
    by: Any,
    note: str,
    on: datetime.date | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Tell the citizen what became of the letter (Luật TCD Art 28)."""
    _write_to_citizen(
        petition,
        "inform_citizen",
        EventAction.CITIZEN_INFORMED,
        [DeadlineStep.INFORM_CITIZEN, DeadlineStep.REPLY_IN_PERSON],
        without_note=_("Say how and what the citizen was told."),
        by=by,
        note=note,
        on=on,
        version=version,
        now=now,
    )


@transaction.atomic
def close(
    petition: Petition,
    *,
    by: Any,
    note: str = "",
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """End the handling; clocks still running no longer apply."""
    now = now or timezone.now()
    _lock(petition, version)
    if (
        petition.status == Status.ANSWERED
        and AgencyAnswer.objects.filter(
            petition=petition, kind=AnswerKind.RESULT, evaluation=""
        ).exists()
    ):
        raise TransitionError(_("Evaluate the agencies' answers before closing."))
    previous = _act(petition, "close")
    petition.closed_at = now
    petition.save(update_fields=["status", "version", "closed_at", "updated_at"])
    _void_clocks(petition, _today(now))
    _event(petition, EventAction.CLOSED, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def reopen(
    petition: Petition,
    *,
    by: Any,
    note: str,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Take a closed, filed or guided petition up again (new facts, a wrong decision)."""
    now = now or timezone.now()
    _lock(petition, version)
    if not note.strip():
        raise TransitionError(_("Say why the petition is reopened."))
    previous = _act(petition, "reopen")
    petition.closed_at = None
    petition.filing_reason = ""
    petition.filing_note = ""
    petition.save(
        update_fields=[
            "status",
            "version",
            "closed_at",
            "filing_reason",
            "filing_note",
            "updated_at",
        ]
    )
    # The office owes a new decision: its own clock starts again from today.
    _start_clock(petition, DeadlineStep.OFFICE_PROCESSING, _today(now), rules=_rules())
    _event(petition, EventAction.REOPENED, by=by, from_status=previous, note=note, now=now)


@dataclass(frozen=True)
class PartInput:
    """One matter of a letter with several: its own summary, kind and field."""

    summary: str
    kind: str
    main_field: FieldOfWork | None = None


@transaction.atomic
def split(
    petition: Petition,
    *,
    parts: Sequence[PartInput],
    by: Any,
    note: str = "",
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> list[Petition]:
    """Split a letter with several matters; each part follows its own path.

    The parts keep the letter's number ("2026/0153-1", "2026/0153-2"), its date of receipt
    (their clocks run from it), its signers and its handler; the letter itself is SPLIT.
    """
    now = now or timezone.now()
    _lock(petition, version)
    if petition.kind != Kind.MULTIPLE:
        raise TransitionError(_("Only a petition classified as having several matters is split."))
    if len(parts) < 2:
        raise TransitionError(_("A split gives two parts or more."))
    if any(p.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.PETITION) for p in parts):
        raise TransitionError(_("Each part is a complaint, a denunciation or a recommendation."))
    if any(not p.summary.strip() for p in parts):
        raise TransitionError(_("Each part needs its summary."))
    previous = _act(petition, "split")
    petition.save(update_fields=["status", "version", "updated_at"])
    _void_clocks(petition, _today(now))
    signers = list(petition.signers.all())
    copied = [
        f.attname
        for f in Petition._meta.concrete_fields
        if f.attname
        not in {
            "id",
            "code",
            "part",
            "parent_id",
            "summary",
            "kind",
            "main_field_id",
            "status",
            "version",
            "import_key",
            "search_text",
            "is_identity_protected",
            "registered_at",
            "updated_at",
        }
    ]
    made = []
    for n, part in enumerate(parts, start=1):
        child = Petition(**{name: getattr(petition, name) for name in copied})
        child.parent = petition
        child.part = n
        child.code = f"{petition.code}-{n}"
        child.summary = part.summary.strip()[:500]
        child.kind = part.kind
        child.main_field = part.main_field
        child.status = Status.ASSIGNED if petition.assigned_to_id else Status.RECEIVED
        child.registered_at = now
        child.save()
        PetitionSigner.objects.bulk_create(
            [
                PetitionSigner(
                    petition=child,
                    petitioner_id=s.petitioner_id,
                    order=s.order,
                    is_representative=s.is_representative,
                )
                for s in signers
            ]
        )
        refresh_search(child)
        _event(
            child,
            EventAction.REGISTERED,
            by=by,
            from_status="",
            note=_("Part %(n)s of %(code)s") % {"n": n, "code": petition.code},
            now=now,
        )
        sync_intake_clocks(child, today=_today(now))
        made.append(child)
    text = _("into %(codes)s") % {"codes": ", ".join(c.code for c in made)}
    _event(
        petition,
        EventAction.SPLIT,
        by=by,
        from_status=previous,
        note=_joined(text, note),
        now=now,
    )
    return made


VERBS: dict[str, Any] = {
    "request_supplement": request_supplement,
    "receive_supplement": receive_supplement,
    "forward": forward,
    "guide": guide,
    "file": file,
    "urge": urge,
    "record_answer": record_answer,
    "evaluate": evaluate,
    "inform_citizen": inform_citizen,
    "close": close,
    "reopen": reopen,
    "split": split,
}


# The letter that goes with an action (domain.md §1.8), drafted when the form asks for it.
LETTER_ACTIONS = {
    "forward": "forwarding_slip",
    "urge": "urging_letter",
    "guide": "guidance_slip",
    "inform_citizen": "citizen_notice",
}


@transaction.atomic
def perform(petition: Petition, action: str, *, by: Any, values: Mapping[str, Any]) -> Any:
    """Run ACTION with the values a form validated (the pages and the API both come here).

    With `draft_letter` among VALUES, the action's letter is drafted in the same
    transaction, for the Trưởng / Phó trưởng phòng to approve before it is issued.
    """
    verb = VERBS[action]
    accepted = set(inspect.signature(verb).parameters) - {"petition", "by", "now"}
    result = verb(petition, by=by, **{k: v for k, v in values.items() if k in accepted})
    if values.get("draft_letter") and action in LETTER_ACTIONS:
        _draft_letters(action, petition, result, by=by)
    return result


def urging_facts(forwarding: Forwarding) -> dict[str, Any]:
    """What an urging letter cites: when the answer was due, and the letter that sent it."""
    due = (
        Deadline.objects.filter(forwarding=forwarding, step=DeadlineStep.AGENCY_ANSWER)
        .values_list("due_on", flat=True)
        .first()
    )
    sent = forwarding.letter
    reference = (
        f"{sent.number_label} ngày {sent.issued_on:%d/%m/%Y}"
        if sent is not None and sent.number and sent.issued_on
        else ""
    )
    return {"due_on": due, "reference": reference}


def _draft_letters(action: str, petition: Petition, result: Any, *, by: Any) -> None:
    # The letters app sits above this one (it renders petitions and calls this module), so
    # it is imported here, when an action asks for its letter.
    from dannguyen.correspondence import services as letters  # noqa: PLC0415 -- see above

    kind = LETTER_ACTIONS[action]
    reason = _("Drafting the letter to the citizen (%(action)s)") % {
        "action": ACTION_LABELS[action]
    }
    if action == "forward":
        for forwarding in result:
            letter = letters.draft_letter(
                kind=kind, by=by, petition=petition, recipient_agency=forwarding.agency
            )
            Forwarding.objects.filter(pk=forwarding.pk).update(letter=letter)
    elif action == "urge":
        forwarding = result.forwarding
        letter = letters.draft_letter(
            kind=kind,
            by=by,
            petition=petition,
            recipient_agency=forwarding.agency,
            extra=urging_facts(forwarding),
        )
        Urging.objects.filter(pk=result.pk).update(letter=letter)
    else:
        letters.draft_letter(kind=kind, by=by, petition=petition, reveal_reason=reason)
