"""Insert many published pages quickly, for benchmarks.

Publishing a page the editor's way (`add_child`, `save_revision()`, `publish()`) saves it three times, updates
the search index three times and the reference index twice: about 130 queries per page. Here each page is
saved once, already live, with search and reference indexing paused; revisions and log entries are created in
bulk, and the new pages are indexed in batches at the end. The result is the same as publishing: live pages
with a latest (and live) revision, correct tree paths, `numchild` and `url_path`.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def search_indexing_paused():
    """Stop indexing on save for every indexed model, then reconnect the handlers however the block exits."""
    models = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


def _cluster_relations(model):
    """The page model's inline child relations (name, FK name, model) and ParentalManyToMany fields."""
    children = [(rel.get_accessor_name(), rel.field.name, rel.related_model) for rel in get_all_child_relations(model)]
    return children, get_all_child_m2m_relations(model)


@transaction.atomic
def add_published_children(parent, entries):
    """Add new specific pages under `parent`, live, each with one revision; returns the pages.

    `entries` are `(page, relations)` pairs: an unsaved page of one specific model with its slug set, and a
    dict of its inline children and ParentalManyToMany values by name (`{"tagged_items": [...]}`). The tree
    paths are computed here, rows are inserted in bulk, and the revision holds exactly what was inserted.
    Call inside `search_indexing_paused()` and `disable_reference_index_auto_update()`, then `index_pages()`.
    """
    if not entries:
        return []
    pages = [page for page, _ in entries]
    model = type(pages[0])
    children, m2m_fields = _cluster_relations(model)
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last_child = parent.get_last_child()
    first_step = last_child._get_lastpos_in_path() + 1 if last_child else 1
    depth = parent.depth + 1
    now = timezone.now()

    for step, (page, relations) in enumerate(entries, start=first_step):
        page.depth, page.numchild = depth, 0
        page.path = Page._get_path(parent.path, depth, step)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        page.draft_title = page.title
        # Every relation set in memory, including empty ones: serialising then reads no row from the database.
        for name, _, _ in children:
            setattr(page, name, relations.get(name, []))
        for field in m2m_fields:
            setattr(page, field.name, relations.get(field.name, []))
        page.clean_fields()

    # Base rows in one statement; the specific rows one by one (Django has no bulk insert for
    # multi-table inheritance), saved "raw": only the model's own table, without search signals.
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

    for name, fk_name, child_model in children:
        rows = []
        for page in pages:
            for order, child in enumerate(getattr(page, name).all()):
                setattr(child, fk_name, page)
                if hasattr(child, "sort_order"):
                    child.sort_order = order
                rows.append(child)
        child_model.objects.bulk_create(rows)
    for field in m2m_fields:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": page.pk, f"{target}_id": other.pk})
            for page in pages
            for other in getattr(page, field.name).all()
        )

    page_type = ContentType.objects.get_for_model(model)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=page_type,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=page_type,
            page=page,
            action=action,
            label=page.get_admin_display_title(),
            revision=revision,
            timestamp=now,
            data={},
        )
        for page, revision in zip(pages, revisions, strict=True)
        for action in ("wagtail.create", "wagtail.publish")
    )
    return pages


def update_references(objects):
    """`ReferenceIndex.create_or_update_for_object` for many objects of one model: the same rows, in a few queries
    for all of them instead of about five per object (their inline rows read once, the stored references read,
    added and deleted once). Within a transaction, as Wagtail's."""
    if not objects:
        return
    model = type(objects[0])
    prefetch_related_objects(objects, *(relation.get_accessor_name() for relation in get_all_child_relations(model)))
    content_types = [
        ContentType.objects.get_for_model(model_or_parent, for_concrete_model=False)
        for model_or_parent in [model, *model._meta.get_parent_list()]
    ]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {known_type.pk for known_type in content_types}
    existing = defaultdict(dict)  # object id → {reference: (content type id, row id)}
    stored = ReferenceIndex.objects.filter(
        base_content_type=base_content_type, object_id__in=[str(obj.pk) for obj in objects]
    ).values_list("id", "object_id", "content_type_id", "to_content_type", "to_object_id", "model_path", "content_path")
    for row_id, object_id, row_type, *reference in stored:
        existing[object_id][tuple(reference)] = (row_type, row_id)

    new, deleted = [], []
    for obj in objects:
        references = set(ReferenceIndex._extract_references_from_object(obj))
        held = existing.get(str(obj.pk), {})
        new += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=obj.pk,
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_type, to_id, model_path, content_path in references - held.keys()
        ]
        # As Wagtail: a reference recorded for a more specific type than `model` is not taken as removed.
        deleted += [
            row_id
            for reference, (row_type, row_id) in held.items()
            if reference not in references and row_type in known
        ]
    ReferenceIndex.objects.bulk_create(new, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if deleted:
        ReferenceIndex.objects.filter(id__in=deleted).delete()


def index_pages(model, page_ids, batch_size=500, progress=None):
    """Add the pages to every search backend in batches, and record their references (documents, images…)."""
    ids = list(page_ids)
    for start in range(0, len(ids), batch_size):
        batch = list(model.get_indexed_objects().filter(pk__in=ids[start : start + batch_size]))
        for backend in get_search_backends():
            backend.add_bulk(model, batch)
        update_references(batch)
        if progress:
            progress(len(batch))


__all__ = [
    "add_published_children",
    "disable_reference_index_auto_update",
    "index_pages",
    "search_indexing_paused",
    "update_references",
]
