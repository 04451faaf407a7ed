"""The anonymous page cache: public answers kept in Django's cache (Redis in production), for visitors only.

`PageCacheMiddleware` (settings.MIDDLEWARE, right after CorsMiddleware) serves a GET or HEAD from the cache
when the request is anonymous, and stores the answer of an anonymous GET when it is public. On a hit no
other middleware, view or SQL query runs; under the WSGI application of cms/wsgi.py (gunicorn, runserver) a GET's
hit is answered even before Django's handler (cms/page_cache_wsgi.py). Every answer it looked at says so in
`X-Page-Cache`: `HIT`, `MISS` (computed, stored if it could be) or `BYPASS` (a request that is never served from
the cache).

What is cached: Wagtail pages (listings with their filters and page number), the keywords' listings
(/mots-cles/…/), feeds, sitemap.xml, robots.txt and the read API (/api/v2/pages/, images, documents). Nothing else:

- never for a request with a session cookie (a logged-in editor, or a visitor past a password form), with the
  messages framework's cookie or with an `Authorization` header: these are neither served from the cache nor
  stored, so an editor never gets a cached page and never leaves one (the userbar is never cached);
- never an answer that sets a cookie or holds a CSRF token (the forms of /contribuer/, the dossier request
  form, the password form of a private page): they get `Cache-Control: private` so that no shared cache
  keeps them either;
- only 200 answers to GET: no POST, no redirect, no 404 (their URLs are unbounded: a scanner would fill
  Redis), no error; nor an answer whose own Cache-Control says private, no-cache, no-store or max-age=0;
- nor the paths of settings.PAGE_CACHE_EXCLUDED_PATHS: the admin, documents (files, some of them private),
  health checks, search (/recherche/ and /api/v2/search/: unbounded queries, and the notice shown when the
  engine is down must not stay), the write API (its form tokens are fresh) and the headless preview (drafts).

Keys cannot be multiplied by a client (`/?junk=N` must not store a new entry per N): an answer is stored only
when its request is canonical, i.e. holds exactly what the view declared it read (cms/page_cache_keys.py).

A stored answer keeps its headers. When it has none, a cacheable answer gets
`Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE` and `Vary: Cookie` (the API keeps its own headers,
pages/api/caching.py). Other `Vary` headers of the answer are part of the key (the API's `Accept`);
`Accept-Language` counts as the language Django would choose (a single one on this site).

Invalidation: every entry holds the "generation" it was stored under, a random value kept in the cache.
Publishing, unpublishing, moving, saving or deleting a page, and saving or deleting a snippet, document, image,
collection, site, site setting or view restriction replaces it (`invalidate`): every entry is then out of use at
once, replaced by the next answer to its URL or expired by itself (PAGE_CACHE_SECONDS). A hit is one round trip
to the cache: the generation and the URL's entry are read together. The generation changes right away and again
once the transaction commits, so a request that read the old content during the transaction cannot keep it.
Saving a draft (autosave included) does not invalidate.

When the cache is down (cms.cache.ResilientRedisCache answers as a miss), there is no generation: the site
answers uncached. An invalidation that could not be written is written again by this process as soon as the
cache is back.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

from cms.page_cache_keys import (
    canonical_variant,
    is_canonical,
    request_key,
    variant_key,
    vary_names,
    varying_headers,
)

HEADER = "X-Page-Cache"
# Where cms/page_cache_wsgi.py leaves the lookup of a miss (generation, None) in the request's environ.
LOOKUP_KEY = "platform.page_cache.lookup"
GENERATION_KEY = "pagecache:generation"
DEFAULT_EXCLUDED_PATHS = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/healthz/",
    "/readyz/",
    "/recherche/",
    "/api/v2/search/",
    "/api/v2/preview/",
    "/api/v2/contributions/",
    "/api/v2/dossiers/",
    "/static/",
    "/media/",
)
# Cookies that make an answer personal. A CSRF cookie alone does not: pages without a form ignore it.
PERSONAL_COOKIES = ("messages",)
# Fields that a draft (or its autosave) or a lock changes on a page without changing what visitors see.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)
UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-cache", "no-store"})


# Settings.


def get_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def cache_seconds():
    """How long an entry stays in the cache; 0 turns the page cache off."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def max_age():
    """The `max-age` of a cacheable page (for browsers and shared caches)."""
    return getattr(settings, "PAGE_CACHE_MAX_AGE", 60)


def excluded_paths():
    return getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", DEFAULT_EXCLUDED_PATHS)


# Generation: what invalidates every entry at once.

_pending_invalidation = False


def cache_available(cache):
    """False while a resilient backend (cms.cache) knows that the cache is down."""
    return getattr(cache, "available", True)


def current_generation(read=None):
    """The current generation, or None when the cache is unavailable (then nothing is cached).

    `read`: the value of GENERATION_KEY just read from the cache with something else (`lookup`), if any."""
    cache = get_cache()
    if _pending_invalidation and cache_available(cache):
        bump_generation()
        read = None
    generation = read if read is not None else cache.get(GENERATION_KEY)
    if generation is None:
        # First use, eviction, or an empty Redis after a restart: a fresh value, never an old one.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    global _pending_invalidation
    cache = get_cache()
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    # The resilient backend swallows failures: write the new generation again once the cache is back.
    _pending_invalidation = not cache_available(cache)


def invalidate():
    """Put every cached answer out of use, now and again when the current transaction commits."""
    bump_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_generation)


# Signals.


