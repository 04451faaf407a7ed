"""The production check's context: its report, the run's state (sites, ports, servers), answers' checks, the setup."""

import argparse
import html
import os
import secrets
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tests.production_check.client import request
from tests.production_check.processes import (
    Gunicorn,
    PrivatePostgres,
    SetupFailed,
    manage,
    require_free_ports,
    start_manage,
    tail,
)

RATE_PERIOD = 3600  # CONTRIBUTION_RATE_LIMIT is "<limit>/h" for the run
SEARCH_NOTICE = "Le moteur de recherche est momentanément indisponible"
NOTHING_KEPT = "Rien n'a été conservé"
RATE_LIMIT_MESSAGE = "Trop d'envois"
# CONTRIBUTION_MIN_FILL_SECONDS is 3: a form sent back sooner after it was shown is refused as a robot's.
MIN_FILL_SECONDS = 3.5
TOKEN_LEAD = 4.0  # seconds between getting a form and sending it back during the load
NOTIFICATION_MAIL_LIMIT = 10  # the default: moderators notified one by one per hour, the next ones in a digest


class Aborted(Exception):
    """The check ran out of time or was interrupted."""


# --- Reporting --------------------------------------------------------------------------------------------------


class Report:
    def __init__(self, out=sys.stdout):
        self.out = out
        self.started = time.monotonic()
        self.checks = 0
        self.failures = []
        self.steps = []

    def elapsed(self):
        return time.monotonic() - self.started

    def print(self, text):
        print(text, file=self.out, flush=True)

    def step(self, title):
        self.steps.append((title.split(":")[0], self.elapsed()))
        self.print(f"\n== {title}  [{self.elapsed():.0f} s]")

    def durations(self):
        """[(step, seconds)] of the steps so far."""
        ends = [started for _title, started in self.steps[1:]] + [self.elapsed()]
        return [(title, end - started) for (title, started), end in zip(self.steps, ends, strict=True)]

    def info(self, text):
        self.print(f"   · {text}")

    def check(self, ok, label, detail=""):
        self.checks += 1
        if ok:
            self.print(f"   ok    {label}")
        else:
            self.print(f"   FAIL  {label}{': ' + str(detail) if detail != '' else ''}")
            self.failures.append(label)
        return ok

    def error(self, label, error):
        self.checks += 1
        self.failures.append(label)
        self.print(f"   FAIL  {label}: {error}")


def text_of(response):
    return html.unescape(response.text)


def describe(response):
    return f"{response.status} {response.header('content-type')} {text_of(response)[:200]!r}"


def get(port, path, **kwargs):
    return request(port, "GET", path, **kwargs)


def json_of(response):
    try:
        return response.json()
    except ValueError:
        return None


def is_french_json_503(response, *phrases):
    body = json_of(response) if response.header("content-type").startswith("application/json") else None
    message = (body or {}).get("message", "") if isinstance(body, dict) else ""
    return (
        response.status == 503
        and bool(response.header("retry-after"))
        and bool(message)
        and all(phrase in message for phrase in phrases)
    )


def is_french_503_page(response, *phrases):
    text = text_of(response)
    return (
        response.status == 503
        and response.header("content-type").startswith("text/html")
        and bool(response.header("retry-after"))
        and 'lang="fr-BE"' in text
        and "Service momentanément indisponible" in text
        and all(phrase in text for phrase in phrases)
    )


# --- The run's context ------------------------------------------------------------------------------------------


@dataclass
class Site:
    """What the smoke step found on the seeded site, used by the other steps."""

    resources: list = field(default_factory=list)  # (id, path, title)
    themes: list = field(default_factory=list)  # (id, path)
    other_pages: list = field(default_factory=list)  # paths
    search_word: str = ""

    @property
    def resource_path(self):
        return self.resources[0][1]

    @property
    def resource_title(self):
        return self.resources[0][2]

    def reads(self):
        """The URLs of the load run's readers: pages, listings, search, API, feeds."""
        first_id = self.resources[0][0]
        word = quote(self.search_word)
        return [
            "/",
            *[path for _id, path, _title in self.resources],
            *[path for _id, path in self.themes],
            *self.other_pages,
            f"/recherche/?q={word}",
            f"/recherche/?q={quote(self.resource_title)}",
            "/recherche/?type=ressource",
            f"/recherche/suggestions/?q={quote(self.search_word[:4])}",
            "/api/v2/pages/?type=pages.ResourcePage&limit=20",
            f"/api/v2/pages/{first_id}/",
            f"/api/v2/pages/?search={word}",
            "/flux/rss/",
            "/sitemap.xml",
            "/contribuer/",
        ]


