"""A database outage answers 503 in French, never 500.

When PostgreSQL is stopped, restarting or unreachable, every view that reads a page fails with Django's
`OperationalError` (or `InterfaceError` on a connection that was cut). Without this middleware that is a
500 « Erreur du serveur »; with it, the visitor gets the French 503 page (`templates/503.html`, rendered
without a request context, so without any database access) and the API's clients a French JSON message,
both with `Retry-After` and `Cache-Control: no-store` (a front cache must not keep the outage). The site
answers normally again as soon as the database does: Django opens a new connection for the next request.

Other database errors (a constraint, a bad query) are bugs, not outages: they stay 500s. The contribution
forms and the write API catch their own database failures first (`pages.contribution_views`).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from pages.storage import wants_json  # the API and clients asking for JSON, as for a storage outage

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
PAGE_MESSAGE = "La Plateforme ne peut pas répondre pour le moment. Merci de réessayer dans quelques minutes."
FORM_MESSAGE = (
    "Votre envoi n'a pas pu être traité : notre base de données ne répond pas pour le moment. "
    "Merci de réessayer dans quelques minutes."
)
API_MESSAGE = "Service momentanément indisponible : la base de données ne répond pas. Réessayez dans une minute."
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request):
    """The French 503 answer for a request the database could not serve."""
    if wants_json(request):
        response = JsonResponse({"message": API_MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        form_sent = request.method == "POST"
        html = render_to_string(
            "503.html", {"message": FORM_MESSAGE if form_sent else PAGE_MESSAGE, "form_sent": form_sent}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns an exception of a database outage, raised by a view or while rendering, into the French 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error("Database unavailable while serving %s %s", request.method, request.path, exc_info=exception)
        return database_unavailable(request)
