"""The search box's suggestions: /recherche/suggestions/?q= (JSON) and the markup the combobox enhances."""

from django.urls import reverse

from pages import models as m
from tests.factories import CulturalCentreFactory, DossierPageFactory, ResourcePageFactory
from tests.pages.base import SiteTreeTestCase
from tests.search.test_search_page import rebuild_entries

SUGGESTIONS_URL = "/recherche/suggestions/"


class AutocompleteTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.resource = ResourcePageFactory(
            parent=cls.tree.theme["expliquer-le-decret"], title="Présenter le décret au conseil communal"
        )
        cls.dossier = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Contrat-programme 2020-2024",
            centre=CulturalCentreFactory(name="Centre culturel de Dinant", commune="Dinant", province=m.Province.NAMUR),
        )
        cls.draft = ResourcePageFactory(
            parent=cls.tree.theme["autres"], title="Présentation confidentielle", live=False
        )
        rebuild_entries()

    def suggest(self, query):
        response = self.client.get(SUGGESTIONS_URL, {"q": query})
        self.assertEqual(response.status_code, 200, repr(query)[:80])
        self.assertEqual(response["Content-Type"], "application/json")
        data = response.json()
        self.assertEqual(set(data), {"query", "results"})
        return data["results"]

    def titles(self, query):
        return [result["title"] for result in self.suggest(query)]

    def test_titles_start_with_what_is_typed(self):
        results = self.suggest("Prése")
        self.assertEqual(
            results,
            [
                {
                    "title": "Présenter le décret au conseil communal",
                    "type": "ressource",
                    "type_label": "Ressource",
                    "centre": "",
                    "url": self.resource.url,
                }
            ],
        )

    def test_centres_are_suggested_with_their_dossier(self):
        results = self.suggest("Dinant")
        self.assertEqual([r["title"] for r in results], ["Contrat-programme 2020-2024"])
        self.assertIn("Centre culturel de Dinant", results[0]["centre"])
        self.assertEqual(results[0]["type"], "dossier")
        self.assertEqual(results[0]["url"], self.dossier.url)

    def test_themes_are_suggested(self):
        results = self.suggest("analyse")
        theme = self.tree.theme["analyse-partagee"]
        self.assertIn(
            {"title": theme.title, "type": "thematique", "type_label": "Thématique", "centre": "", "url": theme.url},
            results,
        )

    def test_drafts_are_never_suggested(self):
        self.assertNotIn("Présentation confidentielle", self.titles("Présentation"))
        self.assertNotIn("Présentation confidentielle", self.titles("confidentielle"))

    def test_at_least_two_characters(self):
        self.assertEqual(self.suggest("P"), [])
        self.assertEqual(self.suggest(" P "), [])
        self.assertEqual(self.suggest(""), [])
        self.assertTrue(self.suggest("Pr"))
        self.assertEqual(self.client.get(SUGGESTIONS_URL).json(), {"query": "", "results": []})

    def test_bad_input_gives_an_empty_list(self):
        for query in (
            '"',
            "'",
            "l'",
            "(",
            "*",
            "~",
            "AND OR NOT",
            "\u200b\u200b",
            "🎭🎭",
            "<script>",
            "a" * 10_000,
        ):
            with self.subTest(query=repr(query)[:40]):
                self.assertEqual(self.suggest(query), [])

    def test_elided_article_is_ignored(self):
        self.assertEqual(self.titles("l'Analyse"), self.titles("Analyse"))

    def test_query_is_echoed_bounded(self):
        data = self.client.get(SUGGESTIONS_URL, {"q": "x" * 10_000}).json()
        self.assertEqual(len(data["query"]), 200)

    def test_search_boxes_are_marked_for_the_combobox(self):
        """Without JavaScript the boxes are plain search boxes; search.js adds the combobox roles."""
        response = self.client.get("/recherche/", {"q": "décret"})
        soup = self.get_soup(response.content)
        for box_id in ("search-box-q", "search-page-q"):
            box = soup.find(id=box_id)
            self.assertEqual(box["data-autocomplete"], reverse("search_suggestions"))
            self.assertEqual(box["autocomplete"], "off")
            self.assertIsNone(box.get("role"))
            self.assertEqual(box.find_parent("form")["action"], "/recherche/")
        self.assertTrue(soup.select('script[src$="js/search.js"]'))
        home = self.get_soup(self.client.get("/").content)
        self.assertEqual(home.find(id="search-box-q")["data-autocomplete"], "/recherche/suggestions/")
