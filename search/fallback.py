"""The database answers every search when the search engine cannot, and whoever reads the answer is told.

With a search engine (cms/search_engines.py) the database backend is the "fallback" backend, kept up to date on
every publish. The engine backends' results (search/backends.py `FallbackResultsMixin`) catch the engine's
errors (`ENGINE_ERRORS`: down, slow, refusing a request) and run the same query on the fallback backend: the
API's `?search=`, the admin's page, document and image searches, choosers and the search box's suggestions
answer from the database. `search.queries.search_content` (/recherche/, /api/v2/search/) runs a whole search
on one backend instead, so that hits and facet counts come from the same one.

An `Outage` records, for one request (`SearchFallbackMiddleware`) or one block of code (`watch()`), that the
engine failed: later searches go to the database at once, so an engine that hangs costs one timeout per
request, not one per query. Where a person reads the answer, `NOTICE` says it: the search page shows it, the
API's JSON carries it (`notice`), the admin shows it as a warning message.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

NOTICE = _("Le moteur de recherche est momentanément indisponible : résultats de la recherche simplifiée.")
FALLBACK_BACKEND = "fallback"

_current = ContextVar("search_outage", default=None)


def has_fallback():
    return FALLBACK_BACKEND in settings.WAGTAILSEARCH_BACKENDS


class Outage:
    """What the engine did during one request or block: failed or not; whether errors are left to the caller."""

    def __init__(self, request=None):
        self.request = request
        self.failures = 0
        self.raise_errors = False

    @property
    def happened(self):
        return self.failures > 0

    def record(self, error):
        """The engine failed: say so once where a person will read it (an admin page), log every failure."""
        self.failures += 1
        logger.warning("Search engine error, the database answers: %r", error)
        if self.failures == 1 and self.request is not None and _is_admin(self.request):
            messages.warning(self.request, NOTICE)

    @contextmanager
    def errors_raised(self):
        """Within: engine errors reach the caller, who falls back itself (search_content)."""
        previous, self.raise_errors = self.raise_errors, True
        try:
            yield
        finally:
            self.raise_errors = previous


def _is_admin(request):
    return request.path_info.startswith(reverse("wagtailadmin_home")) and hasattr(request, "_messages")


def current():
    """The outage record in force, or None outside any request or `watch()`."""
    return _current.get()


def record_failure(error):
    """The engine failed: recorded in the outage record in force, logged in any case."""
    outage = current()
    if outage is not None:
        outage.record(error)
    else:
        logger.warning("Search engine error, the database answers: %r", error)


@contextmanager
def watch(request=None):
    """The outage record of the request or block in progress (a new one if there is none)."""
    outage = _current.get()
    if outage is not None:
        yield outage
        return
    outage = Outage(request)
    token = _current.set(outage)
    try:
        yield outage
    finally:
        _current.reset(token)


class SearchFallbackMiddleware:
    """One outage record per request: one timeout at most per request, and the admin's warning message.

    An answer the database gave for the engine is not kept (`max-age=0`): neither the page cache
    (cms/page_cache.py) nor a proxy serves the notice once the engine is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with watch(request) as outage:
            response = self.get_response(request)
        if outage.happened:
            patch_cache_control(response, max_age=0)
        return response
