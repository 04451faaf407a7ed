"""Facet counts of frequent words, kept up to date by PostgreSQL (the search's cost stays flat as the site grows).

Counting the facets of a search reads every entry it matches: for a word found in most entries (« culturel »,
« décret ») that is most of the table, at every search. For the words found in at least `TRACKED_MIN_ENTRIES`
entries (`TrackedTerm`), statement-level triggers on the entries table keep `TermFacetCount`: per word, how many
entries have each combination of facet values. A one-word search on such a word reads those few hundred rows
instead; any other search (several words, phrases, rarer words) counts its matches as before.

The counts change in the same transaction as the entries, whatever writes them (publishing, bulk rebuilds,
deletions), so they are exact. `refresh()` chooses the tracked words again from the current content (after a
rebuild, or periodically with `manage.py refresh_search_counts`); a word that became frequent since is simply
counted the slower way until then. Other databases have no triggers: there, nothing is tracked.
"""

import re
from contextlib import contextmanager

from django.db import connection, connections, transaction
from django.db.models import BooleanField, Count, Func, Value
from django.db.models.functions import NullIf
from wagtail.search.query import And, Not, Or, PlainText

from search import facets
from search.migrations import _postgresql as sql
from search.models import SearchEntry, TermFacetCount, TrackedTerm
from search.postgres import as_typed

# A word is tracked when counting its matches would read more than this many entries: at least 500, and at least
# 2 % of the entries (counting 2 % of 125,000 entries takes a few milliseconds; tracking every word of 500 entries
# would keep millions of rows).
TRACKED_MIN_ENTRIES = 500
TRACKED_MIN_SHARE = 0.02
FACET_COLUMNS = facets.COLUMNS
# tsquery's text for one lexeme: 'culturel' (quotes doubled inside).
SINGLE_LEXEME = re.compile(r"^'((?:[^']|'')+)'$")

ENTRIES = SearchEntry._meta.db_table
COUNTS = TermFacetCount._meta.db_table
TRACKED = TrackedTerm._meta.db_table
EVERY_ENTRY = ""
# The statement-level trigger keeping the counts is generated from the facets' declarations by the migration helper
# (search/migrations/_postgresql.py `term_counts_trigger`); `refresh()` counts from scratch with the same pieces.
_FACETS = sql.facet_values(facets.KEPT_COLUMNS)
_COLUMNS = sql.count_columns(facets.KEPT_COLUMNS)
_POSITIONS = sql.positions(facets.KEPT_COLUMNS)


def supported(using="default"):
    return connection.vendor == "postgresql"


def default_min_entries():
    return max(TRACKED_MIN_ENTRIES, int(SearchEntry.objects.count() * TRACKED_MIN_SHARE))


def refresh(min_entries=None, log=None):
    """Track the words found in at least `min_entries` entries (by default `default_min_entries()`) and count
    their facets from scratch.

    Writers of entries wait for the few seconds it takes (the table is locked against writes); searches go on.
    Returns the number of tracked words.
    """
    if not supported():
        return 0
    log = log or (lambda message: None)
    min_entries = default_min_entries() if min_entries is None else min_entries
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {ENTRIES} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {COUNTS}")
        cursor.execute(f"DELETE FROM {TRACKED}")
        log("Mots fréquents…")
        cursor.execute(
            f"INSERT INTO {TRACKED} (lexeme) SELECT word FROM ts_stat(%s) WHERE ndoc >= %s",
            [f"SELECT search_vector FROM {ENTRIES}", min_entries],
        )
        tracked = cursor.rowcount
        cursor.execute(f"INSERT INTO {TRACKED} (lexeme) VALUES (%s)", [EVERY_ENTRY])
        log(f"{tracked} mots suivis ; décomptes des facettes…")
        cursor.execute(
            f"INSERT INTO {COUNTS} ({_COLUMNS}, n) SELECT l.lexeme, {_FACETS}, count(*) "
            f"FROM {ENTRIES} e {sql.LEXEMES} JOIN {TRACKED} t ON t.lexeme = l.lexeme GROUP BY {_POSITIONS} "
            # Each word's counts together on disk: a search reads them in a few pages (search/migrations/0010).
            f"ORDER BY {_POSITIONS}"
        )
        log(f"{cursor.rowcount} combinaisons comptées.")
    return tracked


