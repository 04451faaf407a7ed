"""Filters of the pages endpoint: what a front end's listings ask, alone and combined, and French 400s; the
checks of `?search=` and `?search_operator=` on pages, images and documents."""

from pages import models as m
from tests.api.base import APITestCase
from tests.factories import CulturalCentreFactory, DossierPageFactory, ResourcePageFactory


class FilterTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        namur = CulturalCentreFactory(name="Centre culturel de Dinant", commune="Dinant", province=m.Province.NAMUR)
        cls.namur_dossier = DossierPageFactory(
            parent=cls.tree.dossier_library,
            centre=namur,
            title="Dossier de Dinant",
            status=m.DossierStatus.APPROVED,
            submission_year=2021,
        )

    def ids(self, **params):
        data = self.list_pages(limit=100, **params)
        return {item["id"] for item in data["items"]}

    def test_theme_lists_resources_filed_under_it_and_those_naming_it_as_secondary(self):
        c = self.content
        resources = self.ids(type="pages.ResourcePage", theme="constituer-son-dossier")
        self.assertEqual(resources, {c.resource.pk, c.own_resource.pk})
        self.assertNotIn(c.other_resource.pk, resources)

    def test_a_resource_appears_under_each_of_its_themes(self):
        c = self.content
        self.assertIn(c.resource.pk, self.ids(theme="analyse-partagee"))
        self.assertIn(c.resource.pk, self.ids(theme="constituer-son-dossier"))

    def test_theme_without_type_lists_every_content_naming_it(self):
        c = self.content
        self.assertEqual(
            self.ids(theme="constituer-son-dossier"),
            {c.resource.pk, c.own_resource.pk, c.dossier.pk, c.link.pk, c.upcoming.pk},
        )

    def test_resource_type(self):
        self.assertEqual(self.ids(resource_type="article"), {self.content.other_resource.pk})

    def test_dossier_status_year_province_and_access_mode(self):
        c = self.content
        self.assertEqual(self.ids(status="en-cours"), {c.person_dossier.pk})
        self.assertEqual(self.ids(type="pages.DossierPage", year="2021"), {self.namur_dossier.pk})
        self.assertEqual(self.ids(province="namur"), {self.namur_dossier.pk})
        self.assertEqual(self.ids(access_mode="telechargement"), {c.dossier.pk})

    def test_year_covers_dossiers_resources_and_rencontres(self):
        c = self.content
        self.assertEqual(self.ids(year="2024"), {c.resource.pk, c.person_dossier.pk, c.past.pk})

    def test_upcoming_and_past_rencontres(self):
        self.assertEqual(self.ids(period="upcoming"), {self.content.upcoming.pk})
        self.assertEqual(self.ids(type="pages.WorkshopReportPage", period="past"), {self.content.past.pk})

    def test_filters_combine(self):
        c = self.content
        self.assertEqual(self.ids(theme="constituer-son-dossier", resource_type="guide"), {c.own_resource.pk})
        self.assertEqual(self.ids(status="approuve", province="liege", year="2023"), {c.dossier.pk})
        self.assertEqual(self.ids(status="approuve", province="liege", year="2021"), set())

    def test_ordering_by_date(self):
        c = self.content
        newest = self.list_pages(type="pages.ResourcePage", order="-date")
        self.assertEqual(
            [item["id"] for item in newest["items"]], [c.resource.pk, c.own_resource.pk, c.other_resource.pk]
        )
        oldest = self.list_pages(type="pages.ResourcePage", order="date", theme="constituer-son-dossier")
        self.assertEqual([item["id"] for item in oldest["items"]], [c.own_resource.pk, c.resource.pk])
        dossiers = self.list_pages(type="pages.DossierPage", order="-submission_year")
        self.assertEqual(dossiers["items"][-1]["id"], self.namur_dossier.pk)

    def test_invalid_values_are_a_400_with_a_french_message_per_parameter(self):
        cases = {
            "theme": ("inconnue", "Cette thématique n'existe pas."),
            "resource_type": ("roman", "Sélectionnez un choix valide"),
            "status": ("perdu", "Sélectionnez un choix valide"),
            "year": ("deux-mille", "Saisissez un nombre entier."),
            "province": ("flandre", "Sélectionnez un choix valide"),
            "access_mode": ("pigeon", "Sélectionnez un choix valide"),
            "period": ("demain", "Sélectionnez un choix valide"),
        }
        for name, (value, message) in cases.items():
            with self.subTest(name):
                data = self.get_json("pages/", {name: value}, 400)
                self.assertEqual(data["message"], "Paramètres de filtre invalides.")
                self.assertIn(message, data["errors"][name][0])

    def test_a_year_out_of_range_or_a_null_character_is_refused(self):
        self.get_json("pages/", {"year": "99999999999999999999"}, status=400)
        self.get_json("pages/", {"theme": "a\x00b"}, status=400)
        self.get_json("pages/", {"type": "pages.ResourcePage", "title": "a\x00b"}, status=400)

    def test_a_draft_theme_filters_nothing_in(self):
        theme = self.tree.theme["autres"]
        ResourcePageFactory(parent=theme, title="Une ressource publiée")
        theme.unpublish()
        data = self.get_json("pages/", {"theme": "autres"}, status=400)
        self.assertIn("theme", data["errors"])