def watched_models():
    """The models whose changes visitors may see on a page: pages, snippets, media, sites, settings..."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Collection, Page, Site
    from wagtail.snippets.models import get_snippet_models

    return (
        Page,
        AbstractDocument,
        AbstractImage,
        Collection,
        Site,
        BaseViewRestriction,
        BaseSiteSetting,
        BaseGenericSetting,
        *get_snippet_models(),
    )


def content_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    from wagtail.models import Page

    if raw or not isinstance(instance, watched_models()):
        return
    if isinstance(instance, Page) and update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    invalidate()


def content_deleted(sender, instance, **kwargs):
    if isinstance(instance, watched_models()):
        invalidate()


def page_changed(sender, **kwargs):
    invalidate()


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="page_cache_moved")
    post_save.connect(content_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(content_deleted, dispatch_uid="page_cache_deleted")


# Requests and answers.


def is_personal(request):
    """A request whose answer may depend on who sends it: logged in, or carrying a message or credentials."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PERSONAL_COOKIES):
        return True
    return "HTTP_AUTHORIZATION" in request.META


def is_cacheable_request(request):
    """An anonymous GET or HEAD of a path the cache serves."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(tuple(excluded_paths())):
        return False
    return not is_personal(request)


def cache_control_directives(response):
    parts = cc_delim_re.split(response.get("Cache-Control", ""))
    return {part.split("=", 1)[0].strip().lower(): part for part in parts if part.strip()}


def is_shareable(response):
    """A 200 that says nothing personal: no cookie set, no CSRF token, no private Cache-Control."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = cache_control_directives(response)
    if UNCACHEABLE_DIRECTIVES & directives.keys():
        return False
    if directives.get("max-age", "").replace(" ", "") == "max-age=0":
        return False
    if "*" in vary_names(response):
        return False
    return b"csrfmiddlewaretoken" not in response.content


def serialize(response):
    return (response.status_code, list(response.items()), response.content)


def deserialize(data):
    status, headers, content = data
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


# The headers each entry of a varying answer (the API's Accept) varies on, as last read by this process: its
# variant is then read in the same round trip as the entry. Bounded: emptied when full.
_vary_headers = {}
VARY_MEMO_SIZE = 4096


def remember_vary(base_key, headers):
    if len(_vary_headers) >= VARY_MEMO_SIZE:
        _vary_headers.clear()
    _vary_headers[base_key] = headers


def lookup(request):
    """(the current generation, the cached answer to this request or None), in one round trip to the cache.

    Entries are keyed by the request alone and hold the generation they were stored under: the generation and
    the entry are read together (`get_many`), and an entry of an older generation is a miss (the next answer
    replaces it). A varying entry names its variant: read in the same round trip when this process has read
    that entry before (`_vary_headers`), in a second one otherwise. A generation None: the cache is down,
    nothing is served nor stored.
    """
    cache = get_cache()
    base_key = request_key(request)
    known = _vary_headers.get(base_key)
    guessed = variant_key(base_key, request, known) if known else None
    found = cache.get_many([GENERATION_KEY, base_key, *([guessed] if guessed else [])])
    generation = current_generation(read=found.get(GENERATION_KEY))
    entry = found.get(base_key)
    if generation is None or entry is None or entry[0] != generation:
        return generation, None
    _generation, kind, value = entry
    if kind == "vary":
        remember_vary(base_key, value)
        key = variant_key(base_key, request, value)
        variant = found.get(key) if key == guessed else cache.get(key)
        if variant is None or variant[0] != generation:
            return generation, None
        value = variant[1]
    return generation, deserialize(value)


def store(request, response, generation):
    """Keep the answer of a canonical request (a query and headers the view reads as they are); False if not kept."""
    headers = varying_headers(response)
    if not (is_canonical(request) and canonical_variant(request, headers)):
        return False
    cache = get_cache()
    seconds = cache_seconds()
    base_key = request_key(request)
    if headers:
        cache.set(base_key, (generation, "vary", headers), seconds)
        cache.set(variant_key(base_key, request, headers), (generation, serialize(response)), seconds)
    else:
        cache.set(base_key, (generation, "response", serialize(response)), seconds)
    return True


def mark_public(response):
    if "Cache-Control" not in response:
        patch_cache_control(response, public=True, max_age=max_age())
    patch_vary_headers(response, ["Cookie"])


def mark_private(response):
    """An answer no shared cache may keep (a form, a logged-in editor's page)."""
    if response.status_code == 200 and "Cache-Control" not in response:
        patch_cache_control(response, private=True, max_age=0)
        patch_vary_headers(response, ["Cookie"])


def conditional(request, response):
    etag = response.get("ETag")
    if etag and request.META.get("HTTP_IF_NONE_MATCH"):
        return get_conditional_response(request, etag=etag, response=response)
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous public answers (see the module's docstring). Off when PAGE_CACHE_SECONDS is 0."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cache_seconds() <= 0:
            return self.get_response(request)
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                if is_personal(request):
                    mark_private(response)
                response[HEADER] = "BYPASS"
            return response

        generation, cached = request.META.pop(LOOKUP_KEY, None) or lookup(request)
        request.page_cache_generation = generation  # for the values kept per generation (cms/generation_cache.py)
        if cached is not None:
            response = conditional(request, cached)
            response[HEADER] = "HIT"
            return response

        response = self.get_response(request)
        if is_shareable(response):
            mark_public(response)
            if generation is not None and request.method == "GET":
                store(request, response, generation)
        elif response.cookies or b"csrfmiddlewaretoken" in getattr(response, "content", b""):
            mark_private(response)
        response[HEADER] = "MISS" if generation is not None else "BYPASS"
        return response
