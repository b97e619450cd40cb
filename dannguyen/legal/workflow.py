"""Import batch workflow. The only module that changes ImportBatch.status."""

from __future__ import annotations

from django.utils import timezone

from .models import ImportBatch, ImportStatus

ALLOWED: dict[str, set[str]] = {
    ImportStatus.QUEUED: {ImportStatus.RUNNING, ImportStatus.FAILED},
    ImportStatus.RUNNING: {ImportStatus.FINISHED, ImportStatus.FAILED},
    ImportStatus.FINISHED: set(),
    ImportStatus.FAILED: set(),
}


class TransitionError(Exception):
    pass


def _move(batch: ImportBatch, to: str) -> None:
    if to not in ALLOWED[batch.status]:
        raise TransitionError(f"import batch {batch.pk}: {batch.status} → {to} is not allowed")
    batch.status = to
    fields = ["status"]
    if to in {ImportStatus.FINISHED, ImportStatus.FAILED}:
        batch.finished_at = timezone.now()
        fields.append("finished_at")
    batch.save(update_fields=fields)


def start(batch: ImportBatch) -> None:
    """The background job has picked the batch up."""
    _move(batch, ImportStatus.RUNNING)


def finish(batch: ImportBatch) -> None:
    """Every file has an outcome (which may be "failed" for some)."""
    _move(batch, ImportStatus.FINISHED)


def fail(batch: ImportBatch) -> None:
    """The job itself broke down; the files done so far keep their outcome."""
    _move(batch, ImportStatus.FAILED)
