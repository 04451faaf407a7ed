"""Production configuration: the Redis cache, JSON logs on stdout, compose.yaml kept consistent with the
Dockerfile and with what cms/settings/production.py requires, and the nginx configuration (deploy/nginx/) that
compose.yaml and the production check run, checked by Debian's nginx (`nginx -t`, then in front of a stand-in).

Settings are imported in a fresh interpreter with a controlled environment (as tests/test_settings.py does).
"""

import contextlib
import http.client
import http.server
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
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
from tests.production_check.processes import NGINX_VARIABLES, Nginx, nginx_binary

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
    sources = [*sorted((BASE_DIR / "cms/settings").glob("*.py")), BASE_DIR / "search/engines.py"]
    names = set()
    for path in sources:
        text = path.read_text()
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"environ\.get\(\s*\"([A-Z0-9_]+)\"", text))
    return names


def test_compose_web_runs_the_dockerfile_command():
    web = compose()["services"]["web"]
    assert [unescape_compose(part) for part in web["command"]] == dockerfile_instruction("CMD")


def test_compose_sets_every_variable_production_settings_require():
    required = required_settings_variables()
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= required
    for name in ("web", "release"):
        environment = compose()["services"][name]["environment"]
        assert required <= set(environment), name
        assert environment["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"


def test_compose_wires_the_full_stack_into_the_application():
    services = compose()["services"]
    environment = services["web"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert services["postgres"]["image"] == "postgres:15"
    assert services["elasticsearch"]["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:9.")
    assert services["elasticsearch"]["environment"]["discovery.type"] == "single-node"
    assert services["redis"]["image"].startswith("redis:")
    assert services["minio"]["image"].startswith("minio/minio")


def test_compose_puts_media_on_the_minio_bucket_it_creates():
    services = compose()["services"]
    for name in ("web", "release"):
        environment = services[name]["environment"]
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        bucket = environment["AWS_STORAGE_BUCKET_NAME"]
        assert environment["AWS_ACCESS_KEY_ID"] == services["minio"]["environment"]["MINIO_ROOT_USER"]
        assert environment["AWS_SECRET_ACCESS_KEY"] == services["minio"]["environment"]["MINIO_ROOT_PASSWORD"]
    setup = " ".join(services["minio-setup"]["command"])
    assert f"mc mb --ignore-existing local/{bucket}" in setup
    # Public media readable by anyone, private files by nobody but the application.
    assert f"mc anonymous set download local/{bucket}/media" in setup
    assert "private" not in setup
    assert services["web"]["depends_on"]["minio-setup"] == {"condition": "service_completed_successfully"}


def test_compose_runs_migrations_once_before_the_web_service():
    services = compose()["services"]
    assert services["release"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["web"]["depends_on"]["release"] == {"condition": "service_completed_successfully"}
    assert "migrate" not in " ".join(services["web"]["command"])


def test_compose_sets_only_variables_the_application_reads():
    read = variables_read_by_the_application() | {"DJANGO_SETTINGS_MODULE"}
    web = compose()["services"]["web"]
    command_variables = set(re.findall(r"\$\$\{(\w+)", " ".join(web["command"])))
    assert set(web["environment"]) - read - command_variables == set()


# The container's command ---------------------------------------------------------------------------


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
    failures = [entry for entry in entries if entry["logger"] == "pages.health"]
    assert [entry["message"] for entry in failures] == [
        "Readiness check database failed",
        "Readiness check search:default failed",
    ]
    assert all(entry["level"] == "ERROR" and "OperationalError" in entry["exception"] for entry in failures)


def test_compose_runs_the_task_worker_with_the_web_configuration():
    services = compose()["services"]
    worker = services["worker"]
    assert worker["command"] == ["python", "manage.py", "db_worker"]
    assert worker["image"] == services["web"]["image"]
    assert worker["environment"] == services["release"]["environment"]
    assert worker["environment"]["TASKS_BACKEND"] == "database"
    # The same services as the web containers: the extraction reads the documents from the media storage.
    assert worker["depends_on"] == services["web"]["depends_on"]
    assert worker.get("volumes") == services["web"].get("volumes")


# The reverse proxy (deploy/nginx/) and Redis' memory -------------------------------------------------------------

NGINX_TEMPLATE = BASE_DIR / "deploy/nginx/plateforme.conf.template"
needs_nginx = pytest.mark.skipif(nginx_binary() is None, reason="nginx not installed (apt-get install nginx)")


def nginx_directive(name):
    """The value of a directive the template sets once (`name value;`)."""
    values = re.findall(rf"^\s*{name}\s+([^;]+);", NGINX_TEMPLATE.read_text(), flags=re.MULTILINE)
    assert len(values) == 1, (name, values)
    return values[0].strip()


def test_compose_publishes_nginx_and_not_gunicorn():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx", "minio"}
    assert services["nginx"]["ports"] == ["8000:80"]
    assert services["nginx"]["environment"]["PLATEFORME_LISTEN"] == "80"
    # The origin the application trusts for its forms is the one nginx publishes.
    assert "http://localhost:8000" in services["web"]["environment"]["CSRF_TRUSTED_ORIGINS"].split(",")


def test_compose_nginx_runs_the_repository_template_in_front_of_the_web_service():
    services = compose()["services"]
    nginx, web = services["nginx"], services["web"]
    assert nginx["image"].startswith("nginx:")
    assert "./deploy/nginx/plateforme.conf.template:/etc/nginx/templates/default.conf.template:ro" in nginx["volumes"]
    assert nginx["environment"]["PLATEFORME_UPSTREAM"] == f"web:{web['environment']['PORT']}"
    assert set(nginx["environment"]) == set(NGINX_VARIABLES)
    assert nginx["depends_on"]["web"]["condition"] == "service_started"
    # The application counts its rate limits per client from the X-Forwarded-For nginx appends to.
    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert nginx_directive("proxy_set_header X-Forwarded-For") == "$proxy_add_x_forwarded_for"


def test_compose_nginx_serves_the_static_files_of_the_image_the_web_service_runs():
    services = compose()["services"]
    nginx, static = services["nginx"], services["static"]
    root = nginx["environment"]["PLATEFORME_STATIC_ROOT"]
    assert f"static-files:{root}:ro" in nginx["volumes"]
    assert nginx["depends_on"]["static"] == {"condition": "service_completed_successfully"}
    assert static["image"] == services["web"]["image"]
    volume_path = static["volumes"][0].split(":")[1]
    assert static["volumes"] == [f"static-files:{volume_path}"]
    # The image's STATIC_ROOT (the Dockerfile's WORKDIR, /app, + staticfiles: cms/settings/base.py's default).
    assert f"cp -a /app/staticfiles/. {volume_path}/" in static["command"][-1]
    assert "static-files" in compose()["volumes"]


def test_nginx_refuses_what_the_application_refuses_at_the_same_size_in_french():
    limit = production_setting("REQUEST_MAX_BODY_SIZE")
    assert int(nginx_directive("client_max_body_size")) == limit
    code = f"""
import django; django.setup()
from django.template.defaultfilters import filesizeformat
from django.utils import translation
translation.activate("fr-be")
print(filesizeformat({limit}))
"""
    size = run_python(code, DJANGO_SETTINGS_MODULE="cms.settings.production", **PRODUCTION_ENV).stdout.strip()
    assert size == "55,0\xa0Mio"
    text = NGINX_TEMPLATE.read_text()
    assert text.count(f"L’envoi est trop volumineux : {size} au maximum par envoi.") == 2  # HTML and JSON


def test_nginx_keeps_slow_clients_away_from_gunicorn():
    assert nginx_directive("client_header_timeout") == "10s"
    assert nginx_directive("client_body_timeout") == "10s"
    assert nginx_directive("send_timeout") == "10s"
    assert nginx_directive("proxy_request_buffering") == "on"
    assert nginx_directive("proxy_buffering") == "on"


@needs_nginx
def test_the_nginx_template_passes_nginx_t(tmp_path):
    ok, output = Nginx(tmp_path, free_port(), free_port(), tmp_path / "static").test()
    assert ok, output
    assert "test is successful" in output


class EchoBackend(http.server.BaseHTTPRequestHandler):
    """A stand-in for gunicorn: answers every request with what it received, as JSON."""

    received = []

    def do_GET(self):
        self.received.append((self.command, self.path))
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET
    do_PURGE = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_in_front():
    """The repository's nginx configuration in front of EchoBackend, serving a static directory: (port, backend).

    In a directory of its own that nginx's workers (an unprivileged user when the tests run as root) can read.
    """
    directory = Path(tempfile.mkdtemp(prefix="nginx-check-"))
    directory.chmod(0o755)
    static = directory / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "main.0123456789ab.css").write_text("body { color: black; }")
    (static / "css" / "main.css").write_text("body { color: black; }")
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), EchoBackend)
    EchoBackend.received = []
    thread = threading.Thread(target=backend.serve_forever, daemon=True)
    thread.start()
    nginx = Nginx(directory / "nginx", free_port(), backend.server_address[1], static)
    try:
        nginx.start()
        yield nginx.port, backend
    finally:
        nginx.stop()
        backend.shutdown()
        backend.server_close()
        shutil.rmtree(directory, ignore_errors=True)


