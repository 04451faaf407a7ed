"""Search vectors of their own for `SearchEntry` (PostgreSQL), so that searching scales.

Wagtail's database backend matches `(title || body)` of its index entries and ranks every match: at
100,000 entries a common word took seconds (docs/benchmarks.md). Here each entry carries its own
weighted vectors, computed by a trigger from its text whatever writes the row (ORM, bulk loads):

- `head_vector`: title (A), summary and centre (B): small, kept in the row;
- `search_vector`: `head_vector` plus body (C) and documents' text (D), GIN-indexed: what a search matches.

`theme_ids` copies the entry's themes into the row, so that facets are counted in one pass (all databases).

Long text and the big vector are stored out of the row (`STORAGE EXTERNAL`, `toast_tuple_target`), so
that counting and facetting many matches reads a narrow table (20 MB → 4.5 MB at 12,500 entries). On other databases the two columns exist and stay empty.
"""

import django.contrib.postgres.search
from django.db import migrations, models

from ._postgresql import on_postgresql

CONFIG = "french_unaccent"  # search/migrations/0002

FORWARD = [
    # Rows updated below must not leave deferred foreign-key checks pending: PostgreSQL refuses to create
    # an index on a table with pending trigger events in the same transaction.
    "SET CONSTRAINTS ALL IMMEDIATE",
    f"""
    CREATE OR REPLACE FUNCTION platform_search_entry_vectors() RETURNS trigger AS $$
    BEGIN
        NEW.head_vector :=
            setweight(to_tsvector('{CONFIG}', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('{CONFIG}', coalesce(NEW.summary, '') || ' ' || coalesce(NEW.centre, '')), 'B');
        NEW.search_vector :=
            NEW.head_vector
            || setweight(to_tsvector('{CONFIG}', coalesce(NEW.body, '')), 'C')
            || setweight(to_tsvector('{CONFIG}', coalesce(NEW.documents_text, '')), 'D');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER platform_search_entry_vectors
    BEFORE INSERT OR UPDATE ON platform_search_searchentry
    FOR EACH ROW EXECUTE FUNCTION platform_search_entry_vectors()
    """,
    "ALTER TABLE platform_search_searchentry SET (toast_tuple_target = 128)",
    """
    ALTER TABLE platform_search_searchentry
        ALTER COLUMN body SET STORAGE EXTERNAL,
        ALTER COLUMN documents_text SET STORAGE EXTERNAL,
        ALTER COLUMN search_vector SET STORAGE EXTERNAL
    """,
    # The indexes before the rows are updated: an index created after an update in the same transaction
    # may not be used by PostgreSQL until every transaction older than it has ended (pg_index.indcheckxmin).
    "CREATE INDEX platform_entry_search_vector ON platform_search_searchentry USING gin (search_vector)",
    "CREATE INDEX platform_entry_head_vector ON platform_search_searchentry USING gin (head_vector)",
    # Existing entries: the trigger fills their vectors.
    "UPDATE platform_search_searchentry SET title = title",
]

BACKWARD = [
    "DROP INDEX IF EXISTS platform_entry_head_vector",
    "DROP INDEX IF EXISTS platform_entry_search_vector",
    "ALTER TABLE platform_search_searchentry RESET (toast_tuple_target)",
    """
    ALTER TABLE platform_search_searchentry
        ALTER COLUMN body SET STORAGE EXTENDED,
        ALTER COLUMN documents_text SET STORAGE EXTENDED,
        ALTER COLUMN search_vector SET STORAGE EXTENDED
    """,
    "DROP TRIGGER IF EXISTS platform_search_entry_vectors ON platform_search_searchentry",
    "DROP FUNCTION IF EXISTS platform_search_entry_vectors()",
]


def fill_theme_ids(apps, schema_editor):
    """`theme_ids` of the existing entries, from their many-to-many themes, in one statement."""
    aggregate = {
        "postgresql": "string_agg(CAST(themepage_id AS TEXT), ',' ORDER BY themepage_id)",
        "sqlite": "group_concat(themepage_id, ',')",  # SQLite keeps the order of the sorted subquery
    }.get(schema_editor.connection.vendor)
    if aggregate is None:
        return
    schema_editor.execute(
        "UPDATE platform_search_searchentry SET theme_ids = COALESCE(("  # noqa: S608
        f"SELECT {aggregate} FROM (SELECT themepage_id FROM platform_search_searchentry_themes t "
        "WHERE t.searchentry_id = platform_search_searchentry.id ORDER BY themepage_id) sorted), '')"
    )


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0005_simple_unaccent")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["-date", "-id"], name="platform_entry_date_desc"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="theme_ids",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(fill_theme_ids, migrations.RunPython.noop),
        on_postgresql(FORWARD, BACKWARD),
    ]
