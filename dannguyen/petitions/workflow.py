"""Petition workflow: the only module that changes `Petition.status`.

Every verb runs in one transaction with the history row it writes (`PetitionEvent`), and
keeps the derived state in step: the folded search text, the matching engine's index, the
register number. Later processing (forwarding, answers, supervision — issue #5) adds its
statuses to `models.Status` and its moves to `ALLOWED`.
"""

from __future__ import annotations

import datetime
import hashlib
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

from . import engine, identity, places
from .identity import PersonInput
from .models import (
    AttachmentKind,
    DuplicateLink,
    EventAction,
    IdentityAccess,
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
    Verdict,
    YearCounter,
)

logger = logging.getLogger(__name__)

ALLOWED: dict[str, set[str]] = {
    Status.RECEIVED: {Status.ASSIGNED, Status.CLASSIFIED},
    # Reassigning and reclassifying keep the status; the event records the change.
    Status.ASSIGNED: {Status.ASSIGNED, Status.CLASSIFIED},
    Status.CLASSIFIED: {Status.CLASSIFIED},
}
# Where assign() leads from each status: assignment is the first step of handling, a later
# reassignment does not undo the classification already made.
AFTER_ASSIGNMENT: dict[str, str] = {
    Status.RECEIVED: Status.ASSIGNED,
    Status.ASSIGNED: Status.ASSIGNED,
    Status.CLASSIFIED: Status.CLASSIFIED,
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
    return PetitionEvent.objects.create(
        petition=petition,
        at=now or timezone.now(),
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=petition.status if from_status is None else from_status,
        to_status=petition.status,
        note=note[:1000],
    )


def _move(petition: Petition, to: str) -> str:
    previous = petition.status
    if to not in ALLOWED.get(previous, set()):
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
    now: datetime.datetime | None = None,
) -> Petition:
    """Enter a letter in the register under the next number of its year of receipt.

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
    engine.index(petition)
    _queue_reading(petition, added, by=by, now=now)
    return changed


@transaction.atomic
def assign(
    petition: Petition, *, to: Any, by: Any, note: str = "", now: datetime.datetime | None = None
) -> None:
    """Give the petition to a specialist (Trưởng / Phó trưởng phòng)."""
    now = now or timezone.now()
    previous = _move(petition, AFTER_ASSIGNMENT[petition.status])
    petition.assigned_to = to
    petition.assigned_at = now
    petition.save(update_fields=["status", "assigned_to", "assigned_at", "updated_at"])
    text = _("to %(name)s") % {"name": to.get_full_name()}
    _event(
        petition,
        EventAction.ASSIGNED,
        by=by,
        from_status=previous,
        note=f"{text}. {note}".strip() if note else text,
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
    now: datetime.datetime | None = None,
) -> None:
    """Record the classification a person confirmed (whatever was suggested).

    The event note keeps what the engine had suggested beside what was confirmed, so the
    office can see how often the suggestions are right.
    """
    now = now or timezone.now()
    previous = _move(petition, Status.CLASSIFIED)
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
