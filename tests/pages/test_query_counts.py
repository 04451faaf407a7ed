"""Listings cost a fixed number of SQL queries, whatever the number of pages they list.

Each test renders a listing with 5 children, then with 100, and compares the numbers of queries
(after a warm-up request, so that one-off work such as image renditions is not counted).
"""

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.models import AccessMode, DossierPageDocument, Province, ResourceType, WorkshopParticipant
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkCategoryFactory,
    LinkPageFactory,
    ResourcePageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.base import SiteTreeTestCase

SMALL, LARGE = 5, 100


class ConstantQueriesTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = DocumentFactory()
        cls.images = ImageFactory.create_batch(3)
        cls.categories = LinkCategoryFactory.create_batch(4)
        cls.centres = [CulturalCentreFactory(province=province) for province in Province.values]

    def queries_for(self, page, params=None):
        url = page.get_url()
        self.client.get(url, params or {})
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(url, params or {})
        self.assertEqual(response.status_code, 200)
        return [query["sql"] for query in context.captured_queries]

    def assertConstantQueries(self, page, add_children, params=None):
        add_children(0, SMALL)
        small = self.queries_for(page, params)
        add_children(SMALL, LARGE)
        large = self.queries_for(page, params)
        self.assertEqual(
            len(small),
            len(large),
            f"{len(small)} queries with {SMALL} children, {len(large)} with {LARGE}:\n" + "\n".join(large),
        )

    # What each family's children look like: every relation a card may display is filled in.

    def add_resources(self, start, stop):
        themes = self.tree.themes
        types = itertools.cycle(ResourceType.values)
        for n in range(start, stop):
            # One in two is filed under another theme and listed here as a secondary resource.
            ResourcePageFactory(
                parent=themes[n % 2],
                resource_type=next(types),
                listing_image=self.images[n % 3],
                secondary_themes=[themes[0], themes[2]] if n % 2 else [],
            )

    def add_dossiers(self, start, stop):
        for n in range(start, stop):
            downloadable = n % 2 == 0
            DossierPageFactory(
                parent=self.tree.dossier_library,
                centre=self.centres[n % len(self.centres)],
                submission_year=2015 + n % 10,
                access_mode=AccessMode.DOWNLOAD if downloadable else AccessMode.PERSON_TO_PERSON,
                documents=[DossierPageDocument(document=self.document)] if downloadable else [],
                themes=[self.tree.themes[2]],
                listing_image=self.images[n % 3],
            )

    def add_links(self, start, stop):
        for n in range(start, stop):
            with_document = n % 3 == 0
            LinkPageFactory(
                parent=self.tree.link_library,
                category=self.categories[n % len(self.categories)],
                link_url="" if with_document else f"https://www.exemple.be/{n}",
                document=self.document if with_document else None,
                themes=[self.tree.themes[n % 4]],
            )

    def add_workshops(self, start, stop):
        today = timezone.localdate()
        for n in range(start, stop):
            # Half announcements, half write-ups.
            offset = datetime.timedelta(days=n + 1)
            WorkshopReportPageFactory(
                parent=self.tree.workshop_index,
                date=today + offset if n % 2 else today - offset,
                listing_image=self.images[n % 3],
                start_time=datetime.time(9, 30),
                participants=[WorkshopParticipant(name="Jean Dupont")],
                themes=[self.tree.themes[1]],
            )

    def test_theme_listing_queries_do_not_grow_with_resources(self):
        self.assertConstantQueries(self.tree.themes[0], self.add_resources)

    def test_filtered_theme_listing_queries_do_not_grow_with_resources(self):
        self.assertConstantQueries(self.tree.themes[0], self.add_resources, {"type": ResourceType.GUIDE})

    def test_toolbox_queries_do_not_grow_with_resources(self):
        self.assertConstantQueries(self.tree.theme_index, self.add_resources)

    def test_dossier_library_queries_do_not_grow_with_dossiers(self):
        self.assertConstantQueries(self.tree.dossier_library, self.add_dossiers)

    def test_filtered_dossier_library_queries_do_not_grow_with_dossiers(self):
        params = {"access": AccessMode.DOWNLOAD, "province": Province.NAMUR}
        self.assertConstantQueries(self.tree.dossier_library, self.add_dossiers, params)

    def test_link_library_queries_do_not_grow_with_links(self):
        self.assertConstantQueries(self.tree.link_library, self.add_links)

    def test_workshop_index_queries_do_not_grow_with_rencontres(self):
        self.assertConstantQueries(self.tree.workshop_index, self.add_workshops)

    def test_filtered_workshop_index_queries_do_not_grow_with_rencontres(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)  # the year of the newest write-up
        params = {"theme": self.tree.themes[1].slug, "year": str(yesterday.year)}
        self.assertConstantQueries(self.tree.workshop_index, self.add_workshops, params)

    def test_home_queries_do_not_grow_with_content(self):
        def add_everything(start, stop):
            self.add_resources(start, stop)
            self.add_dossiers(start, stop)
            self.add_workshops(start, stop)

        self.assertConstantQueries(self.tree.home, add_everything)
