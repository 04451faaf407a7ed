"""Wagtail's PostgreSQL search backend, made to scale on the platform's search entries.

On a model with its own vectors (`SearchEntry.search_vector` and `head_vector`, search/migrations/0006),
searches match the GIN-indexed `search_vector` column instead of Wagtail's `(title || body)` of its
index entries, which PostgreSQL can only evaluate row by row.

Ranking is bounded. Ranking every match of a word found in most entries (« culturel ») costs
milliseconds per thousand matches, and so grows with the site. Relevance ordering therefore ranks a
window of at most `RANK_WINDOW` candidates, chosen without ranking (`candidates`): the newest entries whose
title, summary or centre match (four fifths of the window), the matches with the shortest text whatever their
date (a fifth, `SHORT_SHARE`: the short pages about the words, which a body match would otherwise leave out
behind the head matches), then the newest of the other head matches and of the others. Every candidate is then
scored by
`search/ranking.py` (a BM25-style score: field weights, length normalisation, saturation of the long text,
proximity through `ts_rank_cd`'s covers; the date breaks ties) from three cover-density frequencies read in
one statement: the title's and the summary's (of any of the words) from the small head vector kept in the row,
the body's and the documents' from the whole vector (out of line: reading it is the window's cost, about 5 ms
per 500 candidates at 100k entries, as before), and the fields' lengths from their stored sizes. Choosing the
shortest matches walks at most `SHORT_SCAN_FACTOR × RANK_WINDOW` entries of the text-size index
(search/migrations/0012). Matches beyond the window follow, newest first: every match appears once, on one page.
When a query has no more matches than the window, the ranking is exact.

Other models (pages, documents and images in Wagtail's admin) keep Wagtail's behaviour.
"""

import re
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchQueryField, SearchRank
from django.db import connections, models, transaction
from django.db.models import F, Func, Lookup, Q, Value
from django.db.models.functions import Coalesce
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from wagtail.search.query import And, Or, Phrase

from search import ranking
from search.postgres_index import OnceValuesIndex, has_vectors

# 500 candidates: 50 pages of 10 ranked. Ranking reads each candidate's whole vector (out of line, a few
# kilobytes): 1,000 candidates cost 8–10 ms of every search of a common word at 100k entries, 500 half as much.
RANK_WINDOW = 500
SCAN_FACTOR = 10  # newest_ids(): how many of the newest entries are walked, in windows
SHORT_SHARE = 5  # one candidate in five is among the matches with the shortest text, whatever their date
# shortest_ids(): how many of the shortest entries are walked, in windows. The walk reads each entry's vector (out
# of line) to test the match: 1,000 entries cost about 3 ms, whether the words are frequent among them or not.
SHORT_SCAN_FACTOR = 2
# The size of an entry's long text (body and documents), as search/migrations/0012 indexes it (`b`: the entries).
TEXT_BYTES_SQL = "(octet_length(coalesce(b.body, '')) + octet_length(coalesce(b.documents_text, '')))"