@dataclass
class Run:
    args: argparse.Namespace
    workdir: Path
    report: Report
    pg: PrivatePostgres = None
    marker: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    site: Site = field(default_factory=Site)
    servers: list = field(default_factory=list)
    spare_submission: object = None  # prepared while PostgreSQL is up, sent while Redis is down

    @property
    def cache_prefix(self):
        return f"production-check-{self.marker}"

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:{self.args.redis_port}/{self.args.redis_db}"

    def env(self, port, **overrides):
        """The production environment, built from nothing (no variable of the caller leaks in)."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            # gunicorn's control socket goes to ~/.gunicorn/: the run's own, not that of other servers.
            "HOME": str(self.workdir),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.pg.url(self.args.database),
            "CONN_MAX_AGE": "60",  # persistent connections, as compose.yaml runs them
            # Plain HTTP on the loopback, as compose.yaml serves it: in production TLS is the proxy's.
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": self.cache_prefix,
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.workdir / "private-media"),
            "CONTRIBUTION_RATE_LIMIT": f"{self.args.rate_limit}/h",
            # Mails are "sent" (their sent-at dates set after commit) without an SMTP server.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        }
        env.update(overrides)
        return {name: value for name, value in env.items() if value is not None}

    def server(self, name, port, **overrides):
        web = Gunicorn(name, port, self.env(port, **overrides), self.workdir / f"gunicorn-{name}.log")
        self.servers.append(web)
        return web

    def stored_titles(self, pattern):
        with self.pg.connect(self.args.database) as connection:
            rows = connection.execute("SELECT title FROM pages_contribution WHERE title LIKE %s", [pattern])
            return [title for (title,) in rows]

    def private_files(self):
        """The contributions' files in PRIVATE_MEDIA_ROOT (restricted documents live beside them, under their own
        folder)."""
        root = self.workdir / "private-media"
        return sorted(str(path.relative_to(root)) for path in (root / "contributions").rglob("*") if path.is_file())


# --- Setup ------------------------------------------------------------------------------------------------------


def check_redis(run):
    import redis

    try:
        redis.Redis.from_url(run.redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SetupFailed(f"Redis does not answer at {run.redis_url}: {error}") from error


def clean_redis(run):
    """Remove this run's keys (the rate-limit counts, the cached pages) from the shared Redis."""
    import redis

    try:
        client = redis.Redis.from_url(run.redis_url, socket_connect_timeout=2)
        keys = list(client.scan_iter(match=f"{run.cache_prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
    except redis.RedisError:
        pass


def setup(run):
    report, args = run.report, run.args
    report.step("Setup: a private PostgreSQL cluster, migrate, seed_demo, collectstatic")
    require_free_ports(
        args.pg_port, *args.web_ports, args.closed_redis_port, args.closed_search_port, args.s3_port, args.nginx_port
    )
    check_redis(run)
    run.pg = PrivatePostgres(run.workdir / "postgresql", args.pg_port)
    run.pg.init()
    run.pg.start()
    report.info(f"PostgreSQL {run.pg.bindir.parent.name} on 127.0.0.1:{args.pg_port} ({run.pg.data})")
    with run.pg.connect() as connection:
        connection.execute(f'CREATE DATABASE "{args.database}"')
    env = run.env(args.web_ports[0])
    log = run.workdir / "manage.log"
    started = time.monotonic()
    static = start_manage("collectstatic", "--noinput", env=env, log=run.workdir / "collectstatic.log")
    try:
        manage("migrate", "--noinput", env=env, log=log)
        report.info(f"migrate: {time.monotonic() - started:.0f} s")
        seeded = time.monotonic()
        manage("seed_demo", env=env, log=log)
        report.info(f"seed_demo: {time.monotonic() - seeded:.0f} s")
    finally:
        if static.wait(timeout=120) != 0:
            raise SetupFailed(f"collectstatic failed:\n{tail(run.workdir / 'collectstatic.log')}")
    report.info(f"static files collected to {run.workdir / 'static'}")
