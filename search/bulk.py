"""Search entries for many pages at once: the same entries as `indexing.refresh_entry`, in bulk.

`refresh_entry(page)` stays the reference (and what publishing uses); it costs about 20 queries per
page. `build_entries(pages)` computes the same fields for a batch of pages with a fixed number of
queries per batch and per page model (themes through the many-to-many tables, centres and link
documents with `select_related`, attached documents with one query per attachment table), writes
the entries and their relations with `bulk_create`, adds them to every search backend with its bulk
indexing, and updates the lexicon once at the end. `generate_content` and `rebuild_search_entries`
use it; tests/search/test_bulk.py checks that both produce identical entries.
"""

import logging
from collections import defaultdict
from itertools import islice

from django.db import transaction
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backends_with_name

from pages import models as m
from pages.models.media import restricted_collection_ids
from search import facet_counts, indexing
from search.lexicon import WordCounts, save_counts
from search.models import SearchEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500

# What each page model needs loaded with it so that computing its entry reads nothing more, page by page.
SELECT_RELATED = {
    m.DossierPage: ["centre"],
    m.LinkPage: ["document"],
}
PREFETCH_RELATED = {
    m.ResourcePage: ["tags"],
    m.WorkshopReportPage: ["participants"],
}
# Attached documents: page model → the inline model holding them (ordered by `sort_order`).
ATTACHMENTS = {
    m.ResourcePage: m.ResourcePageDocument,
    m.DossierPage: m.DossierPageDocument,
    m.WorkshopReportPage: m.WorkshopDocument,
}
# Themes: page model → its many-to-many field to ThemePage (resources also have a primary theme: their parent).
THEME_FIELDS = {
    m.ResourcePage: "secondary_themes",
    m.DossierPage: "themes",
    m.LinkPage: "themes",
    m.WorkshopReportPage: "themes",
}
ENTRY_FIELDS = [
    "kind",
    "theme_ids",
    "title",
    "summary",
    "body",
    "centre",
    "documents_text",
    "date",
    "year",
    "resource_type",
    "status",
    "province",
    "primary_theme",
]


class _Context:
    """What every batch needs and that one query reads for all: themes, view restrictions."""

    def __init__(self):
        self.themes_by_path = {theme.path: theme for theme in m.ThemePage.objects.all()}
        self.themes_by_id = {theme.pk: theme for theme in self.themes_by_path.values()}
        self.restricted_page_paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.restricted_collection_ids = restricted_collection_ids()
        # Aliases take their source page's restrictions: rare enough to be checked page by page.
        self.has_aliases = Page.objects.filter(alias_of__isnull=False).exists()

    def page_is_restricted(self, page):
        if self.has_aliases and (page.alias_of_id or self.restricted_page_paths):
            return page.get_view_restrictions().exists()
        return page.path.startswith(self.restricted_page_paths) if self.restricted_page_paths else False

    def document_is_public(self, document):
        return document.collection_id not in self.restricted_collection_ids


def _specific_pages(batch):
    """The batch's pages as specific instances with their relations loaded: one query per model (plus prefetches)."""
    ids_by_model = defaultdict(list)
    for page in batch:
        model = page.specific_class if isinstance(page, Page) else None
        if model in indexing.KINDS:
            ids_by_model[model].append(page.pk)
    pages = []
    for model, ids in ids_by_model.items():
        queryset = model.objects.filter(pk__in=ids)
        if model in SELECT_RELATED:
            queryset = queryset.select_related(*SELECT_RELATED[model])
        if model in PREFETCH_RELATED:
            queryset = queryset.prefetch_related(*PREFETCH_RELATED[model])
        pages.extend(queryset)
    return pages


def _themes_by_page(model, pages, context):
    """{page id: (primary theme, [themes])}, as `indexing._themes` computes them."""
    if model is m.ThemePage:
        return {page.pk: (page, [page]) for page in pages}
    if model not in THEME_FIELDS:
        return {page.pk: (None, []) for page in pages}
    field = model._meta.get_field(THEME_FIELDS[model])
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    linked = defaultdict(list)
    rows = through.objects.filter(**{f"{source}_id__in": [page.pk for page in pages]}).order_by("pk")
    for page_id, theme_id in rows.values_list(f"{source}_id", f"{target}_id"):
        linked[page_id].append(context.themes_by_id[theme_id])
    result = {}
    for page in pages:
        if model is m.ResourcePage:
            primary = context.themes_by_path.get(page.path[: -page.steplen])
            result[page.pk] = (primary, ([primary] if primary else []) + [t for t in linked[page.pk] if t != primary])
        else:
            result[page.pk] = (None, linked[page.pk])
    return result


def _documents_by_page(model, pages, context):
    """{page id: [public documents]}, as each page's `public_documents()` lists them."""
    documents = defaultdict(list)
    if model is m.LinkPage:
        for page in pages:
            if page.document_id:
                documents[page.pk].append(page.document)
    elif model in ATTACHMENTS:
        ids = [page.pk for page in pages if not (model is m.DossierPage and not page.is_downloadable)]
        if ids:
            items = ATTACHMENTS[model].objects.filter(page_id__in=ids).select_related("document")
            for item in items:
                documents[item.page_id].append(item.document)
    return {page.pk: [doc for doc in documents[page.pk] if context.document_is_public(doc)] for page in pages}


