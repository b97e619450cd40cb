"""A report costs a bounded number of queries, whatever the number of letters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dannguyen.reports import layouts, queries
from dannguyen.reports.reference_data import shipped_layouts

from .conftest import Q3, d

pytestmark = pytest.mark.django_db

CODES = sorted({doc["code"] for doc in shipped_layouts()})
# One query per source a layout uses (at most four), the lĩnh vực tree, the group labels.
MAX_QUERIES = 7


def _count(code: str) -> int:
    layout = layouts.in_force(code, Q3.end)
    with CaptureQueriesContext(connection) as captured:
        queries.build(layout, Q3)
    return len(captured.captured_queries)


@pytest.mark.parametrize("code", CODES)
def test_each_report_is_a_few_grouped_queries(world, code, django_assert_max_num_queries):
    layout = layouts.in_force(code, Q3.end)
    with django_assert_max_num_queries(MAX_QUERIES):
        queries.build(layout, Q3)


def test_more_letters_do_not_mean_more_queries(world):
    before = {code: _count(code) for code in CODES}
    for index in range(12):
        world.letter(f"X{index}", d(8, 1 + index), kind="complaint", place=world.ward)
        world.classify(f"X{index}", d(8, 2 + index), field="HC-CC", agency=world.inspectorate)
    after = {code: _count(code) for code in CODES}
    assert after == before
    assert queries.build(layouts.in_force("4E", Q3.end), Q3).total.values["1"] == 16
