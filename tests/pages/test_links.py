"""The « Bibliothèque de liens et documentations utiles »: entries by category, filters, link pages."""

from pages.listings import LINKS_PER_PAGE
from tests.factories import DocumentFactory, LinkCategoryFactory, LinkPageFactory
from tests.pages.base import SiteTreeTestCase


class LinkLibraryTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        library = cls.tree.link_library
        cls.decree_theme = cls.tree.theme["expliquer-le-decret"]
        cls.legal = LinkCategoryFactory(name="Textes légaux", slug="textes-legaux", sort_order=1)
        cls.tools = LinkCategoryFactory(name="Outils d'animation", slug="outils-animation", sort_order=2)
        cls.empty = LinkCategoryFactory(name="Catégorie sans lien", slug="sans-lien", sort_order=3)
        cls.document = DocumentFactory(title="Circulaire d'application du décret")
        cls.decree = LinkPageFactory(
            parent=library,
            title="Décret du 21 novembre 2013 relatif aux Centres culturels",
            link_url="https://www.gallilex.cfwb.be/decret-centres-culturels",
            source="Fédération Wallonie-Bruxelles",
            description="Le texte coordonné du décret.",
            category=cls.legal,
            themes=[cls.decree_theme],
        )
        cls.circular = LinkPageFactory(
            parent=library,
            title="Circulaire d'application",
            link_url="",
            document=cls.document,
            description="La circulaire qui précise la mise en œuvre du décret.",
            category=cls.legal,
        )
        cls.toolkit = LinkPageFactory(
            parent=library,
            title="Boîte à outils de l'animation",
            description="Des techniques d'animation participative.",
            category=cls.tools,
            themes=[cls.tree.theme["analyse-partagee"]],
        )

    def listed(self, params=None):
        response = self.get_page(self.tree.link_library, params)
        return response, set(response.context["links"])

    def test_library_groups_links_by_category_in_order(self):
        response, _ = self.listed()
        self.assertEqual(list(response.context["links"]), [self.circular, self.decree, self.toolkit])
        headings = [h3.get_text(strip=True) for h3 in self.get_soup(response.content).select("main h3")]
        self.assertEqual(headings[0], "Textes légaux")
        self.assertIn("Outils d'animation", headings)
        self.assertNotIn("Catégorie sans lien", headings)
        self.assertShows(response, "3 liens", "Fédération Wallonie-Bruxelles", "Le texte coordonné du décret.")

    def test_links_lead_to_their_address_or_document(self):
        response, _ = self.listed()
        self.assertContains(response, 'href="https://www.gallilex.cfwb.be/decret-centres-culturels"')
        self.assertContains(response, f'href="{self.document.url}"')
        self.assertShows(response, "Circulaire d'application", "PDF")

    def test_filter_by_category(self):
        _, links = self.listed({"category": "textes-legaux"})
        self.assertEqual(links, {self.decree, self.circular})

    def test_filter_by_theme(self):
        _, links = self.listed({"theme": "expliquer-le-decret"})
        self.assertEqual(links, {self.decree})

    def test_filters_combine(self):
        _, links = self.listed({"category": "outils-animation", "theme": "analyse-partagee"})
        self.assertEqual(links, {self.toolkit})
        response, links = self.listed({"category": "outils-animation", "theme": "expliquer-le-decret"})
        self.assertEqual(links, set())
        self.assertShows(response, "Aucun lien ne correspond à ce filtre.")

    def test_category_without_links_shows_a_french_message(self):
        response, links = self.listed({"category": "sans-lien"})
        self.assertEqual(links, set())
        self.assertShows(response, "Aucun lien ne correspond à ce filtre.")

    def test_unknown_category_or_theme_is_refused_in_french(self):
        for params in ({"category": "nexiste-pas"}, {"theme": "nexiste-pas"}, {"category": "x" * 500}):
            with self.subTest(params=params):
                response, links = self.listed(params)
                self.assertEqual(len(links), 3)
                self.assertShows(response, "Sélectionnez un choix valide")

    def test_bad_page_numbers_never_fail(self):
        for page in ("abc", "99999", "-1"):
            with self.subTest(page=page):
                response, links = self.listed({"page": page})
                self.assertEqual(len(links), 3)

    def test_link_page_to_an_address(self):
        response = self.get_page(self.decree)
        self.assertShows(
            response,
            "Décret du 21 novembre 2013 relatif aux Centres culturels",
            "Le texte coordonné du décret.",
            "Visiter le site",
            "Textes légaux",
            "Expliquer le décret",
        )
        self.assertContains(response, 'href="https://www.gallilex.cfwb.be/decret-centres-culturels"')

    def test_link_page_to_a_document_shows_its_format_and_size(self):
        response = self.get_page(self.circular)
        self.assertShows(response, "Télécharger le document", "PDF", self.french_size(self.document))
        self.assertContains(response, self.document.url)

    def test_link_pages_are_renderable_and_previewable(self):
        for link in (self.decree, self.circular):
            with self.subTest(link=link.title):
                self.assertPageIsRenderable(link)
                self.assertPreviewable(link)
        self.assertPreviewable(self.tree.link_library)


class LinkPaginationTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        category = LinkCategoryFactory()
        LinkPageFactory.create_batch(LINKS_PER_PAGE + 1, parent=cls.tree.link_library, category=category)

    def test_links_are_paginated(self):
        first = self.get_page(self.tree.link_library)
        self.assertEqual(len(first.context["links"]), LINKS_PER_PAGE)
        self.assertShows(first, "Page 1 sur 2")
        last = self.get_page(self.tree.link_library, {"page": "-1"})
        self.assertEqual(last.context["links"].number, 2)
        self.assertEqual(len(last.context["links"]), 1)
