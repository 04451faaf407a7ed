"""The public search page (/recherche/): finds live content, and survives any query string."""

from tests.factories import DossierPageFactory, LinkPageFactory, ResourcePageFactory
from tests.pages.base import SiteTreeTestCase

SEARCH_URL = "/recherche/"


class SearchPageTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.resource = ResourcePageFactory(
            parent=cls.tree.theme["analyse-partagee"],
            title="Cartographie participative du territoire",
            summary="Une méthode pour cartographier le territoire avec les habitants.",
        )
        cls.draft = ResourcePageFactory(parent=cls.tree.theme["autres"], title="Cartographie en brouillon", live=False)
        cls.dossier = DossierPageFactory(parent=cls.tree.dossier_library, title="Dossier de Ciney")
        cls.link = LinkPageFactory(parent=cls.tree.link_library, title="Atlas cartographique de Wallonie")

    def search(self, query, **params):
        response = self.client.get(SEARCH_URL, {"q": query, **params})
        self.assertEqual(response.status_code, 200, repr(query)[:80])
        return response

    def results(self, response):
        page = response.context["search_results"]
        return [result.specific for result in page] if page else []

    def test_empty_search_invites_to_type_in_french(self):
        for query in ("", "   "):
            with self.subTest(query=query):
                response = self.search(query)
                self.assertIsNone(response.context["search_results"])
                self.assertShows(response, "Rechercher sur la Plateforme", "Saisissez un ou plusieurs mots")
        self.assertEqual(self.client.get(SEARCH_URL).status_code, 200)

    def test_search_finds_live_pages_and_not_drafts(self):
        response = self.search("cartographie")
        found = self.results(response)
        self.assertIn(self.resource, found)
        self.assertNotIn(self.draft, found)
        self.assertShows(response, "Cartographie participative du territoire", "Ressource")
        self.assertContains(response, self.resource.get_url())

    def test_search_finds_link_library_entries(self):
        self.assertIn(self.link, self.results(self.search("atlas")))

    def test_search_without_result_says_so_in_french(self):
        response = self.search("zxqwv")
        self.assertEqual(self.results(response), [])
        self.assertShows(response, "Aucun résultat pour « zxqwv »", "Expliquer le décret")

    def test_very_long_query_is_answered(self):
        response = self.search("cartographie " * 800)
        self.assertLessEqual(len(response.context["search_query"]), 200)

    def test_query_of_10000_characters_without_spaces_is_answered(self):
        self.search("a" * 10_000)

    def test_queries_with_nul_and_control_characters_are_answered(self):
        for query in ("carto\x00graphie", "\x00", "cartographie\x00\x01\x1b[0m", "\u202ecartographie"):
            with self.subTest(query=repr(query)):
                response = self.search(query)
                self.assertNotIn("\x00", response.context["search_query"])

    def test_queries_with_search_syntax_are_answered(self):
        for query in ('"cartographie', "carto*", "-territoire", "a OR b AND", "'; DROP TABLE pages; --", "%", "é & ü"):
            with self.subTest(query=query):
                self.search(query)

    def test_bad_page_numbers_are_answered(self):
        for page in ("abc", "99999", "-1", "\x00"):
            with self.subTest(page=repr(page)):
                response = self.search("cartographie", page=page)
                self.assertIn(self.resource, self.results(response))

    def test_query_is_escaped_in_the_page(self):
        response = self.search("<script>alert(1)</script>")
        self.assertNotContains(response, "<script>alert(1)</script>")
