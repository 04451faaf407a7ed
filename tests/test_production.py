"""Production configuration: the Redis cache, JSON logs on stdout, the Dockerfile's command and health check.
compose.yaml and the nginx configuration (deploy/nginx/): tests/test_deploy.py.

Settings are imported in a fresh interpreter with a controlled environment (as tests/test_settings.py does).
"""

import contextlib
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
import yaml
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings

from cms.logging import JSONFormatter

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"
PRODUCTION_ENV = {"SECRET_KEY": "production-test-key", "ALLOWED_HOSTS": "plateforme.example"}


def run_python(code, **environ):
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ}
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def production_setting(name, **environ):
    code = f"import json, cms.settings.production as s; print(json.dumps(s.{name}, default=str))"
    return json.loads(run_python(code, **{**PRODUCTION_ENV, **environ}).stdout)


def test_persistent_database_connections_are_checked_before_reuse():
    """compose.yaml keeps connections for 60 s: after a database restart they are replaced, not used dead."""
    database = production_setting(
        "DATABASES['default']", DATABASE_URL="postgres://postgres@db:5432/plateforme", CONN_MAX_AGE="60"
    )
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def redis_listens():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


needs_redis = pytest.mark.skipif(not redis_listens(), reason="no Redis on 127.0.0.1:6379")


# Cache --------------------------------------------------------------------------------------------


def test_production_cache_is_redis_when_redis_url_is_set():
    caches = production_setting("CACHES", REDIS_URL="redis://redis:6379/1")
    assert caches["default"]["BACKEND"] == "cms.cache.ResilientRedisCache"
    assert caches["default"]["LOCATION"] == "redis://redis:6379/1"


def test_production_cache_is_local_memory_without_redis_url():
    caches = production_setting("CACHES")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@needs_redis
def test_redis_cache_stores_and_returns_values():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"h_prod_{uuid.uuid4().hex}"})
    cache.set("clé", {"titre": "Rencontre-atelier"}, timeout=30)
    assert cache.get("clé") == {"titre": "Rencontre-atelier"}
    cache.delete("clé")
    assert cache.get("clé") is None


@needs_redis
def test_rate_limit_counts_in_the_shared_redis_cache():
    """django-ratelimit counts in the default cache: with Redis, every gunicorn worker sees the same count."""
    from pages.contributions.antiabuse import rate_limited

    prefix = f"h_prod_{uuid.uuid4().hex}"
    backend = "django.core.cache.backends.redis.RedisCache"
    caches = {"default": {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    request = RequestFactory().post("/contribuer/", REMOTE_ADDR="198.51.100.7")
    with override_settings(CACHES=caches, CONTRIBUTION_RATE_LIMIT="2/m"):
        answers = [rate_limited(request, "h_prod_test") for _ in range(3)]
    assert answers == [False, False, True]
    # The counter lives in Redis itself, where another process would read it.
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"{prefix}:*")
    assert keys
    client.delete(*keys)


# Logs ---------------------------------------------------------------------------------------------


def make_record(message, *args, exc_info=None):
    return logging.LogRecord("pages.submissions", logging.ERROR, __file__, 1, message, args, exc_info)


def test_json_formatter_writes_one_object_per_line():
    line = JSONFormatter().format(make_record("Contribution %s refusée", 42))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "pages.submissions"
    assert entry["message"] == "Contribution 42 refusée"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])
    assert "exception" not in entry


def test_json_formatter_keeps_the_exception_on_the_same_line():
    try:
        raise ValueError("fichier illisible\nseconde ligne")
    except ValueError:
        line = JSONFormatter().format(make_record("Extraction échouée", exc_info=sys.exc_info()))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Extraction échouée"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert "ValueError: fichier illisible\nseconde ligne" in entry["exception"]


def test_production_logs_are_json_lines_on_stdout():
    code = """
import django, logging
django.setup()
logging.getLogger("pages.mails").info("Courriel envoyé à %s", "plateforme@astrac.be")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("Erreur interne")
"""
    result = run_python(code, DJANGO_SETTINGS_MODULE="cms.settings.production", **PRODUCTION_ENV)
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(entry["level"], entry["logger"], entry["message"]) for entry in entries] == [
        ("INFO", "pages.mails", "Courriel envoyé à plateforme@astrac.be"),
        ("ERROR", "django.request", "Erreur interne"),
    ]
    assert "ZeroDivisionError" in entries[1]["exception"]
    assert result.stderr == ""


# compose.yaml -------------------------------------------------------------------------------------


def compose():
    return yaml.safe_load((BASE_DIR / "compose.yaml").read_text())


