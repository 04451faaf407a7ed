"""Search entries for many pages at once: the same entries as `indexing.refresh_entry`, in bulk.

`refresh_entry(page)` is what publishing uses; it costs about 20 queries per page. `build_entries(pages)`
computes the same columns with the same code (search/entries.py) for a batch of pages with a fixed number of
queries per batch and per page model (what each type declares it reads, `search_select_related` and
`search_prefetch_related`, loaded with its pages; themes and view restrictions read once), writes
the entries and their relations with `bulk_create`, adds them to every search backend with its bulk
indexing, and updates the lexicon once at the end. `generate_content` and `rebuild_search_entries`
use it; tests/search/test_bulk.py checks that both produce identical entries.
"""

import gc
import logging
import multiprocessing
import sys
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.models import IndexEntry

from pages import models as m
from pages.document_visibility import restricted_collection_ids
from search import entries, facet_counts
from search.backends import FRENCH_ENGINES
from search.lexicon import WordCounts, save_counts
from search.models import SearchEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


class _Context:
    """What every batch needs and that one query reads for all: themes, view restrictions."""

    def __init__(self):
        self.themes_by_path = {theme.path: theme for theme in m.ThemePage.objects.all()}
        self.restricted_page_paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        # The context stands for a request in `public_documents(request)`: the restricted collections are read once.
        restricted_collection_ids(self)
        # Aliases take their source page's restrictions: rare enough to be checked page by page.
        self.has_aliases = Page.objects.filter(alias_of__isnull=False).exists()

    def page_is_restricted(self, page):
        if self.has_aliases and (page.alias_of_id or self.restricted_page_paths):
            return page.get_view_restrictions().exists()
        return page.path.startswith(self.restricted_page_paths) if self.restricted_page_paths else False

    def parent_theme(self, page):
        """As `indexing.parent_theme`, from the themes read once."""
        return self.themes_by_path.get(page.path[: -page.steplen]) if page.search_parent_theme else None


def _specific_pages(batch):
    """The batch's pages as specific instances with what their entries read loaded (their type's
    `search_select_related` and `search_prefetch_related`): one query per model, plus its prefetches."""
    ids_by_model = defaultdict(list)
    for page in batch:
        model = page.specific_class if isinstance(page, Page) else None
        if model is not None and entries.is_searchable_type(model):
            ids_by_model[model].append(page.pk)
    pages = []
    for model, ids in ids_by_model.items():
        queryset = model.objects.filter(pk__in=ids)
        if model.search_select_related:
            queryset = queryset.select_related(*model.search_select_related)
        if model.search_prefetch_related:
            queryset = queryset.prefetch_related(*model.search_prefetch_related)
        pages.extend(queryset)
    return pages


def _in_database_index(entries):
    """The ids of `entries` that Wagtail's index in this database (its `IndexEntry` table) holds."""
    object_ids = [str(entry.pk) for entry in entries]
    held = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SearchEntry), object_id__in=object_ids
    ).values_list("object_id", flat=True)
    return {int(object_id) for object_id in held}


def _missing_from_database_index(built, changed):
    """The built entries a database backend must write: the changed ones, and the unchanged ones it lacks."""
    changed_ids = {entry.pk for entry in changed}
    unchanged = [entry for entry in built if entry.pk not in changed_ids]
    held = _in_database_index(unchanged) if unchanged else set()
    return [entry for entry in built if entry.pk in changed_ids or entry.pk not in held]


def _index(built, changed):
    """Add the entries to every search backend with its bulk indexing; returns how many were written.

    A backend keeping its index in this database gets the new and changed entries, and the unchanged ones it lacks:
    its entry of a `SearchEntry` is made from the entry's columns alone, so an unchanged entry has an unchanged
    index entry. A search engine gets them all: a rebuild is how an engine that missed writes (down at the time)
    is brought back in step.

    As for single saves, a search engine that fails is logged and skipped (the database entries are
    right; `rebuild_search_entries` indexes them again), but a database backend's error is raised.
    """
    written, for_database = 0, None
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        items = built
        if not isinstance(backend, FRENCH_ENGINES):
            for_database = _missing_from_database_index(built, changed) if for_database is None else for_database
            items = for_database
        if not items:
            continue
        try:
            backend.add_bulk(SearchEntry, items)
            written += len(items)
        except Exception:
            logger.exception("Bulk indexing of %d search entries failed on backend %r", len(items), name)
            if not backend.catch_indexing_errors:
                raise
    return written


