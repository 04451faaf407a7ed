"""The trigger keeping the per-word facet counts (search/term_counts.py), now generated from the facets' columns by
`_postgresql.term_counts_trigger`: the same statements as 0007's, which wrote them out.

Adding a facet (docs/architecture.md): a migration like this one, `previous` being these `COLUMNS`, and `COLUMNS`
search/facets.py `KEPT_COLUMNS` written out, after the migration adding the facet's columns.
"""

from django.db import migrations

from ._postgresql import replace_term_counts_trigger

# (column, value kept for none) of each facet, in the order of search/facets.py `COLUMNS`.
PREVIOUS = [
    ("kind", None),
    ("resource_type", None),
    ("status", None),
    ("year", 0),
    ("province", None),
    ("theme_ids", None),
]
COLUMNS = PREVIOUS


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0010_term_counts_clustered")]

    operations = [replace_term_counts_trigger(PREVIOUS, COLUMNS)]
