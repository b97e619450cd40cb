"""The full-text index of matching items, one per engine (matching/index.py uses it).

SQLite: an FTS5 table with external content (the terms live once, in matching_item).
PostgreSQL: a generated tsvector column with a GIN index. Terms are folded in Python
(text.analyze), so both engines index the very same tokens and no parser, dictionary or
unaccent is involved; ``tokenchars '_'`` keeps a syllable pair such as ``tranh_chap`` one
token in FTS5, and array_to_tsvector keeps it as is.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE matching_item_fts USING fts5(terms, content='matching_item', "
    "content_rowid='id', tokenize=\"unicode61 tokenchars '_'\")",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS matching_item_fts"]
POSTGRES_UP = [
    "ALTER TABLE matching_item ADD COLUMN terms_tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(string_to_array(terms, ' '), ''))) STORED",
    "CREATE INDEX matching_item_terms_gin ON matching_item USING gin (terms_tsv)",
]
POSTGRES_DOWN = ["ALTER TABLE matching_item DROP COLUMN IF EXISTS terms_tsv"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
