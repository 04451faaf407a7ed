"""Values read once per generation of the page cache, and reused by every request until the next change.

The anonymous page cache (cms/page_cache.py) keys its entries on a "generation" that every publication,
unpublication, move, snippet, site, setting or view restriction change replaces. What every uncached request
used to read from the database and that only such a change alters is kept under the same generation:

- the sites, with their root pages (the routing's first queries, `Site.find_for_request`), and their root paths
  (`Site.get_site_root_paths`, which every page URL built without a request reads from the cache: twenty reads
  for an API list of twenty pages);
- the restricted sections (`.public()`, and the privacy check of the page served);
- the main menu.

`per_generation(name, compute)` returns the value kept under the current generation, computing and storing it
when it is missing. Within a request the value is also kept in memory, and a request reads the generation and
the values it will need in one round trip: each process remembers which values the requests of the site and of
the API asked for (`usual_names`), and the first value a request asks for is read together with them (and with
the generation itself when the page cache did not read it already); a request that asks for none reads nothing.
Each value is stored under its name with the generation it belongs to, so a value of an older generation is a
miss. The values are used only while a request runs
(`GenerationMemoMiddleware`, on GET and HEAD outside the admin): a script, a task, a form being saved or the
admin always read the database. When the cache is unavailable (no generation: cms.cache's resilient backend
answers as a miss, a dummy cache keeps nothing), each request computes its values once.

Correctness rests on the generation: it is replaced right away on every change above, and again once the
transaction commits (cms/page_cache.py), so a value read during the transaction is not reused afterwards.
"""

import contextvars
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Q

from cms import page_cache

KEY_PREFIX = "pagecache:value"
# How long a value stays (a new generation puts it out of use before then).
DEFAULT_SECONDS = 3600
# How many names a process remembers per area (the site, the API) to read at the start of a request.
USUAL_NAMES_SIZE = 64
_memo = contextvars.ContextVar("generation_memo", default=None)
_GENERATION = object()
_AREA = object()
_USUAL_READ = object()
# {area: {name: None}}: the values the requests of each area asked for in this process (an ordered set).
_usual_names = {}


def value_seconds():
    return getattr(settings, "GENERATION_VALUE_SECONDS", DEFAULT_SECONDS)


def value_key(name):
    return f"{KEY_PREFIX}:{name}"


def in_request():
    return _memo.get() is not None


def area_of(path):
    return "api" if path.startswith("/api/") else "site"


def usual_names(area):
    return list(_usual_names.get(area, ()))


def remember_name(area, name):
    names = _usual_names.setdefault(area, {})
    if name not in names and len(names) < USUAL_NAMES_SIZE:
        names[name] = None


def per_generation(name, compute, *, usual=True):
    """`compute()`, kept under the current generation (see the module's docstring); computed each time outside a
    request. `name` must hold everything the value depends on besides the content (a site's id, say). A value of one
    page among many (`usual=False`) is not among those read at the start of every request."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if name in memo:
        return memo[name]
    area = memo.get(_AREA)
    if _USUAL_READ not in memo:  # the request's first value: read with the generation and the usual ones
        memo[_USUAL_READ] = True
        read_usual(memo, area, name)
    if usual:
        remember_name(area, name)
    if name in memo:  # read with the usual ones
        return memo[name]
    generation = memo[_GENERATION]  # read with the usual values, at the request's first value
    if generation is None:
        value = compute()
    else:
        cache = page_cache.get_cache()
        stored = cache.get(value_key(name))
        if stored is None or stored[0] != generation:
            value = compute()
            cache.set(value_key(name), (generation, value), value_seconds())
        else:
            value = stored[1]
    memo[name] = value
    return value


def read_usual(memo, area, name):
    """Fill `memo` with the generation (unless known), `name` and the usual values of `area` kept under it, in one
    round trip (the values of an older generation are left out)."""
    names = list(dict.fromkeys([name, *usual_names(area)]))
    known = _GENERATION in memo
    cache = page_cache.get_cache()
    found = cache.get_many([*([] if known else [page_cache.GENERATION_KEY]), *map(value_key, names)])
    if not known:
        memo[_GENERATION] = page_cache.current_generation(read=found.get(page_cache.GENERATION_KEY))
    generation = memo[_GENERATION]
    if generation is None:
        return
    for each in names:
        stored = found.get(value_key(each))
        if stored is not None and stored[0] == generation:
            memo[each] = stored[1]


class GenerationMemoMiddleware:
    """Lets the GET and HEAD requests outside the admin use the values of the current generation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(("/admin/", "/django-admin/")):
            return self.get_response(request)
        area = area_of(request.path)
        memo = {_AREA: area}
        # The page cache read the generation already (with the entry it looked for): the same one is used.
        if hasattr(request, "page_cache_generation"):
            memo[_GENERATION] = request.page_cache_generation
        token = _memo.set(memo)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


