"""Wagtail's SQLite search backend (FTS5), in French and weighted by field for the platform's search entries.

Wagtail's FTS table holds each object's text as written, in two columns (title, body): FTS5 knows neither French
stems nor our fields. `SearchEntry` therefore has a FTS5 table of its own, `FTS_TABLE`, whose row `rowid` is the
entry's id and whose columns hold the entry's analysed text (search/text.py: elision removed, stop words out,
Snowball's French stems with accents folded), one column per weight: title, summary and centre (`head`), body,
documents' text. The entry's index insert (`FrenchSQLiteIndex`, called by Wagtail's signals, search/indexing.py,
search/bulk.py and the rebuild commands) keeps it in step; migration 0012 creates and fills it.

A query is analysed the same way: « dossiers » matches « dossier », « décrets » « décret », « l'analyse » «
analyse », a hyphenated word its parts side by side. Matches are ranked by FTS5's `bm25()` with `COLUMN_WEIGHTS`
(title > summary and centre > body > documents, the PostgreSQL backend's ratios), which normalises by each
column's length, once for the whole query; entries holding the query's words close together (`NEAR`) score
`NEAR_BONUS` times better. The date only breaks ties. Lower is better, as Wagtail orders it.

Autocomplete and the admin's searches of other models keep Wagtail's FTS table (those models: its bm25 with the
title weighing `TITLE_WEIGHT` times the body).
"""

from itertools import islice, product

from django.db.models import F, FloatField, Func
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry  # Wagtail's FTS table model
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import And, MatchAll, Not, Or, Phrase, PlainText

from cms.index_values import values_once
from search.models import SearchEntry
from search.text import analysed_words, index_stems, query_stems

# Wagtail's FTS table's columns, in their order (modelsearch migration 0002: fts5(autocomplete, body, title)).
FTS_COLUMN_WEIGHTS = {"autocomplete": 0.0, "body": 1.0, "title": 5.0}
TITLE_WEIGHT = FTS_COLUMN_WEIGHTS["title"]

# The search entries' own FTS5 table (migration 0012) and its columns' weights, in their order.
FTS_TABLE = "platform_search_entry_fts"
COLUMN_WEIGHTS = {"title": 10.0, "head": 4.0, "body": 2.0, "documents": 1.0}
# The entry's fields each column holds (`fields=` of a search names the entry's fields).
FIELD_COLUMNS = {"title": "title", "summary": "head", "centre": "head", "body": "body", "documents_text": "documents"}
NEAR_BONUS = 1.5  # the score of an entry holding the query's words close together is multiplied by it
NEAR_DISTANCE = 6  # at most this many words between two of them, per word of the query
MAX_VARIANTS = 8  # a phrase is searched with at most this many combinations of its words' stems
MAX_NEAR_WORDS = 6


# The entries' analysed text


def analysed_text(text):
    """A column's text as the FTS table holds it: each word's stem in order (phrases and positions), then the
    stems without accents that differ (« partagées » → « partag … partage »), found by queries typed without."""
    main, variants = [], []
    for word in analysed_words(text):
        first, *others = index_stems(word)
        main.append(first)
        variants.extend(others)
    return " ".join(main + variants)


def entry_columns(entry):
    """(title, head, body, documents) of `entry`, analysed."""
    return (
        analysed_text(entry.title),
        analysed_text(f"{entry.summary}\n{entry.centre}"),
        analysed_text(entry.body),
        analysed_text(entry.documents_text),
    )


def write_rows(cursor, entries):
    """Replace the FTS rows of `entries` (saved `SearchEntry` objects) by their analysed text."""
    entries = [entry for entry in entries if entry.pk is not None]
    for start in range(0, len(entries), 500):
        batch = entries[start : start + 500]
        placeholders = ", ".join(["%s"] * len(batch))
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", [e.pk for e in batch])  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, head, body, documents) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            [(entry.pk, *entry_columns(entry)) for entry in batch],
        )


class FrenchSQLiteIndex(SQLiteIndex):
    """Wagtail's SQLite index, which also keeps the search entries' own FTS table in step."""

    def add_items(self, model, objs):
        objs = list(objs)
        with values_once():  # each search field read once per object (cms/index_values.py)
            super().add_items(model, objs)
        if issubclass(model, SearchEntry):
            with self.write_connection.cursor() as cursor:
                write_rows(cursor, objs)

    def delete_item(self, item):
        super().delete_item(item)
        if isinstance(item, SearchEntry):
            with self.write_connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [item.pk])  # noqa: S608

    def delete_stale_entries(self):
        super().delete_stale_entries()
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {SearchEntry._meta.db_table})"  # noqa: S608
            )

    def reset(self):
        super().reset()
        with self.write_connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608


# Queries: Wagtail's query objects as a FTS5 query over the analysed columns


def _token(stem):
    return f'"{stem}"'  # stems are made of word characters: nothing to escape


def _either(alternatives):
    alternatives = list(dict.fromkeys(alternatives))
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def _phrase(words):
    """Words side by side, each under any of its stems; a single word: any of its stems."""
    if not words:
        return None
    if len(words) == 1:
        return _either(_token(stem) for stem in query_stems(words[0]))
    combinations = islice(product(*(query_stems(word) for word in words)), MAX_VARIANTS)
    return _either('"' + " ".join(stems) + '"' for stems in combinations)


