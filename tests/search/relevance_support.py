"""The French relevance suite's corpus and tools (tests/search/test_relevance*.py): which backend lacks what, the
corpus built once per backend's class, and the per-backend test classes."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from pages import models as m
from search.queries import SearchParams, search_content
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
from tests.search.engines import BackendSessionCase, backend_names

# What a backend cannot do → why; the cases that need it are left out of that backend's class. Every backend
# stems French now (SQLite too: search/sqlite.py indexes Snowball's stems).
UNSUPPORTED = {}


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


class FrenchRelevanceCorpus(BackendSessionCase):
    """The corpus every backend's class builds once, and the helpers of the cases; subclasses name the backend
    (`backend`)."""

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


def _cases_for(cases, backend):
    """The test methods of `cases` that `backend` does not support: left out of its class."""
    unsupported = UNSUPPORTED.get(backend, {})
    excluded = {}
    for name in dir(cases):
        method = getattr(cases, name)
        if name.startswith("test_") and set(getattr(method, "needs", ())) & set(unsupported):
            excluded[name] = None  # not collected: this backend runs the subset it supports
    return excluded


def backend_test_classes(cases, prefix, module):
    """{name: TestCase class} running `cases` on each backend available here, e.g. « FrenchRelevancePostgresTests »."""
    classes = {}
    for backend in backend_names():
        name = f"{prefix}{backend.title().replace('_', '')}Tests"
        classes[name] = type(
            name,
            (cases, TestCase),
            {"backend": backend, "__module__": module, "__qualname__": name, **_cases_for(cases, backend)},
        )
    return classes