def dockerfile_instruction(name):
    """The JSON-form argument of the Dockerfile's last `name` instruction (CMD, ENTRYPOINT…)."""
    lines = [line for line in (BASE_DIR / "Dockerfile").read_text().splitlines() if line.startswith(f"{name} ")]
    return json.loads(lines[-1][len(name) + 1 :])


def unescape_compose(value):
    """Compose reads `$$` as a literal `$` (left for the container's shell)."""
    return value.replace("$$", "$")


def required_settings_variables():
    """Variables cms/settings/production.py reads without a default: the settings fail without them."""
    source = (BASE_DIR / "cms/settings/production.py").read_text()
    return set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"\s*\)", source))


def variables_read_by_the_application():
    # The settings and the modules that read the environment for them.
    helpers = ("search_engines.py", "s3.py", "cache_config.py", "csp_policy.py")
    sources = [*sorted((BASE_DIR / "cms/settings").glob("*.py")), *(BASE_DIR / "cms" / name for name in helpers)]
    names = set()
    for path in sources:
        text = path.read_text()
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"environ\.get\(\s*\"([A-Z0-9_]+)\"", text))
    return names


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dockerfile_healthcheck():
    """The python -c program of the Dockerfile's HEALTHCHECK."""
    text = (BASE_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if line.startswith("HEALTHCHECK "))
    return re.search(r'CMD python -c "(.*)"\s*$', line).group(1)


@contextlib.contextmanager
def dockerfile_gunicorn(stdout=subprocess.DEVNULL, **extra_environ):
    """The Dockerfile's CMD with production settings, on a free port of 127.0.0.1 (not 0.0.0.0) here."""
    port = free_port()
    shell_command = dockerfile_instruction("CMD")[2].replace("0.0.0.0", "127.0.0.1")  # noqa: S104
    environ = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        **PRODUCTION_ENV,
        **extra_environ,
    }
    process = subprocess.Popen(  # noqa: S603 - the Dockerfile's own command
        ["/bin/sh", "-c", f"exec {shell_command}"],
        cwd=BASE_DIR,
        env=environ,
        stdout=stdout,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Waits until the worker has loaded the application (about a minute at most on a busy machine): the
        # container's probe has retries for that, a single probe here does not.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz/", headers={"Host": "plateforme.example"})
        for _ in range(120):
            assert process.poll() is None, "gunicorn stopped"
            try:
                urllib.request.urlopen(request, timeout=10).close()  # noqa: S310 - loopback URL
                break
            except OSError:
                time.sleep(0.5)
        yield environ
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def production_gunicorn():
    with dockerfile_gunicorn() as environ:
        yield environ


def test_dockerfile_healthcheck_passes_against_the_production_command(production_gunicorn):
    result = subprocess.run(  # noqa: S603 - the Dockerfile's own probe
        [sys.executable, "-c", dockerfile_healthcheck()],
        env=production_gunicorn,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_dockerfile_healthcheck_fails_when_nothing_answers():
    environ = {"PATH": os.environ.get("PATH", ""), "PORT": str(free_port()), **PRODUCTION_ENV}
    result = subprocess.run(  # noqa: S603 - the Dockerfile's own probe
        [sys.executable, "-c", dockerfile_healthcheck()],
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode != 0


@needs_redis
def test_production_readyz_names_the_unreachable_database_and_logs_it_as_json(tmp_path):
    """The container's command, PostgreSQL on a closed port: 503 naming the database, JSON error lines on stdout."""
    log_path = tmp_path / "stdout.log"
    with (
        log_path.open("w") as log,
        dockerfile_gunicorn(
            stdout=log,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/absente",
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=f"h_prod_{uuid.uuid4().hex}",
            MEDIA_ROOT=str(tmp_path / "media"),
        ) as environ,
    ):
        request = urllib.request.Request(
            f"http://127.0.0.1:{environ['PORT']}/readyz/", headers={"Host": "plateforme.example"}
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback URL
    assert answer.value.code == 503
    assert "no-store" in answer.value.headers["Cache-Control"]
    body = json.loads(answer.value.read())
    assert body["message"] == "Service indisponible : la base de données, le moteur de recherche « default »."
    assert body["checks"]["cache"] == {"status": "ok"}
    assert body["checks"]["storage"] == {"status": "ok"}
    entries = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    failures = [entry for entry in entries if entry["logger"] == "cms.health"]
    assert [entry["message"] for entry in failures] == [
        "Readiness check database failed",
        "Readiness check search:default failed",
    ]
    assert all(entry["level"] == "ERROR" and "OperationalError" in entry["exception"] for entry in failures)
