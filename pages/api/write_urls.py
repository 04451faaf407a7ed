"""URLs of the write API and of the headless preview, mounted under /api/v2/ by cms/urls.py."""

from django.urls import path

from pages.api import preview, write

urlpatterns = [
    path("contributions/form/", write.contribution_form, name="api_contribution_form"),
    path("contributions/", write.submit_contribution, name="api_contributions"),
    path("dossiers/<int:dossier_id>/requests/form/", write.dossier_request_form, name="api_dossier_request_form"),
    path("dossiers/<int:dossier_id>/requests/", write.submit_dossier_request, name="api_dossier_requests"),
    path("preview/", preview.preview, name="api_headless_preview"),
]
