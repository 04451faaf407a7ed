"""French error answers, as HTML or JSON according to the client, and Django's error views where the site needs its own.

`french_error` is the one place that builds a 4xx/5xx answer in French outside the API's own exception handler
(pages/api/errors.py): the request-size 413, the outage 503s (database, file storage, temporary directory), the
rate-limit 429s, the CSRF failure's 403 (`csrf_failure`, CSRF_FAILURE_VIEW). A client that wants JSON (anything
under /api/, an XMLHttpRequest, an Accept header that asks for JSON and not HTML) gets `{"message": …}`; a browser
gets the standalone error page `templates/<status>.html`.
"""

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from django.views import defaults

# The API's 404 message (pages/api/errors.py answers it too).
NOT_FOUND = gettext_lazy("Contenu introuvable.")


def wants_json(request):
    """True for the API and for clients asking for JSON rather than a page."""
    accept = request.headers.get("Accept", "")
    return (
        request.path.startswith("/api/")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


def json_error(status, message, /, **extra):
    """`{"message": …, **extra}` with `status`, never cached (`extra` may hold a key "status" of its own)."""
    response = JsonResponse({"message": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def french_error(
    request, status, message, *, template=None, context=None, retry_after=None, with_request=True, **extra
):
    """The French answer `status` to `request`: JSON `{"message": message, **extra}` or the page `template`.

    The page (`<status>.html` unless `template` is given) is rendered at once with `message` and `context`;
    `with_request=False` renders it without the request's context processors (a database outage: they would
    query it). `retry_after` (seconds) sets Retry-After. Neither answer is cached.
    """
    if wants_json(request):
        response = json_error(status, message, **extra)
    else:
        html = render_to_string(
            template or f"{status}.html",
            {"message": message, **(context or {})},
            request=request if with_request else None,
        )
        response = HttpResponse(html, status=status)
        response["Cache-Control"] = "no-store"
    if retry_after is not None:
        response["Retry-After"] = str(int(retry_after))
    return response


def page_not_found(request, exception):
    """handler404 (cms/urls.py): a URL under /api/ that no endpoint answers gets `{"message": …}` as JSON."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"message": str(NOT_FOUND)}, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


CSRF_FAILURE_MESSAGE = gettext_lazy(
    "Votre envoi n'a pas pu être vérifié : la page est peut-être restée ouverte trop longtemps, ou votre navigateur "
    "refuse les cookies de ce site. Rien n'a été enregistré."
)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent with a missing or expired token (or without the CSRF cookie) gets a French 403
    that says what happened and that going back keeps what was typed (`403_csrf.html`), JSON for JSON clients.

    Rendered without the request's context: no page, menu or database is needed, like the other error pages.
    `reason` is Django's English reason, for developers: only in the JSON (`detail`), never on the page.
    The answer brings a CSRF cookie (`get_token`): the form the visitor goes back to can be sent again, its token
    refreshed from that cookie (static/js/forms.js).
    """
    get_token(request)
    extra = {"detail": reason} if reason else {}
    return french_error(request, 403, CSRF_FAILURE_MESSAGE, template="403_csrf.html", with_request=False, **extra)
