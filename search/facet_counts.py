"""Facet counts of a search from the combinations of facet values of its matches.

A search's matches are grouped by their combination of facet values (kind, resource type, status, year, province,
themes): a few thousand combinations at most, whatever the number of matches. PostgreSQL even keeps them for
frequent words (search/term_counts.py). Each facet then counts the combinations that pass every filter but its own
(so that its other options show what choosing them would give), and the total those that pass them all.

On PostgreSQL that is one statement over the combinations, which returns only the counts (`in_sql`); elsewhere
(SQLite) the combinations are read and counted in Python (`in_python`). Both give
{facet: {value (text): count}} with "total" → {"": total}, values most frequent first.
"""

import hashlib
import uuid
from collections import Counter

from django.conf import settings
from django.db import connections, transaction

from cms import page_cache
from search import facets

# Facet (search parameter) → column of the combinations, for the facets of one value per entry (search/facets.py);
# a many-valued facet (themes) has its ids in one column ("1,4" in `theme_ids`), split into an array (`_array`).
COLUMNS = {facet.name: facet.column for facet in facets.SINGLE}
MANY = {facet.name: facet.column for facet in facets.MANY}
ROW = (*facets.COLUMNS, "n")


def _array(name):
    """The SQL name of a many-valued facet's values as an array (« themes »)."""
    return f"{name}s"


def _sorted(grouped):
    return {
        name: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))) for name, counts in grouped.items()
    }


def in_sql(combinations, wanted, *, cached=False):
    """Counts from `combinations`, a query of rows `ROW` (year None when unknown), with the filters `wanted`
    ({facet: value as text}; a theme by its id), in one statement.

    `cached`: the combinations are counted from the matches. When that counted many of them (at least
    SEARCH_COUNTS_CACHE_MIN_MATCHES: two frequent words together, « analyse partagée »), the counts are kept in the
    cache for SEARCH_COUNTS_CACHE_SECONDS at most, under the entries' generation, which every write of search
    entries replaces: a repeated search reuses them until the entries change.
    """
    source, source_params = combinations.query.sql_with_params()
    conditions = {
        name: (f"%s = ANY(c.{_array(name)})" if name in MANY else f"c.{COLUMNS[name]}::text = %s") for name in wanted
    }

    def where(but=None):
        names = [name for name in wanted if name != but]
        return " AND ".join(conditions[name] for name in names) or "TRUE", [wanted[name] for name in names]

    branches, params = [], []
    for name, column in COLUMNS.items():
        condition, condition_params = where(but=name)
        branches.append(f"SELECT %s, c.{column}::text, sum(c.n) FROM c WHERE {condition} GROUP BY 2")
        params += [name, *condition_params]
    for name in MANY:
        condition, condition_params = where(but=name)
        branches.append(
            f"SELECT '{name}', t.id, sum(c.n) FROM c CROSS JOIN unnest(c.{_array(name)}) AS t(id) "
            f"WHERE {condition} GROUP BY 2"
        )
        params += condition_params
    condition, condition_params = where()
    branches.append(f"SELECT 'total', '', coalesce(sum(c.n), 0) FROM c WHERE {condition}")
    params += condition_params
    # Each combination's themes as an array, split once for every branch.
    arrays = "".join(f", string_to_array(s.{column}, ',') AS {_array(name)}" for name, column in MANY.items())
    statement = (
        f"WITH s ({', '.join(ROW)}) AS ({source}), "
        f"c AS MATERIALIZED (SELECT s.*{arrays} FROM s) "
        f"{' UNION ALL '.join(branches)}"
    )
    params = [*source_params, *params]
    key = _cache_key(statement, params) if cached else None
    counts = page_cache.get_cache().get(key) if key else None
    if counts is not None:
        return counts
    grouped = {name: Counter() for name in [*COLUMNS, *MANY, "total"]}
    with connections[combinations.db].cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, n in cursor.fetchall():
            if n:
                grouped[name]["" if value is None else value] += int(n)
    counts = _sorted(grouped)
    if key and max(sum(counts[name].values()) for name in COLUMNS) >= settings.SEARCH_COUNTS_CACHE_MIN_MATCHES:
        page_cache.get_cache().set(key, counts, settings.SEARCH_COUNTS_CACHE_SECONDS)
    return counts


# Kept counts are valid for one "generation" of the search entries: a random value in the cache, replaced whenever
# entries are written (`entries_changed`), at once and again when the writing transaction commits, so that counts
# read during the transaction cannot be kept under the new value.
GENERATION_KEY = "search:counts:generation"


def _cache_key(statement, params):
    """The key of a counting statement's counts for the current entries, or None (cache off or down)."""
    if settings.SEARCH_COUNTS_CACHE_SECONDS <= 0:
        return None
    cache = page_cache.get_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # first use, eviction, an empty Redis, or the cache is down
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            return None
    digest = hashlib.sha256(repr((statement, params)).encode()).hexdigest()
    return f"search:counts:{generation}:{digest}"


def _new_generation():
    page_cache.get_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def entries_changed(using="default"):
    """Search entries were written: counts kept in the cache are out of use, now and when the transaction commits."""
    if settings.SEARCH_COUNTS_CACHE_SECONDS <= 0:
        return
    _new_generation()
    connection = transaction.get_connection(using)
    # Once per transaction, however many entries it writes.
    registered = any(func is _new_generation for _ids, func, _robust in connection.run_on_commit)
    if connection.in_atomic_block and not registered:
        transaction.on_commit(_new_generation, using=using)


def in_python(combinations, wanted):
    """Counts from `combinations`, rows `ROW` (any iterable of them), with the filters `wanted` (as `in_sql`)."""
    grouped = {name: Counter() for name in [*COLUMNS, *MANY, "total"]}
    positions = [(name, ROW.index(column)) for name, column in COLUMNS.items()]
    many_positions = [(name, ROW.index(column)) for name, column in MANY.items()]
    for row in combinations:
        n = row[-1]
        values = {name: "" if row[position] is None else str(row[position]) for name, position in positions}
        many = {name: (row[position].split(",") if row[position] else []) for name, position in many_positions}
        failed = [
            name
            for name, value in wanted.items()
            if (value not in many[name] if name in many else values[name] != value)
        ]
        if len(failed) > 1:
            continue
        for name, value in values.items():
            if not failed or failed == [name]:  # passes every filter but maybe this facet's own
                grouped[name][value] += n
        for name, ids in many.items():
            if not failed or failed == [name]:
                for value in ids:
                    grouped[name][value] += n
        if not failed:
            grouped["total"][""] += n
    return _sorted(grouped)
