"""The API's SQL query count does not grow with the number of items: lists with `fields=*` and details
with many attached items cost the same with 5 as with 100.

Each comparison makes a warm-up request first, so that one-off work (image renditions, the sites'
root paths) is not counted, then counts the queries of the same request with 5 and with 100 items.
"""

import contextlib
import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.signal_handlers import disable_reference_index_auto_update

from pages import models as m
from pages.demo.bulk import search_indexing_paused
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkCategoryFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.base import SiteTreeTestCase

SMALL, LARGE = 5, 100


@contextlib.contextmanager
def quick_creation():
    """Content made without Wagtail's search and reference indexes: the API reads neither, and building
    hundreds of pages with them takes minutes."""
    with search_indexing_paused(), disable_reference_index_auto_update():
        yield


def tiny_image(**kwargs):
    """A small image: its renditions are quick to make."""
    return ImageFactory(file__width=40, file__height=25, **kwargs)


def many_documents(count, template):
    """`count` documents sharing `template`'s file, created in one statement (no upload work per document)."""
    return m.PlatformDocument.objects.bulk_create(
        m.PlatformDocument(
            title=f"Document n° {n}",
            file=template.file.name,
            collection_id=template.collection_id,
            file_size=template.file_size,
            file_hash=template.file_hash,
        )
        for n in range(count)
    )


def many_images(count):
    """`count` distinct images (their own renditions) made quickly from small files."""
    return [tiny_image() for _ in range(count)]


class QueryCountCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.documents = DocumentFactory.create_batch(3)
        cls.images = [tiny_image() for _ in range(3)]
        cls.categories = LinkCategoryFactory.create_batch(3)
        cls.centres = [CulturalCentreFactory(province=province) for province in m.Province.values]
        cls.counter = itertools.count()

    def queries(self, url, params):
        self.assertEqual(self.client.get(url, params).status_code, 200)  # warm-up
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return len(context), response.json()

    def assertListCostIsConstant(self, make, params, url="/api/v2/pages/"):
        params = {"limit": LARGE, **params}
        with quick_creation():
            for _ in range(SMALL):
                make()
        small, data = self.queries(url, params)
        self.assertEqual(data["meta"]["total_count"], SMALL)
        with quick_creation():
            for _ in range(LARGE - SMALL):
                make()
        large, data = self.queries(url, params)
        self.assertEqual(len(data["items"]), LARGE)
        self.assertEqual(small, large, f"{SMALL} items: {small} queries, {LARGE} items: {large}")


class PageListQueryTests(QueryCountCase):
    def n(self):
        return next(self.counter)

    def test_resources(self):
        themes = self.tree.themes

        def make():
            n = self.n()
            resource = ResourcePageFactory(
                parent=themes[n % 4],
                listing_image=self.images[n % 3],
                secondary_themes=[themes[(n + 1) % 4], themes[(n + 2) % 4]],
                documents=[m.ResourcePageDocument(document=doc) for doc in self.documents],
            )
            resource.tags.add(f"mot-{n % 7}", "territoire")
            resource.save()

        self.assertListCostIsConstant(make, {"type": "pages.ResourcePage", "fields": "*"})

    def test_resources_of_a_theme(self):
        theme = self.tree.theme["constituer-son-dossier"]

        def make():
            ResourcePageFactory(parent=self.tree.themes[self.n() % 2], secondary_themes=[theme])

        self.assertListCostIsConstant(
            make, {"type": "pages.ResourcePage", "fields": "*", "theme": "constituer-son-dossier", "order": "-date"}
        )

    def test_dossiers(self):
        def make():
            n = self.n()
            DossierPageFactory(
                parent=self.tree.dossier_library,
                centre=self.centres[n % len(self.centres)],
                access_mode=m.AccessMode.DOWNLOAD,
                listing_image=self.images[n % 3],
                themes=self.tree.themes[:2],
                documents=[m.DossierPageDocument(document=doc) for doc in self.documents],
            )

        self.assertListCostIsConstant(make, {"type": "pages.DossierPage", "fields": "*"})

    def test_links(self):
        def make():
            n = self.n()
            LinkPageFactory(
                parent=self.tree.link_library,
                category=self.categories[n % 3],
                link_url="" if n % 2 else f"https://example.org/{n}",
                document=self.documents[n % 3] if n % 2 else None,
                themes=self.tree.themes[1:3],
            )

        self.assertListCostIsConstant(make, {"type": "pages.LinkPage", "fields": "*"})

    def test_workshops(self):
        def make():
            n = self.n()
            WorkshopReportPageFactory(
                parent=self.tree.workshop_index,
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                themes=self.tree.themes[:1],
                participants=[m.WorkshopParticipant(name=f"Personne {i}") for i in range(3)],
                photos=[m.WorkshopPhoto(image=image) for image in self.images],
                documents=[m.WorkshopDocument(document=doc) for doc in self.documents],
            )

        self.assertListCostIsConstant(make, {"type": "pages.WorkshopReportPage", "fields": "*"})

    def test_standard_pages_and_all_pages(self):
        def make():
            StandardPageFactory(parent=self.tree.home, listing_image=self.images[self.n() % 3])

        self.assertListCostIsConstant(make, {"type": "pages.StandardPage", "fields": "*"})
        small, _ = self.queries("/api/v2/pages/", {"fields": "*", "limit": 10})
        large, _ = self.queries("/api/v2/pages/", {"fields": "*", "limit": 100})
        self.assertEqual(small, large)


