"""« Synonymes et sigles »: a sigle finds the pages spelling it out and the other way round, on every backend; the
glossary editors keep in the admin counts from the next search, read at most once per search."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.models import Synonym
from pages.roles import EDITORS_GROUP
from search import synonyms
from search.queries import SearchParams, search_content
from tests.factories import LinkPageFactory, ResourcePageFactory, build_site_tree
from tests.factories.pages import paragraph
from tests.search.engines import BackendSessionCase
from tests.search.relevance_support import backend_test_classes

GLOSSARY = [
    ("AP", "analyse partagée"),
    ("CA", "conseil d'administration"),
    ("CP", "contrat-programme"),
    ("FWB", "Fédération Wallonie-Bruxelles"),
]


def resource(parent, title, summary, text, *, publish=False):
    page = ResourcePageFactory(parent=parent, title=title, summary=summary, body=[paragraph(text)], documents=[])
    if publish:  # what editors do: the page's search entry is written
        page.save_revision().publish()
    return page


class SynonymCases(BackendSessionCase):
    """The corpus: pages saying a sigle, pages spelling it out, a page whose words only begin like a sigle."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        parent = tree.theme["autres"]
        for term, equivalents in GLOSSARY:
            Synonym.objects.create(term=term, equivalents=equivalents)
        cls.spelled = resource(
            parent, "Guide du territoire", "Mener l'analyse partagée avec les habitants.", "Une démarche collective."
        )
        cls.sigle = resource(
            parent, "Préparer l'AP en équipe", "Trois réunions pour lancer l'AP.", "Le calendrier de l'AP."
        )
        cls.board = resource(
            parent, "Le rôle du conseil d'administration", "Qui y siège et ce qu'il décide.", "Les administrateurs."
        )
        cls.frame = resource(parent, "Un cadre pour les projets", "Carnets et calendriers.", "Le cadre légal.")
        cls.contract = resource(parent, "Négocier son contrat-programme", "Les étapes d'une négociation.", "Le suivi.")
        cls.contract_sigle = resource(parent, "Le CP en cinq questions", "Ce que le CP engage.", "Les échéances.")
        cls.federation = LinkPageFactory(
            parent=tree.link_library,
            title="Le portail de la culture",
            description="Le site de la Fédération Wallonie-Bruxelles pour les opérateurs culturels.",
        )
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
        cls.engine.refresh()

    def found(self, query):
        outcome = search_content(SearchParams(query=query), backend_name="default", per_page=50)
        self.assertEqual(outcome.notice, "", "the backend under test failed and another one answered")
        return [hit.entry.page_id for hit in outcome.page.object_list] if outcome.page else []

    def assertFinds(self, query, *pages):
        found = self.found(query)
        for page in pages:
            self.assertIn(page.pk, found, f"{query!r} should find {page.title!r} on {self.backend}")
        return found

    def test_a_sigle_finds_the_pages_spelling_it_out(self):
        self.assertFinds("AP", self.spelled, self.sigle)
        self.assertFinds("l'AP", self.spelled, self.sigle)
        self.assertFinds("FWB", self.federation)
        self.assertFinds("CP", self.contract, self.contract_sigle)

    def test_the_words_find_the_pages_using_the_sigle(self):
        self.assertFinds("analyse partagée", self.spelled, self.sigle)
        self.assertFinds("contrat-programme", self.contract, self.contract_sigle)

    def test_an_inflected_form_finds_its_entry(self):
        self.assertFinds("contrats-programmes", self.contract, self.contract_sigle)
        self.assertFinds("analyses partagées", self.spelled, self.sigle)

    def test_a_short_sigle_never_matches_inside_other_words(self):
        found = self.assertFinds("CA", self.board)
        self.assertNotIn(self.frame.pk, found, "« CA » is not « cadre », « carnets » nor « calendriers »")

    def test_the_hit_marks_the_equivalent_found(self):
        outcome = search_content(SearchParams(query="AP"), backend_name="default", per_page=50)
        excerpts = {hit.entry.page_id: hit.excerpt for hit in outcome.page.object_list}
        self.assertIn("<mark>AP</mark>", excerpts[self.sigle.pk])
        self.assertIn("<mark>analyse</mark> <mark>partagée</mark>", excerpts[self.spelled.pk])
        outcome = search_content(SearchParams(query="analyse partagée"), backend_name="default", per_page=50)
        excerpts = {hit.entry.page_id: hit.excerpt for hit in outcome.page.object_list}
        self.assertIn("<mark>AP</mark>", excerpts[self.sigle.pk])


globals().update(backend_test_classes(SynonymCases, "Synonyms", __name__))


