"""The French relevance suite: the same cases on every search backend.

One test class per backend available here (tests/search/engines.py): the database backend on the
database in use ("postgres" or "sqlite"), and our French OpenSearch 3 and Elasticsearch 9 backends
(on osmem-server, started for the session, or on the real cluster of `OPENSEARCH_URL` /
`ELASTICSEARCH_URL`). Each class builds the same small French corpus once, published the way editors
publish (search entries refreshed, engine indexed through Wagtail's signals).

A backend runs the subset it supports: a case marked `@needs(...)` is left out of the class of a
backend listed in `UNSUPPORTED` for that capability, with the reason there. SQLite has no French
stemming (« dossiers » → « dossier »). Every other case runs everywhere (see the README, « Search »).
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from pages import models as m
from search.models import SearchEntry
from search.queries import SearchParams, autocomplete, search_content
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
    build_site_tree,
)
from tests.factories.pages import paragraph
from tests.search.documents import pdf_bytes
from tests.search.engines import EngineSession, backend_names

# What a backend cannot do → why; the cases that need it are left out of that backend's class.
UNSUPPORTED = {
    "sqlite": {
        "stemming": "SQLite's full-text search (FTS5) has no French stemming: « dossiers » ≠ « dossier ».",
    },
}


def needs(*capabilities):
    """The case needs these capabilities: it is left out of the classes of backends without them."""

    def mark(test):
        test.needs = {*getattr(test, "needs", ()), *capabilities}
        return test

    return mark


needs_stemming = needs("stemming")


def private_collection():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Documents internes du conseil")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="conseil"
    )
    return collection


def document(title, text, collection=None):
    """A PDF holding `text`, with that text extracted (as the extraction task does on upload)."""
    kwargs = {"collection": collection} if collection else {}
    doc = DocumentFactory(
        title=title, file=ContentFile(pdf_bytes([text]), name="dossier.pdf"), description="", **kwargs
    )
    m.PlatformDocument.objects.filter(pk=doc.pk).update(text_content=text)
    doc.refresh_from_db()
    return doc


class FrenchRelevanceCases:
    """The cases; subclasses name the backend (`backend`)."""

    backend = None

    @classmethod
    def setUpClass(cls):
        cls.engine = EngineSession(cls.backend)
        cls.engine.start()
        cls.addClassCleanup(cls.engine.close)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        theme = tree.theme
        cls.tree = tree

        # Resources
        cls.decret = ResourcePageFactory(
            parent=theme["expliquer-le-decret"],
            title="Expliquer le décret à son conseil d'administration",
            summary="Une présentation pour les administrateurs : missions, reconnaissance et contrat-programme.",
            body=[paragraph("Les cinq missions d'un Centre culturel et le rôle de chacun.")],
            resource_type=m.ResourceType.PRESENTATION,
            date=datetime.date(2023, 3, 15),
        )
        cls.meeting = ResourcePageFactory(
            parent=theme["autres"],
            title="Animer une réunion d'équipe",
            summary="Des conseils pour des réunions courtes et utiles.",
            body=[paragraph("Un rappel : le décret demande une équipe formée et disponible.")],
            resource_type=m.ResourceType.GUIDE,
            date=datetime.date(2022, 5, 2),
        )
        cls.analyse = ResourcePageFactory(
            parent=theme["analyse-partagee"],
            title="L'analyse partagée du territoire",
            summary="Une méthode pour croiser les regards des habitants et des partenaires.",
            body=[paragraph("Questionnaires, balades et cartes : les outils d'une démarche collective.")],
            resource_type=m.ResourceType.TOOL,
            date=datetime.date(2024, 2, 10),
            secondary_themes=[theme["constituer-son-dossier"]],
        )
        cls.participation = ResourcePageFactory(
            parent=theme["analyse-partagee"],
            title="La participation des habitants",
            summary="Impliquer la population dans la vie du Centre culturel.",
            body=[paragraph("Des exemples de participation citoyenne, de la consultation à la cogestion.")],
            resource_type=m.ResourceType.ARTICLE,
            date=datetime.date(2024, 6, 1),
        )
        cls.action = ResourcePageFactory(
            parent=theme["autres"],
            title="Projet d'action culturelle",
            summary="Rédiger le projet d'action culturelle en équipe, pas à pas.",
            body=[paragraph("Un canevas commenté, section par section.")],
            resource_type=m.ResourceType.TEMPLATE,
            date=datetime.date(2021, 9, 1),
        )
        cls.mediation = ResourcePageFactory(
            parent=theme["autres"],
            title="Médiation et publics scolaires",
            summary="Une action de médiation culturelle auprès des écoles de la commune.",
            body=[paragraph("Des ateliers en classe, puis une visite au Centre.")],
            resource_type=m.ResourceType.ARTICLE,
            date=datetime.date(2020, 1, 20),
        )

        # Dossiers, their centres and documents (one of them in a private collection)
        rochefort = CulturalCentreFactory(
            name="Centre culturel de Rochefort", commune="Rochefort", province=m.Province.NAMUR
        )
        marchin = CulturalCentreFactory(name="Centre culturel de Marchin", commune="Marchin", province=m.Province.LIEGE)
        jette = CulturalCentreFactory(name="Centre culturel de Jette", commune="Jette", province=m.Province.BRUXELLES)
        cls.bibliobus_pdf = document(
            "Projet de Rochefort, volet lecture publique",
            "Le bibliobus dessert chaque semaine les villages de la commune et leurs écoles.",
        )
        cls.private_pdf = document(
            "Annexes budgétaires de Marchin",
            "Tableaux de zythologie comparée et budget détaillé du conseil.",
            collection=private_collection(),
        )
        cls.dossier_rochefort = DossierPageFactory(
            parent=tree.dossier_library,
            centre=rochefort,
            title="Dossier de reconnaissance de Rochefort",
            status=m.DossierStatus.APPROVED,
            submission_year=2022,
            access_mode=m.AccessMode.DOWNLOAD,
            summary="Un centre en milieu rural, entre Lesse et Famenne.",
            contextualisation="<p>Une équipe de six personnes et un réseau d'associations.</p>",
            documents=[m.DossierPageDocument(document=cls.bibliobus_pdf)],
            themes=[theme["constituer-son-dossier"]],
        )
        cls.dossier_marchin = DossierPageFactory(
            parent=tree.dossier_library,
            centre=marchin,
            title="Dossier de reconnaissance de Marchin",
            status=m.DossierStatus.PENDING,
            submission_year=2023,
            access_mode=m.AccessMode.DOWNLOAD,
            summary="Un centre de vallée, tourné vers les arts de la rue.",
            contextualisation="<p>Une équipe de quatre personnes.</p>",
            documents=[m.DossierPageDocument(document=cls.private_pdf)],
        )
        cls.dossier_jette = DossierPageFactory(
            parent=tree.dossier_library,
            centre=jette,
            title="Dossier de reconnaissance de Jette",
            status=m.DossierStatus.APPROVED,
            submission_year=2023,
            access_mode=m.AccessMode.PERSON_TO_PERSON,
            summary="Un centre urbain au nord-ouest de Bruxelles.",
            contextualisation="<p>Une équipe de douze personnes.</p>",
        )

        # A rencontre, a link, a standard page
        cls.workshop = WorkshopReportPageFactory(
            parent=tree.workshop_index,
            title="Rencontre-atelier : relire les dossiers",
            summary="Une journée pour relire ensemble des dossiers de reconnaissance.",
            body=[paragraph("Trois équipes ont présenté leur démarche.")],
            place="Maison de la culture de Namur",
            address="Avenue Golenvaux 14, 5000 Namur",
            date=datetime.date(2023, 10, 12),
        )
        cls.link = LinkPageFactory(
            parent=tree.link_library,
            title="Texte coordonné du décret du 21 novembre 2013",
            description="Le texte légal sur le site de la Fédération Wallonie-Bruxelles.",
        )
        cls.project = StandardPageFactory(parent=tree.home, title="Le projet de la Plateforme")

        # Never found: a draft, a private page
        cls.draft = ResourcePageFactory(
            parent=theme["expliquer-le-decret"],
            title="Brouillon : la réforme du décret en questions",
            summary="Un texte pas encore relu sur le décret.",
            live=False,
        )
        cls.private = ResourcePageFactory(
            parent=theme["expliquer-le-decret"],
            title="Note interne sur le décret : calendrier du conseil",
            summary="Réservé aux administrateurs.",
        )
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="conseil"
        )

        # What publishing does: one search entry per live public page, indexed by every backend.
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
        cls.engine.refresh()

    # Helpers

    def search(self, query="", **params):
        outcome = search_content(SearchParams(query=query, **params), backend_name="default", per_page=50)
        self.assertEqual(outcome.notice, "", "the backend under test failed and another one answered")
        return outcome

    def found(self, query="", **params):
        outcome = self.search(query, **params)
        return [hit.entry.page_id for hit in outcome.page.object_list] if outcome.page else []

    def assertFinds(self, query, *pages, **params):
        found = self.found(query, **params)
        for page in pages:
            self.assertIn(page.pk, found, f"{query!r} should find {page.title!r} on {self.backend}")
        return found

    def assertFindsFirst(self, query, page, **params):
        found = self.assertFinds(query, page, **params)
        self.assertEqual(found[0], page.pk, f"{query!r} should find {page.title!r} first on {self.backend}")

    def facet(self, outcome, name):
        facet = next(facet for facet in outcome.facets if facet.name == name)
        return {option.value: option.count for option in facet.options}

    # Corpus sanity

    def test_every_live_public_page_has_its_entry(self):
        self.assertTrue(SearchEntry.objects.filter(page=self.dossier_rochefort).exists())
        self.assertFalse(SearchEntry.objects.filter(page__in=[self.draft, self.private]).exists())

    # Accents, plurals, elision

    def test_query_without_accents_finds_the_accented_titles(self):
        self.assertFinds("decret", self.decret, self.link, self.meeting)

    def test_query_with_accents_finds_the_same_pages(self):
        self.assertEqual(set(self.found("décret")), set(self.found("decret")))
        self.assertEqual(set(self.found("DÉCRET")), set(self.found("decret")))

    def test_accent_in_the_query_that_the_text_does_not_have(self):
        self.assertFinds("médiation culturèlle", self.mediation)

    @needs_stemming
    def test_plural_finds_singular(self):
        self.assertFinds("dossiers", self.dossier_rochefort, self.dossier_marchin, self.dossier_jette)

    @needs_stemming
    def test_singular_finds_plural(self):
        self.assertFinds("dossier", self.workshop, self.dossier_rochefort)

    @needs_stemming
    def test_feminine_plural_finds_masculine(self):
        self.assertFinds("culturelles", self.action, self.mediation)

    def test_elided_article_is_ignored(self):
        found = self.assertFinds("l'analyse partagée", self.analyse)
        # The theme of that name and the resource come first.
        self.assertEqual(set(found[:2]), {self.analyse.pk, self.tree.theme["analyse-partagee"].pk})
        self.assertFinds("analyse partagée", self.analyse)
        self.assertFinds("l’analyse", self.analyse)  # typographic apostrophe
        self.assertFinds("d'administration", self.decret)

    # Typos of one or two letters in words of five letters or more

    def test_missing_accent_and_letter_typos(self):
        for query in ("partagee", "partagée", "PARTAGÉE", "analise partagee"):
            with self.subTest(query=query):
                self.assertFinds(query, self.analyse)

    def test_swapped_letters(self):
        self.assertFinds("decert", self.decret, self.link)
        self.assertFinds("participtaion", self.participation)
        outcome = self.search("participtaion")
        self.assertEqual(outcome.corrected_query, "participation")

    def test_two_letter_typo(self):
        self.assertFinds("reconaisance", self.dossier_rochefort)

    def test_unrelated_word_finds_nothing_and_suggests(self):
        outcome = self.search("zxqwvk")
        self.assertEqual(outcome.total, 0)

    # Phrases

    def test_phrase_in_quotes_needs_the_words_together(self):
        found = self.assertFinds('"action culturelle"', self.action)
        self.assertNotIn(self.mediation.pk, found)
        # Without quotes, both pages have both words.
        self.assertFinds("action culturelle", self.action, self.mediation)

    def test_phrase_and_word_together(self):
        found = self.assertFinds('"analyse partagée" territoire', self.analyse)
        self.assertNotIn(self.participation.pk, found)

    # Ranking

    @needs("title_boost")
    def test_title_matches_come_first(self):
        for query in ("decret", "décret", "decert"):
            with self.subTest(query=query):
                first = SearchEntry.objects.get(page_id=self.found(query)[0])
                self.assertIn("décret", first.title.lower())

    @needs("title_boost")
    def test_title_match_ranks_above_body_match(self):
        found = self.found("decret")
        self.assertLess(found.index(self.decret.pk), found.index(self.meeting.pk))
        self.assertLess(found.index(self.link.pk), found.index(self.meeting.pk))

    def test_title_match_ranks_above_summary_match(self):
        found = self.assertFinds("habitants", self.participation, self.analyse)
        self.assertLess(found.index(self.participation.pk), found.index(self.analyse.pk))

    def test_every_word_must_match(self):
        found = self.found("décret missions")
        self.assertEqual(found, [self.decret.pk])

    def test_sort_by_date(self):
        found = self.found("decret", sort="date")
        dated = [pk for pk in found if pk in (self.decret.pk, self.meeting.pk)]
        self.assertEqual(dated, [self.decret.pk, self.meeting.pk])

    # Facets

    def test_facet_counts(self):
        outcome = self.search("reconnaissance")
        expected = [self.decret, self.dossier_rochefort, self.dossier_marchin, self.dossier_jette, self.workshop]
        self.assertEqual({hit.entry.page_id for hit in outcome.page.object_list}, {page.pk for page in expected})
        self.assertEqual(outcome.total, 5)
        self.assertEqual(self.facet(outcome, "type"), {"dossier": 3, "ressource": 1, "rencontre": 1})
        self.assertEqual(self.facet(outcome, "status"), {"approuve": 2, "en-cours": 1})
        self.assertEqual(self.facet(outcome, "year"), {"2023": 4, "2022": 1})
        self.assertEqual(self.facet(outcome, "province"), {"namur": 1, "liege": 1, "bruxelles": 1})
        self.assertEqual(self.facet(outcome, "resource_type"), {"presentation": 1})
        self.assertEqual(self.facet(outcome, "theme"), {"expliquer-le-decret": 1, "constituer-son-dossier": 1})

    def test_theme_facet_counts_secondary_themes(self):
        outcome = self.search("territoire")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.analyse.pk])
        self.assertEqual(self.facet(outcome, "theme"), {"analyse-partagee": 1, "constituer-son-dossier": 1})
        # Filtering on the secondary theme finds it.
        self.assertEqual(self.found("territoire", theme="constituer-son-dossier"), [self.analyse.pk])

    def test_facets_combine_with_the_query_and_each_other(self):
        outcome = self.search("reconnaissance", type="dossier", province="namur")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_rochefort.pk])
        # Each facet counts with the other filters applied, not its own.
        self.assertEqual(self.facet(outcome, "type"), {"dossier": 1})
        self.assertEqual(self.facet(outcome, "province"), {"namur": 1, "liege": 1, "bruxelles": 1})
        self.assertEqual(self.facet(outcome, "status"), {"approuve": 1})
        selected = [o.value for f in outcome.facets for o in f.options if o.selected]
        self.assertEqual(sorted(selected), ["dossier", "namur"])

        outcome = self.search("reconnaissance", status="approuve", year=2023)
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_jette.pk])
        outcome = self.search("reconnaissance", type="ressource", theme="expliquer-le-decret")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.decret.pk])

    def test_filter_without_a_match_finds_nothing(self):
        self.assertEqual(self.found("reconnaissance", province="hainaut"), [])
        self.assertEqual(self.found("reconnaissance", theme="theme-inconnu"), [])

    # Documents' contents

    def test_word_only_in_an_attached_pdf_finds_its_dossier(self):
        outcome = self.search("bibliobus")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_rochefort.pk])
        hit = outcome.page.object_list[0]
        self.assertEqual(hit.excerpt_document, self.bibliobus_pdf.title)
        self.assertIn("<mark>bibliobus</mark>", hit.excerpt)

    @needs_stemming
    def test_inflected_word_of_an_attached_pdf(self):
        self.assertFinds("village", self.dossier_rochefort)

    # Never found: drafts, private pages, private documents (titles included)

    def test_drafts_are_never_found(self):
        self.assertEqual(self.found("brouillon"), [])
        self.assertEqual(self.found("réforme"), [])
        self.assertNotIn(self.draft.pk, self.found("decret"))

    def test_private_pages_are_never_found(self):
        self.assertEqual(self.found("calendrier"), [])
        self.assertNotIn(self.private.pk, self.found("decret"))

    def test_private_documents_are_never_found(self):
        self.assertEqual(self.found("zythologie"), [])
        self.assertEqual(self.found("annexes budgétaires"), [])
        # The dossier itself is found by its own words, without an excerpt of the private document.
        outcome = self.search("Marchin")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_marchin.pk])
        self.assertEqual(outcome.page.object_list[0].excerpt_document, "")

    def test_autocomplete_never_offers_drafts_or_private_pages(self):
        titles = [result["title"] for result in autocomplete("note interne")] + [
            result["title"] for result in autocomplete("brouillon")
        ]
        self.assertNotIn(self.private.title, titles)
        self.assertNotIn(self.draft.title, titles)

    # Autocomplete

    def test_autocomplete_title_prefix(self):
        titles = [result["title"] for result in autocomplete("expliq")]
        self.assertIn(self.decret.title, titles)
        self.assertIn(self.decret.title, [result["title"] for result in autocomplete("Expliquer le déc")])
        titles = [result["title"] for result in autocomplete("Expliquer le décret à son conseil d'adm")]
        self.assertEqual(titles[:1], [self.decret.title])

    @needs("unaccented_autocomplete")
    def test_autocomplete_without_accents(self):
        self.assertIn(self.decret.title, [result["title"] for result in autocomplete("expliquer le dec")])

    def test_autocomplete_centre(self):
        results = autocomplete("Rochef")
        self.assertIn(self.dossier_rochefort.title, [result["title"] for result in results])
        result = next(r for r in results if r["title"] == self.dossier_rochefort.title)
        self.assertEqual(result["type"], "dossier")
        self.assertIn("Rochefort", result["centre"])
        self.assertEqual(result["url"], self.dossier_rochefort.url)

    def test_autocomplete_theme(self):
        results = autocomplete("constituer son")
        self.assertIn(("Constituer son dossier", "thematique"), [(r["title"], r["type"]) for r in results])

    def test_autocomplete_after_an_elided_article(self):
        self.assertIn(self.analyse.title, [result["title"] for result in autocomplete("l'analyse part")])

    # The public page

    def test_search_page_shows_the_results(self):
        response = self.client.get("/recherche/", {"q": "decret"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.decret.url)
        self.assertEqual(response.context["outcome"].notice, "")


def _cases_for(backend):
    """The test methods `backend` supports; the others are left out of its class."""
    unsupported = UNSUPPORTED.get(backend, {})
    excluded = {}
    for name in dir(FrenchRelevanceCases):
        method = getattr(FrenchRelevanceCases, name)
        if name.startswith("test_") and set(getattr(method, "needs", ())) & set(unsupported):
            excluded[name] = None  # not collected: this backend runs the subset it supports
    return excluded


for _backend in backend_names():
    _name = f"FrenchRelevance{_backend.title().replace('_', '')}Tests"
    globals()[_name] = type(
        _name,
        (FrenchRelevanceCases, TestCase),
        {"backend": _backend, "__module__": __name__, "__qualname__": _name, **_cases_for(_backend)},
    )
del _backend, _name