class Recount:
    """What `recounted_after` yields: `before_writes()` stops tracking words before the first bulk write."""

    def __init__(self):
        self.dropped = False

    def before_writes(self):
        if not self.dropped and supported():
            with transaction.atomic():
                TrackedTerm.objects.all().delete()
        self.dropped = True


@contextmanager
def recounted_after(min_entries=None, log=None, *, lazy=False):
    """Around a bulk write of many entries (a full rebuild, generated content): no word is tracked during the block,
    so the trigger returns at once and the writes pay nothing for the counts; `refresh()` then counts them from
    scratch, once (about 3 s per 10,000 entries saved on a rebuild).

    With `lazy`, words stay tracked until the block calls the yielded `Recount.before_writes()`, and nothing is
    recounted if it never does: a rebuild that finds every entry unchanged writes nothing and keeps the counts.

    The counts stay exact: meanwhile searches count their matches the slower way, as for any untracked word, and
    `refresh()` recounts whatever was written in between. If the block fails, no word is tracked until the next
    `refresh()` (`manage.py refresh_search_counts`): searches are slower, not wrong.
    """
    recount = Recount()
    if not lazy:
        recount.before_writes()
    yield recount
    if recount.dropped:
        refresh(min_entries, log=log)


def quoted(term):
    """`term` as one lexeme of a tsquery's text, as the search backend quotes it (modelsearch's Lexeme)."""
    return "'{}'".format(term.replace("'", "''").replace("\\", "\\\\"))


