"""Background jobs of the legal app (django-tasks, database backend)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django_tasks import task

from dannguyen.core import audit

from . import importing, workflow
from .models import ImportBatch, ImportItem, Source
from .parsing import read_manifest
from .parsing.records import ManifestError


@task()
def run_import(batch_id: int) -> dict[str, int]:
    """Import the files uploaded for BATCH_ID, updating its progress after each file."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    folder = Path(batch.upload_dir)
    workflow.start(batch)
    overrides = {}
    manifests = sorted(folder.glob("_manifest.*"))
    if manifests:
        try:
            overrides = read_manifest(manifests[0])
        except (ManifestError, OSError) as exc:
            ImportItem.objects.create(
                batch=batch, file_name=manifests[0].name, outcome="failed", errors=[str(exc)]
            )
    paths = [p for p in importing.collect_files(folder) if not p.name.startswith("_manifest.")]

    def progress(outcome: importing.Outcome, index: int, total: int) -> None:
        ImportItem.objects.create(
            batch=batch,
            file_name=outcome.file,
            outcome=outcome.result,
            document=outcome.document,
            errors=outcome.errors,
        )
        setattr(batch, outcome.result, getattr(batch, outcome.result) + 1)
        batch.done = index
        batch.save(update_fields=["done", outcome.result])

    try:
        with audit.acting_as(batch.created_by, source=f"import:{batch.pk}"):
            result = importing.import_paths(
                paths,
                overrides=overrides,
                source=Source.FILE_IMPORT,
                base=folder,
                on_progress=progress,
                keep_files=True,
            )
        workflow.finish(batch)
    except Exception:
        workflow.fail(batch)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result.counts()
