"""Readings of PostgreSQL's storage for tests (pgstattuple, which ships with PostgreSQL)."""

from __future__ import annotations

from django.db import connection


def gin_pending_tuples(index: str) -> int:
    """Entries waiting in INDEX's pending list, which every search scans whole."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        cursor.execute("SELECT pending_tuples FROM pgstatginindex(%s::regclass)", [index])
        return int(cursor.fetchone()[0])
