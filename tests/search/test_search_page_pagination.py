"""The public search page (tests/search/test_search_page.py), continued: pagination and the queries a page costs."""

import datetime
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages import models as m
from tests.factories import (
    ResourcePageFactory,
)
from tests.search.search_page_base import SEARCH_URL, SearchPageCase, rebuild_entries


class PaginationTests(SearchPageCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(25):
            ResourcePageFactory(
                parent=cls.tree.theme["autres"],
                title=f"Fiche de cartographie n° {n}",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            )
        rebuild_entries()

    def test_pagination_keeps_the_query_filters_and_sort(self):
        response = self.search("cartographie", type="ressource", theme="autres", sort="date")
        self.assertShows(response, "25 résultats", "Page 1 sur 3")
        soup = self.get_soup(response.content)
        next_url = soup.select_one('a[rel="next"]')["href"]
        self.assertParams(next_url, q="cartographie", type="ressource", theme="autres", sort="date", page="2")
        page_2 = self.client.get(SEARCH_URL + next_url)
        self.assertShows(page_2, "Page 2 sur 3")
        titles = self.hit_titles(page_2)
        self.assertEqual(titles[0], "Fiche de cartographie n° 14")
        # A facet link goes back to the first page.
        facet_url = self.facet_link(page_2, "resource_type", "Guide")
        self.assertNotIn("page", parse_qs(urlsplit(facet_url).query))


class SearchPageQueryCountTests(SearchPageCase):
    """The page makes as many queries whatever the number of hits it shows."""

    def count_queries(self, matching):
        for n in range(matching):
            ResourcePageFactory(
                parent=self.tree.themes[n % 4], title=f"Boussole de l'animation n° {n}", summary="Une boussole."
            )
        rebuild_entries()
        self.search("boussole")  # warm caches and the statistics row
        with CaptureQueriesContext(connection) as queries:
            response = self.search("boussole")
        self.assertEqual(len(self.hits(response)), min(matching, 10))
        return len(queries)

    def test_a_search_finding_nothing_ranks_nothing(self):
        ResourcePageFactory(parent=self.tree.themes[0], title="Boussole de l'animation")
        rebuild_entries()
        with CaptureQueriesContext(connection) as queries:
            response = self.search("zxqwvk")
        self.assertEqual(self.hits(response), [])
        statements = " ".join(query["sql"] for query in queries.captured_queries).lower()
        self.assertNotIn("head_vector", statements, "PostgreSQL chooses no candidates to rank")
        self.assertNotIn("bm25", statements, "SQLite ranks nothing")

    def test_as_many_queries_for_5_as_for_30_matching_resources(self):
        few = self.count_queries(5)
        for page in m.ResourcePage.objects.all():
            page.delete()
        many = self.count_queries(30)
        self.assertEqual(few, many)
