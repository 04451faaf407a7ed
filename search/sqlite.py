"""Wagtail's SQLite search backend (FTS5), ranked by title first.

Wagtail ranks SQLite matches with `bm25()` of its FTS table with every column weighing the same, then combines
that one score once per word of the query and per "vector" (title, body) as if each were a separate score. A page
whose body says « décret » a few times in few words then comes before the pages titled « Décret … », and with
several words the product `(1 + bm25) × (1 + bm25) − 1` of negative scores can even put the best matches last.

Here the score is FTS5's own `bm25()` with column weights, once: it already accounts for every word of the query,
and a word in the title weighs `TITLE_WEIGHT` times a word in the body (the PostgreSQL backend's ratio,
search/postgres.py). Lower is better, as Wagtail orders it. Autocomplete keeps Wagtail's behaviour.
"""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry  # Wagtail's FTS table model
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend, SQLiteSearchQueryCompiler

# The FTS table's columns, in their order (modelsearch migration 0002: fts5(autocomplete, body, title)).
FTS_COLUMN_WEIGHTS = {"autocomplete": 0.0, "body": 1.0, "title": 5.0}
TITLE_WEIGHT = FTS_COLUMN_WEIGHTS["title"]


class WeightedBM25(Func):
    output_field = FloatField()

    def __init__(self):
        super().__init__()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(weight) for weight in FTS_COLUMN_WEIGHTS.values())
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
