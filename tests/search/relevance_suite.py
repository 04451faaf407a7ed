"""Running the graded relevance suite (relevance_queries*.py) over the demo content: shared by its tests
(test_relevance_suite.py) and the benchmark (`python -m tests.bench relevance`, tests/bench/relevance.py).

`build_demo_corpus()` builds the demo as `seed_demo` does, with every search entry written and indexed;
`run_suite(backend_name)` runs every judged query through `search_content` on that backend and returns a
`SuiteRun`: per query what came first (slugs), the correction notice and the corrected words that the content has,
the notices that « correct » a query into itself, and the hidden pages (drafts, private pages) found in any first
200.
"""

import io
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page

from pages.demo.builders import build_demo
from search.models import SearchEntry
from search.queries import SearchParams, search_content
from search.text import query_terms
from tests.search import relevance_metrics as metrics
from tests.search.relevance_queries_more import CASES, HIDDEN_QUERIES, HIDDEN_SLUGS

DEPTH = 200  # how far down hidden pages are looked for


def build_demo_corpus():
    """The demo content, as `seed_demo` builds it (all or nothing; nothing new if it is there), then every entry
    rebuilt and indexed (`rebuild_search_entries`)."""
    with transaction.atomic():
        build_demo(progress=lambda line: None)
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())


def content_vocabulary():
    """Every word of the live public pages' text and of their documents: the words that exist in the content."""
    rows = SearchEntry.objects.values_list("title", "summary", "centre", "body", "documents_text")
    return metrics.vocabulary(text for row in rows for text in row)


@dataclass
class SuiteRun:
    backend: str
    results: list  # QueryResult, in the order of CASES
    hidden_found: list = field(default_factory=list)  # (query, slug) of drafts and private pages found
    failures: list = field(default_factory=list)  # (query, notice) where the backend did not answer itself
    unchanged_notices: list = field(default_factory=list)  # queries « corrected » into themselves

    @property
    def summary(self):
        return metrics.summary(self.results)

    def rankings(self):
        """{query label: ranked slugs}: what `same_first_hit` compares."""
        return {result.case.label: result.ranked for result in self.results}


def ranked_slugs(query, backend_name, **filters):
    """(slugs of the first `DEPTH` hits, best first; the outcome) of one search."""
    params = SearchParams(query=query, **filters)
    outcome = search_content(params, backend_name=backend_name, per_page=DEPTH)
    ids = [hit.entry.page_id for hit in outcome.page.object_list] if outcome.page else []
    slugs = dict(Page.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in ids], outcome


def run_suite(backend_name="default", *, label="", cases=CASES):
    """Every judged query on backend `backend_name` (a key of WAGTAILSEARCH_BACKENDS)."""
    known = content_vocabulary()
    run = SuiteRun(label or backend_name, [])
    for case in cases:
        ranked, outcome = ranked_slugs(case.query, backend_name, **case.filters)
        if outcome.notice:
            run.failures.append((case.query, outcome.notice))
        wrong = metrics.wrong_corrections(case.query, outcome.corrected_query, known)
        if outcome.corrected_query and query_terms(outcome.corrected_query) == query_terms(case.query):
            run.unchanged_notices.append(case.query)
        run.results.append(metrics.QueryResult(case, ranked, outcome.corrected_query, wrong))
        run.hidden_found += [(case.query, slug) for slug in ranked if slug in HIDDEN_SLUGS]
    for query in HIDDEN_QUERIES:
        ranked, _outcome = ranked_slugs(query, backend_name)
        run.hidden_found += [(query, slug) for slug in ranked if slug in HIDDEN_SLUGS]
    return run


def missing_slugs(cases=CASES):
    """The judged slugs that are no live public page of the demo (a judgment naming a page that does not exist)."""
    existing = set(SearchEntry.objects.values_list("page__slug", flat=True))
    return sorted({slug for case in cases for slug in case.grades} - existing)
