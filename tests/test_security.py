"""Production hardening: Django's deployment checks, HTTPS headers, static files through WhiteNoise, and error
reporting to Sentry without personal data. Request limits: tests/test_request_limits.py; the content security
policy: tests/cms/test_csp.py.

Production settings run in fresh interpreters with a controlled environment (tests/test_production.py).
"""

import gzip
import json
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.db import connection

from tests.test_production import (
    BASE_DIR,
    PRODUCTION_ENV,
    production_setting,
    run_python,
)


def database_url(tmp_path):
    """The test database of this session as a DATABASE_URL; on SQLite (an in-memory test database, which another
    process cannot open) a file of this test's own."""
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.postgresql":
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or "5432"
        return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    return f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}"


# Deployment checks and headers ------------------------------------------------------------------------


@pytest.mark.django_db
def test_deployment_checks_pass_with_production_settings(tmp_path):
    """`check --deploy` on the test database with a real key: no warning at all (one silenced, see below)."""
    environ = {
        "PATH": f"{sys.prefix}/bin:/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "plateforme.example",
        "DATABASE_URL": database_url(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", "--database", "default"],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Only HSTS preloading is silenced, and only while it is off (SECURE_HSTS_PRELOAD, opt-in).
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert production_setting("SILENCED_SYSTEM_CHECKS") == ["security.W021"]
    assert production_setting("SILENCED_SYSTEM_CHECKS", SECURE_HSTS_PRELOAD="true") == []


def test_production_https_settings_and_their_variables():
    assert production_setting("SECURE_SSL_REDIRECT") is True
    assert production_setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="false") is False
    assert production_setting("SECURE_HSTS_SECONDS") == 31_536_000
    assert production_setting("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="3600") == 3600
    assert production_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") is True
    assert production_setting("SECURE_HSTS_PRELOAD") is False
    assert production_setting("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="true") is True
    assert production_setting("SECURE_PROXY_SSL_HEADER") == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production_setting("SESSION_COOKIE_SECURE") is True
    assert production_setting("CSRF_COOKIE_SECURE") is True


HEADERS_PROGRAM = """
import json, django
django.setup()
from django.test import Client
client = Client()
answers = {
    "http": client.get("/healthz/", HTTP_HOST="plateforme.example"),
    "http_page": client.get("/recherche/?q=x", HTTP_HOST="plateforme.example"),
    "https": client.get("/healthz/", HTTP_HOST="plateforme.example", HTTP_X_FORWARDED_PROTO="https"),
}
print(json.dumps({name: {"status": answer.status_code, **dict(answer.headers)} for name, answer in answers.items()}))
"""


def test_production_answers_carry_the_security_headers(production_environ):
    result = run_python(HEADERS_PROGRAM, **production_environ)
    answers = json.loads(result.stdout.splitlines()[-1])
    # Plain HTTP: the probes answer, every other URL is redirected to HTTPS (before any database access).
    assert answers["http"]["status"] == 200
    assert answers["http_page"]["status"] == 301
    assert answers["http_page"]["Location"] == "https://plateforme.example/recherche/?q=x"
    secure = answers["https"]
    assert secure["status"] == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert secure["X-Content-Type-Options"] == "nosniff"
    assert secure["Referrer-Policy"] == "same-origin"
    assert secure["X-Frame-Options"] == "DENY"
    assert secure["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'self'" in secure["Content-Security-Policy"]


# Static files -----------------------------------------------------------------------------------------

STATIC_PROGRAM = """
import json, sys, django
django.setup()
from django.templatetags.static import static
from django.test import Client
hashed = static("css/main.css")
client = Client()
answers = {}
for name, url, encoding in (("hashed", hashed, "gzip"), ("plain", "/static/css/main.css", "")):
    answer = client.get(url, HTTP_HOST="plateforme.example", HTTP_X_FORWARDED_PROTO="https",
                        HTTP_ACCEPT_ENCODING=encoding)
    body = b"".join(answer.streaming_content) if answer.streaming else answer.content
    answers[name] = {"url": url, "status": answer.status_code, "length": len(body), **dict(answer.headers)}
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_environ(tmp_path_factory):
    """Production settings on a throwaway SQLite file, with the static files collected as the image does."""
    root = tmp_path_factory.mktemp("production")
    environ = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "STATIC_ROOT": str(root / "static"),
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        **PRODUCTION_ENV,
    }
    run_python(
        "from django.core.management import execute_from_command_line as run; "
        "run(['manage.py', 'collectstatic', '--noinput', '-v', '0'])",
        **environ,
    )
    return environ


def test_collectstatic_hashes_and_compresses_and_whitenoise_serves_hashed_files_for_a_year(production_environ):
    environ = production_environ
    static_root = Path(environ["STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/main.css"]
    assert hashed != "css/main.css" and hashed.startswith("css/main.") and hashed.endswith(".css")
    assert (static_root / hashed).exists()
    assert gzip.decompress((static_root / f"{hashed}.gz").read_bytes()) == (static_root / hashed).read_bytes()

    answers = json.loads(run_python(STATIC_PROGRAM, **environ).stdout.splitlines()[-1])
    served = answers["hashed"]
    assert served["url"] == f"/static/{hashed}"
    assert served["status"] == 200
    assert served["Cache-Control"] == "max-age=315360000, public, immutable"
    assert served["Content-Encoding"] == "gzip"
    assert served["length"] == (static_root / f"{hashed}.gz").stat().st_size
    # An unhashed name may change content: browsers keep it a minute only.
    assert answers["plain"]["status"] == 200
    assert answers["plain"]["Cache-Control"] == "max-age=60, public"


# Upload limits ----------------------------------------------------------------------------------------


class EnvelopeCollector(BaseHTTPRequestHandler):
    """Sentry's ingestion endpoint on the loopback: keeps every envelope it receives."""

    envelopes = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.envelopes.append({"path": self.path, "auth": self.headers.get("X-Sentry-Auth", ""), "body": body})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    EnvelopeCollector.envelopes = []
    # Port 0: the system picks a free loopback port (nothing is reachable from outside the machine).
    server = ThreadingHTTPServer(("127.0.0.1", 0), EnvelopeCollector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


SENTRY_PROGRAM = """
import io, sentry_sdk
from wsgiref.util import setup_testing_defaults
from django.urls import clear_url_caches, path
from cms.wsgi import application
import cms.urls

def broken(request):
    raise RuntimeError("Panne volontaire pour Sentry")

cms.urls.urlpatterns.insert(0, path("panne/", broken))
clear_url_caches()
environ = {
    "REQUEST_METHOD": "GET",
    "PATH_INFO": "/panne/",
    "QUERY_STRING": "q=rapport",
    "HTTP_HOST": "plateforme.example",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_FOR": "198.51.100.23",
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_COOKIE": "sessionid=cookie-de-session-secret; csrftoken=jeton-secret",
    "HTTP_AUTHORIZATION": "Bearer jeton-api-secret",
    "wsgi.input": io.BytesIO(b""),
}
setup_testing_defaults(environ)
statuses = []
body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
print(statuses[0])
sentry_sdk.flush(timeout=10)
"""


def test_an_error_reaches_sentry_without_personal_data(sentry_server, production_environ):
    port = sentry_server.server_address[1]
    result = run_python(
        SENTRY_PROGRAM,
        **production_environ,
        SENTRY_DSN=f"http://cle-publique@127.0.0.1:{port}/1",
        SENTRY_ENVIRONMENT="recette",
        SENTRY_RELEASE="plateforme@2026.11.26",
    )
    assert result.stdout.splitlines()[-1] == "500 Internal Server Error"
    envelopes = EnvelopeCollector.envelopes
    assert envelopes, "no envelope reached the server"
    assert {envelope["path"] for envelope in envelopes} == {"/api/1/envelope/"}
    assert all("sentry_key=cle-publique" in envelope["auth"] for envelope in envelopes)
    events = [_event(envelope["body"]) for envelope in envelopes]
    events = [event for event in events if event and event.get("exception")]
    assert len(events) == 1
    event = events[0]
    exception = event["exception"]["values"][-1]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "Panne volontaire pour Sentry")
    assert event["environment"] == "recette"
    assert event["release"] == "plateforme@2026.11.26"
    assert event["request"]["url"].endswith("://plateforme.example/panne/")
    assert event["request"]["method"] == "GET"
    everything = b"".join(envelope["body"] for envelope in envelopes).decode()
    for secret in ("203.0.113.9", "198.51.100.23", "cookie-de-session-secret", "jeton-secret", "jeton-api-secret"):
        assert secret not in everything
    assert "cookies" not in event["request"]
    assert "ip_address" not in event.get("user", {})


def _event(body):
    """The event item of an envelope (header line, then item header and payload lines)."""
    lines = body.split(b"\n")
    for header, payload in zip(lines[1::2], lines[2::2], strict=False):
        if json.loads(header).get("type") == "event":
            return json.loads(payload)
    return None


# Content-Security-Policy ------------------------------------------------------------------------------
