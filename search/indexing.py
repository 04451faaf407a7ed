"""Keeping `SearchEntry` rows in step with the pages they describe.

`refresh_entry(page)` writes the entry of one page (its columns: search/entries.py, from what the page's type
declares); the signal handlers (search/signals.py) call it, search/bulk.py does the same for many pages.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from pages import models as m
from search import entries
from search.lexicon import add_words
from search.models import SearchEntry


def is_searchable(page):
    return entries.is_searchable_type(type(page)) and page.live and not page.get_view_restrictions().exists()


def parent_theme(page):
    """The page's parent theme (or None) when its type takes it as its primary theme (`search_parent_theme`)."""
    if not page.search_parent_theme:
        return None
    return m.ThemePage.objects.filter(path=page.path[: -page.steplen]).first()


@transaction.atomic
def refresh_entry(page):
    """Create, update or delete the search entry of `page`. Returns the entry, or None."""
    page = page.specific
    if not is_searchable(page):
        remove_entry(page)
        return None
    values, themes, documents = entries.entry_values(page, parent_theme(page))
    entry, _ = SearchEntry.objects.update_or_create(page_id=page.pk, defaults=values)
    entry.themes.set(themes)
    entry.documents.set(documents)
    add_words(entries.words_of(values))
    # Index again now that the many-to-many relations are set (post_save ran before them).
    index.insert_or_update_object(entry)
    return entry


def remove_entry(page):
    for entry in SearchEntry.objects.filter(page_id=page.pk):
        entry.delete()


def refresh_subtree(page):
    for descendant in page.get_descendants(inclusive=True).live().specific().iterator():
        refresh_entry(descendant)
    for entry in SearchEntry.objects.filter(page__path__startswith=page.path, page__live=False):
        entry.delete()


def pages_attaching(document):
    """Ids of the pages that show `document`: attached to them, the target of a link entry, in one of their blocks
    or rich-text links (Wagtail's reference index, kept on every save), or read by their entry."""
    page_ids = set(m.LinkPage.objects.filter(document=document).values_list("pk", flat=True))
    for attachment in m.attached_document_models():
        page_ids.update(attachment.objects.filter(document=document).values_list("page_id", flat=True))
    page_type = ContentType.objects.get_for_model(Page)
    referencing = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    page_ids.update(int(pk) for pk in referencing.values_list("object_id", flat=True).distinct() if pk.isdigit())
    page_ids.update(SearchEntry.objects.filter(documents=document).values_list("page_id", flat=True))
    return page_ids


def refresh_entries_for_document(document):
    """Refresh the pages showing `document`: its text, title or privacy (collection) may have changed."""
    for page in Page.objects.filter(pk__in=pages_attaching(document)).specific():
        refresh_entry(page)


def refresh_entries_for_centre(centre):
    for dossier in m.DossierPage.objects.filter(centre=centre):
        refresh_entry(dossier)


def searchable_pages():
    return Page.objects.live().type(*entries.searchable_models())
