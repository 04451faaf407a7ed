"""The anonymous page cache: public answers kept in Django's cache (Redis in production), for visitors only.

`PageCacheMiddleware` (settings.MIDDLEWARE, right after CorsMiddleware) serves a GET or HEAD from the cache
when the request is anonymous, and stores the answer of an anonymous GET when it is public. On a hit no
other middleware, view or SQL query runs. Every answer it looked at says so in `X-Page-Cache`: `HIT`, `MISS`
(computed, stored if it could be) or `BYPASS` (a request that is never served from the cache).

What is cached: Wagtail pages (listings with their filters and page number), feeds, sitemap.xml, robots.txt and
the read API (/api/v2/pages/, images, documents). Nothing else:

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

Keys cannot be multiplied by a client (`/?junk=N` must not store a new entry per N). The key is the host, the path
and the query's parameters in a canonical order, and an answer is stored only when its request is canonical:

- every parameter of the query is one the view read, with the value it accepted, written as it writes it: the
  code that reads a parameter declares it with `declare_query(request, pairs)` (the listings of pages/listings.py
  through `form_parameters` and `page_parameters`, the read API in pages/api/caching.py and pages/api/filters.py);
  a view that declares nothing reads nothing (feeds, sitemap, robots, every other page). A parameter nobody
  read, a value a form refused or corrected (`?page=999` shows the last page, `?page=x` the first), a repeated
  parameter: the answer is served but not stored. A view whose answer has no canonical form (an API search,
  a random order) declares `None`;
- the host is written in lower case (any other spelling is served, not stored);
- a `Vary` header makes a variant only for its canonical values: the language for `Accept-Language`, no
  header, `*/*` or `application/json` for `Accept`, no header for any other.

The number of entries is then bounded by the content (pages, valid filter values, pages of each list), not by
what clients send. Redis' own `maxmemory` (compose.yaml, docs/deployment.md) bounds the memory anyway.

A stored answer keeps its headers. When it has none, a cacheable answer gets
`Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE` and `Vary: Cookie` (the API keeps its own headers,
pages/api/caching.py). Other `Vary` headers of the answer are part of the key (the API's `Accept`);
`Accept-Language` counts as the language Django would choose (a single one on this site).

Invalidation: every key contains a "generation", a random value kept in the cache. Publishing, unpublishing,
moving, saving or deleting a page, and saving or deleting a snippet, document, image, collection, site,
site setting or view restriction replaces it (`invalidate`): every entry is then out of use at once, and
expires by itself (PAGE_CACHE_SECONDS). The generation changes right away and again once the transaction
commits, so a request that read the old content during the transaction cannot keep it. Saving a draft
(autosave included) does not invalidate.

When the cache is down (cms.cache.ResilientRedisCache answers as a miss), there is no generation: the site
answers uncached. An invalidation that could not be written is written again by this process as soon as the
cache is back.
"""

import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

HEADER = "X-Page-Cache"
GENERATION_KEY = "pagecache:generation"
KEY_PREFIX = "pagecache"
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
# The Accept headers a stored variant may have been asked with (front ends send these); any other is not stored.
CANONICAL_ACCEPT = frozenset({"", "*/*", "application/json"})
# The request attribute where readers of the query declare what they read (declare_query).
QUERY_ATTRIBUTE = "page_cache_query"


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


def current_generation():
    """The current generation, or None when the cache is unavailable (then nothing is cached)."""
    cache = get_cache()
    if _pending_invalidation and cache_available(cache):
        bump_generation()
    generation = cache.get(GENERATION_KEY)
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


def vary_names(response):
    return [name.strip() for name in cc_delim_re.split(response.get("Vary", "")) if name.strip()]


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


# Canonical queries: what the views read.


