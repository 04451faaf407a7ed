"""The search backends the tests run on, and the engines behind them.

- "postgres" / "sqlite": Wagtail's database backend on the test database (only the one in use);
- "opensearch3": our French OpenSearch 3 backend on `OPENSEARCH_URL` if set, otherwise on a local
  osmem-server (an in-memory OpenSearch-API engine from PyPI) started once for the session;
- "elasticsearch9": our French Elasticsearch 9 backend on `ELASTICSEARCH_URL` if set (a real
  cluster), otherwise on osmem through `CompatShim`, a small proxy that turns the client's
  `application/vnd.elasticsearch+json; compatible-with=9` media types into plain JSON.

Each user of an engine gets its own index prefix, and deletes its indices when done.
"""

import atexit
import http.client
import json
import os
import subprocess
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from cms.search_engines import ELASTICSEARCH9_BACKEND, OPENSEARCH3_BACKEND, engine_backend
from search.backends import AUTOCOMPLETE_ANALYZER, AUTOCOMPLETE_SEARCH_ANALYZER, FRENCH_ANALYZER

ENGINE_BACKENDS = ("opensearch3", "elasticsearch9")
ENGINE_TIMEOUT = 10.0  # generous for a busy CI machine; production uses 2 s (cms/search_engines.py)
OSMEM_LOG = os.path.join(tempfile.gettempdir(), f"osmem-server-{os.getuid()}.log")

try:
    import osmem_server
except ImportError:  # pragma: no cover - requirements-dev.txt installs it
    osmem_server = None


def database_vendor():
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgres" if "postgresql" in engine else "sqlite" if "sqlite" in engine else engine


def database_backend():
    """The database backend exactly as the settings configure it (test settings keep it as default)."""
    return dict(settings.WAGTAILSEARCH_BACKENDS["default"])


def backend_names():
    """The backends the relevance suite runs on here: the database in use, then the engines."""
    names = [database_vendor()]
    if osmem_server is not None or os.environ.get("OPENSEARCH_URL"):
        names.append("opensearch3")
    if osmem_server is not None or os.environ.get("ELASTICSEARCH_URL"):
        names.append("elasticsearch9")
    return names


# The engines


