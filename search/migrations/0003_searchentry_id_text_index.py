"""PostgreSQL only: an index on the text form of `SearchEntry.id`, the key Wagtail's index entries join on.

Wagtail's database backend joins its index entries to the searched model with
`wagtailsearch_indexentry.object_id = (platform_search_searchentry.id)::varchar(50)`. Without an
index on that exact expression, PostgreSQL can only hash-join, reading every search entry for every
search, however few pages match (a sequential scan of the whole table). With it, a selective search
looks up only its matches (measured in docs/benchmarks.md). Other databases skip this migration.
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "CREATE INDEX IF NOT EXISTS platform_searchentry_id_text ON platform_search_searchentry (((id)::varchar(50)))",
]
BACKWARD = ["DROP INDEX IF EXISTS platform_searchentry_id_text"]


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0002_french_text_search")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