def single_lexeme(term, config):
    """The lexeme a one-word query matches (« culturels » → « culturel »), or None (stop word, compound...)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(to_tsquery(%s::regconfig, %s))", [config, quoted(term)])
        tree = cursor.fetchone()[0]
    match = SINGLE_LEXEME.match(tree or "")
    return match.group(1).replace("''", "'") if match else None


def _kept(lexeme):
    """The kept combinations of `lexeme` as a query of rows (`FACET_COLUMNS`, entries), as those of a search's
    matches grouped (None where the counts keep a value for none: a year 0); None when it is not tracked."""
    if not TrackedTerm.objects.filter(lexeme=lexeme).exists():
        return None
    return _kept_rows(lexeme)


def _kept_rows(lexeme):
    """The kept combinations of a tracked `lexeme` (see `_kept`)."""
    known = {f"known_{column}": NullIf(column, Value(kept)) for column, kept in facets.KEPT_COLUMNS if kept is not None}
    rows = TermFacetCount.objects.filter(lexeme=lexeme, n__gt=0).annotate(**known)
    columns = (f"known_{column}" if f"known_{column}" in known else column for column in FACET_COLUMNS)
    return rows.values_list(*columns, "n")


def every_entry_combinations():
    """The combinations of all entries (a search by filters alone), or None when they are not kept."""
    return _kept(EVERY_ENTRY) if supported() else None


def combinations(term, config):
    """[(kind, resource_type, status, year, province, theme_ids, entries)] for the entries matching the one-word
    query `term`, from the kept counts; None when the word is not tracked (the caller counts the matches itself)."""
    if not supported():
        return None
    lexeme = single_lexeme(term, config)
    return None if lexeme is None else _kept(lexeme)


def compound_combinations(word, config):
    """As `combinations`, for a quoted hyphenated word (search/postgres.py `CompoundWord`): its compound lexeme."""
    if not supported():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.lexeme FROM unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s))) AS l(lexeme) "
            "WHERE strpos(l.lexeme, '-') > 0",
            [config, word],
        )
        lexemes = [row[0] for row in cursor.fetchall()]
    return _kept(lexemes[0]) if len(lexemes) == 1 else None


# Counting a search of several frequent words from a kept word's counts (`frequencies`, `candidate_word`,
# `sample_share`, `corrected`).
#
# Two frequent words together (« analyse partagée ») match most of the entries: counting their matches reads them
# all (70 ms for 93,000 of 125,000 entries), however they are grouped. But such a search Q keeps most of the entries
# of each of its words: for a tracked word P of it, Q = P − (P ∧ ¬Q) + (Q ∧ ¬P), and both differences are small.
# So the counts of Q are the kept counts of P, minus the combinations of P's entries that Q does not match, plus
# those of Q's entries without P (a glossary form, another inflection): exact, and reading only the differences,
# which the GIN index finds without visiting the other entries. It is worth it when Q keeps most of P's entries,
# which a sample of the entries tells (`sample_share`): words that go together (« budget prévisionnel ») as well
# as words found almost everywhere; otherwise the search counts its matches, fewer than the differences.

# The share of P's entries the search must keep for the difference to be worth it: the differences then read at
# most half of what counting the matches would. The share is counted in a sample of the entries (one in
# SAMPLE_MODULUS, search/migrations/0014: its own small GIN index), which must hold at least SAMPLE_MIN of P's.
NEAR_SHARE = 0.5
SAMPLE_MODULUS = 64
SAMPLE_MIN = 30


def frequencies(words, config):
    """({word: (its lexeme, entries holding it)}, entries in all), in one statement: for each word of `words` its
    lexeme (None for a stop word or a compound) and the number of entries holding it when it is tracked (else
    None); the number of entries is None when the counts are not kept (nothing tracked, during a rebuild)."""
    if not supported() or not words:
        return {}, None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.word, t.lexeme, (SELECT sum(c.n) FROM {COUNTS} c WHERE c.lexeme = t.lexeme) "
            "FROM unnest(%s::text[], %s::text[]) AS q(word, quoted) CROSS JOIN LATERAL ("
            "SELECT replace(substring(querytree(to_tsquery(%s::regconfig, q.quoted)) FROM %s), %s, %s) AS lexeme"
            f") AS t UNION ALL SELECT NULL, NULL, (SELECT sum(n) FROM {COUNTS} WHERE lexeme = %s)",
            [list(words), [quoted(word) for word in words], config, SINGLE_LEXEME.pattern, "''", "'", EVERY_ENTRY],
        )
        rows = cursor.fetchall()
    total = rows.pop()[2]
    found = {word: (lexeme, None if n is None else int(n)) for word, lexeme, n in rows}
    return found, None if total is None else int(total)


def surely_near(parts, found, total, near):
    """Whether the search is sure to keep `NEAR_SHARE` of the entries of the word `near`, whatever the words' ties:
    entries holding every word of `parts` are at least Σ nᵢ − (k − 1) × total (each word misses total − nᵢ of them),
    and the search matches them all. Words found almost everywhere (« analyse partagée ») need no sample then."""
    if not total or any(not found.get(word, (None, None))[1] for word in parts):
        return False
    together = sum(found[word][1] for word in parts) - (len(parts) - 1) * total
    return together >= NEAR_SHARE * found[near][1]


def candidate_word(parts, found):
    """The word of `parts` (the words the search was typed with) whose kept counts the search's counts may come
    from: the tracked one holding the fewest entries (the differences are then fewest), or None when none is
    tracked or the search has a single word."""
    tracked = {word: found[word][1] for word in parts if found.get(word, (None, None))[1]}
    if len(parts) < 2 or not tracked:
        return None
    return min(tracked, key=lambda word: tracked[word])


class Sampled(Func):
    """The entries of the sample (one in `SAMPLE_MODULUS`), with the condition of its partial GIN index."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=f"(%(expressions)s %%%% {SAMPLE_MODULUS}) = 0", **extra)


