"""Search analytics: how often each query is searched per day, and how often it finds nothing.

Only the normalised query, the day and two counters are stored (`SearchQueryStat`): no IP
address, no user, no session, no time of day. Days are counted in Brussels time.

Bounded: at most settings.SEARCH_STATS_MAX_QUERIES_PER_DAY distinct queries get a row of their own each day.
Past that, new queries of the day are counted together in one row, `OTHER_QUERIES`, whose capitalised label no
normalised (lowercase) query can take. A flood of unique queries adds one row, not one row each.
"""

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from search.models import SearchQueryStat
from search.params import MAX_QUERY_LENGTH

logger = logging.getLogger(__name__)

# The row of the queries past the day's cap. normalise_query() lowercases: no visitor's query is this label.
OTHER_QUERIES = "(Autres recherches)"
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def normalise_query(query):
    """Lowercase, printable characters only, spaces collapsed, at most 200 characters."""
    text = "".join(" " if ch.isspace() else ch for ch in (query or "") if ch.isprintable() or ch.isspace()).lower()
    return " ".join(" ".join(text.split())[:MAX_QUERY_LENGTH].split())


def today():
    return timezone.now().astimezone(BRUSSELS).date()


def record_search(query, results_count):
    """Count one search of `query` today; a search that found nothing is counted as such too.

    A query new today gets its own row while the day has fewer than SEARCH_STATS_MAX_QUERIES_PER_DAY of
    them; past that it is counted in the `OTHER_QUERIES` row. Safe under concurrency: counters are
    incremented in the database (F expressions), and two requests creating the same day's row at once
    both end up counted (get_or_create retries the read after the unique constraint refuses the second
    insert); requests at the same instant may each add a row past the cap, no more. A failure is logged,
    never raised: statistics must not break the search page.
    """
    query = normalise_query(query)
    if not query:
        return
    day = today()
    increments = {"searches": F("searches") + 1}
    if results_count == 0:
        increments["zero_results"] = F("zero_results") + 1
    try:
        with transaction.atomic():
            if SearchQueryStat.objects.filter(query=query, date=day).update(**increments):
                return
            if SearchQueryStat.objects.filter(date=day).count() >= settings.SEARCH_STATS_MAX_QUERIES_PER_DAY:
                query = OTHER_QUERIES
            rows = SearchQueryStat.objects.filter(query=query, date=day)
            if not rows.update(**increments):
                SearchQueryStat.objects.get_or_create(query=query, date=day)
                rows.update(**increments)
    except DatabaseError:
        logger.exception("Could not record the search statistics of %r", query)


def _period(start, end):
    return SearchQueryStat.objects.filter(date__gte=start, date__lte=end)


def _queries(start, end):
    """The rows of queries of their own (not the day's `OTHER_QUERIES`)."""
    return _period(start, end).exclude(query=OTHER_QUERIES)


def other_queries(start, end):
    """The searches counted past the days' caps between `start` and `end`: {"searches", "zero_results"}."""
    sums = _period(start, end).filter(query=OTHER_QUERIES).aggregate(searches=Sum("searches"), zero=Sum("zero_results"))
    return {"searches": sums["searches"] or 0, "zero_results": sums["zero"] or 0}


def top_queries(start, end, limit=20):
    """The most searched queries between `start` and `end` (inclusive), most searched first.

    [{"query", "searches", "zero_results"}]
    """
    rows = (
        _queries(start, end)
        .values("query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .order_by("-total", "query")[:limit]
    )
    return [{"query": row["query"], "searches": row["total"], "zero_results": row["zero"]} for row in rows]


def zero_result_queries(start, end, limit=20):
    """The queries that most often found nothing between `start` and `end`.

    [{"query", "zero_results", "searches"}]
    """
    rows = (
        _queries(start, end)
        .values("query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .filter(zero__gt=0)
        .order_by("-zero", "query")[:limit]
    )
    return [{"query": row["query"], "zero_results": row["zero"], "searches": row["total"]} for row in rows]


def daily_totals(start, end):
    """Every day from `start` to `end`, with the day's searches and zero-result searches (0 if none).

    [{"date", "searches", "zero_results"}]
    """
    sums = {
        row["date"]: row
        for row in _period(start, end)
        .values("date")
        .annotate(searches_sum=Sum("searches"), zero_sum=Sum("zero_results"))
        .order_by("date")
    }
    days = []
    day = start
    while day <= end:
        row = sums.get(day)
        days.append(
            {
                "date": day,
                "searches": row["searches_sum"] if row else 0,
                "zero_results": row["zero_sum"] if row else 0,
            }
        )
        day += datetime.timedelta(days=1)
    return days


def record_outcome(outcome):
    """Count a search as the page and the API run it (search/queries.py `SearchOutcome`): once, on its first page,
    when it has words."""
    query = outcome.params.query
    if query and outcome.page is not None and outcome.page.number == 1:
        record_search(query, outcome.total)
