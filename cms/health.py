"""Health endpoints for the container platform and load balancers.

- `/healthz/` (liveness): the process answers; it touches nothing else, not even the database.
- `/readyz/` (readiness): the database, the cache, every search backend of WAGTAILSEARCH_BACKENDS and the
  file storages (public media and private files, local or S3) are reachable. 200 when all are, 503 naming each
  one that is not.

Answers are JSON, never cached (Cache-Control: no-store). Messages are in French and say *what* is down,
never how it failed (no host names or credentials in a public answer): the error itself goes to the log.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms.errors import json_error
from cms.storage import private_storage

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "indisponible"
PROBE_KEY = "readyz:probe"
PROBE_DIRECTORY = "readyz"


class CheckFailed(Exception):
    """A dependency answered, but not as it should."""


def check_database(alias="default"):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise CheckFailed("SELECT 1 did not return 1")


def check_cache(alias="default"):
    cache = caches[alias]
    token = uuid.uuid4().hex
    cache.set(PROBE_KEY, token, timeout=30)
    if cache.get(PROBE_KEY) != token:
        # A dummy cache, or one that lost the value at once: rate limits would not hold.
        raise CheckFailed("the cache did not keep the probe value")
    cache.delete(PROBE_KEY)


def check_search_backend(alias):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(alias)
    client = getattr(backend, "es", None)
    if client is not None:
        # Elasticsearch or OpenSearch: the client has the backend's short timeout and no retries.
        if not client.ping():
            raise CheckFailed("the search engine did not answer the ping")
        return
    # Wagtail's database backend: one trivial query on its index table.
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.order_by().values_list("pk", flat=True)[:1].exists()


def check_storage(alias="default"):
    """The default storage (public media) and the private one (contributions' files, restricted documents)."""
    probe_storage(storages[alias])
    if alias == "default":
        probe_storage(private_storage)


def probe_storage(storage):
    name = storage.save(f"{PROBE_DIRECTORY}/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not storage.exists(name):
            raise CheckFailed("the probe file was not stored")
    finally:
        storage.delete(name)


def readiness_checks():
    """(name, French label, callable) for each dependency to check, in the order they are reported."""
    checks = [
        ("database", "la base de données", check_database),
        ("cache", "le cache", check_cache),
    ]
    for alias in getattr(settings, "WAGTAILSEARCH_BACKENDS", {"default": {}}):
        checks.append(
            (
                f"search:{alias}",
                f"le moteur de recherche « {alias} »",
                lambda alias=alias: check_search_backend(alias),
            )
        )
    checks.append(("storage", "le stockage des fichiers", check_storage))
    return checks


def readiness():
    """(all_ok, report, down).

    `report` maps each check's name to {"status"[, "message"]}; `down` lists the French labels of what failed.
    """
    report = {}
    down = []
    for name, label, check in readiness_checks():
        try:
            check()
        except Exception:
            logger.exception("Readiness check %s failed", name)
            report[name] = {"status": DOWN, "message": f"{label[0].upper()}{label[1:]} ne répond pas."}
            down.append(label)
        else:
            report[name] = {"status": OK}
    return not down, report, down


@never_cache  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
@require_safe
def healthz(request):
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def readyz(request):
    all_ok, report, down = readiness()
    if all_ok:
        return JsonResponse({"status": OK, "checks": report})
    return json_error(503, "Service indisponible : " + ", ".join(down) + ".", status=DOWN, checks=report)