def _values(page, primary_theme, documents):
    """The entry's columns, exactly as `indexing.refresh_entry` sets them."""
    date, year = indexing._dates(page)
    is_dossier = isinstance(page, m.DossierPage)
    return {
        "kind": indexing.KINDS[type(page)],
        "title": page.title,
        "summary": page.card_summary or "",
        "body": indexing._body_text(page),
        "centre": indexing.centre_label(page.centre) if is_dossier else "",
        "documents_text": "\n".join(f"{doc.title}\n{doc.text_content}" for doc in documents),
        "date": date,
        "year": year,
        "resource_type": getattr(page, "resource_type", ""),
        "status": getattr(page, "status", ""),
        "province": page.centre.province if is_dossier else "",
        "primary_theme": primary_theme,
    }


def _index(entries):
    """Add the entries to every search backend with its bulk indexing.

    As for single saves, a search engine that fails is logged and skipped (the database entries are
    right; `rebuild_search_entries` indexes them again), but a database backend's error is raised.
    """
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(SearchEntry, entries)
        except Exception:
            logger.exception("Bulk indexing of %d search entries failed on backend %r", len(entries), name)
            if not backend.catch_indexing_errors:
                raise


class EntryBuilder:
    """Builds entries batch by batch; `finish()` updates the lexicon once for everything built."""

    def __init__(self):
        self.context = _Context()
        self.words = WordCounts()  # how many built entries contain each word, and its spellings
        self.entry_ids = set()
        self.removed = 0

    @transaction.atomic
    def add(self, batch):
        """Create or update the entries of a batch of pages; delete those of pages no longer searchable."""
        pages = _specific_pages(batch)
        searchable = [page for page in pages if page.live and not self.context.page_is_restricted(page)]
        kept_ids = {page.pk for page in searchable}
        unsearchable = [page.pk for page in batch if page.pk not in kept_ids]
        if unsearchable:
            self.removed += self._delete(SearchEntry.objects.filter(page_id__in=unsearchable))

        by_model = defaultdict(list)
        for page in searchable:
            by_model[type(page)].append(page)
        entries, themes, documents = [], {}, {}
        for model, model_pages in by_model.items():
            page_themes = _themes_by_page(model, model_pages, self.context)
            page_documents = _documents_by_page(model, model_pages, self.context)
            for page in model_pages:
                primary, themes[page.pk] = page_themes[page.pk]
                documents[page.pk] = page_documents[page.pk]
                values = _values(page, primary, documents[page.pk])
                entries.append(SearchEntry(page_id=page.pk, theme_ids=SearchEntry.theme_key(themes[page.pk]), **values))
        if not entries:
            return []

        # One statement per batch whether the entries exist or not; PostgreSQL and SQLite return the ids.
        SearchEntry.objects.bulk_create(
            entries, update_conflicts=True, unique_fields=["page"], update_fields=ENTRY_FIELDS
        )
        ids = [entry.pk for entry in entries]
        for relation in (SearchEntry.themes.through, SearchEntry.documents.through):
            relation.objects.filter(searchentry_id__in=ids).delete()
        SearchEntry.themes.through.objects.bulk_create(
            SearchEntry.themes.through(searchentry_id=entry.pk, themepage_id=theme.pk)
            for entry in entries
            for theme in themes[entry.page_id]
        )
        SearchEntry.documents.through.objects.bulk_create(
            SearchEntry.documents.through(searchentry_id=entry.pk, platformdocument_id=document.pk)
            for entry in entries
            for document in {doc.pk: doc for doc in documents[entry.page_id]}.values()
        )
        _index(entries)
        for entry in entries:
            self.words.add_text(" ".join([entry.title, entry.summary, entry.centre, entry.body]))
        self.entry_ids.update(ids)
        return entries

    def delete_stale(self):
        """Delete the entries of every page that was not built (unpublished, deleted, no longer searchable)."""
        stale = [pk for pk in SearchEntry.objects.values_list("pk", flat=True).iterator() if pk not in self.entry_ids]
        for start in range(0, len(stale), BATCH_SIZE):
            self.removed += self._delete(SearchEntry.objects.filter(pk__in=stale[start : start + BATCH_SIZE]))

    @staticmethod
    def _delete(entries):
        # One by one, so that each backend removes its copy (post_delete); there are few in practice.
        count = 0
        for entry in entries:
            entry.delete()
            count += 1
        return count

    def finish(self, *, rebuild_lexicon=False):
        """Update the lexicon with the words of the built entries (or, with `rebuild_lexicon`, replace it)."""
        save_counts(self.words, replace=rebuild_lexicon)
        facet_counts.entries_changed()  # bulk writes send no signals


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def build_entries(pages, *, batch_size=BATCH_SIZE, progress=None, rebuild_lexicon=False, delete_stale=False):
    """Create or update the search entries of `pages` (any Page instances or querysets); returns the builder.

    `progress(n)` is called after each batch. With `delete_stale`, entries of pages not in `pages` are
    deleted (a full rebuild); with `rebuild_lexicon`, the lexicon is recounted from the built entries only.
    """
    builder = EntryBuilder()
    for batch in _batches(pages, batch_size):
        builder.add(batch)
        if progress:
            progress(len(batch))
    if delete_stale:
        builder.delete_stale()
    builder.finish(rebuild_lexicon=rebuild_lexicon)
    return builder
