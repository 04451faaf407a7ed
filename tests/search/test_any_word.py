"""When no page has every word of a query, the hits have at least one, and the page says so."""

from django.test import TestCase

from search.queries import SearchParams, search_content
from tests.factories import ResourcePageFactory, build_site_tree


class AnyWordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        theme = cls.tree.theme["analyse-partagee"]
        cls.resource = ResourcePageFactory(parent=theme, title="Cartographier les ressources du territoire")
        cls.resource.save_revision().publish()

    def test_every_word_found_is_not_flagged(self):
        outcome = search_content(SearchParams(query="cartographier territoire"))
        self.assertEqual(outcome.total, 1)
        self.assertFalse(outcome.matched_any_word)

    def test_a_word_found_nowhere_falls_back_to_any_word_and_says_so(self):
        outcome = search_content(SearchParams(query="cartographier zzkqw"))
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.resource.pk])
        self.assertTrue(outcome.matched_any_word)

        response = self.client.get("/recherche/", {"q": "cartographier zzkqw"})
        self.assertContains(response, "Aucune page ne contient tous ces mots")
