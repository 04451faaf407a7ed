"""Keep `head_vector` in the row (PostgreSQL): it is checked row by row when a search walks the newest entries.

With `toast_tuple_target = 128` (search/migrations/0006) PostgreSQL moved every long column out of the row, the
small head vector too: each check then fetched it from the TOAST table (4 buffers per entry). `STORAGE MAIN` keeps
it in the row unless the row outgrows a page. Existing rows are rewritten with the vector concatenated to an empty
one (an unchanged value would keep its out-of-line copy), the triggers off: the text and the counts do not change.
"""

from django.db import migrations

from ._postgresql import on_postgresql

TABLE = "platform_search_searchentry"

FORWARD = [
    f"ALTER TABLE {TABLE} ALTER COLUMN head_vector SET STORAGE MAIN",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER USER",
    f"UPDATE {TABLE} SET head_vector = head_vector || ''::tsvector WHERE head_vector IS NOT NULL",
    f"ALTER TABLE {TABLE} ENABLE TRIGGER USER",
]
BACKWARD = [f"ALTER TABLE {TABLE} ALTER COLUMN head_vector SET STORAGE EXTENDED"]


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0008_facet_date_indexes")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