class MediaListQueryTests(QueryCountCase):
    def test_documents(self):
        m.PlatformDocument.objects.all().delete()
        m.PlatformDocument.objects.all().delete()
        made = []

        def make():
            document = many_documents(1, made[0])[0] if made else DocumentFactory()
            document.tags.add("dossier", f"mot {len(made)}")
            made.append(document)

        self.assertListCostIsConstant(make, {"fields": "*"}, url="/api/v2/documents/")

    def test_images(self):
        from wagtail.images import get_image_model

        get_image_model().objects.all().delete()

        def make():
            tiny_image().tags.add("rencontre")

        self.assertListCostIsConstant(make, {"fields": "*"}, url="/api/v2/images/")


class PageDetailQueryTests(QueryCountCase):
    def detail_queries(self, page):
        count, data = self.queries(f"/api/v2/pages/{page.pk}/", {})
        return count, data

    def setUp(self):
        super().setUp()
        creation = quick_creation()
        creation.__enter__()
        self.addCleanup(creation.__exit__, None, None, None)

    def resource_with(self, count):
        documents = many_documents(count, self.documents[0])
        images = many_images(count)
        body = [
            {"type": "figure", "value": {"image": {"image": image.pk, "decorative": False, "alt_text": "x"}}}
            for image in images
        ]
        resource = ResourcePageFactory(
            parent=self.tree.themes[0],
            body=body,
            secondary_themes=self.tree.themes[1:],
            documents=[m.ResourcePageDocument(document=d) for d in documents],
        )
        resource.tags.add(*[f"mot {n}" for n in range(count)])
        resource.save()
        return resource

    def test_resource_with_many_documents_images_and_tags(self):
        small, small_data = self.detail_queries(self.resource_with(SMALL))
        large, large_data = self.detail_queries(self.resource_with(LARGE))
        self.assertEqual(len(large_data["documents"]), LARGE)
        self.assertEqual(len(large_data["tags"]), LARGE)
        self.assertEqual(len(large_data["body"]), LARGE)
        self.assertEqual(small, large, f"{SMALL} items: {small} queries, {LARGE} items: {large}")

    def dossier_with(self, count):
        return DossierPageFactory(
            parent=self.tree.dossier_library,
            centre=self.centres[0],
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=d) for d in many_documents(count, self.documents[0])],
        )

    def test_dossier_with_many_documents(self):
        small, _ = self.detail_queries(self.dossier_with(SMALL))
        large, data = self.detail_queries(self.dossier_with(LARGE))
        self.assertEqual(len(data["documents"]), LARGE)
        self.assertEqual(small, large)

    def workshop_with(self, count):
        images = many_images(count)
        return WorkshopReportPageFactory(
            parent=self.tree.workshop_index,
            participants=[m.WorkshopParticipant(name=f"Personne {i}") for i in range(count)],
            photos=[m.WorkshopPhoto(image=image) for image in images],
            documents=[m.WorkshopDocument(document=d) for d in many_documents(count, self.documents[0])],
        )

    def test_workshop_with_many_participants_photos_and_documents(self):
        small, _ = self.detail_queries(self.workshop_with(SMALL))
        large, data = self.detail_queries(self.workshop_with(LARGE))
        self.assertEqual((len(data["participants"]), len(data["photos"]), len(data["documents"])), (LARGE,) * 3)
        self.assertEqual(small, large)
