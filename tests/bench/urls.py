"""The site benchmark's URLs (ROOT_URLCONF of cms/settings/bench.py): the site's own, plus the floor view.

The floor is the figure every measure is compared with: a bare Django view under the same server, with every
middleware and no database query. No other configuration routes it.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.urls import handler404
from cms.urls import urlpatterns as site_urlpatterns
from tests.bench.site_report import FLOOR_PATH


@never_cache
def floor(request):
    """The floor: a bare Django view (every middleware, no database query), 5 bytes."""
    return HttpResponse(b"floor", content_type="text/plain")


# Before the site's URLs: Wagtail's page serving, last there, answers every other path.
urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor, name="bench_floor"), *site_urlpatterns]

__all__ = ["handler404", "urlpatterns"]
