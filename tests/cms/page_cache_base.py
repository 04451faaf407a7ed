"""The base of the page cache's tests (tests/cms/test_page_cache*.py): a site with every page type, hit assertions."""

from django.test import override_settings

from pages.models import AccessMode, DossierPageDocument
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.base import SiteTreeTestCase

HEADER = "X-Page-Cache"


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_CACHE_MAX_AGE=60)
class PageCacheTestCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.centre = CulturalCentreFactory(name="Centre culturel de Rochefort")
        cls.document = DocumentFactory(title="Analyse partagée du territoire")
        cls.image = ImageFactory()
        cls.resource = ResourcePageFactory(
            parent=cls.tree.theme["analyse-partagee"], title="Guide de l'analyse partagée", slug="guide"
        )
        cls.downloadable = DossierPageFactory(
            parent=cls.tree.dossier_library,
            centre=cls.centre,
            title="Dossier de Rochefort",
            slug="rochefort",
            access_mode=AccessMode.DOWNLOAD,
            documents=[DossierPageDocument(document=cls.document)],
        )
        cls.person_to_person = DossierPageFactory(
            parent=cls.tree.dossier_library, title="Dossier de Marchin", slug="marchin"
        )
        cls.link = LinkPageFactory(parent=cls.tree.link_library)
        cls.workshop = WorkshopReportPageFactory(parent=cls.tree.workshop_index)
        cls.standard = StandardPageFactory(parent=cls.tree.home, title="Le projet", slug="le-projet")

    def get(self, url, client=None, **extra):
        return (client or self.client).get(url, **extra)

    def assertHit(self, url, **extra):
        """A second request of `url` comes from the cache, without a single SQL query, with the same body."""
        first = self.get(url, **extra)
        self.assertEqual(first.status_code, 200, url)
        self.assertEqual(first[HEADER], "MISS", url)
        with self.assertNumQueries(0):
            second = self.get(url, **extra)
        self.assertEqual(second.status_code, 200, url)
        self.assertEqual(second[HEADER], "HIT", url)
        self.assertEqual(second.content, first.content, url)
        self.assertEqual(second["Content-Type"], first["Content-Type"], url)
        return second

    def assertNeverHit(self, url, client=None, **extra):
        responses = [self.get(url, client, **extra) for _ in range(2)]
        for response in responses:
            self.assertNotEqual(response.get(HEADER), "HIT", url)
        return responses[-1]
