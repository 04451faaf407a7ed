"""Bulk insertion for benchmarks (pages/demo/bulk.py): the reference index of many pages written at once holds the
rows Wagtail's own `ReferenceIndex.create_or_update_for_object` writes page by page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ReferenceIndex

from pages import models as m
from pages.demo.bulk import update_references
from tests.factories import DocumentFactory, ImageFactory, ResourcePageFactory
from tests.factories.pages import paragraph

pytestmark = pytest.mark.django_db

COLUMNS = (
    "content_type_id",
    "base_content_type_id",
    "to_content_type_id",
    "to_object_id",
    "model_path",
    "content_path",
)


def references(pages):
    rows = ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in pages])
    return sorted(rows.values_list("object_id", *COLUMNS, "content_path_hash"))


def resource(theme, number, documents=(), image=None):
    page = ResourcePageFactory(
        parent=theme,
        title=f"Ressource {number}",
        listing_image=image,
        body=[paragraph(f'<a linktype="page" id="{theme.pk}">Le thème</a> de la ressource {number}.')],
    )
    page.documents = [m.ResourcePageDocument(document=document) for document in documents]
    page.save()
    return page


def indexed(pages):
    return list(m.ResourcePage.objects.filter(pk__in=[page.pk for page in pages]).order_by("pk"))


def test_references_written_in_bulk_are_wagtails_own_and_follow_changes(site_tree):
    theme = site_tree.themes[0]
    image = ImageFactory()
    documents = [DocumentFactory(title=f"Document {n}") for n in range(3)]
    pages = [
        resource(theme, 0, documents[:2], image),
        resource(theme, 1, documents[2:]),
        resource(theme, 2),
    ]
    ReferenceIndex.objects.all().delete()
    for page in indexed(pages):
        ReferenceIndex.create_or_update_for_object(page)
    wagtails = references(pages)
    assert {row[4] for row in wagtails} >= {str(documents[0].pk), str(documents[2].pk), str(image.pk), str(theme.pk)}

    ReferenceIndex.objects.all().delete()
    update_references(indexed(pages))
    assert references(pages) == wagtails
    update_references(indexed(pages))  # nothing changed: nothing added or lost
    assert references(pages) == wagtails

    # A document removed from one page, another added to the next: both ways agree again.
    first, second = indexed(pages)[:2]
    first.documents = [m.ResourcePageDocument(document=documents[0])]
    first.save()
    second.documents = [m.ResourcePageDocument(document=documents[2]), m.ResourcePageDocument(document=documents[1])]
    second.save()
    update_references(indexed(pages))
    in_bulk = references(pages)
    assert in_bulk != wagtails
    for page in indexed(pages):
        ReferenceIndex.create_or_update_for_object(page)
    assert references(pages) == in_bulk


def test_references_of_many_pages_take_as_many_queries_as_of_one(site_tree):
    theme = site_tree.themes[0]
    document = DocumentFactory()

    def queries(count):
        pages = indexed([resource(theme, f"{count}-{n}", [document]) for n in range(count)])
        with CaptureQueriesContext(connection) as captured:
            update_references(pages)
        return len(captured)

    assert queries(1) == queries(6)
