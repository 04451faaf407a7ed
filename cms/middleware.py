"""Requests refused before any view reads them: an address with control characters, a body too big.

- `ControlCharacterMiddleware`: a path or query string holding a control character (`%00`, `%1b`…), which no
  link of the site and no form a person fills carries, gets a French 400. Nothing behind it has to cope with
  them: PostgreSQL refuses NUL in text (a DataError), feeds, page lookups and searches would pass them on.
- `RequestBodyLimitMiddleware`: Django limits the non-file part of a body (DATA_UPLOAD_MAX_MEMORY_SIZE, answered
  with a 400) but streams uploaded files to disk whatever their size; forms check each file's size only
  afterwards. A declared Content-Length above settings.REQUEST_MAX_BODY_SIZE gets a French 413 at once.

Both answer in French, JSON `{"message": …}` under /api/ and the standalone error page elsewhere.
"""

import re
from urllib.parse import unquote_plus

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from cms.errors import french_error

MESSAGE = "L'envoi est trop volumineux : {limit} au maximum par envoi."
CONTROL_MESSAGE = (
    "L'adresse demandée contient un caractère de contrôle (par exemple %00), qu'aucun lien du site ne contient : "
    "elle ne peut pas être lue."
)
# C0 controls but tab, line feed and carriage return (text pasted into a search box may hold them: searches treat
# them as spaces), DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text):
    return bool(CONTROL_CHARACTERS.search(text or ""))


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Invalid UTF-8 (%ff) decodes to U+FFFD, a printable character: only real controls are refused.
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if has_control_characters(request.path_info) or has_control_characters(query):
            return french_error(request, 400, CONTROL_MESSAGE, with_request=False)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BODY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request, limit):
        # No `Connection: close`: a WSGI application may not set hop-by-hop headers (wsgiref, hence runserver,
        # refuses them with a 500, and gunicorn drops them). The server decides: gunicorn's sync workers close
        # every connection after its answer, the threaded ones drain a bounded part of the body first.
        # Content-Length (CommonMiddleware, after this one, would add it): the client knows where the answer
        # ends even if the server keeps the connection open to read the body it declared (runserver does).
        response = french_error(request, 413, MESSAGE.format(limit=filesizeformat(limit)), with_request=False)
        response["Content-Length"] = str(len(response.content))
        return response
