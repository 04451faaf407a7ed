"""HTTP only: robots.txt and the listing of a keyword's pages. The feeds are in `pages.feeds`, the sitemap is
Wagtail's."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.models import Site

from pages import listings, seo
from search.params import MAX_QUERY_LENGTH

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
# A taggit slug is at most 100 characters: a longer one is unknown without asking the database.
KEYWORD_SLUG_MAX_LENGTH = 100


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {seo.absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def keyword_pages(request, slug):
    """« Pages avec le mot-clé « … » »: the live, public pages of the site carrying a keyword, paginated; a 404
    for a keyword no public page carries. Searching among them is the search narrowed by the keyword
    (`/recherche/?keyword=<slug>`)."""
    site = Site.find_for_request(request)
    listing = None
    if site is not None and len(slug) <= KEYWORD_SLUG_MAX_LENGTH:
        listing = listings.keyword_listing(request, slug, site.root_page)
    if listing is None:
        raise Http404("Aucune page publique ne porte ce mot-clé.")
    search_url = reverse("search") + "?" + urlencode({"keyword": listing["keyword"].slug})
    context = {**listing, "search_url": search_url, "max_query_length": MAX_QUERY_LENGTH}
    return TemplateResponse(request, "pages/keyword_pages.html", context)
