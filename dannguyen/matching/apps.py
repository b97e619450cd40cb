from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _empty_fts_after_flush(using: str = "default", **kwargs: Any) -> None:
    """`flush` (tests, reset-db) empties matching_item but not the FTS5 index built on it,
    whose stale rows would then point at reused ids: when no item is left, empty it too.
    (flush emits post_migrate; on PostgreSQL the index is a column of the table.)"""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "matching_item_fts" not in tables or "matching_item" not in tables:
            return
        cursor.execute("SELECT EXISTS (SELECT 1 FROM matching_item)")
        if not cursor.fetchone()[0]:
            cursor.execute(
                "INSERT INTO matching_item_fts (matching_item_fts) VALUES ('delete-all')"
            )


class MatchingConfig(AppConfig):
    name = "dannguyen.matching"
    label = "matching"
    verbose_name = _("Text matching and suggestions")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # Rules are reference data the office may edit; the index tables are derived
        # (rebuilt from the callers' records) and are not audited.
        audit.register(models.Rule, exclude={"phrase_key"})
        post_migrate.connect(_empty_fts_after_flush, sender=self)
