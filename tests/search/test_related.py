"""« Voir aussi » (search/related.py): 3 to 5 live, public pages chosen by shared keywords, shared themes and subject,
each with its French reason; the editors' pins first and their exclusions never; on the page, in the API detail
and on every backend; kept per generation."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, streamfield

from pages import models as m
from pages.models.resources import ResourcePageRelatedChoice
from search.backends import like_this
from search.indexing import refresh_entry
from search.models import SearchEntry
from search.related import compute_related, subject_words
from tests.cms.page_cache_base import PageCacheTestCase
from tests.factories import DossierPageFactory, LinkPageFactory, ResourcePageFactory, WorkshopReportPageFactory
from tests.factories.pages import paragraph, tagged_resource
from tests.pages.base import SiteTreeTestCase, normalise
from tests.pages.test_admin_forms import page_form
from tests.search.engines import ENGINE_BACKENDS, EngineSession, backend_names, backends_setting


def make_corpus(tree):
    theme = tree.theme
    pages = {
        "page": tagged_resource(
            ["participation", "territoire", "habitants"],
            parent=theme["analyse-partagee"],
            title="Mener l'analyse partagée avec les habitants",
            summary="Associer les habitants au diagnostic du territoire.",
            body=[paragraph("Le bibliobus parcourt les villages pour recueillir la parole des habitants.")],
        ),
        "keywords": tagged_resource(
            ["participation", "territoire"],
            parent=theme["autres"],
            title="Une charte de la participation",
            summary="Un modèle de charte.",
        ),
        "theme": ResourcePageFactory(
            parent=theme["analyse-partagee"], title="Calendrier de l'analyse", summary="Les étapes et les délais."
        ),
        "subject": WorkshopReportPageFactory(
            parent=tree.workshop_index,
            title="Rencontre-atelier : le bibliobus des villages",
            summary="Un bibliobus pour aller vers les habitants des villages.",
            themes=[],
        ),
        "unrelated": DossierPageFactory(
            parent=tree.dossier_library, title="Budget et comptes", summary="Les tableaux financiers.", themes=[]
        ),
        "draft": tagged_resource(
            ["participation", "territoire", "habitants"],
            parent=theme["analyse-partagee"],
            title="Brouillon : analyse partagée avec les habitants",
            live=False,
        ),
    }
    private_theme = theme["constituer-son-dossier"]
    PageViewRestriction.objects.create(page=private_theme, restriction_type=PageViewRestriction.LOGIN)
    pages["private"] = tagged_resource(
        ["participation", "territoire", "habitants"], parent=private_theme, title="Réservé : habitants et territoire"
    )
    for page in pages.values():
        refresh_entry(page)
    return pages


PINNED = "Proposé par l'équipe de la Plateforme"


def reasons(items):
    return {item.title: item.reason for item in items}


class RelatedTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pages = make_corpus(cls.tree)

    def test_pages_are_chosen_by_keywords_themes_and_subject_each_with_its_reason(self):
        items = compute_related(self.pages["page"])
        self.assertEqual(
            reasons(items),
            {
                "Une charte de la participation": "Mots-clés communs : participation, territoire",
                "Calendrier de l'analyse": "Même thématique : L'analyse partagée",
                "Rencontre-atelier : le bibliobus des villages": "Sujet proche",
            },
        )
        self.assertEqual(items[0].title, "Une charte de la participation")  # two shared keywords weigh most

    def test_never_a_draft_a_private_page_or_the_page_itself(self):
        titles = {item.title for item in compute_related(self.pages["page"])}
        for name in ("draft", "private", "page"):
            self.assertNotIn(self.pages[name].title, titles)

    def test_sections_are_never_proposed_only_content(self):
        theme = self.tree.theme["analyse-partagee"]
        refresh_entry(theme)
        self.assertEqual(SearchEntry.objects.get(page=theme).kind, "thematique")
        self.assertNotIn(theme.title, {item.title for item in compute_related(self.pages["page"])})

    def test_at_most_five_pages(self):
        for n in range(8):
            tagged_resource(["participation"], parent=self.tree.theme["analyse-partagee"], title=f"Fiche {n}")
            refresh_entry(m.ResourcePage.objects.get(title=f"Fiche {n}"))
        self.assertEqual(len(compute_related(self.pages["page"])), 5)

    def test_editors_pin_pages_first_and_exclude_others(self):
        page = self.pages["page"]
        page.related_choices.create(target=self.pages["unrelated"], mode=m.RelatedMode.PIN)
        page.related_choices.create(target=self.pages["keywords"], mode=m.RelatedMode.EXCLUDE)
        page.related_choices.create(target=self.pages["draft"], mode=m.RelatedMode.PIN)  # never shown: a draft
        items = compute_related(page)
        self.assertEqual(items[0].title, "Budget et comptes")
        self.assertEqual(items[0].reason, "Proposé par l'équipe de la Plateforme")
        titles = [item.title for item in items]
        self.assertNotIn("Une charte de la participation", titles)
        self.assertNotIn(self.pages["draft"].title, titles)

    def test_an_editor_pins_a_link_and_excludes_a_page_in_the_admins_voir_aussi_panel(self):
        link = LinkPageFactory(parent=self.tree.link_library, title="Le texte du décret", themes=[])
        refresh_entry(link)
        editor = get_user_model().objects.create_superuser(username="editrice", email="editrice@astrac.be")
        self.client.force_login(editor)
        add = reverse("wagtailadmin_pages:add", args=["pages", "resourcepage", self.tree.theme["autres"].pk])
        form = self.client.get(add).content.decode()
        self.assertIn("Voir aussi", form)
        self.assertIn("Toujours proposer", form)
        data = page_form(
            {
                "title": "Participation et territoire",
                "slug": "participation-et-territoire",
                "summary": "La participation des habitants au territoire.",
                "resource_type": m.ResourceType.GUIDE,
                "author": "",
                "date": "2024-03-15",
                "body": streamfield([]),
                "documents": inline_formset([]),
                "related_choices": inline_formset(
                    [
                        {"target": str(link.pk), "mode": "pin"},
                        {"target": str(self.pages["keywords"].pk), "mode": "exclude"},
                    ]
                ),
                "external_url": "",
                "secondary_themes": [],
                "tags": "participation, territoire",
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        self.client.logout()
        page = m.ResourcePage.objects.get(slug="participation-et-territoire")
        soup = self.get_soup(self.get_page(page).content)
        section = soup.find(id="related-title").find_parent("section")
        titles = [normalise(card.select_one(".card__title").get_text()) for card in section.select(".card")]
        self.assertEqual(titles[0], "Le texte du décret")
        self.assertEqual(normalise(section.select_one(".related__reason").get_text()), PINNED)
        self.assertNotIn("Une charte de la participation", titles)  # shares both keywords, but excluded
        self.assertIn("Mener l'analyse partagée avec les habitants", titles)

    def test_a_preview_with_its_keywords_and_choices_in_memory_is_related_too(self):
        page = m.ResourcePage.objects.get(pk=self.pages["page"].pk)
        page.tags.add("calendrier")  # as the editor's form leaves them: in memory, not saved
        page.related_choices.add(ResourcePageRelatedChoice(target=self.pages["unrelated"], mode=m.RelatedMode.PIN))
        items = compute_related(page)
        self.assertEqual(items[0].title, "Budget et comptes")
        self.assertIn("Une charte de la participation", {item.title for item in items})

    def test_a_page_without_search_entry_has_no_related_pages(self):
        SearchEntry.objects.filter(page=self.pages["page"]).delete()
        self.assertEqual(compute_related(self.pages["page"]), [])

    def test_the_subject_is_the_titles_words_then_the_most_frequent(self):
        entry = SearchEntry.objects.get(page=self.pages["page"])
        words = subject_words(entry)
        self.assertEqual(words[:3], ["mener", "analyse", "partagée"])
        self.assertIn("bibliobus", words)

    def test_the_page_shows_voir_aussi_with_reasons(self):
        soup = self.get_soup(self.get_page(self.pages["page"]).content)
        section = soup.find(id="related-title").find_parent("section")
        cards = {
            normalise(card.select_one(".card__title").get_text()): normalise(
                card.select_one(".related__reason").get_text()
            )
            for card in section.select(".card")
        }
        self.assertEqual(cards["Une charte de la participation"], "Mots-clés communs : participation, territoire")
        self.assertEqual(section.select_one(".card__link")["href"], self.pages["keywords"].url)

    def test_the_api_detail_serves_related(self):
        data = self.client.get(f"/api/v2/pages/{self.pages['page'].pk}/").json()
        related = {item["title"]: item for item in data["related"]}
        charter = related["Une charte de la participation"]
        self.assertEqual(charter["reason"], "Mots-clés communs : participation, territoire")
        self.assertEqual(charter["id"], self.pages["keywords"].pk)
        self.assertEqual(charter["html_url"], f"http://localhost{self.pages['keywords'].url}")
        self.assertEqual(charter["type"], "ressource")


class RelatedCacheTests(PageCacheTestCase):
    def test_voir_aussi_is_computed_once_per_generation(self):
        make_corpus(self.tree)
        page = m.ResourcePage.objects.get(title="Mener l'analyse partagée avec les habitants")
        url = f"/api/v2/pages/{page.pk}/?fields=related"
        self.client.get(url, HTTP_ORIGIN="http://front.example")  # an Origin: answered by Django, not the page cache
        with CaptureQueriesContext(connection) as first:
            self.client.get(url + "&_=1", HTTP_ORIGIN="http://front.example")
        self.assertFalse(any("search_searchentry" in query["sql"] for query in first.captured_queries))


@pytest.mark.parametrize("backend", backend_names())
def test_every_backend_relates_the_same_public_pages(site_tree, backend):
    pages = make_corpus(site_tree)
    session = EngineSession(backend).start()
    try:
        items = compute_related(pages["page"])
    finally:
        session.close()
    found = reasons(items)
    assert found["Une charte de la participation"] == "Mots-clés communs : participation, territoire"
    assert found["Rencontre-atelier : le bibliobus des villages"] == "Sujet proche"
    assert not {pages[name].title for name in ("draft", "private", "page")} & set(found)


@pytest.mark.parametrize("backend", [name for name in backend_names() if name in ENGINE_BACKENDS])
def test_the_engines_ask_more_like_this_of_the_pages_own_document(site_tree, backend):
    pages = make_corpus(site_tree)
    session = EngineSession(backend).start()
    try:
        engine = get_search_backend()
        entry = SearchEntry.objects.get(page_id=pages["page"].pk)
        results = engine.search(like_this(engine, entry, subject_words(entry)), SearchEntry.objects.all())
        query = results.query_compiler.get_query()
        found = [hit.page_id for hit in results[:10]]
    finally:
        session.close()
    more_like_this = query["bool"]["must"]["more_like_this"]
    assert more_like_this["like"] == [{"_id": str(entry.pk)}]
    assert "body" in more_like_this["fields"][-1]
    # The engine's own similarity: the rencontre on the same subject, never the page it started from (which any
    # search of the page's words would find first), nor a draft or a private page (they have no entry).
    assert pages["subject"].pk in found
    assert pages["page"].pk not in found
    assert not {pages["draft"].pk, pages["private"].pk} & set(found)


def test_an_engine_down_relates_by_the_databases_search_of_the_same_words(site_tree):
    pages = make_corpus(site_tree)
    with socket.socket() as sock:  # an address where nothing listens
        sock.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with override_settings(WAGTAILSEARCH_BACKENDS=backends_setting("opensearch3", fallback=True, url=down, timeout=1)):
        found = reasons(compute_related(pages["page"]))
    assert found["Rencontre-atelier : le bibliobus des villages"] == "Sujet proche"
    assert found["Une charte de la participation"] == "Mots-clés communs : participation, territoire"
