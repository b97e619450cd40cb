"""Django's `flush`, able to empty the append-only audit table.

Emptying a whole database (test teardown, `make reset-db`) is not an edit of history, but
the SQLite triggers cannot tell the two apart, so they are lifted for the flush alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.commands import flush
from django.db import connections

guard = import_module("dannguyen.core.migrations.0002_audit_append_only")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        tables = connection.introspection.table_names()
        if "core_auditentry" not in tables:
            super().handle(**options)
            return
        with connection.cursor() as cursor:
            for sql in guard.statements("sqlite", up=False):
                cursor.execute(sql)
        try:
            super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for sql in guard.statements("sqlite", up=True):
                    cursor.execute(sql)
