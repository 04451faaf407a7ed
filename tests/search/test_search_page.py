"""The public search page (/recherche/): hits, facets, sorting, pagination, corrections, editors' picks,
and a normal page (or a French message) whatever the query string."""

import datetime
from urllib.parse import parse_qs, urlsplit

from pages import models as m
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
)
from tests.pages.base import normalise
from tests.search.search_page_base import SearchPageCase, rebuild_entries


class SearchPageTests(SearchPageCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        theme = cls.tree.theme
        cls.guide = ResourcePageFactory(
            parent=theme["expliquer-le-decret"],
            title="Le décret du 21 novembre 2013 expliqué",
            summary="Une synthèse du décret article par article, pour les équipes.",
            resource_type=m.ResourceType.GUIDE,
            date=datetime.date(2024, 3, 1),
        )
        cls.presentation = ResourcePageFactory(
            parent=theme["expliquer-le-decret"],
            title="Présenter le décret au conseil communal",
            summary="Un diaporama pour présenter le décret aux élus.",
            resource_type=m.ResourceType.PRESENTATION,
            date=datetime.date(2022, 5, 10),
        )
        cls.analysis = ResourcePageFactory(
            parent=theme["analyse-partagee"],
            title="Mener l'analyse partagée du territoire",
            summary="L'analyse partagée telle que le décret la prévoit, pas à pas.",
            resource_type=m.ResourceType.GUIDE,
            date=datetime.date(2023, 1, 15),
        )
        cls.analysis.secondary_themes.add(theme["constituer-son-dossier"])
        cls.analysis.save()
        cls.rochefort = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Contrat-programme du Centre culturel de Rochefort",
            centre=CulturalCentreFactory(
                name="Centre culturel de Rochefort", commune="Rochefort", province=m.Province.NAMUR
            ),
            summary="Un dossier de reconnaissance au sens du décret, en milieu rural.",
            submission_year=2019,
            status=m.DossierStatus.APPROVED,
        )
        cls.marchin = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Contrat-programme du Centre culturel de Marchin",
            centre=CulturalCentreFactory(
                name="Centre culturel de Marchin", commune="Marchin", province=m.Province.LIEGE
            ),
            summary="Le décret appliqué dans une commune industrielle.",
            submission_year=2021,
            status=m.DossierStatus.PENDING,
        )
        cls.link = LinkPageFactory(
            parent=cls.tree.link_library,
            title="Texte coordonné du décret",
            description="Le décret relatif aux Centres culturels sur Gallilex.",
        )
        cls.report = DocumentFactory(title="Rapport d'activités 2018")
        m.PlatformDocument.objects.filter(pk=cls.report.pk).update(
            text_content="Le bibliobus passe dans chaque village de la commune deux fois par mois."
        )
        cls.report.refresh_from_db()
        cls.dinant = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Contrat-programme du Centre culturel de Dinant",
            centre=CulturalCentreFactory(name="Centre culturel de Dinant", commune="Dinant", province=m.Province.NAMUR),
            summary="Un projet d'action culturelle pour la vallée.",
            submission_year=2018,
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=cls.report)],
        )
        cls.draft = ResourcePageFactory(
            parent=theme["autres"],
            title="Brouillon sur le décret",
            summary="Le décret, version de travail.",
            live=False,
        )
        rebuild_entries()

    # Hits

    def test_a_hit_shows_its_type_theme_date_title_and_highlighted_excerpt(self):
        response = self.search("decret")
        hit = self.hit(response, self.guide)
        text = normalise(hit.get_text(" "))
        self.assertIn("Ressource", text)
        self.assertIn("Expliquer le décret", text)
        self.assertIn("1 mars 2024", text)
        self.assertEqual(hit.select_one("time")["datetime"], "2024-03-01")
        excerpt = hit.select_one(".search-hit__excerpt")
        self.assertIn("décret", [normalise(mark.get_text()).lower() for mark in excerpt.find_all("mark")])

    def test_a_hit_lists_all_its_themes(self):
        hit = self.hit(self.search("analyse"), self.analysis)
        themes = normalise(hit.select_one(".search-hit__themes").get_text())
        self.assertEqual(themes, "L'analyse partagée, Constituer son dossier")

    def test_a_dossier_hit_shows_its_year_and_centre(self):
        hit = self.hit(self.search("Rochefort"), self.rochefort)
        text = normalise(hit.get_text(" "))
        self.assertIn("Dossier 2019", text)
        self.assertIn("Centre culturel de Rochefort", text)

    def test_a_match_inside_a_document_says_which_document(self):
        hit = self.hit(self.search("bibliobus"), self.dinant)
        excerpt = hit.select_one(".search-hit__excerpt")
        self.assertIn("Dans le document « Rapport d'activités 2018 » :", normalise(excerpt.get_text(" ")))
        self.assertEqual([normalise(mark.get_text()) for mark in excerpt.find_all("mark")], ["bibliobus"])

    def test_result_count_in_french(self):
        response = self.search("decret")  # the themes' introduction speaks of the décret too
        self.assertShows(response, "10 résultats pour « decret »")
        self.assertShows(self.search("Rochefort"), "1 résultat pour « Rochefort »")

    def test_drafts_are_not_shown(self):
        self.assertNotIn(self.draft.title, self.hit_titles(self.search("brouillon décret")))

    def test_query_is_kept_in_both_search_boxes(self):
        soup = self.get_soup(self.search("décret").content)
        self.assertEqual(soup.select_one("#search-page-q")["value"], "décret")
        self.assertEqual(soup.select_one("#search-box-q")["value"], "décret")

    # Facets

    def test_facets_show_counts_for_the_query(self):
        response = self.search("decret")
        self.assertEqual(
            self.facet_counts(response, "type"), {"Thématique": 4, "Ressource": 3, "Dossier": 2, "Lien utile": 1}
        )
        self.assertEqual(self.facet_counts(response, "resource_type"), {"Guide": 2, "Présentation": 1})
        self.assertEqual(self.facet_counts(response, "status"), {"Approuvé": 1, "En cours de traitement": 1})
        self.assertEqual(self.facet_counts(response, "province"), {"Namur": 1, "Liège": 1})
        # A theme page is in its own theme.
        self.assertEqual(self.facet_counts(response, "theme")["Expliquer le décret"], 3)
        self.assertEqual(self.facet_counts(response, "theme")["Constituer son dossier"], 2)

    def test_facet_links_combine_with_the_query_and_each_other(self):
        response = self.search("decret")
        url = self.facet_link(response, "type", "Ressource")
        self.assertParams(url, q="decret", type="ressource")

        response = self.client.get(url)
        self.assertShows(response, "3 résultats pour « decret »")
        self.assertEqual(self.facet_counts(response, "theme")["Expliquer le décret"], 2)
        url = self.facet_link(response, "theme", "Expliquer le décret")
        self.assertParams(url, q="decret", type="ressource", theme="expliquer-le-decret")

        response = self.client.get(url)
        self.assertShows(response, "2 résultats pour « decret »")
        self.assertCountEqual(self.hit_titles(response), [self.guide.title, self.presentation.title])
        self.assertEqual(self.facet_counts(response, "resource_type"), {"Guide": 1, "Présentation": 1})

        response = self.client.get(self.facet_link(response, "resource_type", "Présentation"))
        self.assertShows(response, "1 résultat pour « decret »")
        self.assertEqual(self.hit_titles(response), [self.presentation.title])

    def test_selected_filters_are_chips_that_remove_them(self):
        response = self.search("decret", type="ressource", theme="expliquer-le-decret")
        soup = self.get_soup(response.content)
        chips = {normalise(chip.get_text(" ")): chip["href"] for chip in soup.select(".chip")}
        self.assertEqual(len(chips), 2)
        type_chip = next(href for label, href in chips.items() if label.startswith("Type de contenu : Ressource"))
        params = self.assertParams(type_chip, q="decret", theme="expliquer-le-decret")
        self.assertNotIn("type", params)
        clear = soup.select_one(".active-filters__clear")
        self.assertEqual(normalise(clear.get_text()), "Effacer les filtres")
        self.assertEqual(parse_qs(urlsplit(clear["href"]).query), {"q": ["decret"]})
        # The selected option of the sidebar is marked, and its link removes it too.
        selected = soup.select_one(".facet__option[aria-current]")
        self.assertIn("Ressource", selected.get_text())

    def test_filters_without_a_query_list_the_matching_content(self):
        response = self.search(type="dossier", status="en-cours")
        self.assertEqual(self.hit_titles(response), [self.marchin.title])
        self.assertShows(response, "1 résultat")

    def test_unknown_filter_values_give_a_normal_page(self):
        for params in ({"type": "inconnu"}, {"theme": "nulle-part"}, {"year": "abc"}, {"province": "<b>"}):
            with self.subTest(params=params):
                self.search("decret", **params)

    # Sorting and pagination

    def test_sort_by_date_puts_the_newest_first(self):
        response = self.search("decret", type="ressource", sort="date")
        self.assertEqual(self.hit_titles(response), [self.guide.title, self.analysis.title, self.presentation.title])
        soup = self.get_soup(response.content)
        current = soup.select_one(".sort-links__link[aria-current]")
        self.assertIn("Date", current.get_text())
        relevance = next(a for a in soup.select(".sort-links__link") if "Pertinence" in a.get_text())
        self.assertNotIn("sort", parse_qs(urlsplit(relevance["href"]).query))

    # Corrections, suggestions, nothing found

    def test_corrected_query_is_said(self):
        response = self.search("decert")
        self.assertIn(self.guide.title, self.hit_titles(response))
        self.assertShows(response, "pour « décret »", "(correction de « decert »)")

    def test_nothing_found_says_so_and_links_the_themes(self):
        response = self.search("zxqwv")
        self.assertEqual(self.hits(response), [])
        self.assertShows(response, "Aucun résultat pour « zxqwv »")
        soup = self.get_soup(response.content)
        theme_links = {normalise(a.get_text()): a["href"] for a in soup.select(".search-empty a.tag")}
        self.assertEqual(theme_links, {theme.title: theme.url for theme in self.tree.themes})

    def test_nothing_found_suggests_a_close_spelling(self):
        # « decert » is corrected, but no standard page speaks of the décret: nothing found, a suggestion.
        response = self.search("decert", type="page")
        self.assertEqual(self.hits(response), [])
        self.assertShows(response, "Vouliez-vous dire « décret » ?")
        link = self.get_soup(response.content).select_one(".search-empty__suggestion a")
        self.assertParams(link["href"], q="décret")

    # Landing, notices, bad queries

    def test_empty_search_shows_a_landing_with_the_themes(self):
        for query in (None, "", "   "):
            with self.subTest(query=query):
                response = self.search(query)
                self.assertShows(response, "Rechercher sur la Plateforme", "Que cherchez-vous ?")
                for theme in self.tree.themes:
                    self.assertContains(response, f'href="{theme.url}"')
                self.assertEqual(self.hits(response), [])

    def test_too_long_query_is_shortened_with_a_french_message(self):
        response = self.search("décret " * 2000)
        self.assertLessEqual(len(response.context["search_query"]), 200)
        self.assertShows(response, "Votre recherche était trop longue : seuls ses 200 premiers caractères")
        self.assertShows(self.search("a" * 10_000), "Votre recherche était trop longue")

    def test_a_query_past_32_words_is_shortened_to_its_first_32_with_a_french_message(self):
        words = [f"mot{n}" for n in range(150)]
        response = self.search(" ".join(words))
        self.assertEqual(response.context["search_query"], " ".join(words[:32]))
        self.assertShows(response, "seuls ses 200 premiers caractères et 32 premiers mots ont été pris en compte")
        # Counted as the backends split words: hyphens and apostrophes separate them too.
        response = self.search("-".join(["ab"] * 40))
        self.assertEqual(response.context["search_query"], "-".join(["ab"] * 32))
        response = self.search("l'an " * 20)
        self.assertEqual(response.context["search_query"], " ".join(["l'an"] * 16))
        response = self.search("a.b." * 20)
        self.assertEqual(response.context["search_query"], "a.b." * 15 + "a.b")

    def test_32_words_are_not_shortened(self):
        query = " ".join(["décret"] + ["le"] * 31)
        response = self.search(query)
        self.assertEqual(response.context["search_query"], query)
        self.assertNotContains(response, "Votre recherche était trop longue")

    def test_bad_queries_give_a_normal_page(self):
        # Control characters (%00…) are refused before the search: tests/test_hostile_inputs.py.
        queries = ['"', "'", "l'", "(", ")", "*", "~", "AND OR NOT", "carto\u200bgraphie", "🎭 décret 🎭",
                   "<script>alert(1)</script>", '"décret', "décret~2", "-décret", "title:décret", "%", "\\", "''",
                   "l' d' qu'", "NOT", "décret AND", "{[]}", "\u202edécret"]  # fmt: skip
        for query in queries:
            with self.subTest(query=repr(query)):
                response = self.search(query)
                self.assertShows(response, "Rechercher sur la Plateforme")

    def test_a_query_without_any_word_lists_nothing_and_says_why(self):
        for query in ("🎭", "le de la", "« … »", "l' d'"):
            with self.subTest(query=query):
                response = self.search(query)
                self.assertEqual(self.hits(response), [])
                self.assertShows(response, "Votre recherche ne contient aucun mot à chercher")
        filtered = self.search("🎭", type="ressource")
        self.assertTrue(self.hits(filtered), "the filters still apply")
        self.assertShows(filtered, "Votre recherche ne contient aucun mot à chercher")

    def test_query_is_escaped_in_the_page(self):
        response = self.search("<script>alert(1)</script>")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertShows(response, "Aucun résultat pour « <script>alert(1)</script> »")

    def test_bad_page_numbers_give_a_page_of_results(self):
        for page in ("abc", "99999", "-1", "9" * 40, "0"):
            with self.subTest(page=repr(page)):
                self.assertTrue(self.hits(self.search("decret", page=page)))