class SearchParameterTests(APITestCase):
    """`?search=` follows the site's search rule (search/queries.py): a French 400 per parameter, never a 500."""

    ENDPOINTS = ("pages/", "images/", "documents/")

    def assert_refused(self, params, name, *messages):
        for endpoint in self.ENDPOINTS:
            with self.subTest(endpoint=endpoint, params=str(params)[:60]):
                data = self.get_json(endpoint, params, status=400)
                self.assertEqual(data["message"], "Paramètres de recherche invalides.")
                self.assertEqual(data["errors"][name], list(messages))

    def test_150_words_are_a_french_400_not_a_recursion_error(self):
        query = " ".join(f"mot{n}" for n in range(150))
        self.assert_refused(
            {"search": query},
            "search",
            f"La recherche est trop longue : 200 caractères au plus (elle en compte {len(query)}).",
            "La recherche compte trop de mots : 32 au plus (elle en compte 150).",
        )

    def test_words_are_counted_as_the_backends_split_them(self):
        self.assert_refused(
            {"search": "-".join("ab" for _ in range(33))},
            "search",
            "La recherche compte trop de mots : 32 au plus (elle en compte 33).",
        )
        self.assert_refused(
            {"search": "l'a " * 17},
            "search",
            "La recherche compte trop de mots : 32 au plus (elle en compte 34).",
        )

    def test_32_words_are_searched(self):
        query = " ".join(f"w{n}" for n in range(31)) + " canevas"
        for endpoint in self.ENDPOINTS:
            with self.subTest(endpoint=endpoint):
                self.get_json(endpoint, {"search": query, "search_operator": "or"})

    def test_10000_characters_are_a_french_400(self):
        self.assert_refused(
            {"search": "a" * 10_000},
            "search",
            "La recherche est trop longue : 200 caractères au plus (elle en compte 10000).",
        )

    def test_an_unknown_operator_is_a_french_400_not_a_value_error(self):
        self.assert_refused(
            {"search": "a", "search_operator": "xyz"},
            "search_operator",
            "Opérateur inconnu : « xyz » (« and » ou « or »).",
        )

    def test_known_operators_search(self):
        for operator in ("and", "or"):
            with self.subTest(operator):
                data = self.get_json("pages/", {"search": "canevas analyse", "search_operator": operator})
                self.assertIn(self.content.resource.pk, [item["id"] for item in data["items"]])

    def test_repeated_search_parameters_check_the_value_searched(self):
        """Django and Wagtail both read the last of repeated values: the one checked is the one searched."""
        long_query = " ".join(["mot"] * 40)
        data = self.get_json(f"pages/?search=canevas&search={long_query.replace(' ', '+')}", status=400)
        self.assertIn("search", data["errors"])
        data = self.get_json(f"pages/?search={long_query.replace(' ', '+')}&search=canevas")
        self.assertIn(self.content.resource.pk, [item["id"] for item in data["items"]])

    def test_an_odd_double_quote_is_searched_without_it(self):
        """SQLite's full-text search would refuse the unterminated string: the query is cleaned first."""
        for query in ('"', 'canevas"', '"canevas', "'\"", '"canevas" "'):
            with self.subTest(query):
                data = self.get_json("documents/", {"search": query})
                expected = [self.content.public_document.pk] if "canevas" in query else []
                self.assertEqual([item["id"] for item in data["items"]], expected)

    def test_invalid_utf8_escapes_search_nothing(self):
        for escape in ("%ff", "%c3", "%c3%28", "%e2%82"):
            with self.subTest(escape):
                data = self.get_json(f"documents/?search={escape}")
                self.assertEqual(data["items"], [])
