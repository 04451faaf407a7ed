"""HTTP caching of the API: ETag, Cache-Control and 304s; purging the front-end cache on publish.

Every successful GET carries a strong ETag (a hash of the body) and `Cache-Control: public, max-age=N`
(settings.API_CACHE_MAX_AGE, 60 s by default) when the client sends no session cookie: an anonymous
answer may be shared by a cache, an answer to a logged-in session is `private`. A conditional GET
whose `If-None-Match` matches gets a 304 without a body.

When a page is published or unpublished, `purge_page_api_urls` asks the front-end cache
(`wagtail.contrib.frontend_cache`, configured from FRONTEND_CACHE_PURGE_URL) to drop its API detail
URL, the pages listing and the search endpoints; Wagtail's own handler purges the page's HTML URL.
"""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from wagtail.signals import page_published, page_unpublished

DEFAULT_MAX_AGE = 60


def max_age():
    return getattr(settings, "API_CACHE_MAX_AGE", DEFAULT_MAX_AGE)


def add_caching_headers(request, response):
    """ETag and Cache-Control on a successful GET or HEAD; a 304 when the client already has this body."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept", "Cookie"])
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=max_age())
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional


class CachingMixin:
    """For API views (DRF): caching headers on every successful read."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return add_caching_headers(request._request if hasattr(request, "_request") else request, response)


def api_urls_for_page(page):
    """The API URLs whose answer changes when `page` is published or unpublished (absolute)."""
    paths = [
        reverse("wagtailapi:pages:detail", args=[page.pk]),
        reverse("wagtailapi:pages:listing"),
        reverse("wagtailapi:search:listing"),
    ]
    site = page.get_site()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return [root.rstrip("/") + path for path in paths]


def purge_page_api_urls(sender, instance, **kwargs):
    """Signal handler (page_published, page_unpublished): purge the page's API URLs."""
    from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

    if not get_backends():
        return
    purge_urls_from_cache(api_urls_for_page(instance))


def connect_signals():
    page_published.connect(purge_page_api_urls, dispatch_uid="api_purge_on_publish")
    page_unpublished.connect(purge_page_api_urls, dispatch_uid="api_purge_on_unpublish")
