"""Batches and rebuilds write the same index as importing documents one at a time."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from dannguyen.legal import importing, ranking, search
from dannguyen.legal.models import LegalDocument, SearchEntry, SearchTerm, SearchTotals
from dannguyen.tests.postgres import gin_pending_tuples

from .conftest import DECREE, LAW, write

pytestmark = pytest.mark.django_db

EDITED_LAW = LAW.replace("90 ngày", "120 ngày thuộc thẩm quyền")


def index_state() -> tuple[dict[str, tuple[int, int]], tuple[int, int, int], list[tuple]]:
    terms = {t.term: (t.df, t.heading_df) for t in SearchTerm.objects.filter(df__gt=0)}
    totals = SearchTotals.objects.get(pk=1)
    entries = sorted(
        SearchEntry.objects.values_list(
            "document__number_key", "provision__number", "heading_terms", "body_terms"
        ),
        key=lambda row: (row[0], row[1] or ""),
    )
    return terms, (totals.entries, totals.heading_length, totals.body_length), entries


def files(folder):
    folder.mkdir(exist_ok=True)
    return [
        write(folder, "a-law.txt", LAW),
        write(folder, "b-decree.txt", DECREE),
        # The same law again, edited: replaces the first one's entries within the batch.
        write(folder, "c-law-edited.txt", EDITED_LAW),
    ]


@pytest.fixture
def one_by_one(document_types, tmp_path):
    for path in files(tmp_path / "single"):
        importing.import_file(path)
    state = index_state()
    LegalDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    SearchTotals.objects.all().delete()
    return state


def test_a_chunked_parallel_batch_writes_the_same_index_as_single_imports(one_by_one, tmp_path):
    result = importing.import_paths(files(tmp_path / "batch"), chunk_size=10, jobs=2)

    assert [o.result for o in result.outcomes] == ["created", "created", "updated"]
    assert index_state() == one_by_one


def test_rebuild_recreates_the_index_exactly(one_by_one, tmp_path):
    importing.import_paths(files(tmp_path / "batch"))
    SearchTerm.objects.filter(term="khieu").update(df=999)  # drifted statistics
    progress = []

    entries = search.rebuild_index(
        chunk_size=1, jobs=2, on_progress=lambda done, total: progress.append((done, total))
    )

    assert entries == SearchEntry.objects.count() == one_by_one[1][0]
    assert progress == [(1, 2), (2, 2)]
    assert index_state() == one_by_one
    hits = search.rank("khiếu nại lần đầu")
    assert hits and SearchEntry.objects.get(pk=hits[0].key).document.number_key == "02/2011/QH13"


def test_a_failing_file_in_a_chunk_leaves_the_others_and_the_statistics_right(one_by_one, tmp_path):
    paths = files(tmp_path / "batch")
    broken = write(tmp_path / "batch", "b2-empty.txt", "   ")
    result = importing.import_paths([paths[0], broken, paths[1], paths[2]], chunk_size=10)

    assert [o.result for o in result.outcomes] == ["created", "failed", "created", "updated"]
    assert index_state() == one_by_one


def test_reindex_command_reports_the_entries(one_by_one, tmp_path, capsys):
    importing.import_paths(files(tmp_path / "batch"))

    call_command("legal_reindex")

    assert capsys.readouterr().out.splitlines()[-1] == f"{one_by_one[1][0]} entries indexed"


def test_deleting_a_document_takes_its_share_out_of_the_statistics(document_types, tmp_path):
    law = importing.import_file(write(tmp_path, "law.txt", LAW)).document
    importing.import_file(write(tmp_path, "decree.txt", DECREE))

    law.delete()

    assert SearchTotals.objects.get(pk=1).entries == SearchEntry.objects.count()
    assert (
        SearchTerm.objects.get(term="khieu_nai").df
        == SearchEntry.objects.filter(body_terms__contains="khieu_nai").count()
        + SearchEntry.objects.filter(heading_terms__contains="khieu_nai")
        .exclude(body_terms__contains="khieu_nai")
        .count()
    )


def engine_ids(term: str, *, in_heading: bool = False) -> set[int]:
    """The entries the database's full-text index gives for TERM."""
    branch = ranking.CandidateTerm(term, 1, in_heading=in_heading)
    return set(search._candidate_ids([branch], 10_000, None))


def test_the_full_text_index_follows_reimports_and_deletions(document_types, tmp_path):
    importing.import_file(write(tmp_path, "law.txt", LAW))
    importing.import_file(write(tmp_path, "law-edited.txt", EDITED_LAW))  # replaces its entries
    decree = importing.import_file(write(tmp_path, "decree.txt", DECREE)).document
    decree.delete()

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # raises if the postings disagree with the content
            for table in ("legal_article_fts", "legal_heading_fts"):
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
    entries = SearchEntry.objects.all()
    assert engine_ids("khieu_nai") == {
        e.pk for e in entries if "khieu_nai" in f"{e.heading_terms} {e.body_terms}".split()
    }
    assert engine_ids("tham_quyen") == {
        e.pk for e in entries if "tham_quyen" in e.body_terms.split()
    }
    assert engine_ids("tham_quyen") != set()
    assert engine_ids("khieu_nai", in_heading=True) == {
        e.pk for e in entries if "khieu_nai" in e.heading_terms.split()
    }


def pending_postings() -> dict[str, int]:
    return {
        index: gin_pending_tuples(index)
        for index in ("legal_searchentry_terms_gin", "legal_searchentry_heading_gin")
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_an_import_leaves_no_pending_postings_for_every_search_to_scan(document_types, tmp_path):
    importing.import_file(write(tmp_path, "law.txt", LAW))  # one document, as a form saves it
    assert all(pending_postings().values())

    importing.import_paths(files(tmp_path / "batch"), chunk_size=10)

    assert pending_postings() == {
        "legal_searchentry_terms_gin": 0,
        "legal_searchentry_heading_gin": 0,
    }
    hits = search.rank("khiếu nại lần đầu")
    assert SearchEntry.objects.get(pk=hits[0].key).document.number_key == "02/2011/QH13"


def searchentry_updates() -> int:
    # This transaction's own count: exact, unlike the statistics of the whole table.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'legal_searchentry'"
        )
        return int(cursor.fetchone()[0])


def searchentry_heap() -> tuple[int, int]:
    """(live, dead) tuples in the table's heap, as a search's heap visits meet them."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        cursor.execute("SELECT tuple_count, dead_tuple_count FROM pgstattuple('legal_searchentry')")
        live, dead = cursor.fetchone()
    return int(live), int(dead)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="heap tuples are PostgreSQL's")
def test_each_entry_is_written_once_and_a_rebuild_leaves_no_dead_rows(document_types, tmp_path):
    importing.import_paths(files(tmp_path / "batch"), chunk_size=10)
    # The tsvector columns are generated with the row: no second write of every entry.
    assert searchentry_updates() == 0

    search.rebuild_index()

    # The rebuild empties the table instead of leaving the old rows dead in its heap.
    assert searchentry_heap() == (SearchEntry.objects.count(), 0)
    assert searchentry_updates() == 0
    assert engine_ids("khieu_nai") == {
        e.pk
        for e in SearchEntry.objects.all()
        if "khieu_nai" in f"{e.heading_terms} {e.body_terms}".split()
    }
