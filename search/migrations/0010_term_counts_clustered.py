"""Keep each word's facet counts together on disk (PostgreSQL).

A search of a frequent word reads its kept counts: about 1,700 rows at 100k entries. Written by the triggers as
entries changed, those rows were spread over as many pages (1,372 pages for 1,710 rows). The table is rewritten
in the order of its (lexeme, …) index, half-filled so that the triggers' updates of a count (`n` is not indexed)
stay in the row's page (HOT updates), and `term_counts.refresh()` writes the counts in that order.
"""

from django.db import migrations

from ._postgresql import on_postgresql

TABLE = "platform_search_termfacetcount"

FORWARD = [
    f"ALTER TABLE {TABLE} SET (fillfactor = 50)",
    f"CLUSTER {TABLE} USING unique_term_facet_combination",
]
BACKWARD = [f"ALTER TABLE {TABLE} RESET (fillfactor)"]


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0009_head_vector_inline")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