def _sync_relation(through, target, wanted):
    """Make the rows of the many-to-many table `through` for the entries of `wanted` (entry id → ids of `target`)
    what `wanted` says: reads them in one query, deletes and adds only the differences. Returns the rows written."""
    column = f"{target}_id"
    stored = through.objects.filter(searchentry_id__in=list(wanted)).values_list("pk", "searchentry_id", column)
    kept, stale = set(), []
    for pk, entry_id, target_id in stored:
        if target_id in wanted[entry_id] and (entry_id, target_id) not in kept:
            kept.add((entry_id, target_id))
        else:
            stale.append(pk)
    if stale:
        through.objects.filter(pk__in=stale).delete()
    missing = [
        through(searchentry_id=entry_id, **{column: target_id})
        for entry_id, target_ids in wanted.items()
        for target_id in target_ids
        if (entry_id, target_id) not in kept
    ]
    through.objects.bulk_create(missing)
    return len(stale) + len(missing)


_COMPARED = [SearchEntry._meta.get_field(name).attname for name in entries.ENTRY_FIELDS]


def _changed(built):
    """The built entries that are new or differ from the stored ones (one query); the others get the stored id."""
    stored = SearchEntry.objects.filter(page_id__in=[entry.page_id for entry in built]).only("page_id", *_COMPARED)
    stored = {entry.page_id: entry for entry in stored}
    changed = []
    for entry in built:
        current = stored.get(entry.page_id)
        if current is not None and all(getattr(current, name) == getattr(entry, name) for name in _COMPARED):
            entry.pk = current.pk
        else:
            changed.append(entry)
    return changed


@dataclass
class BatchResult:
    """What building one batch did: the ids of its entries and their words, the rows written (entries, their
    relations, index entries), how many of them were entries, and the entries deleted."""

    ids: list = field(default_factory=list)
    words: WordCounts = field(default_factory=WordCounts)
    written: int = 0
    written_entries: int = 0
    removed: int = 0


class EntryBuilder:
    """Builds entries batch by batch; `finish()` updates the lexicon once for everything built.

    Only what differs from the stored entries is written (`force`: every entry is written again), and
    `before_writes()` is called before the first entries are (`term_counts.Recount.before_writes`). The totals of the
    batches (`BatchResult`), whether built here or in worker processes, are added up by `take()`."""

    def __init__(self, *, force=False, before_writes=None):
        self.context = _Context()
        self.words = WordCounts()  # how many built entries contain each word, and its spellings
        self.entry_ids = set()
        self.removed = 0
        self.written = 0
        self.written_entries = 0
        self.force = force
        self.processes = 1  # how many processes built the entries
        self.before_writes = before_writes or (lambda: None)

    def add(self, batch):
        """Build the entries of a batch of pages here and add up what it did; returns its `BatchResult`."""
        return self.take(self.build(batch))

    def take(self, result):
        """Add up a batch's `BatchResult` (built here or by a worker process, in the order of the batches)."""
        if result.written_entries:
            self.before_writes()  # a worker calls its own; here too, for the recount at the end
        self.entry_ids.update(result.ids)
        self.words.merge(result.words)
        self.written += result.written
        self.written_entries += result.written_entries
        self.removed += result.removed
        return result

    @transaction.atomic
    def build(self, batch):
        """Create or update the entries of a batch of pages; delete those of pages no longer searchable."""
        result = BatchResult()
        pages = _specific_pages(batch)
        searchable = [page for page in pages if page.live and not self.context.page_is_restricted(page)]
        kept_ids = {page.pk for page in searchable}
        unsearchable = [page.pk for page in batch if page.pk not in kept_ids]
        if unsearchable:
            result.removed = self._delete(SearchEntry.objects.filter(page_id__in=unsearchable))

        entries.load_content_documents(searchable)
        built, themes, documents = [], {}, {}
        for page in searchable:
            values, themes[page.pk], documents[page.pk] = entries.entry_values(
                page, self.context.parent_theme(page), request=self.context
            )
            built.append(SearchEntry(page_id=page.pk, **values))
        if not built:
            return result

        # One statement per batch for the new and changed entries, whether they exist or not (PostgreSQL and SQLite
        # return the ids). An entry that did not change is not written again: a write's cost is mostly PostgreSQL's
        # (its vectors computed by a trigger, its indexes, the facet counts' trigger), and a rebuild changes few.
        changed = built if self.force else _changed(built)
        if changed:
            self.before_writes()
            SearchEntry.objects.bulk_create(
                changed, update_conflicts=True, unique_fields=["page"], update_fields=entries.ENTRY_FIELDS
            )
        result.written_entries = len(changed)
        result.written = len(changed)
        result.written += _sync_relation(
            SearchEntry.themes.through, "themepage", {e.pk: {t.pk for t in themes[e.page_id]} for e in built}
        )
        result.written += _sync_relation(
            SearchEntry.documents.through,
            "platformdocument",
            {e.pk: {d.pk for d in documents[e.page_id]} for e in built},
        )
        result.written += _index(built, changed)
        for entry in built:
            result.words.add_text(entries.words_of(vars(entry)))
        result.ids = [entry.pk for entry in built]
        return result

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


