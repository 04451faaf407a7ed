"""PostgreSQL only: an accent-free `simple` configuration for autocomplete (« dec » completes « Décret »)."""

from django.db import migrations

FORWARD = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simple_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION simple_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$
"""
BACKWARD = "DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0004_lexiconword_display")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
