"""Background jobs of the petitions app (django-tasks, database backend)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from . import scans


@task()
def read_scans(batch_id: int) -> dict[str, Any]:
    """Read the text of a batch of scanned pages (see scans.read)."""
    return scans.read(batch_id)
