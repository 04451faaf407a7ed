"""Keep search entries in step with publishing, unpublishing, moves, privacy, related content and documents."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.models import CulturalCentre, Synonym
from search import facet_counts, indexing, synonyms, tasks
from search.models import SearchEntry
from search.tasks import extract_document_text


@receiver(post_save, sender=SearchEntry)
@receiver(post_delete, sender=SearchEntry)
def counts_on_entry_change(sender, **kwargs):
    facet_counts.entries_changed()


@receiver(page_published)
def entry_on_publish(sender, instance, **kwargs):
    indexing.refresh_entry(instance)


# Unpublishing and making private are refreshed at once, never in the background: a page withdrawn or restricted
# must leave the search with the change itself, not when a worker comes by.
@receiver(page_unpublished)
def entry_on_unpublish(sender, instance, **kwargs):
    indexing.refresh_subtree(instance)


@receiver(post_delete, sender=Page)
def entries_on_delete(sender, instance, **kwargs):
    """Wagtail unpublishes a live page just before deleting it, and unpublishing refreshes its subtree's entries:
    entries written then, after Django collected what to delete, would point at deleted pages at commit."""
    indexing.remove_entry(instance)


@receiver(post_page_move)
def entries_on_move(sender, instance, **kwargs):
    tasks.refresh_subtree.enqueue(instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def entries_on_privacy_change(sender, instance, **kwargs):
    indexing.refresh_subtree(instance.page)


@receiver(post_save, sender=CulturalCentre)
def entries_on_centre_change(sender, instance, **kwargs):
    tasks.refresh_entries_for_centre.enqueue(instance.pk)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def glossary_on_change(sender, **kwargs):
    """The next search reads the glossary again: now, and once the change is committed (a search in between must
    not keep the old glossary in the cache)."""
    synonyms.forget()
    transaction.on_commit(synonyms.forget, robust=True)


# --- Text of documents: extracted when a file is uploaded or replaced ------------------------------------------

Document = get_document_model()


@receiver(pre_save, sender=Document)
def remember_document_file(sender, instance, update_fields=None, **kwargs):
    instance._previous_file = None
    if instance.pk and (update_fields is None or {"file", "file_hash"} & set(update_fields)):
        instance._previous_file = sender.objects.filter(pk=instance.pk).values("file", "file_hash").first()


@receiver(post_save, sender=Document)
def extract_text_of_new_file(sender, instance, created, **kwargs):
    """Queue the extraction once the upload or the replacement is committed (the task reads the stored file)."""
    previous = getattr(instance, "_previous_file", None)
    if created or previous is None:
        changed = created
    else:
        # Wagtail's forms compute the hash of a new file; a hash filled in for the first time is not a new file.
        # A file moved between the public and the private storage (pages.models.media) is the same file.
        renamed = previous["file"] not in (instance.file.name, getattr(instance, "_relocated_from", None))
        changed = renamed or (
            previous["file_hash"] and instance.file_hash and previous["file_hash"] != instance.file_hash
        )
    if changed and instance.file:
        document_id = instance.pk
        transaction.on_commit(lambda: extract_document_text.enqueue(document_id), robust=True)
    elif not created:
        # Same file, other title or collection (public ↔ private): the pages showing it change.
        document_id = instance.pk
        transaction.on_commit(lambda: tasks.refresh_entries_for_document.enqueue(document_id), robust=True)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def entries_on_collection_privacy_change(sender, instance, **kwargs):
    """A collection becomes private or public again: its documents' words leave or join the search."""
    collections = instance.collection.get_descendants(inclusive=True)
    for document_id in Document.objects.filter(collection__in=collections).values_list("pk", flat=True):
        transaction.on_commit(
            lambda document_id=document_id: tasks.refresh_entries_for_document.enqueue(document_id), robust=True
        )
