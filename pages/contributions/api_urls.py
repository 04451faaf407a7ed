"""URLs of the write API (contributions, dossier requests), mounted under /api/v2/ by cms/urls.py."""

from django.urls import path

from pages.contributions import api

urlpatterns = [
    path("contributions/form/", api.contribution_form, name="api_contribution_form"),
    path("contributions/", api.submit_contribution, name="api_contributions"),
    path("dossiers/<int:dossier_id>/requests/form/", api.dossier_request_form, name="api_dossier_request_form"),
    path("dossiers/<int:dossier_id>/requests/", api.submit_dossier_request, name="api_dossier_requests"),
]
