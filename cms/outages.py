"""Outages answer a French 503, never a 500: the database, the file storage, the temporary directory.

All three answers are built by cms.errors.french_error: the standalone page `templates/503.html` (which says how to
get a filled form back after a POST) or, for the API and clients asking for JSON, `{"message": …}`; with
Retry-After and `Cache-Control: no-store` (a front cache must not keep the outage).

The database (`DatabaseUnavailableMiddleware`): when PostgreSQL is stopped, restarting or unreachable, every view
that reads a page fails with Django's `OperationalError` (or `InterfaceError` on a connection that was cut). The
page is then rendered without a request context, so without any database access. The site answers normally again
as soon as the database does: Django opens a new connection for the next request. Other database errors (a
constraint, a bad query) are bugs, not outages: they stay 500s. The contribution forms and the write API catch
their own database failures first.

The file storage (an S3 store down or slow, a full disk):

- `STORAGE_ERRORS`: what a storage raises when it cannot be reached or written (OSError for local files,
  botocore's errors for S3; cms/storage.py gives the S3 client short timeouts and no retries).
- `StorageUnavailable`: raised by the services (pages.contributions.services) when a file could not be stored; nothing
  of the submission was kept. The public form and the write API answer 503 with `UNAVAILABLE_MESSAGE`.
- `StorageUnavailableMiddleware`: the safety net for every other view (an editor uploading a document or an
  image in the admin, a rendition made while the store is down): a 503 page, or JSON for /api/ and the
  admin's upload requests, in French, instead of a 500.
- `UploadSpoolMiddleware`: uploaded files bigger than FILE_UPLOAD_MAX_MEMORY_SIZE are written to the temporary
  directory (FILE_UPLOAD_TEMP_DIR, else TMPDIR) while the body is read. A full disk or a file size limit there is
  a French 503 too, and every temporary file of the request is removed at once (`discard_spooled_files`).
"""

import contextlib
import logging

from django.db import InterfaceError, OperationalError
from django.http import UnreadablePostError

from cms.errors import french_error, wants_json

logger = logging.getLogger(__name__)

try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # boto3 is a runtime requirement; without it only local storage exists
    BotoCoreError = ClientError = None

DATABASE_RETRY_AFTER = 60
PAGE_MESSAGE = "La Plateforme ne peut pas répondre pour le moment. Merci de réessayer dans quelques minutes."
FORM_MESSAGE = (
    "Votre envoi n'a pas pu être traité : notre base de données ne répond pas pour le moment. "
    "Merci de réessayer dans quelques minutes."
)
API_MESSAGE = "Service momentanément indisponible : la base de données ne répond pas. Réessayez dans une minute."
OUTAGE_ERRORS = (OperationalError, InterfaceError)

STORAGE_ERRORS = tuple(error for error in (OSError, BotoCoreError, ClientError) if error is not None)

UNAVAILABLE_MESSAGE = (
    "Vos fichiers n'ont pas pu être enregistrés : notre stockage de fichiers ne répond pas. "
    "Rien n'a été conservé de votre envoi : merci de réessayer dans quelques minutes."
)
ADMIN_UNAVAILABLE_MESSAGE = (
    "Le stockage des fichiers ne répond pas : le fichier n'a pas été enregistré. "
    "Réessayez dans quelques minutes ; si la panne dure, prévenez l'équipe technique."
)
STORAGE_RETRY_AFTER = 300
READ_UNAVAILABLE_MESSAGE = (
    "Le stockage des fichiers ne répond pas pour le moment. Merci de réessayer dans quelques minutes."
)


# --- The database ---------------------------------------------------------------------------------------------


def database_unavailable(request):
    """The French 503 answer for a request the database could not serve."""
    form_sent = request.method == "POST"
    message = API_MESSAGE if wants_json(request) else FORM_MESSAGE if form_sent else PAGE_MESSAGE
    return french_error(
        request,
        503,
        message,
        context={"form_sent": form_sent},
        retry_after=DATABASE_RETRY_AFTER,
        with_request=False,  # the request's context processors would query the database
    )


class DatabaseUnavailableMiddleware:
    """Turns an exception of a database outage, raised by a view or while rendering, into the French 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error("Database unavailable while serving %s %s", request.method, request.path, exc_info=exception)
        return database_unavailable(request)


# --- The file storage -----------------------------------------------------------------------------------------


class StorageUnavailable(Exception):
    """A file could not be written to (or read from) the storage; nothing was kept."""


def is_storage_error(error):
    if isinstance(error, StorageUnavailable):
        return True
    return BotoCoreError is not None and isinstance(error, BotoCoreError | ClientError)


def unavailable_response(request, message):
    """The French 503 of a storage outage."""
    form_sent = request.method == "POST"  # the 503 page then says how to get the filled form back
    return french_error(request, 503, message, context={"form_sent": form_sent}, retry_after=STORAGE_RETRY_AFTER)


def write_failure_message(request):
    return ADMIN_UNAVAILABLE_MESSAGE if request.path.startswith("/admin/") else UNAVAILABLE_MESSAGE


class StorageUnavailableMiddleware:
    """Turn a storage failure that reached the top of a view into a French 503 (a 500 otherwise).

    Only S3's errors and `StorageUnavailable`: a local OSError may be a bug and stays a 500 (with its traceback
    in the log), as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_error(exception):
            return None
        logger.error("The file storage failed during %s %s", request.method, request.path, exc_info=exception)
        message = READ_UNAVAILABLE_MESSAGE if request.method in ("GET", "HEAD") else write_failure_message(request)
        return unavailable_response(request, message)


# --- Uploads spooled to the temporary directory ----------------------------------------------------------------


def discard_spooled_files(request):
    """Close, and so delete, every temporary file of the request's uploads: the one being written when the
    parse failed (still held by its upload handler) and those already complete."""
    files = [getattr(handler, "file", None) for handler in request.__dict__.get("_upload_handlers") or ()]
    if "_files" in request.__dict__:
        files += [file for _name, values in request._files.lists() for file in values]
    for file in files:
        if file is not None:
            with contextlib.suppress(OSError):  # flushing the rest may fail again; the file is unlinked anyway
                file.close()


def spool_failure_response(request, error, respond):
    """Log the failure, remove the temporary files, answer with `respond(message)`."""
    logger.error(
        "An upload could not be written to the temporary directory during %s %s: %s",
        request.method,
        request.path,
        error,
    )
    discard_spooled_files(request)
    return respond(write_failure_message(request))


class UploadSpoolMiddleware:
    """Read a multipart body before CsrfViewMiddleware does (it reads the form's token), so that a temporary
    directory that cannot take the files gives a French 503 and leaves no file behind, not a 500.

    Views exempt from CSRF read their body themselves and handle the failure (pages.contributions.api.bound_form).
    Any other parse error is raised as it would have been from CsrfViewMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        if getattr(view, "csrf_exempt", False):
            return None
        try:
            request.FILES  # noqa: B018 — parses the body, spooling the files
        except UnreadablePostError:
            return None  # the client went away: CsrfViewMiddleware answers as before
        except OSError as error:
            return spool_failure_response(request, error, lambda message: unavailable_response(request, message))
        return None