def declare_query(request, pairs):
    """Declare query parameters this request's answer depends on, as (name, value) pairs of strings.

    Each piece of code that reads the query declares what it read, with the value it accepted written as it
    writes it itself (its links, its forms); the declarations add up. `None` says the answer has no canonical
    form: it is then never stored. The answer is stored only if the query holds exactly the declared pairs
    (in any order): see the module's docstring.
    """
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    declared = getattr(request, QUERY_ATTRIBUTE, ())
    if declared is None or pairs is None:
        setattr(request, QUERY_ATTRIBUTE, None)
    else:
        setattr(request, QUERY_ATTRIBUTE, (*declared, *((str(name), str(value)) for name, value in pairs)))


def form_parameters(form):
    """The pairs to declare for a GET form bound to `request.GET`: each field the query sent, as the form reads it.

    A field sent blank stays blank. None when a sent value was refused or sent twice (the form then reads
    something else than the query says).
    """
    if not form.is_valid():
        return None
    pairs = []
    for name, field in form.fields.items():
        if name not in form.data:
            continue
        if len(form.data.getlist(name)) != 1:
            return None
        value = field.prepare_value(form.cleaned_data[name])
        pairs.append((name, "" if value is None else value))
    return pairs


def page_parameters(request, page, name="page"):
    """The pairs to declare for a paginated list: the number of the page shown, if the query asked for one."""
    return [(name, page.number)] if name in request.GET else []


def query_pairs(request):
    """The query's (name, value) pairs as Django decoded them, in a canonical order."""
    return sorted((name, value) for name, values in request.GET.lists() for value in values)


def is_canonical(request):
    """True when the query holds exactly what the view declared it read (nothing more, nothing else)."""
    declared = getattr(request, QUERY_ATTRIBUTE, ())
    if declared is None:
        return False
    return query_pairs(request) == sorted(declared) and request.get_host() == request.get_host().lower()


def request_key(request, generation):
    """The entry of this URL (scheme, host, path, query with its parameters in a canonical order)."""
    url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(query_pairs(request))}"
    return f"{KEY_PREFIX}:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"


def varying_headers(response):
    """The Vary headers that make a variant.

    Not Cookie: personal requests skip the cache. Nor Accept-Language (LocaleMiddleware adds it to every
    answer) while the site has a single language.
    """
    ignored = {"cookie"} if len(settings.LANGUAGES) > 1 else {"cookie", "accept-language"}
    return tuple(sorted({name.lower() for name in vary_names(response)} - ignored))


def variant_values(request, headers):
    values = []
    for name in headers:
        if name == "accept-language":
            values.append(translation.get_language_from_request(request))
        else:
            values.append(request.headers.get(name, ""))
    return values


def canonical_variant(request, headers):
    """True when the request's varying headers have values a variant may be stored for (see the docstring)."""
    for name in headers:
        value = request.headers.get(name, "")
        if name == "accept" and value not in CANONICAL_ACCEPT:
            return False
        if name not in ("accept", "accept-language") and value:
            return False
    return True


def variant_key(base_key, request, headers):
    digest = hashlib.sha256("\n".join(variant_values(request, headers)).encode()).hexdigest()
    return f"{base_key}:{digest}"


def serialize(response):
    return (response.status_code, list(response.items()), response.content)


def deserialize(data):
    status, headers, content = data
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def lookup(request, generation):
    """The cached answer to this request, or None."""
    cache = get_cache()
    base_key = request_key(request, generation)
    entry = cache.get(base_key)
    if entry is None:
        return None
    kind, value = entry
    if kind == "vary":
        value = cache.get(variant_key(base_key, request, value))
        if value is None:
            return None
    return deserialize(value)


def store(request, response, generation):
    """Keep the answer of a canonical request (a query and headers the view reads as they are); False if not kept."""
    headers = varying_headers(response)
    if not (is_canonical(request) and canonical_variant(request, headers)):
        return False
    cache = get_cache()
    seconds = cache_seconds()
    base_key = request_key(request, generation)
    if headers:
        cache.set(base_key, ("vary", headers), seconds)
        cache.set(variant_key(base_key, request, headers), serialize(response), seconds)
    else:
        cache.set(base_key, ("response", serialize(response)), seconds)
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

        generation = current_generation()
        if generation is not None:
            cached = lookup(request, generation)
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
