"""SQLite: the two FTS5 tables read their content from legal_searchentry.

Migration 0002 made them keep a copy of every entry's terms — a quarter of the database
(the largest column twice over), which the operating system's cache then had to hold too.
With external content the terms live once; the FTS5 tables keep only their postings. The
'rebuild' re-reads legal_searchentry, no text analysis is needed. PostgreSQL is untouched
(its index was always columns of the table).
"""

from django.db import migrations

TOKENIZE = "tokenize=\"unicode61 tokenchars '_'\""
EXTERNAL = "content='legal_searchentry', content_rowid='id'"
TABLES = {
    "legal_article_fts": "heading_terms, body_terms",
    "legal_heading_fts": "heading_terms",
}


def _recreate(schema_editor, options: str, fill: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in TABLES.items():
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, {options}{TOKENIZE})"
        )
        if fill == "rebuild":
            schema_editor.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
            schema_editor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        else:
            schema_editor.execute(
                f"INSERT INTO {table} (rowid, {columns}) SELECT id, {columns} "
                "FROM legal_searchentry"
            )


def forwards(apps, schema_editor):
    _recreate(schema_editor, f"{EXTERNAL}, ", "rebuild")


def backwards(apps, schema_editor):
    _recreate(schema_editor, "", "copy")


class Migration(migrations.Migration):
    dependencies = [("legal", "0003_dates_from_citations")]

    operations = [migrations.RunPython(forwards, backwards)]
