"""Django's error views where the site needs its own: under /api/ the API's JSON, elsewhere the French pages."""

from django.http import JsonResponse
from django.views import defaults

from pages.api.errors import NOT_FOUND


def page_not_found(request, exception):
    """handler404 (cms/urls.py): a URL under /api/ that no endpoint answers gets `{"message": …}` as JSON."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"message": str(NOT_FOUND)}, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
