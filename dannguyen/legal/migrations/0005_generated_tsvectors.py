"""PostgreSQL: the two tsvector columns of legal_searchentry become generated columns.

Migration 0002 added them as plain columns, which `search._write_entries` filled with an
UPDATE after each bulk insert: every entry was written twice, and half of the table's
tuples were dead after a rebuild (at 200,000 documents a search visited about 50,000 heap
pages; decision 0015). Generated from the stored terms, the columns are written once, with
the row, and cannot drift from the terms; petition matching does the same (matching 0002).
SQLite is untouched (its FTS5 tables read the terms themselves, migration 0004).
"""

from django.db import migrations

TERMS = "array_to_tsvector(array_remove(string_to_array({}, ' '), ''))"
ARTICLE = TERMS.format("heading_terms || ' ' || body_terms")
HEADING = TERMS.format("heading_terms")
INDEXES = {
    "legal_searchentry_terms_gin": "terms_tsv",
    "legal_searchentry_heading_gin": "heading_tsv",
}


def _replace_columns(schema_editor, definition: str) -> None:
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute(
        "ALTER TABLE legal_searchentry DROP COLUMN IF EXISTS terms_tsv, "
        "DROP COLUMN IF EXISTS heading_tsv"
    )
    schema_editor.execute(
        "ALTER TABLE legal_searchentry "
        f"ADD COLUMN terms_tsv tsvector {definition.format(ARTICLE)}, "
        f"ADD COLUMN heading_tsv tsvector {definition.format(HEADING)}"
    )


def _create_indexes(schema_editor) -> None:
    for index, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {index} ON legal_searchentry USING gin ({column})")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _replace_columns(schema_editor, "GENERATED ALWAYS AS ({}) STORED")
    _create_indexes(schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _replace_columns(schema_editor, "")
    schema_editor.execute(
        f"UPDATE legal_searchentry SET terms_tsv = {ARTICLE}, heading_tsv = {HEADING}"
    )
    _create_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("legal", "0004_fts_external_content")]

    operations = [migrations.RunPython(forwards, backwards)]
