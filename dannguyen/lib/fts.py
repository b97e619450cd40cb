"""SQLite FTS5 tables with external content: what `flush` does not know about them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections


def emptied_after_flush(content_table: str, *fts_tables: str) -> Callable[..., None]:
    """A post_migrate receiver: when CONTENT_TABLE is empty, empty FTS_TABLES too.

    `flush` (tests, reset-db, emitting post_migrate) empties the model tables but not the
    FTS5 indexes built on them, whose stale rows would then point at reused ids. On
    PostgreSQL the index is a column of the table and nothing is left behind.
    """

    def receiver(using: str = "default", **kwargs: Any) -> None:
        connection = connections[using]
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
            if content_table not in tables:
                return
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {content_table})")
            if cursor.fetchone()[0]:
                return
            for table in fts_tables:
                if table in tables:
                    cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")

    return receiver
