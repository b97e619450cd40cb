"""Full-text indexes for legal search, one per engine (legal/search.py uses them).

SQLite: two FTS5 tables keyed by the search entry's id. PostgreSQL: two tsvector columns
with GIN indexes, built from the stored term lists (no parser, no dictionary: terms are
already folded in Python, so both engines index the very same tokens).
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE legal_article_fts USING fts5("
    "heading_terms, body_terms, tokenize=\"unicode61 tokenchars '_'\")",
    "CREATE VIRTUAL TABLE legal_heading_fts USING fts5("
    "heading_terms, tokenize=\"unicode61 tokenchars '_'\")",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS legal_article_fts", "DROP TABLE IF EXISTS legal_heading_fts"]
POSTGRES_UP = [
    "ALTER TABLE legal_searchentry ADD COLUMN terms_tsv tsvector, ADD COLUMN heading_tsv tsvector",
    "CREATE INDEX legal_searchentry_terms_gin ON legal_searchentry USING gin (terms_tsv)",
    "CREATE INDEX legal_searchentry_heading_gin ON legal_searchentry USING gin (heading_tsv)",
]
POSTGRES_DOWN = [
    "ALTER TABLE legal_searchentry DROP COLUMN IF EXISTS terms_tsv, "
    "DROP COLUMN IF EXISTS heading_tsv"
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
