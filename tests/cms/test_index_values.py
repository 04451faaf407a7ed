"""Search fields read once per object while Wagtail's index writes its entries (cms/index_values.py).

Wagtail's PostgreSQL and SQLite indexes read each search field of an object once per part of an entry (title,
body, autocomplete, their plain texts): five StreamField walks per page body. Within the index, once."""

from unittest import mock

from wagtail.fields import StreamField
from wagtail.search.backends import get_search_backend

from cms.index_values import SearchField, values_once
from pages.models import ResourcePage
from tests.factories import ResourcePageFactory
from tests.factories.pages import paragraph
from tests.pages.base import SiteTreeTestCase


class IndexValuesTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pages = [
            ResourcePageFactory(parent=cls.tree.themes[0], body=[paragraph(f"Cartographie des ressources n° {n}")])
            for n in range(3)
        ]

    def count_body_walks(self, function):
        original = StreamField.get_searchable_content
        with mock.patch.object(StreamField, "get_searchable_content", autospec=True, side_effect=original) as spy:
            function()
        return spy.call_count

    def test_indexing_pages_walks_each_body_once(self):
        pages = list(ResourcePage.objects.filter(pk__in=[page.pk for page in self.pages]))
        walks = self.count_body_walks(lambda: get_search_backend().add_bulk(ResourcePage, pages))
        self.assertEqual(walks, len(pages))

    def test_the_indexed_body_is_found_by_the_admin_search(self):
        page = ResourcePage.objects.get(pk=self.pages[1].pk)
        page.body = [paragraph("Une méthode de cartographie participative")]
        page.save()  # a change indexed through the same index (one object: one entry)
        found = ResourcePage.objects.live().search("participative")
        self.assertEqual([result.pk for result in found], [page.pk])

    def test_outside_the_index_a_field_reads_the_object_each_time(self):
        field = SearchField("summary")
        page = ResourcePage.objects.get(pk=self.pages[0].pk)
        page.summary = "Avant"
        self.assertEqual(field.get_value(page), "Avant")
        page.summary = "Après"
        self.assertEqual(field.get_value(page), "Après")

    def test_within_the_block_each_object_keeps_its_own_value(self):
        field = SearchField("summary")
        first, second = (ResourcePage.objects.get(pk=page.pk) for page in self.pages[:2])
        first.summary, second.summary = "Premier", "Second"
        with values_once():
            self.assertEqual([field.get_value(first), field.get_value(second)], ["Premier", "Second"])
            first.summary = "Changé"  # not seen within the block: the objects are not changed while indexed
            self.assertEqual(field.get_value(first), "Premier")
