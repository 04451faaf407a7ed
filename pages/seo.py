"""What search engines, feed readers and social networks read about a page.

Plain functions returning data: the meta description, the canonical URL, Open Graph / Twitter card
fields (dicts); schema.org JSON-LD is pages/json_ld.py. `pages.templatetags.seo_tags` renders them in the
page's head.

Absolute URLs start from the Wagtail Site's root URL (Paramètres → Sites), never from the request's Host
header. Only public things are described: a document in a restricted collection or a centre's private
e-mail never appears here.
"""

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from pages import models as m

SITE_NAME = "Plateforme d'Échange et de Partage"
LOCALE = "fr_BE"
LANGUAGE = "fr-BE"
DEFAULT_DESCRIPTION = (
    "Un espace de travail collaboratif et de réflexion partagée entre équipes et professionnels en Centres "
    "culturels, autour du décret du 21 novembre 2013."
)
DESCRIPTION_LENGTH = 300
# Open Graph's recommended 1.91:1 image; Twitter's large card takes the same.
SHARE_IMAGE_SPEC = "fill-1200x630"
NETWORK_NAME = "Réseau des professionnels en Centres culturels"
NETWORK_ALTERNATE_NAME = "ASTRAC asbl"
# « Rue Jacquet 4, 5580 Rochefort » → street, postal code, locality (Belgian postal codes have 4 digits).
# What json.dumps leaves that could close the <script> element or open a comment in it.


# URLs


def site_root_url(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


def absolute_url(url, request):
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_root_url(request) + url


def page_url(page, request):
    return page.get_full_url(request) or ""


def current_listing_page(context):
    """The paginated page a listing shows (its number), found among the template context's values."""
    for value in context.values() if context else ():
        # type(), not isinstance(): Paginator's Page is an ABC whose check reads `__class__`, which would
        # evaluate the context's lazy `csrf_token` and set a CSRF cookie on every page (no page cache then).
        if issubclass(type(value), PaginatorPage):
            return value
    return None


def canonical_url(page, request, context=None):
    """The page's absolute URL without query string, but with `?page=N` for a listing past its first page."""
    url = page_url(page, request)
    listing_page = current_listing_page(context)
    if url and listing_page is not None and listing_page.number > 1:
        url += f"?page={listing_page.number}"
    return url


# Meta description, Open Graph


def plain_text(value, length=DESCRIPTION_LENGTH):
    text = " ".join(strip_tags(str(value or "")).split())
    return Truncator(text).chars(length)


def description(page):
    return plain_text(getattr(page, "meta_description", "") or "") or DEFAULT_DESCRIPTION


def share_image(page):
    """The image that represents the page when shared (its type's `share_image`: its listing image, a rencontre's
    first photo), or None."""
    return page.share_image() if hasattr(page, "share_image") else None


def share_image_data(page, request):
    """The page's share image for the head and its JSON-LD: found once per page and request (both ask for it).

    `get_renditions`, not `get_rendition`: Wagtail's singular form writes the rendition back to the cache even when
    it has just read it from there (two round trips per call)."""
    memo = request.__dict__.setdefault("_share_image_data", {})
    if page.pk not in memo:
        memo[page.pk] = _share_image_data(page, request)
    return memo[page.pk]


def _share_image_data(page, request):
    image = share_image(page)
    if image is None:
        return None
    try:
        rendition = image.get_renditions(SHARE_IMAGE_SPEC)[SHARE_IMAGE_SPEC]
    except SourceImageIOError:
        # The original file is missing (like the {% image %} tag, the page still renders): nothing to share.
        return None
    return {
        "url": absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description or image.title,
    }


ARTICLE_TYPES = (m.ResourcePage, m.DossierPage, m.WorkshopReportPage, m.LinkPage, m.StandardPage)


def page_meta(page, request, context=None):
    """Everything the head needs for `page`: description, canonical URL, Open Graph and Twitter fields."""
    is_article = isinstance(page, ARTICLE_TYPES)
    image = share_image_data(page, request)
    return {
        "title": page.seo_title or page.title,
        "description": description(page),
        "canonical": canonical_url(page, request, context),
        "og_type": "article" if is_article else "website",
        "image": image,
        "twitter_card": "summary_large_image" if image else "summary",
        "published": page.first_published_at if is_article else None,
        "modified": page.last_published_at if is_article else None,
    }


def ancestors_from(page, depth):
    """`page`'s ancestors from `depth` down, in one query; kept on the page instance while it renders
    (the breadcrumbs and their JSON-LD both list them)."""
    cache = page.__dict__.setdefault("_ancestors_from", {})
    if depth not in cache:
        cache[depth] = list(page.get_ancestors().filter(depth__gte=depth))
    return cache[depth]
