"""An index on the length of each entry's long text (PostgreSQL), so that relevance's window can take the shortest
matches: the short pages whose whole text is about the words (search/postgres.py `shortest_ids`).

The length is the stored size of the body and documents' text (`octet_length` reads it from the row, even for a
text kept out of line), the expression `search/postgres.py` `TEXT_BYTES_SQL` repeats word for word.
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "CREATE INDEX platform_entry_text_bytes ON platform_search_searchentry "
    "((octet_length(coalesce(body, '')) + octet_length(coalesce(documents_text, ''))), id)"
]
BACKWARD = ["DROP INDEX IF EXISTS platform_entry_text_bytes"]


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0012_french_stems")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
