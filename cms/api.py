"""The API router (Wagtail API v2), mounted at /api/v2/ in cms/urls.py."""

from wagtail.api.v2.router import WagtailAPIRouter

from pages.api.endpoints import DocumentsEndpoint, ImagesEndpoint, PagesEndpoint
from search.api import SearchEndpoint

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("search", SearchEndpoint)
