"""The planner settings of a candidate query stay with that query's transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from dannguyen.lib import fts

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return str(cursor.fetchone()[0])


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_candidate_query_runs_without_jit_workers_or_seqscans_and_leaves_them_after() -> None:
    names = ("jit", "max_parallel_workers_per_gather", "enable_seqscan")
    with connection.cursor() as cursor:  # PostgreSQL's defaults, whatever the server's are
        cursor.execute(
            "SET jit = on; SET max_parallel_workers_per_gather = 2; SET enable_seqscan = on"
        )
    before = tuple(_setting(name) for name in names)
    assert before == ("on", "2", "on")
    with fts.candidate_cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))
        assert cursor.fetchone() == ("off", "0", "off")
    assert tuple(_setting(name) for name in names) == before


@pytest.mark.django_db
def test_a_candidate_cursor_adds_at_most_one_statement(django_assert_num_queries: Any) -> None:
    # Pages that search bound their query counts; the settings must not cost a savepoint.
    extra = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(1 + extra), fts.candidate_cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
