"""Refuse a request body bigger than settings.REQUEST_MAX_BODY_SIZE before anything reads it.

Django limits the non-file part of a body (DATA_UPLOAD_MAX_MEMORY_SIZE, answered with a 400) but streams
uploaded files to disk whatever their size; forms check each file's size only afterwards. A declared
Content-Length above the limit gets a French 413 at once (JSON under /api/, the 413 page elsewhere).
The front proxy (nginx `client_max_body_size`…) should refuse the same bodies, chunked ones included.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

MESSAGE = "L'envoi est trop volumineux : {limit} au maximum par envoi."


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
        message = MESSAGE.format(limit=filesizeformat(limit))
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"message": message}, status=413)
        else:
            body = render_to_string("413.html", {"message": message})
            response = HttpResponse(body, status=413)
        # The client may still be sending: closing the connection spares reading the rest.
        response["Connection"] = "close"
        return response