def _combine(parts, operator):
    parts = [part for part in parts if part]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + f" {operator} ".join(parts) + ")"


def match_expression(query):
    """The FTS5 query of a Wagtail query, or None when it has no word to look for (only stop words)."""
    if isinstance(query, Phrase):  # CompoundWord (search/postgres.py) included: its parts side by side
        return _phrase(analysed_words(query.query_string))
    if isinstance(query, PlainText):  # each word (a hyphenated word: its parts side by side)
        operator = "OR" if query.operator.lower() == "or" else "AND"
        return _combine([_phrase(analysed_words(chunk)) for chunk in query.query_string.split()], operator)
    if isinstance(query, Or):
        return _combine([match_expression(subquery) for subquery in query.subqueries], "OR")
    if isinstance(query, And):
        kept = _combine([match_expression(q) for q in query.subqueries if not isinstance(q, Not)], "AND")
        excluded = _combine([match_expression(q.subquery) for q in query.subqueries if isinstance(q, Not)], "OR")
        if excluded is None:
            return kept
        if kept is None:
            raise NotImplementedError("A query excluding words needs words to look for on SQLite.")
        return f"({kept} NOT {excluded})"
    raise NotImplementedError(f"`{query.__class__.__name__}` is not supported by the SQLite search backend.")


def _query_words(query):
    """The words of a query's phrases and plain texts, in order, without duplicates."""
    if isinstance(query, (Phrase, PlainText)):
        return analysed_words(query.query_string)
    found = []
    for subquery in getattr(query, "subqueries", ()):
        found.extend(word for word in _query_words(subquery) if word not in found)
    return found


def near_expression(query):
    """The FTS5 query of the query's words close together, or None for a single word (or too many)."""
    words = list(dict.fromkeys(_query_words(query)))
    if not 2 <= len(words) <= MAX_NEAR_WORDS:
        return None
    distance = NEAR_DISTANCE * (len(words) - 1)
    combinations = islice(product(*(query_stems(word) for word in words)), MAX_VARIANTS // 2)
    return _either(f"NEAR({' '.join(_token(s) for s in stems)}, {distance})" for stems in combinations)


def _columns(fields):
    columns = [FIELD_COLUMNS[field] for field in fields or () if field in FIELD_COLUMNS]
    return list(dict.fromkeys(columns)) or list(COLUMN_WEIGHTS)


def _in_columns(columns, expression):
    return "{" + " ".join(columns) + "} : (" + expression + ")"


def _score_sql(near):
    """(SQL, params) of the entry's bm25 with column weights (negative: lower is better), `NEAR_BONUS` times better
    when the FTS query `near` matches it too. Read in the join with the FTS table: one pass over the matches."""
    weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS.values())
    bm25 = f"bm25({FTS_TABLE}, {weights})"
    if near is None:
        return bm25, []
    # Not correlated: SQLite reads the entries with the words close together once per search.
    near_rows = f"SELECT rowid FROM {FTS_TABLE}(%s)"  # noqa: S608 - FTS5's table-valued form of MATCH
    return f"{bm25} * (CASE WHEN {FTS_TABLE}.rowid IN ({near_rows}) THEN {NEAR_BONUS} ELSE 1.0 END)", [near]


def search_entries(queryset, query, *, fields=None, order_by_relevance=True, score_field=None):
    """`queryset` (of `SearchEntry`) narrowed to the entries matching `query`, ranked when asked.

    Unranked (counts, facets, the date order), the entries are those whose id the FTS query returns. Ranked, the
    entries are joined to their FTS rows (`extra`: Django has no join to a table without a model), so that each
    match's bm25 is read in the same pass: a subquery per entry would run the FTS query once per match."""
    if isinstance(query, MatchAll):
        return queryset
    negated = isinstance(query, Not)
    if negated:
        query = query.subquery
        if isinstance(query, MatchAll):
            return queryset.none()
    expression = match_expression(query)
    if expression is None:
        return queryset if negated else queryset.none()
    columns = _columns(fields)
    match = _in_columns(columns, expression)
    if order_by_relevance and score_field is None and not negated:
        score_field = "_score"
    if negated or score_field is None:
        rows = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608, S611
        return queryset.exclude(pk__in=rows) if negated else queryset.filter(pk__in=rows)
    near = near_expression(query)
    score_sql, score_params = _score_sql(near and _in_columns(columns, near))
    queryset = queryset.extra(  # noqa: S610 - constants only; the FTS queries are parameters
        select={score_field: score_sql},
        select_params=score_params,
        tables=[FTS_TABLE],
        where=[f'{FTS_TABLE}.rowid = "{SearchEntry._meta.db_table}"."id"', f"{FTS_TABLE} MATCH %s"],
        params=[match],
    )
    if order_by_relevance:
        queryset = queryset.order_by(score_field, F("date").desc(nulls_last=True), "-pk")
    return queryset


# Wagtail's backend


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

    def search(self, config, start, stop, score_field=None):
        if not issubclass(self.queryset.model, SearchEntry):
            return super().search(config, start, stop, score_field=score_field)
        results = search_entries(
            self.queryset,
            self.query,
            fields=self.fields,
            order_by_relevance=self.order_by_relevance,
            score_field=score_field,
        )
        if not self.order_by_relevance and not results.query.order_by:
            results = results.order_by("-pk")  # a stable order across pages, as Wagtail's
        return results[start:stop]


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
    index_class = FrenchSQLiteIndex
