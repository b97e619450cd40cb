"""What the two full-text engines need around their queries and writes.

SQLite keeps FTS5 tables with external content, which `flush` does not know about;
PostgreSQL keeps GIN indexes on tsvector columns, whose planner settings and pending lists
need care at scale (decision 0015). Legal search and petition matching share all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, connections, transaction
from django.db.backends.utils import CursorWrapper


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


@contextmanager
def candidate_cursor() -> Iterator[CursorWrapper]:
    """A cursor for a candidate query: a union of one branch per term, summed by id.

    On PostgreSQL the query runs without parallel workers, without JIT and without
    sequential scans, set for this transaction only. Starting workers costs more than the
    few thousand postings a branch reads (the budget caps them): 18 → 6 ms median on the
    600-document legal bench. At 200,000 documents the plan's estimated cost passes the JIT
    thresholds, and compiling it took about 1 s of a 1.6 s query. On a small table the
    planner reads a frequent term's branch by a sequential scan, which must detoast every
    row's tsvector to test it: 19 ms a branch against 2 ms through the GIN index; on the
    600-document bench the candidate query's p90 went from 98 to 15 ms (decision 0015).
    Every branch has its GIN index, so nothing is left without a plan.

    No savepoint: inside a caller's transaction the settings simply last until it ends,
    which harms nothing, and a read needs nothing to roll back.
    """
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
                " set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)"
            )
        yield cursor


def merge_pending_postings(*indexes: str) -> None:
    """After a batch of writes: on PostgreSQL, move the GIN INDEXES' pending entries into
    the indexes proper.

    GIN collects new rows in an unsorted pending list that every search then scans from
    end to end, for each of its terms: after an import of 300 documents that doubled the
    legal candidate query's time on a 600-document database. Autovacuum merges it too, but
    only some time later. (FTS5 has no such list.)
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