def _collect_rarely(threshold):
    """Set aside the objects that exist now (`gc.freeze`) and collect young objects every `threshold` new ones;
    returns the thresholds before."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, *before[1:])
    return before


@contextmanager
def fewer_collections(threshold=50_000):
    """Python's garbage collector rarely, for a loop that makes many objects (pages, block values) and keeps few.

    By default a collection runs every 700 new container objects, and every few of them go through all the objects
    of the process: building entries spent about a third of its time there. The objects that exist before the loop
    (modules, settings, the sites) are set aside (`gc.freeze`), and young objects are collected every `threshold`.
    """
    before = _collect_rarely(threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


# Building in several processes (`build_entries(jobs=…)`): each worker process makes its own builder once.
_worker = None


def _start_worker(force, before_writes):
    global _worker
    _collect_rarely(50_000)  # for the worker's life: it ends with the build
    _worker = EntryBuilder(force=force, before_writes=before_writes)


def _build_batch(batch):
    """In a worker process: build the entries of a batch of (page id, content type id); returns its `BatchResult`."""
    return _worker.build([Page(id=pk, content_type_id=content_type) for pk, content_type in batch])


def _build_in_processes(builder, pages, batch_size, jobs, progress):
    """Batches built by `jobs` worker processes (forked, each with its own database connection), taken in order."""
    batches = [[(page.pk, page.content_type_id) for page in batch] for batch in _batches(pages, batch_size)]
    connections.close_all()  # the workers must not share this process's connection
    pool = multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start_worker, initargs=(builder.force, builder.before_writes)
    )
    with pool:
        for batch, result in zip(batches, pool.imap(_build_batch, batches), strict=True):
            builder.take(result)
            if progress:
                progress(len(batch))


def stop_progress_monitor():
    """Stop the monitoring thread of tqdm's progress bars, if one runs (it only watches for stalled bars), so that
    a command showing its progress can fork workers (`can_use_processes`); the next bar made starts it again."""
    tqdm = getattr(sys.modules.get("tqdm"), "tqdm", None)
    monitor = getattr(tqdm, "monitor", None)
    if monitor is not None:
        monitor.exit()
        tqdm.monitor = None


def can_use_processes():
    """Whether other processes can build entries for this one: PostgreSQL, nothing uncommitted they would miss, and no
    other thread in this process (a forked worker keeps only the forking thread: a lock another thread held at that
    moment stays locked in the worker forever; a command run from the shell has none, a test server has some)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block and threading.active_count() == 1


def build_entries(
    pages,
    *,
    batch_size=BATCH_SIZE,
    progress=None,
    rebuild_lexicon=False,
    delete_stale=False,
    force=False,
    before_writes=None,
    jobs=1,
):
    """Create or update the search entries of `pages` (any Page instances or querysets); returns the builder.

    `progress(n)` is called after each batch. With `delete_stale`, entries of pages not in `pages` are
    deleted (a full rebuild); with `rebuild_lexicon`, the lexicon is recounted from the built entries only.
    `force` and `before_writes`: see `EntryBuilder`. With `jobs` > 1 (and `can_use_processes()`), the batches are
    built by that many processes: the same entries and lexicon, about `jobs` times faster on as many cores.
    """
    builder = EntryBuilder(force=force, before_writes=before_writes)
    if jobs > 1:
        stop_progress_monitor()
    if jobs > 1 and can_use_processes():
        builder.processes = jobs
        _build_in_processes(builder, pages, batch_size, jobs, progress)
    else:
        with fewer_collections():
            for batch in _batches(pages, batch_size):
                builder.add(batch)
                if progress:
                    progress(len(batch))
    if delete_stale:
        builder.delete_stale()
    builder.finish(rebuild_lexicon=rebuild_lexicon)
    return builder
