"""The toolbox (« Boîte à outils ») and its themes: listings, secondary themes, filters, pagination."""

import datetime

from pages.listings import RESOURCES_PER_PAGE
from pages.models import ResourceType
from tests.factories import ResourcePageFactory
from tests.pages.base import SiteTreeTestCase


class ThemeIndexTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        decree, analysis = cls.tree.theme["expliquer-le-decret"], cls.tree.theme["analyse-partagee"]
        ResourcePageFactory.create_batch(2, parent=decree)
        ResourcePageFactory(parent=analysis, secondary_themes=[decree])
        ResourcePageFactory(parent=decree, live=False, title="Brouillon non publié")

    def test_toolbox_lists_the_four_themes_in_order(self):
        response = self.get_page(self.tree.theme_index)
        self.assertShows(response, "Boîte à outils")
        titles = [theme.title for theme in response.context["themes"]]
        self.assertEqual(titles, ["Expliquer le décret", "L'analyse partagée", "Constituer son dossier", "Autres"])
        self.assertShows(response, *titles)

    def test_toolbox_counts_own_and_secondary_resources_of_each_theme(self):
        response = self.get_page(self.tree.theme_index)
        counts = {
            theme.slug: (theme.own_count or 0, theme.secondary_count or 0) for theme in response.context["themes"]
        }
        self.assertEqual(
            counts,
            {
                "expliquer-le-decret": (2, 1),
                "analyse-partagee": (1, 0),
                "constituer-son-dossier": (0, 0),
                "autres": (0, 0),
            },
        )
        self.assertShows(response, "2 ressources", "+ 1 en lien avec d'autres thématiques")

    def test_theme_urls_use_the_real_slugs(self):
        self.assertEqual(
            [theme.url for theme in self.tree.themes],
            [
                "/boite-a-outils/expliquer-le-decret/",
                "/boite-a-outils/analyse-partagee/",
                "/boite-a-outils/constituer-son-dossier/",
                "/boite-a-outils/autres/",
            ],
        )

    def test_toolbox_is_previewable(self):
        self.assertPreviewable(self.tree.theme_index)


class ThemeListingTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.decree = cls.tree.theme["expliquer-le-decret"]
        cls.analysis = cls.tree.theme["analyse-partagee"]
        cls.dossier_theme = cls.tree.theme["constituer-son-dossier"]
        cls.guide = ResourcePageFactory(
            parent=cls.decree, title="Le décret expliqué aux équipes", resource_type=ResourceType.GUIDE
        )
        cls.video = ResourcePageFactory(
            parent=cls.decree, title="Le décret en vidéo", resource_type=ResourceType.VIDEO, author="CESEP"
        )
        cls.shared = ResourcePageFactory(
            parent=cls.analysis,
            title="Canevas d'analyse partagée du territoire",
            resource_type=ResourceType.TEMPLATE,
            secondary_themes=[cls.decree, cls.dossier_theme],
        )
        cls.draft = ResourcePageFactory(parent=cls.decree, title="Ressource en brouillon", live=False)

    def listed(self, response):
        return [resource.title for resource in response.context["resources"]]

    def test_theme_page_shows_its_intro_and_resources(self):
        response = self.get_page(self.decree)
        self.assertShows(response, "Expliquer le décret", self.decree.intro, "Le décret expliqué aux équipes")
        self.assertShows(response, "Le décret en vidéo", "Vidéo", "CESEP")

    def test_resource_appears_under_each_secondary_theme(self):
        for theme in (self.decree, self.dossier_theme):
            with self.subTest(theme=theme.slug):
                response = self.get_page(theme)
                self.assertIn(self.shared.title, self.listed(response))
                self.assertShows(response, self.shared.title)

    def test_resource_listed_under_a_secondary_theme_names_its_main_theme(self):
        response = self.get_page(self.dossier_theme)
        (card,) = response.context["resources"]
        self.assertEqual(card.primary_theme, self.analysis)
        self.assertShows(response, "L'analyse partagée")

    def test_resource_is_listed_once_under_its_main_theme(self):
        response = self.get_page(self.analysis)
        self.assertEqual(self.listed(response), [self.shared.title])

    def test_unpublished_resource_is_not_listed(self):
        response = self.get_page(self.decree)
        self.assertNotIn(self.draft.title, self.listed(response))
        self.assertDoesNotShow(response, self.draft.title)

    def test_empty_theme_says_so_in_french(self):
        response = self.get_page(self.tree.theme["autres"])
        self.assertShows(response, "0 ressource")

    def test_listing_filtered_by_resource_type(self):
        response = self.get_page(self.decree, {"type": ResourceType.VIDEO})
        self.assertEqual(self.listed(response), ["Le décret en vidéo"])
        self.assertDoesNotShow(response, "Le décret expliqué aux équipes")

    def test_filter_by_type_also_applies_to_secondary_resources(self):
        response = self.get_page(self.decree, {"type": ResourceType.TEMPLATE})
        self.assertEqual(self.listed(response), [self.shared.title])

    def test_filter_with_no_match_shows_a_french_message(self):
        response = self.get_page(self.decree, {"type": ResourceType.STUDY})
        self.assertEqual(self.listed(response), [])
        self.assertShows(response, "Aucune ressource ne correspond à ce filtre.")

    def test_unknown_resource_type_is_ignored_with_a_french_message(self):
        response = self.get_page(self.decree, {"type": "nimporte"})
        self.assertEqual(len(self.listed(response)), 3)
        self.assertShows(response, "Sélectionnez un choix valide")

    def test_theme_is_previewable(self):
        self.assertPreviewable(self.decree, "body")


class ThemePaginationTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.theme = cls.tree.theme["autres"]
        start = datetime.date(2020, 1, 1)
        cls.resources = [
            ResourcePageFactory(parent=cls.theme, title=f"Ressource du {n + 1:02d}", date=start + datetime.timedelta(n))
            for n in range(RESOURCES_PER_PAGE + 1)
        ]
        # Newest first: the oldest resource is alone on the second page.
        cls.oldest = cls.resources[0]

    def test_resources_are_paginated_newest_first(self):
        first = self.get_page(self.theme)
        self.assertEqual(len(first.context["resources"]), RESOURCES_PER_PAGE)
        self.assertEqual(first.context["resources"][0], self.resources[-1])
        self.assertShows(first, "Page 1 sur 2", "Suivant")
        second = self.get_page(self.theme, {"page": 2})
        self.assertEqual(list(second.context["resources"]), [self.oldest])

    def test_pagination_links_keep_the_filter(self):
        response = self.get_page(self.theme, {"type": ResourceType.GUIDE})
        self.assertContains(response, "?type=guide&amp;page=2")

    def test_malformed_page_numbers_give_the_first_page(self):
        for value in ("abc", "", "1.5", "%00"):
            with self.subTest(page=value):
                response = self.get_page(self.theme, {"page": value})
                self.assertEqual(response.context["resources"].number, 1)

    def test_out_of_range_page_numbers_give_the_last_page(self):
        for value in ("99999", "-1", "0"):
            with self.subTest(page=value):
                response = self.get_page(self.theme, {"page": value})
                self.assertEqual(response.context["resources"].number, 2)
