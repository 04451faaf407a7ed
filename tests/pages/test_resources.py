"""A resource page as a visitor reads it: description, documents to download, classification."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pages.models import ResourcePage, ResourcePageDocument, ResourceType
from tests.factories import DocumentFactory, ResourcePageFactory
from tests.factories.pages import heading, paragraph
from tests.pages.base import SiteTreeTestCase


class ResourcePageTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = DocumentFactory(title="Canevas à compléter")
        cls.resource = ResourcePageFactory(
            parent=cls.tree.theme["analyse-partagee"],
            title="Canevas d'analyse partagée",
            summary="Un canevas pour structurer la démarche d'analyse partagée.",
            resource_type=ResourceType.TEMPLATE,
            author="Centre culturel de Marchin",
            external_url="https://www.centres-culturels.be/analyse-partagee",
            secondary_themes=[cls.tree.theme["constituer-son-dossier"]],
            documents=[ResourcePageDocument(document=cls.document)],
            body=[
                heading("Comment utiliser ce canevas"),
                paragraph("Commencez par réunir l'équipe et le conseil d'orientation."),
                {
                    "type": "testimony",
                    "value": {
                        "quote": "Ce canevas nous a fait gagner des semaines.",
                        "person": "Marie Lambert",
                        "role": "Directrice",
                        "centre": "Centre culturel de Dinant",
                    },
                },
                {
                    "type": "video",
                    "value": {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "La démarche en vidéo", "caption": ""},
                },
                {"type": "key_points", "value": {"title": "À retenir", "points": ["Associer les habitants"]}},
            ],
        )
        cls.resource.tags.add("territoire", "participation")
        cls.resource.save()

    def test_resource_page_shows_its_description(self):
        response = self.get_page(self.resource)
        self.assertShows(
            response,
            "Canevas d'analyse partagée",
            "Un canevas pour structurer la démarche d'analyse partagée.",
            "Modèle / canevas",
            "Centre culturel de Marchin",
        )

    def test_resource_page_shows_its_body_blocks(self):
        response = self.get_page(self.resource)
        self.assertShows(
            response,
            "Comment utiliser ce canevas",
            "Commencez par réunir l'équipe et le conseil d'orientation.",
            "Ce canevas nous a fait gagner des semaines.",
            "Marie Lambert",
            "La démarche en vidéo",
            "Associer les habitants",
        )

    def test_video_player_is_not_loaded_until_the_visitor_asks(self):
        response = self.get_page(self.resource)
        self.assertContains(response, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        self.assertNotContains(response, "<iframe")

    def test_documents_show_their_format_and_size(self):
        response = self.get_page(self.resource)
        self.assertShows(
            response, "Documents à télécharger", "Canevas à compléter", "PDF", self.french_size(self.document)
        )
        self.assertIn("Kio", self.french_size(self.document))  # Django's French unit, not "KB"
        self.assertContains(response, self.document.url)

    def test_resource_names_its_main_and_secondary_themes(self):
        response = self.get_page(self.resource)
        self.assertShows(
            response, "Thématique principale", "L'analyse partagée", "Aussi dans", "Constituer son dossier"
        )

    def test_resource_shows_its_tags_and_external_link(self):
        response = self.get_page(self.resource)
        self.assertShows(response, "Mots-clés", "territoire", "participation")
        self.assertContains(response, 'href="https://www.centres-culturels.be/analyse-partagee"')

    def test_unpublished_resource_is_not_served(self):
        draft = ResourcePageFactory(parent=self.tree.theme["autres"], live=False)
        self.get_page(draft, status=404)

    def test_resource_is_renderable_and_previewable(self):
        self.assertPageIsRenderable(self.resource)
        self.assertPreviewable(self.resource, "body")

    def test_resource_reads_what_the_page_and_its_json_ld_both_show_once(self):
        # Secondary themes, tags, documents: one query each, not one per use; the breadcrumbs' ancestors: none, routing
        # read them (pages/routing.py).
        self.get_page(self.resource)
        with CaptureQueriesContext(connection) as context:
            response = self.get_page(self.resource)
        self.assertShows(response, "Constituer son dossier", "territoire", "Canevas à compléter")
        sql = [query["sql"] for query in context.captured_queries]
        for marker, count in (
            ('FROM "taggit_tag"', 1),
            ('"pages_resourcepage_secondary_themes"', 1),
            ('FROM "pages_resourcepagedocument" INNER JOIN', 1),  # (the page's own query asks whether it has any)
            ('"wagtailcore_page"."depth" >= ', 0),
        ):
            with self.subTest(marker):
                self.assertEqual(sum(marker in query for query in sql), count, "\n".join(sql))

    def test_preview_keeps_the_drafts_own_tags(self):
        draft = ResourcePage.objects.get(pk=self.resource.pk)
        draft.tags.add("brouillon")  # in memory until the draft is saved, as in a preview
        request = RequestFactory().get("/")
        request.is_preview = True
        context = draft.get_context(request)
        self.assertIn("brouillon", [tag.name for tag in context["page"].tags.all()])
