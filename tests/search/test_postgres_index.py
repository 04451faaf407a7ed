"""Wagtail's PostgreSQL index entries (search/postgres_index.py): those of search entries written in one statement from
the entries' rows, exactly as Wagtail's own writing of their autocomplete fields makes them; those of pages with
their vectors as SQL text, exactly as Wagtail's own writing makes them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database.postgres.postgres import PostgresIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.index import AutocompleteField
from wagtail.search.models import IndexEntry

from pages import models as m
from search.models import SearchEntry
from search.postgres_index import autocomplete_only
from tests.factories import (
    DossierPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)
from tests.factories.pages import heading, paragraph

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="Wagtail's PostgreSQL index"),
]

COLUMNS = ("title", "autocomplete", "body", "title_norm", "title_text", "body_text")


def index_rows(entries):
    entry_type = ContentType.objects.get_for_model(SearchEntry)
    rows = IndexEntry.objects.filter(content_type=entry_type, object_id__in=[str(e.pk) for e in entries])
    return {row[0]: row[1:] for row in rows.values_list("object_id", *COLUMNS)}


@pytest.fixture
def entries(site_tree):
    """Entries whose autocomplete texts are ordinary, accented, with elisions and spaces around, or empty."""
    titles_and_centres = [
        ("Guide de l'analyse partagée", "Centre culturel de Huy"),
        ("  Évaluer le contrat-programme  ", ""),
        ("Décret du 21 novembre 2013", "   "),
        ("", "Foyer culturel d'Aiseau-Presles"),
        ("", ""),
    ]
    made = []
    for number, (title, centre) in enumerate(titles_and_centres):
        # Any page: the entries' columns are set as they are, not built from the pages.
        page = StandardPageFactory(parent=site_tree.home, title=f"Page {number}")
        entry, _ = SearchEntry.objects.update_or_create(page=page, defaults={"title": title, "centre": centre})
        made.append(entry)
    return made


def test_index_rows_written_from_the_entries_equal_wagtails_own(entries):
    index = get_search_backend().get_index_for_model(SearchEntry)
    fields = [field for field in SearchEntry.get_search_fields() if isinstance(field, AutocompleteField)]
    # Wagtail's own writing: the vectors built in Python from each entry's autocomplete fields.
    PostgresIndex.add_items(index, SearchEntry, [autocomplete_only(entry, fields) for entry in entries])
    wagtails = index_rows(entries)
    assert len(wagtails) == len(entries)
    assert "analys" not in str(wagtails[str(entries[0].pk)][0])  # no title vector: the entry's own vectors rank

    IndexEntry.objects.filter(object_id__in=wagtails).delete()
    with CaptureQueriesContext(connection) as queries:
        index.add_items(SearchEntry, entries)
    assert len(queries) == 1
    assert index_rows(entries) == wagtails
    # Written again over existing rows: the same.
    index.add_items(SearchEntry, entries)
    assert index_rows(entries) == wagtails


def test_the_autocompletion_finds_an_entry_by_the_start_of_its_title_or_centre(entries):
    get_search_backend().get_index_for_model(SearchEntry).add_items(SearchEntry, entries)
    backend = get_search_backend()
    found = {entry.pk for entry in backend.autocomplete("contrat-prog", SearchEntry.objects.all())}
    assert found == {entries[1].pk}
    found = {entry.pk for entry in backend.autocomplete("aiseau", SearchEntry.objects.all())}
    assert found == {entries[3].pk}


def page_rows(model, pages):
    rows = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(page.pk) for page in pages]
    )
    return {row[0]: row[1:] for row in rows.values_list("object_id", *COLUMNS)}


def test_page_index_rows_written_as_sql_text_equal_wagtails_own(site_tree):
    theme = site_tree.themes[0]
    long_body = [paragraph(f"Paragraphe {n} : l'analyse partagée du territoire, ses enjeux. " * 40) for n in range(60)]
    resources = [
        ResourcePageFactory(parent=theme, title="Guide de l'analyse partagée", author="  ASTRAC  "),
        ResourcePageFactory(parent=theme, title="Évaluer le contrat-programme", summary="  Le CP. ", author=""),
        ResourcePageFactory(parent=theme, title="Un très long guide", body=long_body, search_description="Décret"),
        ResourcePageFactory(parent=theme, title="Sans corps", body=[heading("   ")], summary="Rien"),
    ]
    resources[0].tags.add("participation", "décret")
    resources[0].save()
    dossiers = [DossierPageFactory(parent=site_tree.dossier_library, title="Dossier de Huy 2024")]
    rencontres = [WorkshopReportPageFactory(parent=site_tree.workshop_index, place=" Huy ", address="")]
    index = get_search_backend().get_index_for_model(m.ResourcePage)
    for model, pages in ((m.ResourcePage, resources), (m.DossierPage, dossiers), (m.WorkshopReportPage, rencontres)):
        objects = list(model.get_indexed_objects().filter(pk__in=[page.pk for page in pages]))
        PostgresIndex.add_items(index, model, objects)  # Wagtail's own writing
        wagtails = page_rows(model, pages)
        assert len(wagtails) == len(pages)
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).delete()

        index.add_items(model, objects)
        assert page_rows(model, pages) == wagtails, model
        index.add_items(model, objects)  # over existing rows: the same
        assert page_rows(model, pages) == wagtails, model
    # The vectors hold what the pages say, in French: the tags too, a long body's last paragraph too.
    backend = get_search_backend()
    pages = m.ResourcePage.objects.filter(pk__in=[page.pk for page in resources])
    assert {page.pk for page in backend.search("participation", pages)} == {resources[0].pk}
    assert {page.pk for page in backend.search("paragraphe 59", pages)} == {resources[2].pk}