# The glossary on the database backend: read once, forgotten when it changes, kept by editors in the admin


@pytest.fixture
def pages(site_tree):
    parent = site_tree.theme["autres"]
    return {
        "aci": resource(
            parent,
            "Une action culturelle intensifiée",
            "Un projet sur trois ans.",
            "Avec les écoles de la commune.",
            publish=True,
        ),
        "spelled": resource(
            parent, "Guide de l'analyse partagée", "Croiser les regards.", "Une démarche collective.", publish=True
        ),
    }


def found_pages(query):
    outcome = search_content(SearchParams(query=query))
    return [hit.entry.page_id for hit in outcome.page.object_list] if outcome.page else []


def glossary_reads(query):
    with CaptureQueriesContext(connection) as queries:
        search_content(SearchParams(query=query))
    return len([query for query in queries.captured_queries if "pages_synonym" in query["sql"]])


def test_the_glossary_is_read_once_then_kept_until_it_changes(pages):
    Synonym.objects.create(term="AP", equivalents="analyse partagée")
    assert glossary_reads("AP") == 1
    assert glossary_reads("AP") == 0
    assert glossary_reads("analyse partagée") == 0
    Synonym.objects.create(term="ACI", equivalents="action culturelle intensifiée")
    assert glossary_reads("ACI") == 1


def test_an_entry_works_both_ways_whatever_the_accents_and_capitals():
    glossary = synonyms.build_glossary([("ap", "Analyse Partagee\n\nanalyse partagée\n"), ("CC", "centre culturel")])
    assert glossary[("ap",)] == ["ap", "Analyse Partagee"]
    assert glossary[("analyse", "partagee")] == ["ap", "Analyse Partagee"]
    assert glossary[("cc",)] == glossary[("centre", "culturel")] == ["CC", "centre culturel"]
    assert [words for words, forms in synonyms.spans(["ap", "cc", "decret"], glossary) if forms] == [("ap",), ("cc",)]


def test_long_words_match_an_entry_by_their_stems_short_ones_only_as_written():
    glossary = synonyms.build_glossary([("CA", "conseil d'administration"), ("CP", "contrat-programme")])
    matched = [words for words, forms in synonyms.spans(["conseils", "administration"], glossary) if forms]
    assert matched == [("conseils", "administration")]
    assert [forms for _words, forms in synonyms.spans(["contrats", "programmes"], glossary)] == [
        ["CP", "contrat-programme"]
    ]
    assert [forms for _words, forms in synonyms.spans(["ça", "marche"], glossary)] == [None, None], "« ça » is not CA"
    assert [forms for _words, forms in synonyms.spans(["ca", "cas"], glossary)] == [
        ["CA", "conseil d'administration"],
        None,
    ], "« cas » is not « CA » with an s"


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_user("redaction", "redaction@astrac.be", "x", is_staff=False)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(user)
    return client


def test_an_editor_adds_a_synonym_in_the_admin_and_the_next_search_uses_it(pages, editor):
    assert pages["aci"].pk not in found_pages("ACI")

    response = editor.post(
        reverse("wagtailsnippets_pages_synonym:add"), {"term": "ACI", "equivalents": "action culturelle intensifiée"}
    )
    assert response.status_code == 302
    assert found_pages("ACI") == [pages["aci"].pk]

    synonym = Synonym.objects.get(term="ACI")
    response = editor.post(reverse("wagtailsnippets_pages_synonym:delete", args=[synonym.pk]))
    assert response.status_code == 302
    assert found_pages("ACI") == []


def test_the_admin_form_speaks_french(editor):
    response = editor.get(reverse("wagtailsnippets_pages_synonym:add"))
    content = response.content.decode()
    assert "Terme ou sigle" in content and "Un équivalent par ligne" in content


def test_editors_find_an_entry_in_the_admin_list(editor):
    Synonym.objects.create(term="CO", equivalents="conseil d'orientation")
    Synonym.objects.create(term="CC", equivalents="centre culturel")
    response = editor.get(reverse("wagtailsnippets_pages_synonym:list"), {"q": "orientation"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "conseil d&#x27;orientation" in content or "conseil d'orientation" in content
    assert "centre culturel" not in content


def test_the_admin_names_an_entry_with_what_it_stands_for(editor):
    synonym = Synonym.objects.create(term="CP", equivalents="contrat-programme\ncontrat programme")
    response = editor.get(reverse("wagtailsnippets_pages_synonym:edit", args=[synonym.pk]))
    assert str(synonym) == "CP ⇄ contrat-programme, contrat programme"
    assert "CP ⇄ contrat-programme, contrat programme" in response.content.decode()
    assert str(Synonym(term="FWB", equivalents="")) == "FWB"
