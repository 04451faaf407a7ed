"""Facet counts from combinations of facet values: each facet leaves out its own filter, and PostgreSQL's one
statement counts what the Python loop counts."""

import datetime
import itertools

import pytest
from django.db import connection
from django.db.models import Count

from pages.models import DossierStatus, Province, ResourceType
from search import facet_counts, indexing
from search.models import SearchEntry
from tests.factories import CulturalCentreFactory, DossierPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the counting statement is PostgreSQL's")
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