def through(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, {name.lower(): value for name, value in answer.getheaders()}, answer.read()
    finally:
        connection.close()


@needs_nginx
def test_nginx_passes_the_host_and_appends_the_client_to_x_forwarded_for(nginx_in_front):
    port, _backend = nginx_in_front
    status, _headers, body = through(
        port, "GET", "/ressources/?page=2", {"Host": "plateforme.example:8000", "X-Forwarded-For": "203.0.113.9"}
    )
    assert status == 200
    received = json.loads(body)
    assert received["path"] == "/ressources/?page=2"
    assert received["headers"]["Host"] == "plateforme.example:8000"
    # The client's own entry first, the address nginx saw last: TRUSTED_PROXY_COUNT=1 takes the last one.
    assert received["headers"]["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    assert received["headers"]["X-Forwarded-Proto"] == "http"


@needs_nginx
def test_nginx_serves_static_files_itself(nginx_in_front):
    port, _backend = nginx_in_front
    status, headers, body = through(port, "GET", "/static/css/main.0123456789ab.css")
    assert (status, body) == (200, b"body { color: black; }")
    assert headers["content-type"] == "text/css"
    assert headers["cache-control"] == "max-age=315360000"  # a hashed name: for good
    status, headers, _body = through(port, "GET", "/static/css/main.css")
    assert (status, headers["cache-control"]) == (200, "max-age=3600")
    assert through(port, "GET", "/static/css/absent.css")[0] == 404
    assert EchoBackend.received == []


@needs_nginx
def test_nginx_answers_purge_itself_without_error(nginx_in_front):
    port, _backend = nginx_in_front
    status, _headers, body = through(port, "PURGE", "/ressources/guide/", {"Host": "plateforme.example"})
    assert (status, body) == (204, b"")
    assert EchoBackend.received == []


@needs_nginx
def test_nginx_refuses_an_oversized_body_in_french_before_reading_it(nginx_in_front):
    port, _backend = nginx_in_front
    too_big = {"Content-Length": str(57671680 + 1), "Content-Type": "application/octet-stream"}
    status, headers, body = through(port, "POST", "/contribuer/", too_big, b"")
    assert status == 413
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="fr-BE">' in body.decode() and "55,0\xa0Mio au maximum par envoi" in body.decode()
    status, headers, body = through(port, "POST", "/api/v2/contributions/", too_big, b"")
    assert (status, headers["content-type"]) == (413, "application/json")
    assert json.loads(body) == {"message": "L’envoi est trop volumineux : 55,0\xa0Mio au maximum par envoi."}
    assert EchoBackend.received == []


@needs_nginx
def test_nginx_answers_a_french_503_when_gunicorn_does_not_answer(nginx_in_front):
    port, backend = nginx_in_front
    backend.shutdown()
    backend.server_close()
    status, headers, body = through(port, "GET", "/")
    assert (status, headers["retry-after"]) == (503, "30")
    assert "Service momentanément indisponible" in body.decode()
    status, headers, body = through(port, "GET", "/api/v2/pages/")
    assert (status, headers["content-type"]) == (503, "application/json")
    assert json.loads(body)["message"].startswith("Service momentanément indisponible")


def test_compose_bounds_the_memory_of_both_redis_servers():
    services = compose()["services"]
    cache, counts = services["redis"]["command"], services["redis-ratelimit"]["command"]
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert cache[cache.index("--maxmemory") + 1] == "256mb"
    assert counts[counts.index("--maxmemory-policy") + 1] == "noeviction"
    assert counts[counts.index("--maxmemory") + 1] == "32mb"
    environment = services["web"]["environment"]
    assert environment["RATELIMIT_REDIS_URL"].startswith("redis://redis-ratelimit:6379/")
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["redis-ratelimit"] == {"condition": "service_healthy"}


def test_rate_limits_count_in_their_own_cache_that_refuses_when_full():
    settings = {"REDIS_URL": "redis://redis:6379/0", "RATELIMIT_REDIS_URL": "redis://redis-ratelimit:6379/0"}
    caches = production_setting("CACHES", **settings)
    assert caches["default"]["LOCATION"] == "redis://redis:6379/0"
    assert "raise_when_full" not in caches["default"]["OPTIONS"]
    assert caches["ratelimit"]["BACKEND"] == "cms.cache.ResilientRedisCache"
    assert caches["ratelimit"]["LOCATION"] == "redis://redis-ratelimit:6379/0"
    assert caches["ratelimit"]["OPTIONS"]["raise_when_full"] is True
    assert production_setting("RATELIMIT_USE_CACHE", **settings) == "ratelimit"
    # Without a Redis of their own, the counts go to REDIS_URL, still refusing when it is full.
    caches = production_setting("CACHES", REDIS_URL="redis://redis:6379/0")
    assert caches["ratelimit"]["LOCATION"] == "redis://redis:6379/0"
