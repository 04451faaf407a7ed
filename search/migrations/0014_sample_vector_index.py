"""A GIN index of the search vectors of one entry in 64 (PostgreSQL): a sample in which a search's share of a word's
entries is counted in a fraction of a millisecond (search/term_counts.py `sample_share`), to choose how the search
counts its facets. The condition is the one `search/term_counts.py` `Sampled` writes (`SAMPLE_MODULUS`).
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "CREATE INDEX platform_entry_sample_vector ON platform_search_searchentry "
    "USING gin (search_vector) WHERE (id %% 64) = 0"  # %% : the statement is run with parameters
]
BACKWARD = ["DROP INDEX IF EXISTS platform_entry_sample_vector"]


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0013_text_length_index")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
