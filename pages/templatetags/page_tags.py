"""Helpers for detail pages: attached documents, participants by role, the toolbox's themes."""

from urllib.parse import urlparse

from django import template
from django.db.models import Prefetch
from wagtail.images import get_image_model

from pages import renditions
from pages.document_visibility import public_only
from pages.models import ParticipantRole, ThemePage
from search.related import related_items

register = template.Library()

PARTICIPANT_GROUPS = (
    (ParticipantRole.SPEAKER, "Intervenant·es"),
    (ParticipantRole.WITNESS, "Témoins"),
    (ParticipantRole.FACILITATOR, "Animation"),
)


@register.simple_tag(takes_context=True)
def public_documents(context, page_or_documents):
    """The documents a visitor may download: a page's (`page.public_documents`), or those of a list (a StreamField
    block's). The restricted collections are read once per request, whatever the number of lists."""
    request = context.get("request")
    if hasattr(page_or_documents, "public_documents"):
        return page_or_documents.public_documents(request)
    return public_only(page_or_documents or [], request)


@register.simple_tag
def related_pages(page):
    """« Voir aussi » of `page`: [RelatedItem] (search/related.py), kept per generation."""
    return related_items(page)


@register.simple_tag
def gallery_photos(page):
    """The photos of `page` with their image and its "card" renditions (the gallery's), in three queries whatever
    their number; none when the page read them already (WorkshopReportPage.get_context)."""
    if "photos" in getattr(page, "_prefetched_objects_cache", {}):
        return page.photos.all()
    images = renditions.prefetch(get_image_model().objects, "card")
    return page.photos.prefetch_related(Prefetch("image", queryset=images))


@register.simple_tag
def participants_by_role(page):
    """[(heading, [participants])] in a fixed order: speakers, witnesses, facilitators."""
    participants = list(page.participants.all())
    groups = []
    for role, heading in PARTICIPANT_GROUPS:
        members = [p for p in participants if p.role == role]
        if members:
            groups.append((heading, members))
    return groups


@register.simple_tag
def toolbox_themes():
    """The four themes of the toolbox, for suggestions (e.g. on an empty search)."""
    return ThemePage.objects.live().public().order_by("path")


@register.filter
def verbose_name_of(obj):
    """The model's verbose name (« ressource », « dossier de reconnaissance »…): `_meta` is out of templates' reach."""
    meta = getattr(obj, "_meta", None)
    return meta.verbose_name if meta else ""


@register.filter
def hostname(url):
    """« www.centres-culturels.be/x » → « centres-culturels.be »: where an external link leads."""
    host = urlparse(url or "").netloc.lower()
    return host.removeprefix("www.")


@register.filter
def fr_plural(count, suffix="s"):
    """French plural: 0 and 1 take the singular (« 0 ressource », « 1 ressource », « 2 ressources »)."""
    try:
        return suffix if abs(int(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
