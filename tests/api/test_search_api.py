"""The search endpoint: the /recherche/ search as JSON (hits, facets, corrections, limit/offset) and autocomplete."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.models import SearchQueryStat
from tests.api.base import APITestCase
from tests.factories import ResourcePageFactory

SEARCH = "search/"


class SearchAPITests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(12):
            ResourcePageFactory(
                parent=cls.tree.theme["constituer-son-dossier"],
                title=f"Fiche calendrier n° {n}",
                summary="Le calendrier de la reconnaissance, étape par étape.",
            )
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())

    def search(self, **params):
        return self.get_json(SEARCH, params)

    def test_hits_have_type_title_url_excerpt_themes_and_date(self):
        data = self.search(q="canevas")
        hit = next(item for item in data["items"] if item["page_id"] == self.content.resource.pk)
        self.assertEqual(hit["type"], "ressource")
        self.assertEqual(hit["type_label"], "Ressource")
        self.assertEqual(hit["title"], "Canevas d'analyse partagée du territoire")
        self.assertEqual(hit["html_url"], "http://localhost" + self.content.resource.url)
        self.assertTrue(hit["detail_url"].endswith(f"/api/v2/pages/{self.content.resource.pk}/"))
        self.assertEqual(hit["date"], "2024-03-14")
        self.assertEqual({theme["slug"] for theme in hit["themes"]}, {"analyse-partagee", "constituer-son-dossier"})

    def test_a_query_without_any_word_finds_nothing_with_a_french_notice(self):
        data = self.search(q="🎭 le")
        self.assertEqual((data["meta"]["total_count"], data["items"]), (0, []))
        self.assertIn("Votre recherche ne contient aucun mot à chercher", data["notice"])

    def test_excerpt_marks_the_words_found(self):
        data = self.search(q="calendrier")
        self.assertTrue(any("<mark>calendrier</mark>" in item["excerpt"] for item in data["items"]))

    def test_facets_count_every_option(self):
        data = self.search(q="calendrier")
        facets = {facet["name"]: facet for facet in data["facets"]}
        self.assertEqual(list(facets), ["type", "theme", "resource_type", "status", "year", "province"])
        types = {option["value"]: option["count"] for option in facets["type"]["options"]}
        self.assertEqual(types["ressource"], data["meta"]["total_count"])
        themes = {option["value"]: option for option in facets["theme"]["options"]}
        self.assertGreaterEqual(themes["constituer-son-dossier"]["count"], 13)
        self.assertFalse(themes["constituer-son-dossier"]["selected"])

    def test_a_filter_narrows_the_hits_and_is_marked_selected(self):
        data = self.search(q="dossier", type="dossier")
        self.assertTrue(data["items"])
        self.assertTrue(all(item["type"] == "dossier" for item in data["items"]))
        type_facet = next(facet for facet in data["facets"] if facet["name"] == "type")
        self.assertTrue(any(option["selected"] and option["value"] == "dossier" for option in type_facet["options"]))

    def ids(self, data):
        return [item["page_id"] for item in data["items"]]

    def test_pagination_by_limit_and_offset_as_the_pages_endpoint(self):
        everything = self.search(q="calendrier", limit="100")
        total = everything["meta"]["total_count"]
        self.assertGreaterEqual(total, 13)
        self.assertEqual(everything["meta"], {"total_count": total})
        ranked = self.ids(everything)
        self.assertEqual(len(ranked), total)
        self.assertEqual(len(set(ranked)), total)
        # 20 by default, as /api/v2/pages/.
        self.assertEqual(self.ids(self.search(q="calendrier")), ranked[:20])
        for limit in (1, 2, 5, 7, 10):
            for offset in range(total + 2):
                with self.subTest(limit=limit, offset=offset):
                    data = self.search(q="calendrier", limit=str(limit), offset=str(offset))
                    self.assertEqual(data["meta"]["total_count"], total)
                    self.assertEqual(self.ids(data), ranked[offset : offset + limit])

    def test_pagination_by_date_and_by_filters_alone(self):
        for params in ({"q": "calendrier", "sort": "date"}, {"theme": "constituer-son-dossier"}):
            ranked = self.ids(self.search(**params, limit="100"))
            self.assertGreaterEqual(len(ranked), 13)
            for offset in range(len(ranked) + 1):
                with self.subTest(params=params, offset=offset):
                    self.assertEqual(
                        self.ids(self.search(**params, limit="4", offset=str(offset))), ranked[offset:][:4]
                    )

    def test_an_offset_off_any_page_boundary_gives_the_hits_from_there(self):
        """limit=2, offset=11: hits 11 and 12, which no page of the search page's pagination holds together."""
        ranked = self.ids(self.search(q="calendrier", limit="100"))
        self.assertEqual(self.ids(self.search(q="calendrier", limit="2", offset="11")), ranked[11:13])

    def test_an_offset_past_the_end_gives_no_items_and_the_total(self):
        total = self.search(q="calendrier", limit="1")["meta"]["total_count"]
        for offset in (total, total + 1, total + 3, 10 * total, 100_000):
            for limit in ("1", "2", "7", "20"):
                with self.subTest(offset=offset, limit=limit):
                    data = self.search(q="calendrier", offset=str(offset), limit=limit)
                    self.assertEqual((data["meta"]["total_count"], data["items"]), (total, []))

    def test_limit_zero_gives_only_the_total(self):
        data = self.search(q="calendrier", limit="0")
        self.assertGreaterEqual(data["meta"]["total_count"], 13)
        self.assertEqual(data["items"], [])

    def test_a_window_costs_one_search_whatever_its_offset(self):
        self.search(q="calendrier", offset="10", limit="10")  # warm-up
        with CaptureQueriesContext(connection) as aligned:
            self.search(q="calendrier", offset="10", limit="10")
        with CaptureQueriesContext(connection) as between:
            self.search(q="calendrier", offset="5", limit="10")
        self.assertEqual(len(aligned), len(between))

    def test_only_the_first_window_counts_the_search(self):
        self.search(q="canevas", offset="1")
        self.assertFalse(SearchQueryStat.objects.filter(query="canevas").exists())
        self.search(q="canevas")
        self.assertEqual(SearchQueryStat.objects.get(query="canevas").searches, 1)

    def test_bad_limit_or_offset_is_a_french_400_as_on_pages(self):
        cases = [
            ("limit", "-1", "« limit » doit être un entier positif."),
            ("limit", "dix", "« limit » doit être un entier positif."),
            ("limit", "", "« limit » doit être un entier positif."),
            ("limit", "2.5", "« limit » doit être un entier positif."),
            ("limit", "101", "« limit » ne peut pas dépasser 100."),
            ("offset", "-5", "« offset » doit être un entier positif."),
            ("offset", "x", "« offset » doit être un entier positif."),
            ("offset", "100001", "« offset » ne peut pas dépasser 100000."),
        ]
        for name, value, message in cases:
            with self.subTest(name=name, value=value):
                data = self.get_json(SEARCH, {"q": "calendrier", name: value}, status=400)
                self.assertEqual(data["message"], "Paramètres de recherche invalides.")
                self.assertEqual(data["errors"], {name: [message]})
                # The pages endpoint says the same of the same value.
                self.assertEqual(self.get_json("pages/", {name: value}, status=400)["message"], message)

    def test_page_is_refused_with_a_pointer_to_offset_and_limit(self):
        data = self.get_json(SEARCH, {"q": "calendrier", "page": "2"}, status=400)
        self.assertEqual(data["message"], "Paramètres de recherche invalides.")
        self.assertEqual(
            data["errors"],
            {"page": ["Paramètre inconnu : la recherche se pagine avec « offset » et « limit », comme les pages."]},
        )

    def test_unknown_parameters_are_refused_as_on_pages(self):
        data = self.get_json(SEARCH, {"q": "calendrier", "per_page": "5", "Q": "x"}, status=400)
        self.assertEqual(data["errors"], {"Q": ["Paramètre inconnu."], "per_page": ["Paramètre inconnu."]})
        self.get_json("pages/", {"per_page": "5"}, status=400)
        # What Wagtail's endpoints accept besides their own parameters: a cache-buster, the JSON format.
        self.assertGreater(self.search(q="calendrier", _="1700000000", format="json")["meta"]["total_count"], 0)

    def test_sort_by_date(self):
        data = self.search(q="canevas calendrier", sort="date")
        dates = [item["date"] for item in data["items"] if item["date"]]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_typo_is_corrected_and_said(self):
        data = self.search(q="calendreir")
        self.assertEqual(data["corrected_query"], "calendrier")
        self.assertGreater(data["meta"]["total_count"], 0)

    def test_nothing_found_suggests_a_spelling(self):
        data = self.search(q="calendreir", type="lien")
        self.assertEqual(data["meta"]["total_count"], 0)
        self.assertEqual(data["suggestion"], "calendrier")

    def test_empty_search_is_empty_not_an_error(self):
        data = self.search()
        self.assertEqual((data["meta"]["total_count"], data["items"], data["facets"]), (0, [], []))

    def test_searches_are_counted_like_the_page_does(self):
        self.search(q="canevas")
        self.assertEqual(SearchQueryStat.objects.get(query="canevas").searches, 1)

    def test_invalid_parameters_are_a_french_400(self):
        for name, value in {"type": "roman", "status": "perdu", "year": "abc", "sort": "hasard", "limit": "x"}.items():
            with self.subTest(name):
                data = self.get_json(SEARCH, {"q": "dossier", name: value}, status=400)
                self.assertEqual(data["message"], "Paramètres de recherche invalides.")
                self.assertIn(name, data["errors"])

    def test_a_query_past_32_words_or_200_characters_is_a_french_400(self):
        words = " ".join(f"mot{n}" for n in range(150))
        data = self.get_json(SEARCH, {"q": words}, status=400)
        self.assertEqual(data["message"], "Paramètres de recherche invalides.")
        self.assertEqual(
            data["errors"]["q"],
            [
                f"La recherche est trop longue : 200 caractères au plus (elle en compte {len(words)}).",
                "La recherche compte trop de mots : 32 au plus (elle en compte 150).",
            ],
        )
        data = self.get_json(SEARCH, {"q": "x" * 10_000}, status=400)
        self.assertEqual(
            data["errors"]["q"], ["La recherche est trop longue : 200 caractères au plus (elle en compte 10000)."]
        )

    def test_32_words_are_searched(self):
        data = self.search(q=" ".join(["calendrier"] + ["le"] * 31))  # 32 words, the very common ones ignored
        self.assertEqual(data["meta"]["total_count"], self.search(q="calendrier")["meta"]["total_count"])
        self.assertGreaterEqual(data["meta"]["total_count"], 12)

    def test_autocomplete_shortens_what_the_search_refuses(self):
        """Suggestions follow typing: a long query is shortened (to its first 32 words), never refused."""
        data = self.get_json(SEARCH + "autocomplete/", {"q": " ".join(f"mot{n}" for n in range(150))})
        self.assertEqual((data["results"], data["notice"]), ([], ""))

    def test_autocomplete_completes_titles(self):
        data = self.get_json(SEARCH + "autocomplete/", {"q": "canev"})
        self.assertEqual(data["query"], "canev")
        titles = [result["title"] for result in data["results"]]
        self.assertIn("Canevas d'analyse partagée du territoire", titles)
        result = data["results"][titles.index("Canevas d'analyse partagée du territoire")]
        self.assertEqual(result["type"], "ressource")
        self.assertTrue(result["url"].startswith("http://localhost/"))

    def test_autocomplete_needs_two_letters(self):
        self.assertEqual(self.get_json(SEARCH + "autocomplete/", {"q": "c"})["results"], [])
