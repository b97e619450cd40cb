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
def test_a_candidate_query_runs_without_jit_or_parallel_workers_and_leaves_them_after() -> None:
    before = (_setting("jit"), _setting("max_parallel_workers_per_gather"))
    with fts.candidate_cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')"
        )
        assert cursor.fetchone() == ("off", "0")
    assert (_setting("jit"), _setting("max_parallel_workers_per_gather")) == before


@pytest.mark.django_db
def test_a_candidate_cursor_adds_at_most_one_statement(django_assert_num_queries: Any) -> None:
    # Pages that search bound their query counts; the settings must not cost a savepoint.
    extra = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(1 + extra), fts.candidate_cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
