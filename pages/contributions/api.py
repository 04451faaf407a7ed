"""The write half of the API: the contribution and dossier-request forms of a headless front end, in JSON.

The same forms (`pages.contributions.forms`), services (`pages.contributions.services`) and anti-abuse
(`pages.contributions.antiabuse`) as the HTML forms, in the same order: rate limit, form (honeypot, signed form
token, minimum fill time, validation), service (all or nothing), mails after commit. Only the HTTP differs:

- `GET …/form/` describes the form (fields, choices, limits) and issues the signed form token a JSON client
  cannot get from an HTML page; the token goes back in the `form_token` field of the POST.
- `POST` accepts multipart/form-data (the only way to send files), application/x-www-form-urlencoded and
  application/json; any other body is answered 415, a body over the limits 413.
- Every answer is JSON with a French `message`; a refused form adds `errors` (French messages per field,
  `__all__` for the form as a whole) and the `form_token` to send the corrected form with.
- A client past CONTRIBUTION_RATE_LIMIT gets 429 (the HTML forms and the API share the count); a database
  or file storage failure 503, with nothing stored.

CSRF: these views are exempt. They are called cross-origin by front ends, anonymously: nothing in them reads a
session or a cookie, so a forged cross-site request gains nothing a direct one would not have. What protects
them is what protects the HTML forms from robots: the signed, time-stamped form token, the honeypot and the
rate limit per client. Responses never repeat what was sent (no name, e-mail or message).
"""

import json
import logging
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.db import DatabaseError
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from cms.errors import json_error
from cms.outages import UNAVAILABLE_MESSAGE as STORAGE_UNAVAILABLE_MESSAGE
from cms.outages import StorageUnavailable, spool_failure_response
from pages.contributions.antiabuse import (
    rate_limit_message,
    rate_limit_window,
    rate_limited,
)
from pages.contributions.descriptions import describe_form, upload_limits
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.contributions.services import NotPersonToPerson, request_dossier
from pages.contributions.views import UNAVAILABLE_MESSAGE, privacy_url, save_contribution
from pages.models import DossierPage

logger = logging.getLogger(__name__)

ACCEPTED_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded", "application/json")
# Room for the text fields and the multipart framing on top of the files themselves.
FORM_FIELDS_ALLOWANCE = 1024 * 1024

CONTRIBUTION_RECEIVED = (
    "Merci ! Votre contribution a bien été reçue. Elle sera relue par l'équipe de la Plateforme avant d'être "
    "publiée. Vous allez recevoir un accusé de réception par e-mail (un seul si vous faites plusieurs envois à "
    "peu d'intervalle)."
)
REQUEST_SENT = (
    "Votre demande a été transmise au Centre culturel. Il vous répondra directement à l'adresse e-mail indiquée."
)
FORM_ERRORS = "Le formulaire contient des erreurs : corrigez les champs indiqués puis envoyez-le à nouveau."
NOT_PERSON_TO_PERSON = (
    "Ce dossier est en téléchargement direct : ses documents se téléchargent sur sa page, sans demande."
)
NO_SUCH_DOSSIER = "Aucun dossier publié ne porte cet identifiant."
UNSUPPORTED_CONTENT_TYPE = (
    "Type de contenu non accepté. Envoyez le formulaire en multipart/form-data (obligatoire avec des fichiers), "
    "application/x-www-form-urlencoded ou application/json."
)
UNREADABLE_BODY = "Le corps de la requête est illisible : vérifiez son format et son encodage."
BAD_JSON = "Le corps de la requête n'est pas un objet JSON valide."
BAD_JSON_VALUE = (
    "Cette valeur n'est pas acceptée : envoyez un texte, un nombre, un booléen ou une liste de ces valeurs."
)
NESTED_JSON = (
    "Le corps de la requête est trop imbriqué : chaque champ attend un texte, un nombre, un booléen "
    "ou une liste de ces valeurs."
)
# The forms take flat values: an object of texts or lists (depth 2). One level more still gets the field's own
# message (BAD_JSON_VALUE); anything deeper is refused before the parser sees it.
MAX_JSON_DEPTH = 3
JSON_STRING = re.compile(r'"[^"]*"')
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
BRACKET_PAIRS = str.maketrans("[{]}", "(())")


def method_not_allowed(allowed):
    response = json_error(405, "Méthode non autorisée sur cette adresse.")
    response["Allow"] = ", ".join(allowed)
    return response


def too_many_requests():
    seconds = rate_limit_window()
    minutes = max(1, round(seconds / 60))
    response = json_error(429, rate_limit_message(minutes), retry_after=seconds)
    response["Retry-After"] = str(seconds)
    return response