def sample_share(matches, word_entries):
    """The share of the word's entries (`word_entries`, a query of entries) the search (`matches`) keeps, counted in
    the sample of entries (search/migrations/0014): None when the sample holds too few of the word's entries to
    tell (`SAMPLE_MIN`), a small site where counting the matches costs little anyway. One statement."""
    kept = matches.filter(Sampled("id")).order_by().values("id")
    of_word = word_entries.filter(Sampled("id")).order_by().values("id")
    kept_sql, kept_params = kept.query.sql_with_params()
    word_sql, word_params = of_word.query.sql_with_params()
    with connections[matches.db].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({kept_sql}) AS k), (SELECT count(*) FROM ({word_sql}) AS w)",
            [*kept_params, *word_params],
        )
        in_search, of_word_count = cursor.fetchone()
    if of_word_count < SAMPLE_MIN:
        return None
    return in_search / of_word_count


class RowsQuery:
    """A statement of combinations (`facet_counts.ROW`) that `facet_counts.in_sql` reads like a query of rows."""

    def __init__(self, sql, params, using):
        self.query = self
        self.db = using
        self._sql = sql
        self._params = params

    def sql_with_params(self):
        return self._sql, self._params


def corrected(lexeme, missing, extra=None):
    """The combinations of the search from the kept ones of `lexeme`, minus `missing` (rows of the entries holding
    it that the search does not match) plus `extra` (rows of the matches without it; None: there are none): rows
    `facet_counts.ROW`."""
    names = ", ".join([*FACET_COLUMNS, "n"])
    kept_sql, params = _kept_rows(lexeme).query.sql_with_params()
    missing_sql, missing_params = missing.query.sql_with_params()
    parts = [
        f"SELECT * FROM ({kept_sql}) AS k ({names})",
        f"SELECT {', '.join(FACET_COLUMNS)}, -n FROM ({missing_sql}) AS m ({names})",
    ]
    params = [*params, *missing_params]
    if extra is not None:
        extra_sql, extra_params = extra.query.sql_with_params()
        parts.append(f"SELECT * FROM ({extra_sql}) AS e ({names})")
        params += extra_params
    columns = ", ".join(f"u.{column}" for column in FACET_COLUMNS)
    sql = f"SELECT {columns}, sum(u.n) FROM ({' UNION ALL '.join(parts)}) AS u GROUP BY {columns} HAVING sum(u.n) > 0"
    return RowsQuery(sql, params, missing.db)


def near_combinations(text_query, config, matched):
    """The combinations of a search of several frequent words (`text_query`, Wagtail's query objects), from the kept
    counts of one of them and the entries that differ (`corrected`); None when counting the matches is cheaper (the
    search keeps few of that word's entries, or no word is frequent). `matched(query)`: the entries a Wagtail query
    matches, before any facet filter (a query of entries)."""
    typed = as_typed(text_query) if text_query is not None else None
    parts = typed.subqueries if isinstance(typed, And) else []
    if len(parts) < 2 or not all(isinstance(part, PlainText) for part in parts):
        return None
    words = [part.query_string for part in parts]
    found, total = frequencies(words, config)
    near = candidate_word(words, found)
    if near is None:
        return None
    word = PlainText(near)
    if not surely_near(words, found, total, near):
        share = sample_share(matched(text_query), matched(word))
        if share is None or share < NEAR_SHARE:  # few of the word's entries: count the matches
            return None

    def rows(query):
        return matched(query).values(*FACET_COLUMNS).annotate(n=Count("pk")).order_by().values_list(*FACET_COLUMNS, "n")

    without = without_word(text_query, word)  # the matches without the word: only from the other alternatives
    extra = rows(And([without, Not(word)])) if without is not None else None
    return corrected(found[near][0], rows(And([word, Not(text_query)])), extra)


def without_word(query, word):
    """`query` without its alternatives that require `word` (they match nothing without it): None when every one
    does. Exact, so that the search's matches without the word are read without the word's many entries."""
    if isinstance(query, PlainText) and query.query_string == word.query_string:
        return None
    if isinstance(query, And) and any(without_word(part, word) is None for part in query.subqueries):
        return None
    if isinstance(query, Or):
        kept = [alternative for alternative in query.subqueries if without_word(alternative, word) is not None]
        return None if not kept else kept[0] if len(kept) == 1 else Or(kept)
    return query
