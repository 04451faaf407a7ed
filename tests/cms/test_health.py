"""/healthz/ and /readyz/ (cms/health.py): real checks against the test database, cache, search and storage.

"Down" dependencies are real too: a Redis cache or a search engine on a closed port of 127.0.0.1, a storage
whose directory cannot be created.
"""

import socket

import pytest
from django.test import override_settings

from cms.search_engines import ELASTICSEARCH9_BACKEND, engine_backend

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def closed_port():
    """A port of 127.0.0.1 on which nothing listens (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache(location, **options):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "h_prod_tests",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, **options},
        }
    }


def assert_never_cached(response):
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database access in this test an error.
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert_never_cached(response)


def test_healthz_answers_even_when_the_cache_is_down(client):
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/healthz/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_reports_every_dependency_ok(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"status": "ok"},
        "cache": {"status": "ok"},
        "search:default": {"status": "ok"},
        "storage": {"status": "ok"},
    }
    assert_never_cached(response)


@pytest.mark.django_db
def test_readyz_leaves_no_probe_file_or_cache_key_behind(client, settings, tmp_path):
    from django.core.cache import cache

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    assert client.get("/readyz/").status_code == 200
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    assert cache.get("readyz:probe") is None


@pytest.mark.django_db
def test_readyz_with_the_redis_cache_reports_ok(client):
    with override_settings(CACHES=redis_cache(f"redis://{REDIS_HOST}:{REDIS_PORT}/0")):
        response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_names_the_cache_when_redis_is_unreachable(client):
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/readyz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "indisponible"
    assert body["message"] == "Service indisponible : le cache."
    assert body["checks"]["cache"] == {"status": "indisponible", "message": "Le cache ne répond pas."}
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["storage"] == {"status": "ok"}
    assert_never_cached(response)


@pytest.mark.django_db
def test_readyz_names_the_search_engine_when_it_is_unreachable(client):
    database_backend = {"BACKEND": "search.backends.FrenchDatabaseSearchBackend"}
    engine = engine_backend(ELASTICSEARCH9_BACKEND, [f"http://127.0.0.1:{closed_port()}"], timeout=1)
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": engine, "fallback": database_backend}):
        response = client.get("/readyz/")
    assert response.status_code == 503
    body = response.json()
    assert body["message"] == "Service indisponible : le moteur de recherche « default »."
    assert body["checks"]["search:default"] == {
        "status": "indisponible",
        "message": "Le moteur de recherche « default » ne répond pas.",
    }
    # The database backend, which answers searches while the engine is down, is itself fine.
    assert body["checks"]["search:fallback"] == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_names_the_storage_when_files_cannot_be_written(client, settings, tmp_path):
    not_a_directory = tmp_path / "fichier"
    not_a_directory.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": not_a_directory / "media"},
        },
    }
    response = client.get("/readyz/")
    assert response.status_code == 503
    body = response.json()
    assert body["message"] == "Service indisponible : le stockage des fichiers."
    assert body["checks"]["storage"] == {"status": "indisponible", "message": "Le stockage des fichiers ne répond pas."}


@pytest.mark.django_db
def test_readyz_names_every_dependency_that_is_down(client, settings, tmp_path):
    not_a_directory = tmp_path / "fichier"
    not_a_directory.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": not_a_directory}},
    }
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["message"] == "Service indisponible : le cache, le stockage des fichiers."


@pytest.mark.django_db
def test_readyz_does_not_reveal_hosts_or_errors(client):
    port = closed_port()
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{port}/0")):
        response = client.get("/readyz/")
    assert str(port) not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.parametrize("path", ["/healthz/", "/readyz/"])
def test_health_endpoints_refuse_post(client, path):
    response = client.post(path)
    assert response.status_code == 405
