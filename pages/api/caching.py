"""HTTP caching of the API: ETag, Cache-Control and 304s; purging the front-end cache on publish.

Every successful GET carries a strong ETag (a hash of the body) and `Cache-Control: public, max-age=N`
(settings.API_CACHE_MAX_AGE, 60 s by default) when the client sends no session cookie: an anonymous
answer may be shared by a cache, an answer to a logged-in session is `private`. A conditional GET
whose `If-None-Match` matches gets a 304 without a body.

The application's page cache (cms/page_cache_keys.py) keeps an anonymous answer only when its query is canonical:
`declare_api_query` declares every parameter the view read, written as it reads it (numbers without leading
zeros, `fields` and `type` in a canonical order, an offset that starts a page of a list that reaches it, a field
filter that finds something); the filters of pages/api/filters.py declare theirs. An answer to `search`, to `_`
(a cache-buster) or in random order is never stored: the answers to those are unbounded.

When a page is published or unpublished, `purge_page_api_urls` asks the front-end cache
(`wagtail.contrib.frontend_cache`, configured from FRONTEND_CACHE_PURGE_URL) to drop its API detail
URL, the pages listing and the search endpoints; Wagtail's own handler purges the page's HTML URL.
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from taggit.managers import TaggableManager
from wagtail.api.v2.utils import page_models_from_string, parse_boolean, parse_fields_parameter
from wagtail.signals import page_published, page_unpublished

from cms import page_cache_keys

DEFAULT_MAX_AGE = 60
# Parameters whose values are unbounded: an answer to them is never stored by the page cache.
UNSTORED_PARAMETERS = frozenset({"search", "search_operator", "_"})
# Parameters Wagtail or DRF validate against a short list (a locale, a site, an output format): kept as sent.
LISTED_PARAMETERS = frozenset({"locale", "site", "format", "rich_text_format"})
PAGE_ID_PARAMETERS = frozenset({"child_of", "ancestor_of", "descendant_of", "translation_of"})
ORDER_ITEM = re.compile(r"-?[A-Za-z_][A-Za-z0-9_]*")


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


# Canonical queries (cms/page_cache_keys.py).


def canonical_number(value):
    """`value` if it is a non-negative integer written without sign, space or leading zero, else None."""
    return value if value.isascii() and value.isdigit() and str(int(value)) == value else None


def fields_text(config):
    """The canonical spelling of a parsed `fields` value: `*` or `_` first, then the fields by name, nested alike."""
    head = [item for item in config[:1] if item[0] in ("*", "_")]
    rest = sorted(config[len(head) :], key=lambda item: item[0])
    names = [name for name, _negated, _sub in rest]
    if len(set(names)) != len(names):
        return None
    parts = []
    for name, negated, sub_fields in [*head, *rest]:
        nested = fields_text(sub_fields) if sub_fields else ""
        if nested is None:
            return None
        parts.append(f"{'-' if negated else ''}{name}{f'({nested})' if nested else ''}")
    return ",".join(parts)


def canonical_fields(value):
    try:
        return fields_text(parse_fields_parameter(value))
    except ValueError:
        return None


def canonical_order(value):
    items = value.split(",")
    names = [item.removeprefix("-") for item in items]
    if "random" in names or len(set(names)) != len(names) or not all(ORDER_ITEM.fullmatch(i) for i in items):
        return None
    return value


def canonical_types(value):
    try:
        labels = [model._meta.label for model in page_models_from_string(value)]
    except (LookupError, ValueError):
        return None
    return ",".join(labels) if len(set(labels)) == len(labels) else None


def canonical_field_filter(field, value):
    """A db field filter's value as Wagtail's FieldsFilter reads it, written back; None if it reads no such value."""
    try:
        if isinstance(field, TaggableManager):
            tags = value.split(",")
            return ",".join(sorted(tags)) if len(set(tags)) == len(tags) else None
        if isinstance(field, models.BooleanField):
            return "true" if parse_boolean(value) else "false"
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        return str(field.to_python(value))
    except (ValueError, ValidationError):
        return None


def api_query_pairs(view, request, response, declared_by_filters=()):
    """The (name, value) pairs an API answer read, canonically written; None when it has no canonical form."""
    listing = getattr(view, "action", None) == "listing_view"
    model = view.get_queryset().model if listing else None
    db_fields = set(view.get_available_fields(model, db_fields_only=True)) if listing else set()
    total = response.data.get("meta", {}).get("total_count", 0) if listing else 0
    limit = request.GET.get("limit", str(min(20, getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20)))
    pairs, field_filters = [], False
    for name, values in request.GET.lists():
        if name in declared_by_filters:
            continue
        if len(values) != 1 or name in UNSTORED_PARAMETERS:
            return None
        value = values[0]
        if name in ("fields", "format", "rich_text_format"):
            canonical = canonical_fields(value) if name == "fields" else value
        elif not listing:
            canonical = None  # a detail reads nothing else
        elif name == "limit":
            canonical = canonical_number(value)
        elif name == "offset":
            canonical = canonical_number(value)
            starts_a_page = canonical_number(limit) and int(limit) and int(value) % int(limit) == 0
            if canonical and int(value) and not (starts_a_page and int(value) < total):
                canonical = None  # only an offset that starts a page of the list, within the list
        elif name == "order":
            canonical = canonical_order(value)
        elif name == "type":
            canonical = canonical_types(value)
        elif name in PAGE_ID_PARAMETERS:
            canonical = value if value == "root" else canonical_number(value)
        elif name in LISTED_PARAMETERS:
            canonical = value
        elif name in db_fields:
            canonical = canonical_field_filter(model._meta.get_field(name), value)
            field_filters = True
        else:
            canonical = None
        if canonical is None:
            return None
        pairs.append((name, canonical))
    # A field filter takes any value: only one that finds something makes an entry.
    if field_filters and not total:
        return None
    return pairs


class CachingMixin:
    """For API views (DRF): caching headers on every successful read, and its query declared to the page cache."""

    # Parameters that a filter backend declares itself (pages/api/filters.py).
    declared_by_filters = ()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        django_request = request._request if hasattr(request, "_request") else request
        if django_request.method == "GET" and response.status_code == 200:
            pairs = api_query_pairs(self, django_request, response, self.declared_by_filters)
            page_cache_keys.declare_query(django_request, pairs)
        return add_caching_headers(django_request, response)


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
