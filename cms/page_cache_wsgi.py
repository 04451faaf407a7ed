"""Page cache hits answered before Django's request handler (issue 17: a hit near the floor of a bare WSGI app).

`PageCacheApplication` wraps the WSGI application (cms/wsgi.py). For a GET that the page cache may serve
(`page_cache.is_cacheable_request`: anonymous, not an excluded path), it looks the answer up in the cache
(`page_cache.lookup`, one round trip) and, on a hit, answers at once through the middleware that stand above
`PageCacheMiddleware` in settings.MIDDLEWARE (security headers, static files, the 400 and 413 guards, CORS),
the same instances of the same classes as the full path. What it skips is what a hit does not need: Django's
request signals (connections checked, queries reset), URL resolution and the middleware below the page cache.
A hit answered here is the same answer, headers included, as the one `PageCacheMiddleware` gives.

Everything else goes to Django's handler unchanged; the lookup of a miss travels with the request
(`page_cache.LOOKUP_KEY` in its environ) so that `PageCacheMiddleware` does not read the cache a second time.
Requests with a body, an `Origin` header (CORS answers depend on it) or a host Django refuses are left to Django
from the start.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.utils.module_loading import import_string

from cms import page_cache

MIDDLEWARE_PATH = "cms.page_cache.PageCacheMiddleware"


def outer_middleware():
    """The middleware classes that settings.MIDDLEWARE puts above the page cache, outermost first."""
    names = list(settings.MIDDLEWARE)
    if MIDDLEWARE_PATH not in names:
        return None
    return [import_string(name) for name in names[: names.index(MIDDLEWARE_PATH)]]


def wsgi_answer(response, start_response):
    """What Django's WSGIHandler does with an answer (status line, headers, cookies), without the signal of its
    close(): a hit read nothing that needs closing."""
    status = f"{response.status_code} {response.reason_phrase}"
    headers = [*response.items(), *(("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values())]
    start_response(status, headers)
    return [response.content]


class PageCacheApplication:
    def __init__(self, application):
        self.application = application
        classes = outer_middleware()
        self.chain = None
        if classes is not None:
            # Each layer turns an exception into Django's answer (the French error pages), as
            # `BaseHandler.load_middleware` does.
            chain = convert_exception_to_response(self.cached_answer)
            for middleware in reversed(classes):
                chain = convert_exception_to_response(middleware(chain))
            self.chain = chain

    @staticmethod
    def cached_answer(request):
        return request.page_cache_hit

    def __call__(self, environ, start_response):
        if self.chain is not None and self.may_serve(environ):
            request = WSGIRequest(environ)
            try:
                hit = self.lookup(request, environ)
            except SuspiciousOperation:  # a host Django refuses, too many fields: Django answers them
                hit = None
            if hit is not None:
                request.page_cache_hit = hit
                return wsgi_answer(self.chain(request), start_response)
        return self.application(environ, start_response)

    @staticmethod
    def may_serve(environ):
        return (
            environ.get("REQUEST_METHOD") == "GET"
            and "HTTP_ORIGIN" not in environ
            and environ.get("CONTENT_LENGTH", "") in ("", "0")
            and page_cache.cache_seconds() > 0
        )

    @staticmethod
    def lookup(request, environ):
        """The cached answer (as PageCacheMiddleware marks a hit), or None; a miss's lookup is kept for Django."""
        if not page_cache.is_cacheable_request(request):
            return None
        generation, cached = page_cache.lookup(request)
        if cached is None:
            environ[page_cache.LOOKUP_KEY] = (generation, None)
            return None
        response = page_cache.conditional(request, cached)
        response[page_cache.HEADER] = "HIT"
        return response
