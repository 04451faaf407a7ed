"""Standard pages: « Le projet », « Communauté », contact and legal pages, and pages nested in them."""

from tests.factories import StandardPageFactory
from tests.factories.pages import heading, paragraph
from tests.pages.base import SiteTreeTestCase


class StandardPageTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = StandardPageFactory(
            parent=cls.tree.home,
            title="Le projet",
            slug="le-projet",
            intro="Un espace de travail collaboratif et de réflexion partagée.",
            body=[
                heading("Depuis 2014"),
                paragraph("La Plateforme accompagne la transition vers le décret du 21 novembre 2013."),
                {
                    "type": "call_to_action",
                    "value": {
                        "title": "Participez",
                        "text": "",
                        "button_label": "Nous écrire",
                        "page": None,
                        "external_url": "https://www.astrac.be/contact",
                    },
                },
            ],
        )
        cls.team = StandardPageFactory(parent=cls.project, title="L'équipe", slug="equipe")

    def test_standard_page_shows_its_intro_and_body(self):
        response = self.get_page(self.project)
        self.assertShows(
            response,
            "Le projet",
            "Un espace de travail collaboratif et de réflexion partagée.",
            "Depuis 2014",
            "La Plateforme accompagne la transition vers le décret du 21 novembre 2013.",
            "Participez",
            "Nous écrire",
        )
        self.assertContains(response, 'href="https://www.astrac.be/contact"')

    def test_heading_blocks_have_an_anchor(self):
        response = self.get_page(self.project)
        self.assertContains(response, 'id="depuis-2014"')

    def test_call_to_action_towards_a_page_links_to_it(self):
        page = StandardPageFactory(
            parent=self.tree.home,
            title="Contribuer",
            body=[
                {
                    "type": "call_to_action",
                    "value": {
                        "title": "Partagez votre dossier",
                        "button_label": "La bibliothèque",
                        "page": self.tree.dossier_library.pk,
                        "external_url": "",
                    },
                }
            ],
        )
        self.assertContains(self.get_page(page), 'href="/dossiers/"')

    def test_nested_standard_page_is_served_under_its_parent(self):
        self.assertEqual(self.team.get_url(), "/le-projet/equipe/")
        response = self.get_page(self.team)
        self.assertShows(response, "L'équipe", "Le projet")  # its title and the breadcrumb towards its parent

    def test_standard_pages_are_renderable_and_previewable(self):
        self.assertPageIsRenderable(self.project)
        self.assertPreviewable(self.project, "body")