@contextmanager
def index_scans(using):
    """Let PostgreSQL read search matches through the GIN index, not by scanning the table.

    The planner prices `vector @@ query` as one cheap operation per row, but each row's vector lives out
    of line and must be fetched and decompressed: for a common word it picks a sequential scan ten times
    slower than the index. Disabled for this transaction only; it still scans when nothing else can
    (JIT compilation is turned off with it: a disabled scan's price would trigger it).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            # A scan priced as disabled looks expensive enough to compile: hundreds of milliseconds of JIT.
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)")
        yield


class CompoundWord(Phrase):
    """A quoted hyphenated word (« "contrat-programme" »): a phrase for every backend, one lexeme for PostgreSQL.

    PostgreSQL indexes a hyphenated word as the whole compound plus its parts ('contrat-programm', 'contrat',
    'programm'), so the entries holding the compound are exactly those holding the phrase. Matching the compound
    alone reads the GIN index only; the phrase would check the positions in every candidate's vector.
    """

    PATTERN = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)+$")

    @classmethod
    def applies_to(cls, text):
        return bool(cls.PATTERN.match(text))


# The compound's lexeme, as the entries' vectors hold it; the phrase itself if the configuration made none.
COMPOUND_SQL = (
    "coalesce(("
    "SELECT nullif(string_agg(quote_literal(l.lexeme), ' & '), '')::tsquery "
    "FROM unnest(tsvector_to_array(to_tsvector({config}, %s))) AS l(lexeme) WHERE strpos(l.lexeme, '-') > 0"
    "), phraseto_tsquery({config}, %s))"
)


class CompoundQuery(SearchQuery):
    def as_sql(self, compiler, connection, **extra_context):
        # SearchQuery's expressions: (config, value), or (value,) without a configuration.
        config_sql, config_params = compiler.compile(self.config) if self.config else ("get_current_ts_config()", [])
        value = self.source_expressions[-1].value
        sql = COMPOUND_SQL.format(config=config_sql)
        return sql, [*config_params, value, *config_params, value]


class EntryVectorQueryCompiler(PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        if has_vectors(self.queryset.model):
            return [(F("search_vector"), 1.0)]
        return super().get_index_vectors(search_query)

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, CompoundWord) and has_vectors(self.queryset.model) and not invert:
            return CompoundQuery(query.query_string, config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class EntryVectorSearchResults(PostgresSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        vectors = isinstance(compiler, EntryVectorQueryCompiler) and has_vectors(compiler.queryset.model)
        if not (vectors and compiler.order_by_relevance):  # autocomplete keeps Wagtail's own index
            return super()._do_search()
        config = compiler.get_config(self.backend)
        tsquery = compiler.build_tsquery(compiler.query, config=config)
        if tsquery is None:
            return []
        typed = compiler.build_tsquery(as_typed(compiler.query), config=config)
        return ranked(compiler.queryset, tsquery, self.start, self.stop, typed=typed)


@contextmanager
def parallel_counting(using):
    """Within `index_scans`: let PostgreSQL count many matches with parallel workers (half the time on two cores).

    Its default costs start workers for big scans only, and a search's count of 90,000 matches does not qualify;
    lowered for that one statement, not for the small queries around it, where starting workers costs more."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('parallel_setup_cost'), current_setting('parallel_tuple_cost'), "
            "set_config('parallel_setup_cost', '100', true), set_config('parallel_tuple_cost', '0.001', true)"
        )
        setup_cost, tuple_cost = cursor.fetchone()[:2]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('parallel_setup_cost', %s, true), set_config('parallel_tuple_cost', %s, true)",
                [setup_cost, tuple_cost],
            )


