"""The search narrowed by a keyword (`?keyword=<slug>`, search/queries.py `_filtered`): on the page, in the API and
on every backend, only the live, public pages carrying the keyword are found, their facets counted among them; a
keyword nobody public carries finds nothing and never shows its name."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from search.indexing import refresh_entry
from search.params import SearchParams
from search.queries import search_content
from tests.factories import DossierPageFactory, ResourcePageFactory
from tests.factories.pages import tagged_resource
from tests.pages.base import normalise
from tests.search.engines import EngineSession, backend_names
from tests.search.search_page_base import SearchPageCase, rebuild_entries

API_URL = "/api/v2/search/"


def make_corpus(tree):
    """Resources with and without « Éducation permanente », a dossier about it (dossiers carry no keyword), a draft
    and a private resource carrying it and a keyword of their own."""
    theme = tree.theme
    pages = {
        "publics": tagged_resource(
            ["Éducation permanente", "Publics"],
            parent=theme["analyse-partagee"],
            title="Rencontrer les publics du territoire",
            summary="L'éducation permanente au cœur de l'analyse partagée.",
            date=datetime.date(2024, 5, 1),
        ),
        "decret": tagged_resource(
            ["Éducation permanente"],
            parent=theme["expliquer-le-decret"],
            title="Le décret et l'éducation permanente",
            summary="Ce que le décret dit de l'éducation permanente.",
            date=datetime.date(2023, 2, 1),
        ),
        "untagged": ResourcePageFactory(
            parent=theme["expliquer-le-decret"],
            title="L'éducation permanente expliquée au conseil",
            summary="Une présentation du décret.",
            date=datetime.date(2025, 1, 1),
        ),
        "dossier": DossierPageFactory(parent=tree.dossier_library, title="Un dossier d'éducation permanente"),
        "draft": tagged_resource(
            ["Éducation permanente", "Projet confidentiel Été"],
            parent=theme["autres"],
            title="Brouillon sur l'éducation permanente",
            live=False,
        ),
    }
    private_theme = theme["constituer-son-dossier"]
    PageViewRestriction.objects.create(page=private_theme, restriction_type=PageViewRestriction.LOGIN)
    pages["private"] = tagged_resource(
        ["Éducation permanente", "Réservé Équipe"], parent=private_theme, title="Ressource réservée, éducation"
    )
    return pages


class KeywordSearchPageTests(SearchPageCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pages = make_corpus(cls.tree)
        rebuild_entries()

    def chips(self, response):
        soup = self.get_soup(response.content)
        return [
            (normalise(chip.select_one(".chip__title").get_text()), chip["href"])
            for chip in soup.select(".active-filters .chip")
        ], [normalise(chip.get_text(" ")) for chip in soup.select(".active-filters .chip")]

    def test_the_keyword_alone_lists_its_public_pages_newest_first(self):
        response = self.search(keyword="éducation-permanente")
        self.assertEqual(
            self.hit_titles(response),
            ["Rencontrer les publics du territoire", "Le décret et l'éducation permanente"],
        )

    def test_words_are_searched_among_the_keywords_pages_only_and_facets_count_them(self):
        response = self.search("décret", keyword="éducation-permanente")
        self.assertEqual(self.hit_titles(response), ["Le décret et l'éducation permanente"])
        self.assertEqual(self.facet_counts(response, "type"), {"Ressource": 1})
        response = self.search("éducation", keyword="éducation-permanente")
        self.assertEqual(len(self.hit_titles(response)), 2)
        self.assertEqual(self.facet_counts(response, "type"), {"Ressource": 2})
        self.assertEqual(sum(self.facet_counts(response, "theme").values()), 2)
        self.assertEqual(self.search("éducation").context["outcome"].total, 4)  # without the keyword: the others too

    def test_the_keyword_combines_with_the_facets(self):
        response = self.search("éducation", keyword="éducation-permanente", theme="expliquer-le-decret")
        self.assertEqual(self.hit_titles(response), ["Le décret et l'éducation permanente"])
        self.assertEqual(self.search(keyword="éducation-permanente", type="dossier").context["outcome"].total, 0)

    def test_the_keyword_is_a_removable_chip_kept_by_a_new_query_and_cleared_with_the_filters(self):
        response = self.search("décret", keyword="éducation-permanente", type="ressource")
        (titles, texts) = self.chips(response)
        self.assertIn("Mot-clé : Éducation permanente × (retirer ce filtre)", texts)
        remove_url = dict(titles)["Mot-clé :"]
        self.assertParams(remove_url, q="décret", type="ressource", keyword=None)
        soup = self.get_soup(response.content)
        form = soup.select_one("form.search-page-form")
        self.assertIsNotNone(form.select_one('input[type="hidden"][name="keyword"][value="éducation-permanente"]'))
        clear = soup.select_one(".active-filters__clear")["href"]
        self.assertParams(clear, q="décret", type=None, keyword=None)

    def test_a_keyword_only_drafts_or_private_pages_carry_finds_nothing_and_keeps_its_name_secret(self):
        for slug in ("projet-confidentiel-été", "réservé-équipe", "inconnu"):
            with self.subTest(slug=slug):
                response = self.search(keyword=slug)
                self.assertEqual(self.hit_titles(response), [])
                self.assertShows(response, "Aucun contenu ne correspond à ces filtres.", f"Mot-clé : {slug}")
                content = response.content.decode()
                for secret in ("Projet confidentiel", "Réservé Équipe", "Brouillon", "Ressource réservée"):
                    self.assertNotIn(secret, content)

    def test_a_malformed_keyword_is_dropped_by_the_page(self):
        response = self.search("décret", keyword="<script>alert(1)</script>")
        self.assertEqual(response.context["outcome"].params.keyword, "")
        self.assertNotIn("<script>alert", response.content.decode())
        self.assertGreaterEqual(len(self.hit_titles(response)), 2)

    def test_the_api_narrows_by_keyword_and_refuses_a_malformed_one_in_french(self):
        data = self.client.get(API_URL, {"q": "éducation", "keyword": "éducation-permanente"}).json()
        self.assertEqual(data["meta"]["total_count"], 2)
        self.assertEqual(
            {item["page_id"] for item in data["items"]}, {self.pages["publics"].pk, self.pages["decret"].pk}
        )
        type_facet = next(facet for facet in data["facets"] if facet["name"] == "type")
        self.assertEqual([(o["value"], o["count"]) for o in type_facet["options"]], [("ressource", 2)])
        self.assertEqual(self.client.get(API_URL, {"keyword": "réservé-équipe"}).json()["meta"]["total_count"], 0)
        response = self.client.get(API_URL, {"q": "décret", "keyword": "pas un slug !"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("keyword", response.json()["errors"])
        self.assertEqual(
            response.json()["errors"]["keyword"],
            [
                "Ce mot-clé est mal formé : il s'écrit comme dans l'adresse de sa page (/mots-cles/…/), en lettres, "
                "chiffres et traits d'union."
            ],
        )


@pytest.mark.parametrize("backend", backend_names())
def test_every_backend_finds_only_the_keywords_public_pages(site_tree, backend):
    pages = make_corpus(site_tree)
    for page in pages.values():
        refresh_entry(page)
    session = EngineSession(backend).start()
    try:
        found = search_content(SearchParams(query="éducation", keyword="éducation-permanente"))
        alone = search_content(SearchParams(keyword="éducation-permanente"))
        secret = search_content(SearchParams(keyword="projet-confidentiel-été"))
    finally:
        session.close()
    expected = {pages["publics"].pk, pages["decret"].pk}
    assert {hit.entry.page_id for hit in found.page} == expected
    assert found.total == 2
    type_counts = {o.value: o.count for facet in found.facets if facet.name == "type" for o in facet.options}
    assert type_counts == {"ressource": 2}
    assert [hit.entry.page_id for hit in alone.page] == [pages["publics"].pk, pages["decret"].pk]
    assert secret.total == 0