# The sites (Wagtail's Site.find_for_request, whose lookup runs one query per request).


def all_sites():
    """Every site, its root page already specific (routing starts from it)."""
    from wagtail.models import Site

    def compute():
        sites = list(Site.objects.select_related("root_page"))
        for site in sites:
            site.root_page = site.root_page.specific
        return sites

    return per_generation("sites", compute)


def site_for_hostname(sites, hostname, port):
    """wagtail.models.sites.get_site_for_hostname, on the list of sites: the same choice, or None."""
    candidates = [site for site in sites if site.hostname == hostname or site.is_default_site]

    def rank(site):
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates.sort(key=rank)
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    if rank(candidates[0]) == 2:
        return candidates[len(candidates) == 2]
    return None


def find_site(request):
    """The request's site as Site.find_for_request finds it, from the sites of the generation."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request.get_host())[0]
    return site_for_hostname(all_sites(), hostname, request.get_port())


# The restricted sections: `.public()` and the privacy check of a page.


def page_restrictions():
    """{"restrictions": the pages' view restrictions (their pages joined), "aliases": the paths of alias pages}."""
    from wagtail.models import Page, PageViewRestriction

    def compute():
        restrictions = list(PageViewRestriction.objects.select_related("page").order_by("page__path", "pk"))
        aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        return {"restrictions": restrictions, "aliases": list(aliases)}

    return per_generation("page_restrictions", compute)


def restricted_sections():
    """[(path, depth)] of the pages with a view restriction (their descendants are restricted too)."""
    return sorted({(r.page.path, r.page.depth) for r in page_restrictions()["restrictions"]})


def install():
    """Route Wagtail's `PageQuerySet.private_q`, `Page.get_view_restrictions`, `Site.find_for_request` and
    `Site.get_site_root_paths` through the values of the generation while a request runs; outside requests they
    read the database (and Wagtail's cache) as before."""
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.query import PageQuerySet

    original_private_q = PageQuerySet.private_q
    original_view_restrictions = Page.get_view_restrictions
    original_find_for_request = Site.find_for_request
    original_root_paths = Site.get_site_root_paths

    def private_q(self):
        if not in_request():
            return original_private_q(self)
        q = Q()
        for path, depth in restricted_sections():
            q |= self.descendant_of_q(SimpleNamespace(path=path, depth=depth), inclusive=True)
        return q if q else Q(pk__in=[])

    def get_view_restrictions(self):
        if in_request() and self.path and not self.alias_of_id:
            within = [path for path, _depth in restricted_sections()] + page_restrictions()["aliases"]
            if not any(self.path.startswith(path) for path in within):
                return PageViewRestriction.objects.none()
        return original_view_restrictions(self)

    def find_for_request(request):
        if request is None or hasattr(request, "_wagtail_site") or not in_request():
            return original_find_for_request(request)
        request._wagtail_site = find_site(request)
        return request._wagtail_site

    def get_site_root_paths():
        if not in_request():
            return original_root_paths()
        return per_generation("site_root_paths", original_root_paths)

    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
    Site.find_for_request = staticmethod(find_for_request)
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
