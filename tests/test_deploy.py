"""compose.yaml kept consistent with the Dockerfile and with what cms/settings/production.py requires, and the nginx
configuration (deploy/nginx/) that compose.yaml and the production check run, checked by Debian's nginx (`nginx -t`,
then in front of a stand-in).
"""

import http.client
import http.server
import json
import re
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from tests.production_check.processes import NGINX_VARIABLES, Nginx, nginx_binary
from tests.test_production import (
    BASE_DIR,
    PRODUCTION_ENV,
    compose,
    dockerfile_instruction,
    free_port,
    production_setting,
    required_settings_variables,
    run_python,
    unescape_compose,
    variables_read_by_the_application,
)


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