@models.BigAutoField.register_lookup
class AnyOf(Lookup):
    """`pk__any_of=[…]`: `id = ANY(%s)` with one array parameter. A window of hundreds of ids as `IN (%s, %s, …)`
    costs more to compose and send than to run."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, [int(value) for value in self.rhs]]


def scan_cutoff(model):
    """The date of the `SCAN_FACTOR × RANK_WINDOW`-th newest entry, or None on a smaller site: see `newest_ids`."""
    return cutoffs(model)[0]


def cutoffs(model):
    """(`scan_cutoff`, the text size of the `SHORT_SCAN_FACTOR × RANK_WINDOW`-th shortest entry or None on a smaller
    site: see `shortest_ids`), read in one statement, each a bounded walk of an index."""
    table = model._meta.db_table
    sql = (
        f"SELECT (SELECT b.date FROM {table} b WHERE b.date IS NOT NULL ORDER BY b.date DESC, b.id DESC "
        f"OFFSET %s LIMIT 1), "
        f"(SELECT {TEXT_BYTES_SQL} FROM {table} b ORDER BY {TEXT_BYTES_SQL}, b.id OFFSET %s LIMIT 1)"
    )
    with connections[model.objects.db].cursor() as cursor:
        cursor.execute(sql, [SCAN_FACTOR * RANK_WINDOW, SHORT_SCAN_FACTOR * RANK_WINDOW])
        return cursor.fetchone()


def newest_ids(matches, limit, *, collect_older=True, cutoff=False):
    """Ids of the `limit` newest entries of `matches`, in PostgreSQL's order (undated entries first, then newest
    first), with bounded work whether matches are dense or sparse among the entries, in one statement.

    Walking the entries newest first until `limit` matches are found is fast when matches are dense, and visits
    the whole table when they are sparse; collecting every match and sorting is the opposite. So: first the
    undated entries (themes, pages: a few), then the matches among the `SCAN_FACTOR × RANK_WINDOW` newest entries
    (dated from `cutoff` on: a bounded walk); only when those are too few, the older matches, collected through
    bitmaps and sorted. They are then sparse (fewer than one in `SCAN_FACTOR` of the newest entries), so
    collecting them is cheap. These steps are the parts of a UNION ALL under one LIMIT: PostgreSQL runs them one
    after the other and stops as soon as the limit is reached. The older part orders by expressions no index
    provides, so that PostgreSQL collects its matches through bitmaps instead of walking the date index; unless a
    facet filter applies (`collect_older=False`): walking that facet's (value, date) index is then the better plan.
    `cutoff` is `scan_cutoff()`, read once by the caller for several calls.
    """
    if limit <= 0:
        return []
    cutoff = scan_cutoff(matches.model) if cutoff is False else cutoff
    base, params = matches.order_by().values_list("pk", "date").query.sql_with_params()
    newest = "b.date DESC, b.pk DESC"
    if cutoff is None:  # a small site: any plan is cheap
        sql, params = f"SELECT b.pk FROM ({base}) b ORDER BY {newest} LIMIT %s", [*params, limit]
    else:
        older = "b.date + 0 DESC, b.pk + 0 DESC" if collect_older else newest
        sql = (
            f"SELECT n.pk FROM ("
            f"(SELECT b.pk FROM ({base}) b WHERE b.date IS NULL ORDER BY b.pk DESC LIMIT %s) UNION ALL "
            f"(SELECT b.pk FROM ({base}) b WHERE b.date >= %s ORDER BY {newest} LIMIT %s) UNION ALL "
            f"(SELECT b.pk FROM ({base}) b WHERE b.date < %s ORDER BY {older} LIMIT %s)"
            f") n LIMIT %s"
        )
        params = [*params, limit, *params, cutoff, limit, *params, cutoff, limit, limit]
    with connections[matches.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def scored_ids(model, window, tsquery, typed=None):
    """The ids of `window` (entries' ids), best first by `ranking.score` (search/ranking.py), ties newest first.

    Each candidate's frequencies are read in one statement: title and summary from the small head vector (in the
    row), body and documents' text from the whole vector (out of line: the cost of the window), their length from
    the text columns' stored sizes (`octet_length` does not fetch an out-of-line text). The score itself is
    computed here, on at most `RANK_WINDOW` rows of a few numbers.
    """
    if not window:
        return []
    rows = (
        model.objects.filter(pk__any_of=window)
        .annotate(
            _title_=SearchRank(F("head_vector"), AnyWord(tsquery), weights=ranking.TITLE_ONLY, cover_density=True),
            _summary_=SearchRank(F("head_vector"), AnyWord(tsquery), weights=ranking.HEAD_REST, cover_density=True),
            _text_=SearchRank(F("search_vector"), tsquery, weights=ranking.TEXT_ONLY, cover_density=True),
            _words_=WordCount(typed if typed is not None else tsquery),
            _title_bytes_=OctetLength("title"),
            _summary_bytes_=OctetLength("summary") + OctetLength("centre"),
            _text_bytes_=OctetLength("body") + OctetLength("documents_text"),
        )
        .values_list(
            "pk",
            "date",
            "_title_",
            "_summary_",
            "_text_",
            "_words_",
            "_title_bytes_",
            "_summary_bytes_",
            "_text_bytes_",
        )
    )
    # Read through the cursor: 500 rows of plain numbers need none of the ORM's per-value converters (2 ms).
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    keys = {}
    for pk, date, title, summary, text, words, title_bytes, summary_bytes, text_bytes in rows:
        frequencies = {"title": title / max(words, 1), "summary": summary / max(words, 1), "text": text}
        sizes = {"title": title_bytes, "summary": summary_bytes, "text": text_bytes}
        keys[pk] = ranking.order_key(ranking.score(frequencies, sizes), date, pk)
    return sorted(keys, key=keys.__getitem__)


def shortest_ids(matches, limit, cutoff):
    """Ids of the `limit` matches with the shortest text (body and documents), among the
    `SHORT_SCAN_FACTOR × RANK_WINDOW` shortest entries (`cutoff`, from `cutoffs`: a bounded walk of the index of
    search/migrations/0012, or the GIN index's matches within it): the short pages about the words, whatever their
    date."""
    if limit <= 0:
        return []
    base, params = matches.order_by().values_list("pk", "body", "documents_text").query.sql_with_params()
    within = "" if cutoff is None else f"WHERE {TEXT_BYTES_SQL} <= %s"
    sql = f"SELECT b.pk FROM ({base}) b {within} ORDER BY {TEXT_BYTES_SQL}, b.pk LIMIT %s"
    with connections[matches.db].cursor() as cursor:
        cursor.execute(sql, [*params, *([] if cutoff is None else [cutoff]), limit])
        return [row[0] for row in cursor.fetchall()]


def candidates(queryset, tsquery):
    """The window: ids of at most `RANK_WINDOW` matches of `tsquery` to rank, chosen without ranking (see above).

    Three statements at most, none excluding ids already chosen in SQL (`id <> ALL(…)` compares each row with the
    whole list): the newest head matches, enough of them to follow the shortest matches; the shortest matches; the
    newest of the others only when the head matches are fewer than the window.
    """
    model = queryset.model
    matches = queryset.annotate(_vector_=F("search_vector")).filter(_vector_=tsquery)
    # A match in the head is a match (search_vector begins with head_vector): only the small vector is read.
    head = queryset.annotate(_head_=F("head_vector")).filter(_head_=tsquery)
    others = matches.annotate(_head_=F("head_vector")).filter(~Q(_head_=tsquery) | Q(head_vector__isnull=True))
    collect_older = not queryset.query.where  # no facet filter narrows the entries
    cutoff, text_cutoff = cutoffs(model)  # read once for every part
    shortest = RANK_WINDOW // SHORT_SHARE
    # Enough head matches for the window even if every shortest match is one of them.
    newest_head = newest_ids(head, RANK_WINDOW + shortest, collect_older=collect_older, cutoff=cutoff)
    window = newest_head[: RANK_WINDOW - shortest]
    chosen = set(window)
    for pk in shortest_ids(matches, shortest, text_cutoff):
        if pk not in chosen:
            window.append(pk)
            chosen.add(pk)
    # Then the newest of the other head matches, and the newest of the others if the head has no more: a window
    # shorter than RANK_WINDOW holds every match.
    window += [pk for pk in newest_head[RANK_WINDOW - shortest :] if pk not in chosen][: RANK_WINDOW - len(window)]
    missing = RANK_WINDOW - len(window)
    if missing > 0 and len(newest_head) < RANK_WINDOW + shortest:
        newest_others = newest_ids(others, missing + shortest, collect_older=collect_older, cutoff=cutoff)
        window += [pk for pk in newest_others if pk not in chosen][:missing]
    return window


def as_typed(query):
    """The query without the alternatives its words are searched with (search/queries.py: `Or(as typed, its
    inflections, its correction, its glossary forms…)`): what the visitor typed, whose words a title is measured
    against, however many alternatives each word has."""
    if isinstance(query, And):
        return And([as_typed(part) for part in query.subqueries])
    if isinstance(query, Or) and query.subqueries:
        return as_typed(query.subqueries[0])
    return query


def ranked(queryset, tsquery, start, stop, typed=None):
    """Entries of `queryset` matching `tsquery`, positions `start` to `stop` in relevance order (see above);
    `typed`: the same query without its words' alternatives (`as_typed`), for the number of words."""
    model = queryset.model
    matches = queryset.annotate(_vector_=F("search_vector")).filter(_vector_=tsquery)
    window = candidates(queryset, tsquery)
    order = scored_ids(model, window, tsquery, typed)
    wanted = order[start:stop]
    if len(window) == RANK_WINDOW and (stop is None or stop > RANK_WINDOW):
        beyond = matches.exclude(pk__any_of=window).order_by("-date", "-pk").values_list("pk", flat=True)
        wanted += list(beyond[max(start - RANK_WINDOW, 0) : None if stop is None else stop - RANK_WINDOW])
    found = model.objects.defer("search_vector", "head_vector").in_bulk(wanted)  # only the search reads them
    return [found[pk] for pk in wanted if pk in found]


class AnyWord(Func):
    """The query with its words joined by « or » (phrases kept): in a title, each word counts wherever it stands."""

    template = "replace(CAST(%(expressions)s AS text), ' & ', ' | ')::tsquery"
    output_field = SearchQueryField()


class WordCount(Func):
    """How many words (lexemes) a query of words joined by operators has: its nodes are the words and one fewer
    operators."""

    template = "((numnode(%(expressions)s) + 1) / 2)"
    output_field = models.IntegerField()


class OctetLength(Func):
    """The stored size of a text in bytes: PostgreSQL reads it from the row, even for a text kept out of line."""

    function = "octet_length"
    output_field = models.IntegerField()

    def __init__(self, column):
        super().__init__(Coalesce(F(column), Value("")))


class EntryVectorSearchBackend(PostgresSearchBackend):
    index_class = OnceValuesIndex
    query_compiler_class = EntryVectorQueryCompiler
    results_class = EntryVectorSearchResults
