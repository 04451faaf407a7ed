"""Keep search entries in step with publishing, unpublishing, moves, privacy and related content."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.models import CulturalCentre
from search import indexing


@receiver(page_published)
def entry_on_publish(sender, instance, **kwargs):
    indexing.refresh_entry(instance)


@receiver(page_unpublished)
def entry_on_unpublish(sender, instance, **kwargs):
    indexing.refresh_subtree(instance)


@receiver(post_page_move)
def entries_on_move(sender, instance, **kwargs):
    indexing.refresh_subtree(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def entries_on_privacy_change(sender, instance, **kwargs):
    indexing.refresh_subtree(instance.page)


@receiver(post_save, sender=CulturalCentre)
def entries_on_centre_change(sender, instance, **kwargs):
    indexing.refresh_entries_for_centre(instance)
