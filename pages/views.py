"""HTTP only: robots.txt. The feeds are in `pages.feeds`, the sitemap is Wagtail's."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from pages import seo

# Never worth indexing: the admin, search results (endless combinations of queries) and the pages a form
# shows after it was sent. Robots that read RFC 9309 wildcards skip every « merci/ » and request page.
DISALLOWED = (
    "/admin/",
    "/django-admin/",
    "/recherche/",
    "/*/merci/",
    "/*/demander/",
    "/*/demande-envoyee/",
)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {seo.absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
