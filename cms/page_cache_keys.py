"""The keys of the anonymous page cache (cms/page_cache.py), and the canonical queries that may be stored.

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
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.cache import cc_delim_re

KEY_PREFIX = "pagecache"
# The Accept headers a stored variant may have been asked with (front ends send these); any other is not stored.
CANONICAL_ACCEPT = frozenset({"", "*/*", "application/json"})
# The request attribute where readers of the query declare what they read (declare_query).
QUERY_ATTRIBUTE = "page_cache_query"


def vary_names(response):
    return [name.strip() for name in cc_delim_re.split(response.get("Vary", "")) if name.strip()]


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


def request_key(request):
    """The entry of this URL (scheme, host, path, query with its parameters in a canonical order); the entry holds
    the generation it belongs to (cms/page_cache.py `lookup`)."""
    url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(query_pairs(request))}"
    return f"{KEY_PREFIX}:{hashlib.sha256(url.encode()).hexdigest()}"


def varying_headers(response):
    """The Vary headers that make a variant.

    Not Cookie: personal requests skip the cache. Nor Accept-Language (LocaleMiddleware, if added, would put it on every
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