def service_unavailable(message=UNAVAILABLE_MESSAGE):
    response = json_error(503, message)
    response["Retry-After"] = "300"
    return response


def too_large(limit):
    megabytes = max(1, limit // (1024 * 1024))
    return json_error(413, f"L'envoi est trop volumineux : {megabytes} Mo au maximum, fichiers compris.")


def content_type_of(request):
    return (request.content_type or "").lower()


def refuse_body(request, max_size):
    """A 415 or 413 answer for a body this API will not read, or None. The body is not read here."""
    if content_type_of(request) not in ACCEPTED_CONTENT_TYPES:
        return json_error(415, UNSUPPORTED_CONTENT_TYPE)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return json_error(400, UNREADABLE_BODY)
    if length > max_size:
        return too_large(max_size)
    return None


def json_value(value):
    """A JSON value as a form field would receive it from an HTML form, or ValueError."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, (int, str)) and not isinstance(item, bool) for item in value):
        return [str(item) for item in value]
    raise ValueError(value)


def json_nesting_error(text, limit=MAX_JSON_DEPTH):
    """BAD_JSON, NESTED_JSON or "" for a JSON text, from its brackets alone: linear, no recursion.

    Python's parser recurses once per level: a body nested thousands deep would end in a RecursionError.
    """
    # Escaped backslashes, then escaped quotes, then whole strings: what remains is outside any string.
    skeleton = JSON_STRING.sub("", text.replace("\\\\", "").replace('\\"', ""))
    brackets = NOT_A_BRACKET.sub("", skeleton).translate(BRACKET_PAIRS)
    if brackets.count("(") != brackets.count(")"):
        return BAD_JSON
    for _ in range(limit):  # each pass removes the innermost level
        brackets = brackets.replace("()", "")
    return NESTED_JSON if brackets else ""


def read_body(request):
    """(data, files, errors) from the request's body; errors is a dict of French messages per field."""
    if content_type_of(request) != "application/json":
        return request.POST, request.FILES, {}
    try:
        text = request.body.decode(request.encoding or "utf-8")
    except UnicodeDecodeError:
        return None, None, {"__all__": [BAD_JSON]}
    if problem := json_nesting_error(text):
        return None, None, {"__all__": [problem]}
    try:
        payload = json.loads(text)
    except ValueError:
        return None, None, {"__all__": [BAD_JSON]}
    if not isinstance(payload, dict):
        return None, None, {"__all__": [BAD_JSON]}
    data, errors = {}, {}
    for name, value in payload.items():
        try:
            converted = json_value(value)
        except ValueError:
            errors[str(name)] = [BAD_JSON_VALUE]
            continue
        if converted is not None:
            data[str(name)] = converted
    return data, {}, errors


def form_errors(form):
    """{field: [French messages]}; the form as a whole (robots, token) under `__all__`."""
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def refused_schema():
    """The shape of `refused`'s answers, docs/openapi.json's `FormRefused` (generated from here; the tests check
    real answers against it)."""
    messages = {"type": "array", "items": {"type": "string"}}
    return {
        "type": "object",
        "required": ["message"],
        "additionalProperties": False,
        "properties": {
            "message": {"type": "string", "description": "Message en français, à montrer tel quel."},
            "errors": {
                "type": "object",
                "description": (
                    "Messages en français par nom de champ ; `__all__` pour le formulaire entier (champ piège "
                    "rempli, jeton absent, modifié ou expiré, envoi trop rapide, JSON invalide ou trop imbriqué) ; "
                    "absent si le corps était illisible (`message` le dit)."
                ),
                "additionalProperties": messages,
            },
            "form_token": {
                "type": "string",
                "description": "Jeton à renvoyer avec le formulaire corrigé (absent si le corps était illisible).",
            },
        },
    }


def refused(form=None, errors=None):
    extra = {"errors": errors if errors is not None else form_errors(form)}
    if form is not None:
        # The token to send the corrected form with: the one received when it was valid (the fill time runs
        # from the first display, as on the HTML page), a fresh one otherwise.
        extra["form_token"] = form.initial["form_token"]
    return json_error(400, FORM_ERRORS, **extra)


def bound_form(request, form_class, **kwargs):
    """The form bound to the request's body, or an HTTP answer refusing the body (413, 400)."""
    try:
        data, files, errors = read_body(request)
    except RequestDataTooBig:
        # Text fields past DATA_UPLOAD_MAX_MEMORY_SIZE (files are not counted there).
        return None, too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    except (MultiPartParserError, TooManyFieldsSent, SuspiciousOperation, UnicodeDecodeError, UnreadablePostError):
        return None, json_error(400, UNREADABLE_BODY)
    except OSError as error:
        # The temporary directory could not take the files (full disk…): 503, no temporary file left.
        return None, spool_failure_response(request, error, service_unavailable)
    if errors:
        return None, refused(errors=errors)
    return form_class(data, files, **kwargs), None


# --- Contributions ----------------------------------------------------------------------------------------------


def contribution_max_size():
    return settings.CONTRIBUTION_MAX_TOTAL_SIZE + FORM_FIELDS_ALLOWANCE


def contribution_form(request):
    """GET /api/v2/contributions/form/: the contribution form's fields and a fresh form token."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(["GET", "HEAD"])
    try:
        link = privacy_url(request)
        body = describe_form(request, ContributionForm(privacy_url=link), link)
    except DatabaseError:
        logger.exception("The contribution form could not be described")
        return service_unavailable()
    body["limits"] = upload_limits()
    return json_error(200, "Formulaire de contribution.", **body)


@csrf_exempt
def submit_contribution(request):
    """POST /api/v2/contributions/: store a contribution (multipart with its files) like /contribuer/ does."""
    if request.method != "POST":
        return method_not_allowed(["POST"])
    # A body of the wrong type or size is refused unread, before it counts against the rate limit.
    refusal = refuse_body(request, contribution_max_size())
    if refusal is not None:
        return refusal
    try:
        if rate_limited(request, "contribution"):
            return too_many_requests()
        form, refusal = bound_form(request, ContributionForm, privacy_url=privacy_url(request))
        if refusal is not None:
            return refusal
        if not form.is_valid():
            return refused(form)
        if save_contribution(form) is None:
            return refused(form)
    except DatabaseError:
        logger.exception("A contribution sent through the API could not be stored; nothing of it was kept")
        return service_unavailable()
    except StorageUnavailable:
        logger.exception("A file of a contribution sent through the API could not be stored; nothing was kept")
        return service_unavailable(STORAGE_UNAVAILABLE_MESSAGE)
    return json_error(201, CONTRIBUTION_RECEIVED)


# --- Dossier requests -------------------------------------------------------------------------------------------

REQUEST_MAX_SIZE = 64 * 1024  # a name, an e-mail address, a centre and 3,000 characters of message


def requestable_dossier(dossier_id):
    """(dossier, None) for a live public person-to-person dossier, else (None, a 404 answer)."""
    dossier = DossierPage.objects.live().public().filter(pk=dossier_id).first()
    if dossier is None:
        return None, json_error(404, NO_SUCH_DOSSIER)
    if dossier.is_downloadable:
        return None, json_error(404, NOT_PERSON_TO_PERSON)
    return dossier, None


def describe_dossier(dossier):
    return {"id": dossier.pk, "title": dossier.title}


def dossier_request_form(request, dossier_id):
    """GET /api/v2/dossiers/<id>/requests/form/: the request form's fields and a fresh form token."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(["GET", "HEAD"])
    try:
        dossier, refusal = requestable_dossier(dossier_id)
        if refusal is not None:
            return refusal
        link = privacy_url(request)
        body = describe_form(request, DossierRequestForm(privacy_url=link), link)
    except DatabaseError:
        logger.exception("The dossier request form could not be described")
        return service_unavailable()
    return json_error(200, "Formulaire de demande de dossier.", dossier=describe_dossier(dossier), **body)


@csrf_exempt
def submit_dossier_request(request, dossier_id):
    """POST /api/v2/dossiers/<id>/requests/: ask the centre for its dossier, like the form on the dossier's page."""
    if request.method != "POST":
        return method_not_allowed(["POST"])
    refusal = refuse_body(request, REQUEST_MAX_SIZE)
    if refusal is not None:
        return refusal
    try:
        dossier, refusal = requestable_dossier(dossier_id)
        if refusal is not None:
            return refusal
        if rate_limited(request, "dossier-request"):
            return too_many_requests()
        form, refusal = bound_form(request, DossierRequestForm, privacy_url=privacy_url(request))
        if refusal is not None:
            return refusal
        if not form.is_valid():
            return refused(form)
        request_dossier(dossier=dossier, data=form.request_data(), submission_token=form.form_token.submission_token)
    except NotPersonToPerson:
        return json_error(404, NOT_PERSON_TO_PERSON)
    except DatabaseError:
        logger.exception("A dossier request sent through the API could not be stored")
        return service_unavailable()
    return json_error(201, REQUEST_SENT)
