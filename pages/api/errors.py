"""Errors of the API as JSON with a French message: 400 for a bad parameter, 404 for nothing there.

Wagtail's API v2 raises `BadRequestError` with English messages; the ones a front end can trigger are
translated here (the original is kept as `detail` for developers). Nothing reaches a 500.
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from cms.errors import NOT_FOUND

from .shapes import array, string

# (pattern of Wagtail's message, French message): the first match wins.
TRANSLATIONS = [
    (r"^query parameter is not an operation or a recognised field: (?P<names>.*)$", "Paramètre inconnu : {names}."),
    (r"^unknown fields: (?P<names>.*)$", "Champ inconnu : {names}."),
    (r"^fields error", "Le paramètre « fields » est mal formé."),
    (r"^'(?P<name>[^']*)' does not support nested fields$", "Le champ « {name} » n'a pas de sous-champs."),
    (r"^type doesn't exist$", "Ce type de page n'existe pas (par ex. « pages.ResourcePage »)."),
    (r"^offset must be a positive integer$", "« offset » doit être un entier positif."),
    (r"^offset cannot be higher than (?P<n>\d+)$", "« offset » ne peut pas dépasser {n}."),
    (r"^limit must be a positive integer$", "« limit » doit être un entier positif."),
    (r"^limit cannot be higher than (?P<n>\d+)$", "« limit » ne peut pas dépasser {n}."),
    (r"^cannot order by", "Tri impossible sur ce champ."),
    (r"^random ordering", "Le tri aléatoire ne se combine ni avec un autre tri ni avec « offset »."),
    (
        r"^(child_of|descendant_of|ancestor_of|translation_of) must be",
        "L'identifiant de page doit être un entier positif.",
    ),
    (r"page doesn't exist$", "Cette page n'existe pas ou n'est pas publique."),
    (r"^filtering by descendant_of with child_of", "« descendant_of » ne se combine pas avec « child_of »."),
    (r"^field filter error", "Valeur de filtre invalide pour ce champ."),
    (r"^filtering by tag with a search query", "Le filtre par mot-clé ne se combine pas avec « search »."),
    (r"^cannot filter by .* while searching", "Ce filtre ne se combine pas avec « search »."),
    (r"^search is disabled$", "La recherche est désactivée."),
    (r"rich_text_format", "Valeur invalide pour « rich_text_format » (« html » ou « db_html »)."),
    (r"site", "Site inconnu."),
]


def french_message(message):
    for pattern, french in TRANSLATIONS:
        match = re.search(pattern, message)
        if match:
            return french.format(**match.groupdict())
    return _("Requête invalide.")


def openapi_schema():
    """The shape of every answer of `bad_request` and `not_found`, docs/openapi.json's `Error`: `message`, and
    what `bad_request` adds when it has it (tests/api/test_error_schemas.py checks real answers against it)."""
    return {
        "type": "object",
        "required": ["message"],
        "additionalProperties": False,
        "properties": {
            "message": string(description="Message en français."),
            "errors": {
                "type": "object",
                "description": "Messages en français par paramètre.",
                "additionalProperties": array(string()),
            },
            "detail": string(description="Message technique d'origine (anglais), pour les développeurs."),
        },
    }


def bad_request(message, errors=None, detail=None):
    data = {"message": message}
    if errors:
        data["errors"] = errors
    if detail and detail != message:
        data["detail"] = detail
    return Response(data, status=status.HTTP_400_BAD_REQUEST)


def not_found():
    return Response({"message": str(NOT_FOUND)}, status=status.HTTP_404_NOT_FOUND)


class FrenchErrorsMixin:
    """For the API's viewsets: Wagtail's and DRF's errors as {"message": …} in French."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404 | exceptions.NotFound):
            return not_found()
        if isinstance(exc, BadRequestError):
            errors = getattr(exc, "errors", None)
            if errors:
                return bad_request(str(exc), errors=errors)
            return bad_request(french_message(str(exc)), detail=str(exc))
        if isinstance(exc, exceptions.NotAcceptable):
            response = Response({"message": _("Format de réponse non disponible : JSON uniquement.")}, status=406)
            return response
        if isinstance(exc, exceptions.MethodNotAllowed):
            response = super().handle_exception(exc)
            response.data = {"message": _("Méthode non autorisée : l'API de lecture n'accepte que GET.")}
            return response
        return super().handle_exception(exc)
