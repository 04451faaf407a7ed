"""PostgreSQL only: French full-text configuration with unaccent, trigrams, and the indexes search needs.

- `french_unaccent`: the `french` configuration with accents removed before stemming, so that
  « decret » finds « décret » and « dossiers » finds « dossier ».
- pg_trgm and a trigram index on the lexicon, for typo corrections and suggestions.
- A GIN index on `(title || body)` of Wagtail's index entries: the exact expression its database
  backend matches against, which its per-column indexes cannot serve (see docs/benchmarks.md).
Other databases skip this migration.
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS platform_lexiconword_trgm ON platform_search_lexiconword USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS platform_indexentry_document ON wagtailsearch_indexentry USING gin ((title || body))",
]

BACKWARD = [
    "DROP INDEX IF EXISTS platform_indexentry_document",
    "DROP INDEX IF EXISTS platform_lexiconword_trgm",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


class Migration(migrations.Migration):
    dependencies = [
        ("platform_search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [on_postgresql(FORWARD, BACKWARD)]
