"""Facet counts from combinations of facet values: each facet leaves out its own filter, and PostgreSQL's one
statement counts what the Python loop counts."""

import datetime
import itertools

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from cms import page_cache
from pages.models import DossierStatus, Province, ResourceType
from search import facet_counts, indexing
from search.bulk import build_entries
from search.models import SearchEntry
from search.queries import SearchParams, search_content
from tests.factories import CulturalCentreFactory, DossierPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the counting statement is PostgreSQL's"
)
THEMES = ("autres", "analyse-partagee", "expliquer-le-decret")


@pytest.fixture
def combinations(site_tree):
    """Six resources (three guides, three tools with a secondary theme) over three themes and years, and four
    dossiers (two statuses, two provinces), grouped by combination of facet values."""
    themes = [site_tree.theme[slug] for slug in THEMES]
    for n, (theme, resource_type) in enumerate(itertools.product(themes, [ResourceType.GUIDE, ResourceType.TOOL])):
        page = ResourcePageFactory(
            parent=theme,
            resource_type=resource_type,
            date=datetime.date(2019 + n % 3, 3, 1),
            secondary_themes=[themes[(themes.index(theme) + 1) % 3]] if resource_type == ResourceType.TOOL else [],
        )
        indexing.refresh_entry(page)
    for status, province in itertools.product(
        [DossierStatus.APPROVED, DossierStatus.PENDING], [Province.NAMUR, Province.LIEGE]
    ):
        page = DossierPageFactory(
            parent=site_tree.dossier_library, status=status, centre=CulturalCentreFactory(province=province)
        )
        indexing.refresh_entry(page)
    columns = facet_counts.ROW[:-1]
    return SearchEntry.objects.values(*columns).annotate(n=Count("pk")).order_by().values_list(*columns, "n")


def with_theme_ids(site_tree, wanted):
    return {name: str(site_tree.theme[value].pk) if name == "theme" else value for name, value in wanted.items()}


def entries_passing(combinations, wanted):
    def passes(row, name, value):
        if name == "theme":
            return value in row[5].split(",")
        return str(row[facet_counts.ROW.index(facet_counts.COLUMNS[name])]) == value

    return sum(row[-1] for row in combinations if all(passes(row, n, v) for n, v in wanted.items()))


def test_each_facet_counts_what_choosing_its_options_instead_would_give(combinations, site_tree):
    counts = facet_counts.in_python(list(combinations), {"type": "ressource", "resource_type": ResourceType.GUIDE})

    assert counts["total"] == {"": 3}, "the three guides"
    assert counts["resource_type"] == {ResourceType.GUIDE: 3, ResourceType.TOOL: 3}
    assert counts["type"] == {"ressource": 3}, "dossiers are no guides"
    assert counts["theme"] == {str(site_tree.theme[slug].pk): 1 for slug in THEMES}
    assert counts["status"] == {"": 3} and counts["province"] == {"": 3}, "guides have neither"


def test_an_entry_counts_for_each_of_its_themes(combinations, site_tree):
    counts = facet_counts.in_python(list(combinations), {"resource_type": ResourceType.TOOL})

    assert counts["total"] == {"": 3}
    assert counts["theme"] == {str(site_tree.theme[slug].pk): 2 for slug in THEMES}, "primary and secondary"


@needs_postgresql
@pytest.mark.parametrize(
    "wanted",
    [
        {},
        {"type": "ressource"},
        {"type": "dossier", "status": DossierStatus.PENDING},
        {"province": Province.NAMUR},
        {"year": "2020"},
        {"theme": "analyse-partagee"},
        {"theme": "autres", "resource_type": ResourceType.TOOL, "year": "2019"},
        {"type": "lien"},  # nothing passes every filter
    ],
    ids=lambda wanted: ",".join(wanted) or "no filter",
)
def test_postgresql_counts_in_one_statement_what_the_python_loop_counts(combinations, site_tree, wanted):
    wanted = with_theme_ids(site_tree, wanted)

    counts = facet_counts.in_sql(combinations, wanted)

    assert counts == facet_counts.in_python(list(combinations), wanted)
    assert counts["total"] == ({"": n} if (n := entries_passing(combinations, wanted)) else {})


@pytest.fixture
def counts_cache(settings):
    """The counts cache on, for any number of matches, in a cache emptied for the test."""
    settings.SEARCH_COUNTS_CACHE_SECONDS = 60
    settings.SEARCH_COUNTS_CACHE_MIN_MATCHES = 1
    page_cache.get_cache().clear()
    yield
    page_cache.get_cache().clear()


def two_word_search():
    """A search whose counts are counted from its matches (two words are never kept: search/term_counts.py)."""
    with CaptureQueriesContext(connection) as queries:
        outcome = search_content(SearchParams(query="bibliobus mardi"))
    counted = [query["sql"] for query in queries.captured_queries if "WITH s (" in query["sql"]]
    return outcome, counted


def bibliobus(site_tree, n):
    page = ResourcePageFactory(parent=site_tree.theme["autres"], title=f"Le bibliobus passe le mardi ({n})")
    indexing.refresh_entry(page)
    return page


@needs_postgresql
def test_a_repeated_search_reuses_the_counts_of_its_many_matches(site_tree, counts_cache):
    for n in range(3):
        bibliobus(site_tree, n)

    first, counted_first = two_word_search()
    again, counted_again = two_word_search()

    assert len(counted_first) == 1 and counted_again == [], "counted once"
    assert again.total == first.total == 3
    assert [(f.name, [(o.value, o.count) for o in f.options]) for f in again.facets] == [
        (f.name, [(o.value, o.count) for o in f.options]) for f in first.facets
    ]


@needs_postgresql
def test_publishing_a_match_counts_again(site_tree, counts_cache, django_capture_on_commit_callbacks):
    bibliobus(site_tree, 0)
    assert two_word_search()[0].total == 1

    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(parent=site_tree.theme["autres"], title="Le bibliobus du mardi soir", live=False)
        page.save_revision().publish()
    outcome, counted = two_word_search()

    assert len(counted) == 1 and outcome.total == 2


@needs_postgresql
def test_bulk_written_entries_count_again(site_tree, counts_cache):
    bibliobus(site_tree, 0)
    assert two_word_search()[0].total == 1
    page = ResourcePageFactory(parent=site_tree.theme["autres"], title="Le bibliobus du mardi soir")

    build_entries([page])
    outcome, counted = two_word_search()

    assert len(counted) == 1 and outcome.total == 2


@needs_postgresql
def test_searches_with_fewer_matches_than_the_threshold_are_counted_each_time(site_tree, counts_cache, settings):
    settings.SEARCH_COUNTS_CACHE_MIN_MATCHES = 5
    for n in range(3):
        bibliobus(site_tree, n)

    two_word_search()
    _outcome, counted = two_word_search()

    assert len(counted) == 1


def test_counts_are_not_kept_without_a_shared_cache(settings):
    """Without Redis each process has its own memory cache, which another process's publishing would not reach."""
    assert not settings.REDIS_URL and settings.SEARCH_COUNTS_CACHE_SECONDS == 0
