"""French stems on SQLite, and the lexicon's stems (issue 15).

- `LexiconWord.stem`: the French stem of each known word's display form, filled here (search/lexicon.py: a word
  whose stem is known is never corrected);
- SQLite: the search entries' own FTS5 table of analysed text (search/sqlite.py `FTS_TABLE`), created and
  filled from the entries (nothing on PostgreSQL, whose entries carry their own vectors).
"""

from django.db import migrations, models

FTS_TABLE = "platform_search_entry_fts"  # search/sqlite.py


def fill_stems(apps, schema_editor):
    from search.text import stem

    LexiconWord = apps.get_model("platform_search", "LexiconWord")
    words = list(LexiconWord.objects.only("pk", "word", "display"))
    for word in words:
        word.stem = stem(word.display or word.word)[:64]
    LexiconWord.objects.bulk_update(words, ["stem"], batch_size=1000)


def create_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from modelsearch.backends.database.sqlite.utils import fts5_available

    if not fts5_available():
        return
    from search.sqlite import write_rows

    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, head, body, documents, tokenize = 'unicode61 remove_diacritics 2')"
    )
    SearchEntry = apps.get_model("platform_search", "SearchEntry")
    entries = SearchEntry.objects.only("pk", "title", "summary", "centre", "body", "documents_text")
    with schema_editor.connection.cursor() as cursor:
        write_rows(cursor, list(entries))


def drop_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("platform_search", "0011_term_counts_trigger_from_facets"),
    ]

    operations = [
        migrations.AddField(
            model_name="lexiconword",
            name="stem",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(fill_stems, migrations.RunPython.noop),
        migrations.RunPython(create_fts_table, drop_fts_table),
    ]
