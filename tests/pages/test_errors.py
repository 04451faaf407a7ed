"""Error pages are in French and never leak a traceback (the test settings run with DEBUG off)."""

from django.test import RequestFactory, SimpleTestCase
from django.views.defaults import server_error

from tests.factories import ResourcePageFactory
from tests.pages.base import SiteTreeTestCase


class NotFoundPageTests(SiteTreeTestCase):
    def test_unknown_url_gives_a_french_404_page(self):
        for url in ("/nexiste-pas/", "/boite-a-outils/nexiste-pas/", "/dossiers/inconnu/autre/", "/%C3%A9t%C3%A9/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, 'lang="fr-BE"', status_code=404)
                self.assertShows(response, "Cette page est introuvable")

    def test_404_page_offers_search_and_the_main_sections(self):
        response = self.client.get("/nexiste-pas/")
        self.assertContains(response, 'action="/recherche/"', status_code=404)
        self.assertContains(response, 'href="/boite-a-outils/"', status_code=404)
        self.assertContains(response, 'href="/dossiers/"', status_code=404)

    def test_unpublished_page_gives_the_french_404_page(self):
        draft = ResourcePageFactory(parent=self.tree.theme["autres"], live=False)
        response = self.client.get(draft.get_url())
        self.assertEqual(response.status_code, 404)
        self.assertShows(response, "Cette page est introuvable")
        self.assertDoesNotShow(response, draft.title)


class ServerErrorPageTests(SimpleTestCase):
    def test_500_page_is_in_french_and_needs_no_database(self):
        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        html = response.content.decode()
        self.assertIn('lang="fr-BE"', html)
        self.assertIn("Une erreur est survenue", html)
        self.assertNotIn("Traceback", html)
