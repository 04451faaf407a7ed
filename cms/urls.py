from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health
from cms.api import api_router
from pages import login_throttle
from pages.api import preview
from pages.api.schema import schema_view
from search import views as search_views

urlpatterns = [
    # Liveness and readiness for the container platform (cms/health.py): JSON, never cached.
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    # Wagtail's password forms of private pages and collections, at their own paths, with their failures counted
    # (pages/login_throttle.py): before Wagtail's URLs, which route the same paths to the bare views.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_throttle.page_password_form,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        login_throttle.document_password_form,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", search_views.search, name="search"),
    path("recherche/suggestions/", search_views.suggestions, name="search_suggestions"),
    path("api/v2/", api_router.urls),
    path("api/schema/", schema_view, name="api_schema"),
    # Feeds (/flux/…), sitemap.xml and robots.txt.
    path("", include("pages.urls")),
    # The write API (contributions, dossier requests) and the headless preview, beside the read API.
    path("api/v2/", include("pages.contributions.api_urls")),
    path("api/v2/preview/", preview.preview, name="api_headless_preview"),
]

# An address nothing answers under /api/ gets the API's JSON 404, the French 404 page elsewhere (cms/errors.py).
handler404 = "cms.errors.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page serving stays last: it answers every URL not caught above.
    path("", include(wagtail_urls)),
]
