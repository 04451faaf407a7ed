"""The public search page (tests/search/test_search_page.py), continued: editors' picks and the statistics the
page records."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search.models import SearchQueryStat
from tests.factories import (
    ResourcePageFactory,
)
from tests.pages.base import normalise
from tests.search.search_page_base import SearchPageCase, rebuild_entries


class EditorsPicksTests(SearchPageCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.guide = ResourcePageFactory(
            parent=cls.tree.theme["expliquer-le-decret"],
            title="Le décret du 21 novembre 2013 expliqué",
            summary="Une synthèse du décret.",
        )
        rebuild_entries()
        cls.query = Query.get("Décret")
        SearchPromotion.objects.create(
            query=cls.query,
            page=cls.tree.theme["expliquer-le-decret"],
            description="Toutes les ressources pour comprendre le décret.",
            sort_order=0,
        )

    def picks(self, response):
        soup = self.get_soup(response.content)
        block = soup.select_one(".search-picks")
        if block is None:
            return None
        return block, [normalise(a.get_text()) for a in block.select(".search-pick__title a")]

    def test_editors_picks_are_shown_first_as_the_teams_selection(self):
        response = self.search("décret")
        block, titles = self.picks(response)
        self.assertEqual(normalise(block.select_one("h2").get_text()), "Sélection de l'équipe")
        self.assertEqual(titles, ["Expliquer le décret"])
        self.assertContains(response, f'href="{self.tree.theme["expliquer-le-decret"].url}"')
        html = response.content.decode()
        self.assertLess(html.index("search-picks"), html.index("search-hits"))

    def test_picks_follow_the_query_not_its_case(self):
        self.assertIsNotNone(self.picks(self.search("DÉCRET")))
        self.assertIsNone(self.picks(self.search("analyse")))

    def test_picks_only_on_the_first_page(self):
        self.assertIsNotNone(self.picks(self.search("décret", page="1")))

    def test_the_picks_description_is_shown(self):
        self.assertShows(self.search("décret"), "Toutes les ressources pour comprendre le décret.")

    def test_a_pick_of_a_draft_or_private_page_is_never_shown(self):
        draft = ResourcePageFactory(parent=self.tree.theme["autres"], title="Brouillon secret", live=False)
        private = ResourcePageFactory(parent=self.tree.theme["autres"], title="Note interne au conseil")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
        SearchPromotion.objects.create(query=self.query, page=draft, sort_order=1)
        SearchPromotion.objects.create(query=self.query, page=private, sort_order=2)
        SearchPromotion.objects.create(
            query=self.query, external_link_url="https://example.org/", external_link_text="Ailleurs", sort_order=3
        )
        response = self.search("décret")
        self.assertEqual(self.picks(response)[1], ["Expliquer le décret"])
        self.assertNotContains(response, "Brouillon secret")
        self.assertNotContains(response, "Note interne au conseil")

    def test_searching_creates_no_promotion_query(self):
        self.search("une recherche sans promotion")
        self.assertFalse(Query.objects.filter(query_string__contains="promotion").exists())


class SearchStatisticsFromThePageTests(SearchPageCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ResourcePageFactory.create_batch(12, parent=cls.tree.theme["autres"], summary="Un outil de cartographie.")
        rebuild_entries()

    def test_first_page_of_a_query_is_counted_once(self):
        self.search("  Cartographie ")
        self.search("cartographie", page="2")
        self.search("cartographie", type="ressource", page="2")
        self.search("")
        self.search(type="ressource")
        stat = SearchQueryStat.objects.get()
        self.assertEqual((stat.query, stat.searches, stat.zero_results), ("cartographie", 1, 0))

    def test_a_search_without_result_is_counted_as_such(self):
        self.search("zxqwv")
        self.assertEqual(SearchQueryStat.objects.get(query="zxqwv").zero_results, 1)
