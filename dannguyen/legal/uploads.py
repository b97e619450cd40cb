"""Files uploaded for import wait in a private folder until the background job reads them."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import ImportBatch
from .tasks import run_import


def _target(folder: Path, name: str) -> Path:
    # Keep the user's file name (a manifest refers to it), never let it choose a directory.
    base = Path(name.replace("\\", "/")).name.replace("\x00", "")[:150] or "file"
    if base.startswith((".", "_manifest.")):
        base = f"file{base}"
    target, n = folder / base, 1
    while target.exists():
        n += 1
        target = folder / f"{Path(base).stem}-{n}{Path(base).suffix}"
    return target


def start_batch(*, files: list[Any], manifest: Any, source_name: str, by: Any) -> ImportBatch:
    """Store the uploads and queue the import; returns the batch whose page shows progress."""
    folder = Path(settings.MEDIA_ROOT) / "legal_uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    for upload in files:
        with _target(folder, upload.name).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    if manifest is not None:
        suffix = ".csv" if manifest.name.lower().endswith(".csv") else ".json"
        with (folder / f"_manifest{suffix}").open("wb") as out:
            for chunk in manifest.chunks():
                out.write(chunk)
    batch = ImportBatch.objects.create(
        created_by=by, source_name=source_name, total=len(files), upload_dir=str(folder)
    )
    transaction.on_commit(lambda: run_import.enqueue(batch.pk))
    return batch
