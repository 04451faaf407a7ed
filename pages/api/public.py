"""The pages an API request may read: Wagtail's `get_public_pages_queryset`, with the view restrictions of the
generation (cms/generation_cache.py) instead of a query per call, and built once per request (`PagesEndpoint`)."""

from django.conf import settings
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page

from cms.generation_cache import page_restrictions


def public_pages_queryset(request):
    """Live pages of the requested site, outside the restricted sections this request has not passed."""
    queryset = Page.objects.all().live()
    for restriction in page_restrictions()["restrictions"]:
        if not restriction.accept_request(request):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    if not site:
        return queryset.none()
    base_queryset = queryset
    queryset = base_queryset.descendant_of(site.root_page, inclusive=True)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for translation in site.root_page.get_translations():
            queryset |= base_queryset.descendant_of(translation, inclusive=True)
    return queryset