class _Engines:
    """Lazily started processes and proxies, stopped by `stop_all()` (and at exit, whatever happens)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.osmem = None
        self.shim = None

    def osmem_url(self):
        with self.lock:
            if self.osmem is None:
                if osmem_server is None:
                    raise RuntimeError("osmem-server is not installed (pip install -r requirements-dev.txt)")
                self.osmem = start_osmem()
                atexit.register(self.stop_all)
            return self.osmem.url

    def shim_url(self):
        upstream = self.osmem_url()
        with self.lock:
            if self.shim is None:
                self.shim = CompatShim(upstream)
                self.shim.start()
            return self.shim.url

    def stop_all(self):
        with self.lock:
            if self.shim is not None:
                self.shim.stop()
                self.shim = None
            if self.osmem is not None:
                self.osmem.close()
                self.osmem = None


ENGINES = _Engines()


def start_osmem(startup_timeout=30.0):
    """`OsmemServer.start()`, with the server's warnings in a log file rather than on the terminal.

    (osmem warns, for each index, about analysis settings it does not implement; see
    `OSMEM_LOG`.) `--parent-pid`: the server also exits if this process dies without cleaning up.
    """
    log = open(OSMEM_LOG, "ab")  # noqa: SIM115 - the server's stderr for its whole life
    args = [osmem_server.resolve_binary(), "--parent-pid", str(os.getpid()), "--no-ja"]
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)  # noqa: S603
    log.close()
    ready = {}

    def read_ready_line():
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict) and "url" in message:
                ready.update(message)
                return

    reader = threading.Thread(target=read_ready_line, daemon=True)
    reader.start()
    reader.join(startup_timeout)
    if not ready:
        process.kill()
        process.wait()
        raise RuntimeError(f"osmem-server did not start within {startup_timeout} s (see {OSMEM_LOG})")
    return osmem_server.OsmemServer(
        process, ready["url"], ready.get("pid", process.pid), ready.get("version", ""), False, []
    )


def engine_url(name):
    """The URL of the engine behind backend `name`: the real cluster if configured, otherwise osmem."""
    if name == "elasticsearch9":
        return os.environ.get("ELASTICSEARCH_URL") or ENGINES.shim_url()
    if name == "opensearch3":
        return os.environ.get("OPENSEARCH_URL") or ENGINES.osmem_url()
    raise ValueError(name)


def on_osmem(name):
    """True when backend `name` runs on osmem rather than on a real cluster."""
    return not os.environ.get("ELASTICSEARCH_URL" if name == "elasticsearch9" else "OPENSEARCH_URL")


# osmem-server 0.1.6 differs from Elasticsearch and OpenSearch in two ways that matter here; on osmem,
# and only there, the index settings work around them (real clusters get search/backends.py as is):
# - its `light_french` (and `minimal_french`) stemmer works in the `_analyze` API only: when indexing
#   and searching it turns every word into an empty term, so any query matches every document. Its
#   Snowball French stemmer works: the French analyzer stems with it instead.
# - it ignores `elision` token filters (it says so on stderr), so « d'action » stays one term; a
#   `pattern_replace` character filter removes the same elided articles before tokenizing.
OSMEM_ELISION = r"(?i)\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])['’]"
OSMEM_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {"light_french": {"type": "stemmer", "language": "french"}},
            "char_filter": {"osmem_elision": {"type": "pattern_replace", "pattern": OSMEM_ELISION, "replacement": ""}},
            "analyzer": {
                name: {"char_filter": ["osmem_elision"]}
                for name in (FRENCH_ANALYZER, AUTOCOMPLETE_ANALYZER, AUTOCOMPLETE_SEARCH_ANALYZER, "default")
            },
        }
    }
}


def backends_setting(name, *, fallback=False, index_prefix=None, url=None, timeout=ENGINE_TIMEOUT):
    """WAGTAILSEARCH_BACKENDS running the search on backend `name` (with the database as fallback)."""
    if name not in ENGINE_BACKENDS:
        return {"default": database_backend()}
    backend = ELASTICSEARCH9_BACKEND if name == "elasticsearch9" else OPENSEARCH3_BACKEND
    prefix = index_prefix or f"test_{name}_{uuid.uuid4().hex[:8]}_"
    conf = {"default": engine_backend(backend, [url or engine_url(name)], index_prefix=prefix, timeout=timeout)}
    if url is None and on_osmem(name):
        conf["default"]["INDEX_SETTINGS"] = OSMEM_INDEX_SETTINGS
    if fallback:
        conf["fallback"] = database_backend()
    return conf


class EngineSession:
    """`backends_setting(name)` in force, with fresh indices; `close()` deletes them."""

    def __init__(self, name, **kwargs):
        self.name = name
        self.setting = backends_setting(name, **kwargs)
        self.override = override_settings(WAGTAILSEARCH_BACKENDS=self.setting)

    @property
    def is_engine(self):
        return self.name in ENGINE_BACKENDS

    def start(self):
        self.override.enable()
        if self.is_engine:
            self.rebuild()
        return self

    def rebuild(self):
        """`update_index` into the engine: creates every index with its mapping (aliases, atomic)."""
        call_command("update_index", backend_name="default", stdout=_Null(), stderr=_Null())
        self.refresh()

    def refresh(self):
        """Make what was just indexed searchable (engines search near real time)."""
        if self.is_engine:
            get_search_backend("default").refresh_indexes()

    def close(self):
        try:
            if self.is_engine:
                self.delete_indices()
        finally:
            self.override.disable()

    def delete_indices(self):
        backend = get_search_backend("default")
        prefix = self.setting["default"]["INDEX_PREFIX"]
        # By name, not with a wildcard: Elasticsearch refuses wildcard deletions by default.
        for index_name in list(backend.es.indices.get(index=f"{prefix}*")):
            backend.es.indices.delete(index=index_name)


class _Null:
    def write(self, *args):
        pass

    def flush(self):
        pass


# Elasticsearch 9 client → OpenSearch-API engine


COMPAT_TYPES = {
    "application/vnd.elasticsearch+json": "application/json",
    "application/vnd.elasticsearch+x-ndjson": "application/x-ndjson",
}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def plain_media_type(value):
    """`application/vnd.elasticsearch+json; compatible-with=9` → `application/json`; others unchanged."""
    media_type = value.split(";", 1)[0].strip().lower()
    return COMPAT_TYPES.get(media_type, value)


class CompatShim:
    """A test-only HTTP proxy on 127.0.0.1 that lets the Elasticsearch 9 client talk to osmem.

    The client sends `Accept` and `Content-Type: application/vnd.elasticsearch+json;
    compatible-with=9`, which an OpenSearch-API engine answers with 406; the proxy rewrites both
    to `application/json` (`x-ndjson` for bulk requests) and passes everything else through. The
    client also checks `X-Elastic-Product: Elasticsearch` on answers: added if missing.
    """

    def __init__(self, upstream):
        self.upstream = urlparse(upstream)
        shim = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {}
                for key, value in self.headers.items():
                    if key.lower() in HOP_BY_HOP or key.lower() in ("host", "content-length"):
                        continue
                    if key.lower() in ("accept", "content-type"):
                        value = plain_media_type(value)
                    headers[key] = value
                connection = http.client.HTTPConnection(shim.upstream.hostname, shim.upstream.port, timeout=60)
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                    self.send_response(response.status, response.reason)
                    for key, value in response.getheaders():
                        if key.lower() in HOP_BY_HOP or key.lower() == "content-length":
                            continue
                        self.send_header(key, value)
                    if not response.getheader("X-Elastic-Product"):
                        self.send_header("X-Elastic-Product", "Elasticsearch")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(payload)
                finally:
                    connection.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="es-compat-shim", daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class BackendSessionCase:
    """A test class that runs under one search backend (`backend`: a name of `backend_names()`), its indices fresh
    for the class (`engine`: the `EngineSession`); `session_options()` names the session's options."""

    backend = None

    @classmethod
    def session_options(cls):
        return {}

    @classmethod
    def setUpClass(cls):
        cls.engine = EngineSession(cls.backend, **cls.session_options())
        cls.engine.start()
        cls.addClassCleanup(cls.engine.close)
        super().setUpClass()
