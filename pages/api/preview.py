"""Headless preview: store an editor's unsaved page as the API serializes it; let the front end read it by token.

- `headless_preview(page, request)`: called by the admin's preview in the « Front-end » mode
  (`pages.models.preview.HeadlessPreviewMixin`). The page, with the editor's unsaved changes, is serialized
  by the API's own pages endpoint (its detail view, every field) and stored in a `PagePreview`; the editor
  sees the front end at HEADLESS_PREVIEW_URL?token=… (and a link to open it in a tab).
- `GET /api/v2/preview/?token=…`: that JSON, only with a valid token less than HEADLESS_PREVIEW_MAX_AGE
  seconds old. The token is signed (django.core.signing): it cannot be forged, altered or reused later.

The data is serialized when the editor previews, not when the front end reads it: the front end reads a
snapshot of what the editor saw, and a page the serializers cannot handle is an error in the admin, not
in the API. Only editors reach the admin's preview; a user without access to the admin gets a 403.
"""

import json
import logging
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from cms.errors import french_error
from pages.models import PagePreview

logger = logging.getLogger(__name__)

TOKEN_SALT = "pages.headless-preview"  # noqa: S105 — a signing salt, not a secret

MISSING_TOKEN = "Le paramètre « token » est obligatoire : ouvrez l'aperçu depuis l'administration."  # noqa: S105
BAD_TOKEN = "Ce jeton d'aperçu n'est pas valide."  # noqa: S105
EXPIRED_TOKEN = "Ce jeton d'aperçu a expiré : relancez l'aperçu depuis l'administration."  # noqa: S105
UNAVAILABLE = "L'aperçu est momentanément indisponible. Réessayez dans quelques instants."


def signer():
    return signing.TimestampSigner(salt=TOKEN_SALT)


# --- Storing a preview (admin) ----------------------------------------------------------------------------------


def api_representation(page, request):
    """What GET /api/v2/pages/<id>/ answers for `page` (unsaved changes included), as JSON-ready data."""
    from cms.api import api_router  # the router imports the endpoints, which import the models

    _name, endpoint_class = api_router.get_model_endpoint(type(page))
    request.wagtailapi_router = api_router
    view = endpoint_class(
        request=Request(request), args=(), kwargs={"pk": page.pk}, action="detail_view", format_kwarg=None
    )
    view.get_object = lambda: page  # the page being edited, not the saved one the endpoint would fetch
    is_new = page.pk is None
    if is_new:
        page.pk = 0  # a page not yet created has no detail URL: a placeholder for the serializer, removed below
    try:
        data = json.loads(JSONRenderer().render(view.get_serializer(page).data))
    finally:
        if is_new:
            page.pk = None
    if is_new:
        data["id"] = None
        data.get("meta", {})["detail_url"] = None
    return data


def front_end_url(token):
    """HEADLESS_PREVIEW_URL with `token=…` added to its query string."""
    parts = urlsplit(settings.HEADLESS_PREVIEW_URL)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "token"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("token", token)])))


def store_preview(page, data, user):
    """A new PagePreview (older ones are purged) and its signed token."""
    PagePreview.purge_expired()
    preview = PagePreview.objects.create(
        key=secrets.token_urlsafe(32),
        page_id=page.pk,
        content_type=ContentType.objects.get_for_model(page),
        data=data,
        created_by=user if user.is_authenticated else None,
    )
    return preview, signer().sign(preview.key)


def headless_preview(page, request):
    """The admin's preview panel in « Front-end » mode: store the page, show the front end with the token."""
    if request is None or not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    data = api_representation(page, request)
    _preview, token = store_preview(page, data, request.user)
    url = front_end_url(token)
    response = render(
        request,
        "pages/headless_preview.html",
        {
            "page": page,
            "front_end_url": url,
            "minutes": max(1, settings.HEADLESS_PREVIEW_MAX_AGE // 60),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reading a preview (front end) ------------------------------------------------------------------------------


def unlisted(response):
    """A preview's answer: never kept by any cache, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def json_answer(status, body):
    return unlisted(JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False}))


def preview(request):
    """GET /api/v2/preview/?token=…: the page as the editor previewed it, while the token is valid."""
    if request.method not in ("GET", "HEAD"):
        response = json_answer(405, {"message": "Méthode non autorisée sur cette adresse."})
        response["Allow"] = "GET, HEAD"
        return response
    token = request.GET.get("token", "")
    if not token:
        return json_answer(400, {"message": MISSING_TOKEN})
    try:
        key = signer().unsign(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        return json_answer(403, {"message": EXPIRED_TOKEN})
    except signing.BadSignature:
        return json_answer(403, {"message": BAD_TOKEN})
    try:
        stored = PagePreview.valid().filter(key=key).values_list("data", flat=True).first()
    except DatabaseError:
        logger.exception("A headless preview could not be read")
        return unlisted(french_error(request, 503, UNAVAILABLE, retry_after=30))
    if stored is None:
        return json_answer(403, {"message": EXPIRED_TOKEN})
    return json_answer(200, stored)
