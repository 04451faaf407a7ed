"""The steps of the production check (see the package's docstring), with their assertions."""

import argparse
import concurrent.futures
import html
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from tests.production_check import load
from tests.production_check.client import (
    ConnectionFailed,
    SlowClient,
    form_urlencoded,
    hidden_inputs,
    multipart,
    request,
    staged_request,
)
from tests.production_check.hostile import hostile_inputs
from tests.production_check.processes import (
    BASE_DIR,
    Gunicorn,
    MotoServer,
    Nginx,
    PrivatePostgres,
    PrivateRedis,
    SetupFailed,
    error_lines,
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


# --- 1. Smoke ---------------------------------------------------------------------------------------------------


def discover(run, port):
    """Resources, themes and pages of the seeded site, through the API."""
    site = run.site

    def listing(page_type, limit):
        response = get(port, f"/api/v2/pages/?type={page_type}&limit={limit}")
        if response.status != 200:
            raise SetupFailed(f"the API did not list {page_type}: {describe(response)}")
        return response.json()["items"]

    for item in listing("pages.ResourcePage", 4):
        site.resources.append((item["id"], urlsplit(item["meta"]["html_url"]).path, item["title"]))
    for item in listing("pages.ThemePage", 2):
        site.themes.append((item["id"], urlsplit(item["meta"]["html_url"]).path))
    for page_type in ("pages.DossierPage", "pages.DossierLibraryPage", "pages.ThemeIndexPage"):
        site.other_pages += [urlsplit(item["meta"]["html_url"]).path for item in listing(page_type, 1)]
    if not site.resources or not site.themes:
        raise SetupFailed("the seeded site has no resource or no theme")
    words = [word.strip(".,:;«»!?'’") for word in site.resource_title.split()]
    site.search_word = max(words, key=len)


def smoke(run, web):
    report, port = run.report, web.port
    report.step(f"1. Smoke: the production gunicorn on 127.0.0.1:{port}")
    report.info(" ".join(web.command))
    response = get(port, "/healthz/")
    report.check(response.status == 200 and json_of(response) == {"status": "ok"}, "/healthz/ 200", describe(response))
    response = get(port, "/readyz/")
    body = json_of(response) or {}
    report.check(
        response.status == 200 and body.get("status") == "ok", "/readyz/ 200, every dependency ok", describe(response)
    )
    if body.get("checks"):
        checks = ", ".join(f"{name} {check['status']}" for name, check in body["checks"].items())
        report.info(f"readyz checks: {checks}")
    discover(run, port)
    site = run.site
    response = get(port, "/")
    report.check(
        response.status == 200 and "Plateforme d'Échange et de Partage" in text_of(response),
        "home page 200",
        describe(response),
    )
    response = get(port, site.resource_path)
    report.check(
        response.status == 200 and site.resource_title in text_of(response),
        f"resource {site.resource_path} 200",
        describe(response),
    )
    response = get(port, f"/recherche/?q={quote(site.resource_title)}")
    report.check(
        response.status == 200 and site.resource_title in text_of(response),
        "search 200, finds the resource",
        describe(response),
    )
    response = get(port, "/api/v2/pages/?type=pages.ResourcePage")
    report.check(
        response.status == 200 and (json_of(response) or {}).get("meta", {}).get("total_count", 0) > 0,
        "API pages listing 200",
        describe(response),
    )
    response = get(port, f"/api/v2/pages/{site.resources[0][0]}/")
    report.check(response.status == 200, "API page detail 200", describe(response))
    response = get(port, "/api/v2/contributions/form/")
    report.check(
        response.status == 200 and bool((json_of(response) or {}).get("form_token")),
        "write API form 200",
        describe(response),
    )
    failing = []
    for url in site.reads():
        response = get(port, url)
        if response.status != 200:
            failing.append(f"{url}: {response.status}")
    report.check(not failing, f"every URL of the load run answers 200 ({len(site.reads())} URLs)", "; ".join(failing))


# --- Submissions ------------------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """A submission ready to go: its form token (and, for the HTML form, the CSRF cookie and token)."""

    planned: load.PlannedSubmission
    form_token: str
    csrf_cookie: str = ""
    csrf_token: str = ""


def prepare(port, planned):
    """Get the form the way a client does: the write API's description, or the HTML page at /contribuer/."""
    if planned.channel == "api":
        response = get(port, "/api/v2/contributions/form/", source=planned.source)
        if response.status != 200:
            raise SetupFailed(f"GET /api/v2/contributions/form/: {describe(response)}")
        return Prepared(planned, response.json()["form_token"])
    response = get(port, "/contribuer/", source=planned.source)
    inputs = hidden_inputs(response.text)
    if response.status != 200 or "form_token" not in inputs or "csrftoken" not in response.cookies:
        raise SetupFailed(f"GET /contribuer/: {describe(response)}")
    return Prepared(planned, inputs["form_token"], response.cookies["csrftoken"], inputs["csrfmiddlewaretoken"])


def prepare_all(port, plan, workers=4):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda planned: prepare(port, planned), plan))


def contribution_fields(prepared, marker):
    planned = prepared.planned
    return {
        "kind": "lien",
        "title": planned.title,
        "description": f"Envoi n°{planned.index} du contrôle de production {marker}, depuis {planned.source}.",
        "url": f"https://www.example.org/controle-{marker}/{planned.index}",
        "contributor_name": "Contrôle de production",
        "contributor_email": "controle@example.org",
        "organisation": "Plateforme",
        "consent_licence": "on",
        "consent_personal_data": "on",
        "form_token": prepared.form_token,
        "site_web": "",
    }


def submit(port, prepared, marker, *, timeout=30):
    """Send one prepared submission (JSON to the write API, or the HTML form); the Response."""
    planned = prepared.planned
    fields = contribution_fields(prepared, marker)
    if planned.channel == "api":
        payload = {**fields, "consent_licence": True, "consent_personal_data": True}
        return request(
            port,
            "POST",
            "/api/v2/contributions/",
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            source=planned.source,
            timeout=timeout,
        )
    body, content_type = form_urlencoded({**fields, "csrfmiddlewaretoken": prepared.csrf_token})
    return request(
        port,
        "POST",
        "/contribuer/",
        body=body,
        headers={"Content-Type": content_type, "Cookie": f"csrftoken={prepared.csrf_cookie}"},
        source=planned.source,
        timeout=timeout,
    )


def is_french_429(response, channel):
    if response.status != 429 or not response.header("retry-after"):
        return False
    if channel == "api":
        return RATE_LIMIT_MESSAGE in ((json_of(response) or {}).get("message") or "")
    return "Trop d'envois en peu de temps" in text_of(response)


def sleep_until(moment, stop):
    """Wait until `moment` (time.monotonic()); False when `stop` was set meanwhile."""
    return not stop.wait(max(0.0, moment - time.monotonic()))


def submit_on_time(port, planned, marker, started, stop):
    """Get the form at `planned.at`, send it back TOKEN_LEAD seconds later (at least MIN_FILL_SECONDS after)."""
    outcome = load.SubmissionOutcome(planned)
    if not sleep_until(started + planned.at, stop):
        outcome.error = "interrupted"
        return outcome
    try:
        prepared = prepare(port, planned)
    except (SetupFailed, ConnectionFailed, KeyError) as error:
        outcome.error = f"getting the form: {error}"
        return outcome
    if not sleep_until(max(started + planned.at + TOKEN_LEAD, time.monotonic() + MIN_FILL_SECONDS), stop):
        outcome.error = "interrupted"
        return outcome
    outcome.sent_at = time.monotonic() - started
    try:
        response = submit(port, prepared, marker)
    except ConnectionFailed as error:
        outcome.error = str(error)
        return outcome
    outcome.status = response.status
    outcome.seconds = response.seconds
    outcome.french_refusal = is_french_429(response, planned.channel)
    return outcome


def min_fill_wait():
    time.sleep(MIN_FILL_SECONDS)


# --- 2. Load ----------------------------------------------------------------------------------------------------


def load_run(run, web):
    report, args, port = run.report, run.args, web.port
    seconds, per_second, limit = args.load_seconds, args.submissions_per_second, args.rate_limit
    report.step(
        f"2. Load: {seconds} s of reads ({args.readers} readers) and {per_second} contributions/s "
        f"(CONTRIBUTION_RATE_LIMIT={limit}/h)"
    )
    candidates = [f"127.0.0.{number}" for number in range(2, 255)]
    quiet = load.quiet_addresses(candidates, RATE_PERIOD, time.time(), margin=seconds + 600)
    heavy, light = quiet[0], quiet[1 : 1 + args.light_clients]
    plan = load.plan_submissions(
        count=int(seconds * per_second),
        per_second=per_second,
        heavy=heavy,
        light=light,
        marker=run.marker,
    )
    sent = load.sent_by_address(plan)
    if sent[heavy] <= limit or any(sent[address] >= limit for address in light):
        raise SetupFailed(f"the plan does not cross the rate limit as intended: {dict(sent)}")
    report.info(
        f"{len(plan)} contributions: {sent[heavy]} from {heavy} (past the limit of {limit}), "
        f"{len(plan) - sent[heavy]} from {len(light)} other addresses ({min(sent[a] for a in light)}–"
        f"{max(sent[a] for a in light)} each); 1 in 5 through the HTML form, the others through the write API"
    )
    urls = run.site.reads()
    tally = load.ReadTally()
    log_start = web.log.stat().st_size
    started = time.monotonic()
    # Each form is fetched at its planned time and sent TOKEN_LEAD seconds later: the reads go on until the
    # last one is sent.
    deadline = started + seconds + TOKEN_LEAD
    stop = threading.Event()
    readers = [
        threading.Thread(target=load.read_until, args=(port, urls, deadline, tally, offset * 3, stop), daemon=True)
        for offset in range(args.readers)
    ]
    for reader in readers:
        reader.start()
    workers = int(per_second * (TOKEN_LEAD + 6)) + 1
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    try:
        outcomes = list(pool.map(lambda planned: submit_on_time(port, planned, run.marker, started, stop), plan))
        for reader in readers:
            reader.join(timeout=seconds + 60)
    finally:
        # Interrupted (--max-seconds, a signal): readers and submitters stop at once, before the servers do.
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
    duration = time.monotonic() - started

    report.info(tally.summary(duration))
    report.check(
        tally.total > 0 and tally.failed == 0,
        "every read answered 200 (no 5xx, no connection error)",
        f"{dict(tally.statuses)}; first failures: {tally.failures[:5]}",
    )
    statuses = Counter(str(outcome.status or outcome.error[:40]) for outcome in outcomes)
    latencies = [outcome.seconds for outcome in outcomes if outcome.status]
    sent_at = [outcome.sent_at for outcome in outcomes if outcome.sent_at]
    span = max(sent_at, default=0) - min(sent_at, default=0)
    report.info(
        f"contributions: {dict(statuses)}, sent over {span:.0f} s ({len(sent_at) / max(span, 1):.1f}/s); "
        f"latency p50 {load.percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {load.percentile(latencies, 0.95) * 1000:.0f} ms"
    )
    stored = run.stored_titles(f"%{run.marker}%")
    problems = load.judge_submissions(outcomes, limit=limit, stored_titles=stored)
    accepted = sum(1 for outcome in outcomes if outcome.status == load.ACCEPTED[outcome.planned.channel])
    report.check(
        not problems,
        f"{accepted} accepted contributions all stored ({len(stored)} rows), the {len(outcomes) - accepted} "
        "past the limit refused with the French 429, nothing else",
        "; ".join(problems[:8]),
    )
    # Mail limits (pages/contributions/mail_limits.py): every contribution comes from the same address, within the hour.
    with run.pg.connect(args.database) as connection:
        unsettled, acknowledged, notified = connection.execute(
            "SELECT count(*) FILTER (WHERE (acknowledgement_sent_at IS NULL AND acknowledgement_withheld_at IS NULL) "
            "OR (notification_sent_at IS NULL AND notification_deferred_at IS NULL)), "
            "count(acknowledgement_sent_at), count(notification_sent_at) "
            "FROM pages_contribution WHERE title LIKE %s",
            [f"%{run.marker}%"],
        ).fetchone()
    report.check(
        unsettled == 0 and acknowledged == 1 and notified == min(len(stored), NOTIFICATION_MAIL_LIMIT),
        "every stored contribution's mails settled after commit, across the workers: one acknowledgement to its "
        f"address, {NOTIFICATION_MAIL_LIMIT} notifications, the others withheld or waiting for the digest",
        f"{unsettled} unsettled, {acknowledged} acknowledgements, {notified} notifications",
    )
    errors = error_lines(web.log, log_start)
    report.check(not errors, "no ERROR in the server's log during the load", "\n".join(errors[:5]))


# --- 2b. Slow clients ------------------------------------------------------------------------------------------

# deploy/nginx/plateforme.conf.template's client_header_timeout and client_body_timeout.
NGINX_TIMEOUT = 10
# A probe through nginx during the attack must answer within this (a cached page, /healthz/: milliseconds).
PROMPT_SECONDS = 2


def slow_clients(run, web):
    """nginx with the repository's configuration in front of the main gunicorn: slowloris connections (headers one
    line every 5 s, a stalled body, trickling bodies) hold no worker, and nginx cuts them at its timeouts."""
    report, args, site = run.report, run.args, run.site
    report.step(f"2b. Slow clients: nginx (deploy/nginx/) on 127.0.0.1:{args.nginx_port} in front of gunicorn")

    # Without nginx first: what it is for.
    held = [SlowClient(web.port, "header").open() for _ in range(web.workers)]
    time.sleep(1)
    try:
        response = get(web.port, "/healthz/", timeout=3)
        blocked, detail = False, describe(response)
    except ConnectionFailed as error:
        blocked, detail = True, str(error)
    finally:
        for client in held:
            client.close()
    report.check(
        blocked,
        f"without nginx, {web.workers} slow clients hold gunicorn's {web.workers} sync workers: "
        "/healthz/ gets no answer within 3 s",
        detail,
    )

    nginx = Nginx(run.workdir / "nginx", args.nginx_port, web.port, run.workdir / "static")
    run.servers.append(nginx)
    nginx.start()
    report.info(f"{nginx.binary} -c {nginx.config} (the template rendered for 127.0.0.1:{web.port})")
    try:
        port = nginx.port
        for path in ("/healthz/", site.resource_path, "/api/v2/pages/?type=pages.ResourcePage"):
            response = get(port, path)
            report.check(response.status == 200, f"{path} 200 through nginx", describe(response))
        # A file gunicorn's WhiteNoise does not know (written after it started): only nginx can serve it.
        name = f"controle-{run.marker}.txt"
        (run.workdir / "static" / name).write_text(run.marker)
        through, direct = get(port, f"/static/{name}"), get(web.port, f"/static/{name}")
        report.check(
            through.status == 200 and through.text == run.marker and direct.status == 404,
            "/static/ served by nginx itself from the collected files",
            f"nginx {describe(through)}; gunicorn {direct.status}",
        )
        response = request(port, "PURGE", site.resource_path)
        report.check(
            response.status == 204 and not response.header("x-page-cache"),
            "a PURGE from the application's network answered 204 by nginx (nginx keeps no page)",
            describe(response),
        )

        clients = [
            *(SlowClient(port, "header") for _ in range(2 * web.workers)),
            SlowClient(port, "stalled body", path="/contribuer/"),
            *(SlowClient(port, "trickling body", path="/api/v2/contributions/") for _ in range(web.workers)),
        ]
        stop = threading.Event()
        until = time.monotonic() + NGINX_TIMEOUT + 8
        threads = [threading.Thread(target=client.open().run, args=(until, stop), daemon=True) for client in clients]
        for thread in threads:
            thread.start()
        cut = [thread for thread, client in zip(threads, clients, strict=True) if client.kind != "trickling body"]
        probes = []
        try:
            while any(thread.is_alive() for thread in cut) and time.monotonic() < until:
                for path in ("/healthz/", site.resource_path):
                    try:
                        response = get(port, path, timeout=PROMPT_SECONDS * 3)
                        probes.append((path, response.status, response.seconds))
                    except ConnectionFailed as error:
                        probes.append((path, str(error), PROMPT_SECONDS * 3))
                time.sleep(0.5)
            attack = time.monotonic() - min(client.opened_at for client in clients)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
        slow = [probe for probe in probes if probe[1] != 200 or probe[2] > PROMPT_SECONDS]
        slowest = max((seconds for _path, _status, seconds in probes), default=0)
        report.check(
            len(probes) > 10 and not slow,
            f"{len(clients)} slow connections for {attack:.0f} s: /healthz/ and a page answered 200 through nginx "
            f"within {PROMPT_SECONDS} s throughout ({len(probes)} requests, slowest {slowest:.2f} s)",
            slow[:5],
        )
        headers = [client for client in clients if client.kind == "header"]
        report.check(
            all(client.closed_at and NGINX_TIMEOUT - 1 <= client.open_for <= NGINX_TIMEOUT + 4 for client in headers),
            f"nginx cut the {len(headers)} header slowloris (a line every 5 s) at client_header_timeout "
            f"({NGINX_TIMEOUT} s from their first byte, not from their last)",
            [f"{client.open_for:.1f} s" if client.closed_at else "still open" for client in headers],
        )
        stalled = next(client for client in clients if client.kind == "stalled body")
        report.check(
            stalled.closed_after is not None and NGINX_TIMEOUT - 1 <= stalled.closed_after <= NGINX_TIMEOUT + 4,
            f"nginx cut the stalled body at client_body_timeout ({NGINX_TIMEOUT} s after its last byte)",
            f"{stalled.closed_after}",
        )
        trickling = [client for client in clients if client.kind == "trickling body"]
        report.check(
            all(client.closed_at is None for client in trickling),
            f"the {len(trickling)} bodies trickling a byte every 5 s stayed in nginx's buffer (a slow upload is "
            "not an attack; it never reaches a worker before its last byte)",
            [client.error or f"closed after {client.open_for:.1f} s" for client in trickling],
        )
    finally:
        nginx.stop()


# --- 3a. PostgreSQL stopped -------------------------------------------------------------------------------------


def pdf_bytes():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=14)
    for number in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"Compte rendu de l'atelier - page {number + 1}")
    return bytes(pdf.output())


def resource_with_file(run, prepared, marker, document):
    """A multipart resource contribution with a PDF, for the write API."""
    fields = contribution_fields(prepared, marker)
    fields.update(kind="ressource", url="", themes=str(run.site.themes[0][0]))
    return multipart(fields, [("files", "compte-rendu.pdf", document, "application/pdf")])


def post_resource_with_file(port, run, prepared, marker, document, source):
    """POST `resource_with_file` to the write API from `source`; the answer."""
    body, content_type = resource_with_file(run, prepared, marker, document)
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    return request(port, "POST", "/api/v2/contributions/", body=body, headers=headers, source=source)


def database_outage(run, web):
    report, port, pg = run.report, web.port, run.pg
    report.step("3a. Fault: PostgreSQL stopped during a submission, then while the site is used")
    marker = f"{run.marker}-panne"
    source = "127.0.0.250"
    plan = [
        load.PlannedSubmission(number, 0, source, channel, f"Contrôle de production {marker} n°{number}")
        for number, channel in enumerate(["api", "api", "form", "api", "api"])
    ]
    during, api_down, form_down, after, redis_down = prepare_all(port, plan)
    min_fill_wait()
    # For step 3b: the token is signed with the run's key, valid on any of its servers.
    run.spare_submission = redis_down

    document = pdf_bytes()
    body, content_type = resource_with_file(run, during, marker, document)
    log_size = pg.log.stat().st_size
    stopped = []

    def stop_postgres():
        time.sleep(0.5)  # the view has run its first queries and now reads the body
        pg.stop(mode="fast")
        stopped.append(time.monotonic())

    response = staged_request(
        port,
        "POST",
        "/api/v2/contributions/",
        body,
        headers={"Content-Type": content_type, "Accept": "application/json"},
        split_at=len(body) // 2,
        between=stop_postgres,
        source=source,
    )
    report.check(
        is_french_json_503(response, NOTHING_KEPT),
        "a contribution with a file, PostgreSQL stopped while it was uploading: French JSON 503",
        describe(response),
    )
    pg_log = pg.log.read_bytes()[log_size:].decode(errors="replace")
    report.check(
        "terminating connection due to administrator command" in pg_log,
        "the request held a database connection when PostgreSQL stopped (PostgreSQL's log)",
        pg_log[-300:],
    )

    response = get(port, "/healthz/")
    report.check(response.status == 200, "/healthz/ still 200 (liveness needs no database)", describe(response))
    response = get(port, "/readyz/")
    report.check(
        response.status == 503 and "la base de données" in (json_of(response) or {}).get("message", ""),
        "/readyz/ 503 naming « la base de données »",
        describe(response),
    )
    response = submit(port, api_down, marker)
    report.check(is_french_json_503(response, NOTHING_KEPT), "write API: French JSON 503", describe(response))
    response = submit(port, form_down, marker)
    report.check(
        is_french_503_page(response, "Votre envoi n'a pas pu être"),
        "HTML form at /contribuer/: French 503 page",
        describe(response),
    )
    response = get(port, f"/recherche/?q={quote(marker)}")
    report.check(is_french_503_page(response), "search (never cached): French 503 page", describe(response))
    response = get(port, f"/api/v2/pages/?search={quote(marker)}")
    report.check(is_french_json_503(response), "read API: French JSON 503", describe(response))
    for path in ("/", run.site.resource_path):
        response = get(port, path)
        # A page cache may still answer with the page; otherwise the French 503, never a 500.
        report.check(
            response.status == 200 or is_french_503_page(response),
            f"{path}: the French 503 page (or the page from the cache)",
            describe(response),
        )
    report.info(f"PostgreSQL down for {time.monotonic() - stopped[0]:.1f} s; starting it again")
    pg.start()
    # At once, no retry: each worker's first request after the restart must already be served (a persistent
    # connection that PostgreSQL closed is replaced before it is used).
    for path in ("/readyz/", f"/recherche/?q={quote(run.site.search_word)}", "/api/v2/pages/", "/"):
        answers = [get(port, path) for _attempt in range(web.workers)]
        failed = [describe(response) for response in answers if response.status != 200]
        report.check(not failed, f"{path} 200 again, first try once PostgreSQL is back", "; ".join(failed))
    response = post_resource_with_file(port, run, after, marker, document, source)
    report.check(
        response.status == 201, "the same contribution with its file is accepted again (201)", describe(response)
    )
    stored = run.stored_titles(f"%{marker}%")
    report.check(
        stored == [after.planned.title],
        "nothing of the failed submissions was stored, the one after recovery was",
        stored,
    )
    with run.pg.connect(run.args.database) as connection:
        rows = connection.execute(
            "SELECT f.file FROM pages_contributionfile f JOIN pages_contribution c ON c.id = f.contribution_id "
            "WHERE c.title LIKE %s",
            [f"%{marker}%"],
        ).fetchall()
    files = run.private_files()
    report.check(
        len(rows) == 1 and files == [rows[0][0]],
        "PRIVATE_MEDIA_ROOT holds the accepted contribution's file only: none left by the interrupted upload",
        f"rows {rows}, files {files}",
    )

    # A restart nobody saw (maintenance, failover): the workers' persistent connections are dead, and the
    # first request of each must not be the one that finds out.
    for _warm in range(2 * web.workers):
        get(port, run.site.resource_path)
    pg.stop(mode="fast")
    pg.start()
    answers = [get(port, run.site.resource_path) for _attempt in range(2 * web.workers)]
    failed = [describe(response) for response in answers if response.status != 200]
    report.check(not failed, "PostgreSQL restarted between two requests: the next ones are served", "; ".join(failed))


# --- 3b. Redis down ---------------------------------------------------------------------------------------------


def redis_outage(run, port):
    report, site = run.report, run.site
    closed = run.args.closed_redis_port
    report.step(f"3b. Fault: Redis down (REDIS_URL at the closed port {closed}): pages served uncached")
    web = run.server("redis-down", port, REDIS_URL=f"redis://127.0.0.1:{closed}/0")
    web.start()
    try:
        response = get(port, "/readyz/")
        report.check(
            response.status == 503 and "le cache" in (json_of(response) or {}).get("message", ""),
            "/readyz/ 503 naming « le cache »",
            describe(response),
        )
        for path, expected in (
            ("/", "Plateforme d'Échange et de Partage"),
            (site.resource_path, site.resource_title),
            (f"/recherche/?q={quote(site.resource_title)}", site.resource_title),
            ("/api/v2/pages/?type=pages.ResourcePage", '"total_count"'),
        ):
            response = get(port, path)
            report.check(response.status == 200 and expected in text_of(response), f"{path} 200", describe(response))
        prepared = run.spare_submission
        response = submit(port, prepared, f"{run.marker}-panne")
        report.check(
            response.status in (201, 429) and response.status < 500,
            "a contribution gets an answer, not a 5xx (accepted, or refused while the limit cannot count)",
            describe(response),
        )
    finally:
        web.stop()


# --- 3c. Search engine down -------------------------------------------------------------------------------------


def search_outage(run, port):
    report = run.report
    closed = run.args.closed_search_port
    report.step(f"3c. Fault: the search engine down (OPENSEARCH_URL at the closed port {closed})")
    overrides = {"OPENSEARCH_URL": f"http://127.0.0.1:{closed}", "SEARCH_TIMEOUT": "1"}
    word = f"panne{run.marker}"
    title = f"Ressource publiée moteur arrêté {word}"
    env = run.env(port, **overrides)
    started = time.monotonic()
    # Published while the search server starts: both only need the database.
    publishing = subprocess.Popen(  # noqa: S603 - this interpreter, fixed module
        [sys.executable, "-m", "tests.production_check.publish", title, f"Publiée pendant la panne ({word})."],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    web = run.server("search-down", port, **overrides)
    try:
        web.start()
        stdout, stderr = publishing.communicate(timeout=120)
    finally:
        if publishing.poll() is None:
            publishing.kill()
            publishing.wait()
    path = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    report.check(
        publishing.returncode == 0 and path.startswith("/"),
        f"a resource published through the ORM with the engine down ({time.monotonic() - started:.1f} s)",
        (stderr or stdout)[-800:],
    )
    try:
        response = get(port, "/readyz/")
        report.check(
            response.status == 503 and "moteur de recherche" in (json_of(response) or {}).get("message", ""),
            "/readyz/ 503 naming the search engine",
            describe(response),
        )
        response = get(port, f"/recherche/?q={quote(word)}")
        text = text_of(response)
        report.check(
            response.status == 200 and SEARCH_NOTICE in text and title in text,
            "/recherche/ 200 with the French notice, finds the new resource in the database",
            describe(response),
        )
        check_api_searches_fall_back(report, port, word, title)
        if path:
            response = get(port, path)
            report.check(response.status == 200 and title in text_of(response), f"{path} 200", describe(response))
        response = get(port, "/")
        report.check(response.status == 200, "home page 200", describe(response))
    finally:
        web.stop()


def check_api_searches_fall_back(report, port, word, title):
    """The read API's `?search=` with the engine down: 200 from the database, `meta.notice` in French."""
    for endpoint in ("pages", "documents", "images"):
        response = get(port, f"/api/v2/{endpoint}/?search={quote(word)}")
        body = json_of(response)
        body = body if isinstance(body, dict) else {}
        notice = (body.get("meta") or {}).get("notice", "")
        titles = [item.get("title") for item in body.get("items", []) if isinstance(item, dict)]
        found = endpoint != "pages" or title in titles
        report.check(
            response.status == 200 and SEARCH_NOTICE in notice and found,
            f"/api/v2/{endpoint}/?search= 200 from the database with the French meta.notice"
            + (", finds the new resource" if endpoint == "pages" else ""),
            describe(response),
        )


# --- 4. S3-compatible storage (moto) ----------------------------------------------------------------------------


S3_REGION = "eu-west-1"
S3_BUCKET = "plateforme-check"


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_REGION,
        aws_access_key_id="check",
        aws_secret_access_key="check",
    )


def s3_private_keys(endpoint):
    listing = s3_client(endpoint).list_objects_v2(Bucket=S3_BUCKET, Prefix="private/")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def s3_storage(run, port):
    """The production server with its media on an S3-compatible store (moto's server): a contribution's file goes
    to the private location, out of anonymous reach; with the store down, a French 503 and nothing stored."""
    report, args = run.report, run.args
    endpoint = f"http://127.0.0.1:{args.s3_port}"
    report.step(f"4. Media on S3 (moto's server at {endpoint}), then the store down during an upload")
    moto = MotoServer(args.s3_port, run.workdir / "moto.log")
    run.servers.append(moto)
    moto.start()
    s3_client(endpoint).create_bucket(Bucket=S3_BUCKET, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
    overrides = {
        "AWS_STORAGE_BUCKET_NAME": S3_BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_ACCESS_KEY_ID": "check",
        "AWS_SECRET_ACCESS_KEY": "check",
        "AWS_S3_URL_PROTOCOL": "http:",
    }
    web = run.server("s3", port, **overrides)
    web.start()
    try:
        response = get(port, "/readyz/")
        report.check(response.status == 200, "/readyz/ 200 with the storage on S3", describe(response))
        marker = f"{run.marker}-s3"
        plan = [
            load.PlannedSubmission(number, 0, "127.0.0.240", "api", f"Contrôle de production {marker} n°{number}")
            for number in range(2)
        ]
        stored, refused = prepare_all(port, plan)
        min_fill_wait()
        document = pdf_bytes()
        response = post_resource_with_file(port, run, stored, marker, document, stored.planned.source)
        report.check(response.status == 201, "a contribution with a PDF accepted (201)", describe(response))
        keys = s3_private_keys(endpoint)
        report.check(
            len(keys) == 1 and keys[0].endswith(".pdf"), "its file is in the bucket's private location", str(keys)
        )
        if keys:
            anonymous = request(args.s3_port, "GET", f"/{S3_BUCKET}/{quote(keys[0])}")
            report.check(anonymous.status == 403, "its plain URL is refused to anyone (403)", describe(anonymous))
        report.check(
            run.stored_titles(f"%{marker} n°0") == [stored.planned.title], "the contribution is stored", marker
        )

        moto.stop()
        response = post_resource_with_file(port, run, refused, marker, document, refused.planned.source)
        report.check(
            is_french_json_503(response), "the store down during an upload: French JSON 503", describe(response)
        )
        report.check(run.stored_titles(f"%{marker} n°1") == [], "and no contribution row is left", marker)
        response = get(port, "/readyz/")
        report.check(
            response.status == 503 and "stockage" in (json_of(response) or {}).get("message", ""),
            "/readyz/ 503 naming the storage",
            describe(response),
        )
    finally:
        web.stop()
        moto.stop()


# --- 5. Cache flood ---------------------------------------------------------------------------------------------

FLOOD_REQUESTS = 240


def canonical_urls(site):
    """URLs whose answers the page cache keeps: pages, a listing with its (blank) filter, the API, a feed."""
    theme = site.themes[0][1]
    return [
        "/",
        site.resource_path,
        theme,
        f"{theme}?type=",
        "/api/v2/pages/?type=pages.ResourcePage&limit=20",
        f"/api/v2/pages/{site.resources[0][0]}/",
        "/flux/rss/",
        "/sitemap.xml",
    ]


def junk_requests(site, count):
    """`count` (path, headers) that a client can vary without end: none of them may add an entry to the cache."""
    first_id, theme = site.resources[0][0], site.themes[0][1]
    makers = [
        lambda n: (f"/?junk={n}", {}),
        lambda n: (f"{site.resource_path}?utm_source=lettre-{n}", {}),
        lambda n: (f"{theme}?page={n + 1000}", {}),  # past the last page: the last page is shown, not stored
        lambda n: (f"{theme}?type=inconnu-{n}", {}),  # a value the filter form refuses
        lambda n: (f"/flux/rss/?v={n}", {}),
        lambda n: (f"/sitemap.xml?{n}", {}),
        lambda n: (f"/api/v2/pages/?_={n}", {}),  # Wagtail's cache-buster
        lambda n: (f"/api/v2/pages/?type=pages.ResourcePage&offset={n * 20 + 3}", {}),  # not a page's start
        lambda n: (f"/api/v2/pages/{first_id}/?v={n}", {}),
        lambda n: (f"/api/v2/pages/?junk={n}", {}),  # the API's French 400
        lambda n: (f"/api/v2/pages/?search=mot{n}", {}),
        lambda n: (f"/api/v2/pages/{first_id}/", {"Accept": f"application/json, text/x-variante-{n}"}),
    ]
    return [makers[number % len(makers)](number // len(makers)) for number in range(count)]


def page_cache_keys(redis_server):
    return sum(1 for _key in redis_server.client().scan_iter(match="*pagecache*", count=1000))


def make_full(client):
    """A noeviction Redis past its maxmemory: 1 MB of filler, then a maxmemory 256 KB below what it uses.

    (Filling up to the limit leaves it a few bytes under or over at random: a refused big write frees its buffer.)
    """
    for number in range(10):
        client.set(f"filler:{number}", b"x" * 100_000)
    client.config_set("maxmemory", client.info("memory")["used_memory"] - 256 * 1024)


def cache_flood(run, port):
    """Junk query strings on pages and the API add no entry to the page cache; with its Redis full (evicting), the
    site answers and caches again; the rate limit counts apart and, its own Redis full, refuses."""
    report, site = run.report, run.site
    report.step("5. Cache flood: junk query strings, then both Redis servers full (private redis-servers)")
    directory = run.workdir / "redis"
    pages = PrivateRedis("pages", directory, "--maxmemory", "16mb", "--maxmemory-policy", "allkeys-lru")
    counts = PrivateRedis("ratelimit", directory, "--maxmemory", "4mb", "--maxmemory-policy", "noeviction")
    run.servers += [pages, counts]
    pages.start()
    counts.start()
    report.info("REDIS_URL: 16 MB, allkeys-lru (compose.yaml's 256 MB); RATELIMIT_REDIS_URL: 4 MB, noeviction")
    web = run.server("flood", port, REDIS_URL=pages.url, RATELIMIT_REDIS_URL=counts.url, CONTRIBUTION_RATE_LIMIT="2/h")
    try:
        web.start()
        marker = f"{run.marker}-flood"
        candidates = [f"127.0.0.{number}" for number in range(200, 255)]
        quiet = load.quiet_addresses(candidates, RATE_PERIOD, time.time(), margin=600)
        plan = [
            load.PlannedSubmission(number, 0, quiet[number // 3], "api", f"Contrôle de production {marker} n°{number}")
            for number in range(4)  # three from one address (the limit is 2), one from another
        ]
        prepared = prepare_all(port, plan)  # their minimum filling time runs during the flood

        urls = canonical_urls(site)
        for url in urls:
            get(port, url)
        missed = [url for url in urls if get(port, url).header("x-page-cache") != "HIT"]
        report.check(not missed, f"{len(urls)} canonical URLs served from the cache", missed)
        before, memory = page_cache_keys(pages), pages.client().info("memory")["used_memory"]

        junk = junk_requests(site, FLOOD_REQUESTS)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda item: get(port, item[0], headers=item[1], timeout=30), junk))
        statuses = Counter(answer.status for answer in answers)
        bad = [
            f"{path}: {answer.status}" for (path, _h), answer in zip(junk, answers, strict=True) if answer.status >= 500
        ]
        stored = [
            path for (path, _h), answer in zip(junk, answers, strict=True) if answer.header("x-page-cache") == "HIT"
        ]
        report.check(
            not bad and statuses[200] > 0,
            f"{len(junk)} junk query strings (pages, listings, feeds, API, Accept headers) answered",
            "; ".join(bad[:5]) or dict(statuses),
        )
        after = page_cache_keys(pages)
        grown = pages.client().info("memory")["used_memory"] - memory
        report.check(
            after == before and not stored,
            f"the page cache did not grow with them: {before} keys before, {after} after "
            f"(memory {grown / 1024:+.0f} KB)",
            stored[:5],
        )
        missed = [url for url in urls if get(port, url).header("x-page-cache") != "HIT"]
        report.check(not missed, "the canonical URLs are still served from the cache", missed)

        # The page cache's Redis full: an evicting Redis never refuses, the site answers and caches again.
        client = pages.client()
        for number in range(40):
            client.set(f"filler:{number}", b"x" * 1_000_000)
        evicted = client.info("stats")["evicted_keys"]
        answers = [get(port, url) for url in urls for _twice in range(2)]
        report.check(
            evicted > 0
            and all(answer.status == 200 for answer in answers)
            and answers[-1].header("x-page-cache") == "HIT",
            f"the page cache's Redis filled with 40 MB ({evicted} keys evicted): pages answer 200, cached again",
            [describe(answer) for answer in answers if answer.status != 200][:3],
        )
        responses = [submit(port, item, marker) for item in prepared[:3]]
        report.check(
            [response.status for response in responses[:2]] == [201, 201] and is_french_429(responses[2], "api"),
            "with the page cache full, the contribution rate limit still counts: 2 accepted, the 3rd refused (429)",
            [describe(response) for response in responses],
        )

        # The counts' Redis full (noeviction): the limit cannot count, and refuses rather than lets through.
        make_full(counts.client())
        response = submit(port, prepared[3], marker)
        report.check(
            is_french_429(response, "api"),
            "with the rate limit's Redis full, a contribution from a new address is refused (French 429), "
            "not let through",
            describe(response),
        )
        stored = run.stored_titles(f"%{marker}%")
        report.check(
            sorted(stored) == sorted(item.planned.title for item in prepared[:2]),
            "only the 2 accepted contributions were stored",
            stored,
        )
        response = get(port, site.resource_path)
        report.check(response.status == 200, "the site still answers", describe(response))
    finally:
        web.stop()
        pages.stop()
        counts.stop()


# --- Main -------------------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.production_check", description=__doc__)
    parser.add_argument(
        "--web-ports",
        type=int,
        nargs=3,
        default=[9180, 9181, 9182],
        metavar="PORT",
        help="gunicorn's ports: the main server, Redis down, search engine down",
    )
    parser.add_argument("--pg-port", type=int, default=9185, help="the private PostgreSQL cluster's port")
    parser.add_argument("--closed-redis-port", type=int, default=9186, help="a port where no Redis listens")
    parser.add_argument("--closed-search-port", type=int, default=9187, help="a port where no engine listens")
    parser.add_argument("--s3-port", type=int, default=9188, help="moto's S3 server (media on S3)")
    parser.add_argument("--nginx-port", type=int, default=9183, help="nginx in front of the main gunicorn")
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--redis-db", type=int, default=14, help="the Redis database of the run's cache")
    parser.add_argument("--database", default="production_check", help="database name in the private cluster")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--submissions-per-second", type=float, default=5)
    parser.add_argument("--readers", type=int, default=4, help="concurrent reading clients")
    parser.add_argument("--light-clients", type=int, default=10, help="addresses that stay under the limit")
    parser.add_argument(
        "--rate-limit", type=int, help="contributions per hour and address (default: between the light and heavy)"
    )
    parser.add_argument("--max-seconds", type=int, default=420, help="give up (and clean up) after this long")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) at the end")
    args = parser.parse_args(argv)
    if args.rate_limit is None:
        count = int(args.load_seconds * args.submissions_per_second)
        args.rate_limit = load.rate_limit_for(count, light_clients=args.light_clients)
    return args


def _abort(signum, frame):
    raise Aborted(f"signal {signal.Signals(signum).name}")


def main(argv=None):
    args = parse_args(argv)
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="production-check-"))
    workdir.chmod(0o755)  # the postgres user reaches its cluster's directory inside
    run = Run(args=args, workdir=workdir, report=report)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(signum, _abort)
    signal.alarm(args.max_seconds)
    report.print(f"Production check {run.marker} in {workdir} (gives up after {args.max_seconds} s)")
    main_server = None
    try:
        setup(run)
        main_server = run.server("main", args.web_ports[0])
        main_server.start()
        smoke(run, main_server)
        for name, step in (
            ("hostile inputs", hostile_inputs),
            ("load", load_run),
            ("slow clients", slow_clients),
            ("PostgreSQL stopped", database_outage),
        ):
            try:
                step(run, main_server)
            except (SetupFailed, ConnectionFailed, OSError, ValueError, KeyError) as error:
                report.error(f"{name}: the step could not run", f"{error}\n{traceback.format_exc(limit=3)}")
                if not run.pg.running:
                    run.pg.start()
        main_server.stop()
        for name, step, port in (
            ("Redis down", redis_outage, args.web_ports[1]),
            ("search engine down", search_outage, args.web_ports[2]),
            ("S3", s3_storage, args.web_ports[1]),
            ("cache flood", cache_flood, args.web_ports[1]),
        ):
            try:
                if name == "Redis down" and run.spare_submission is None:
                    raise SetupFailed("no prepared submission (the previous step failed early)")
                step(run, port)
            except (SetupFailed, ConnectionFailed, OSError, ValueError, KeyError) as error:
                report.error(f"{name}: the step could not run", f"{error}\n{traceback.format_exc(limit=3)}")
    except (SetupFailed, Aborted) as error:
        report.error("the check could not go on", error)
        for web in run.servers:
            if web.process is not None and web.process.returncode is None and web.log.exists():
                lines = tail(web.log, 20, skip='"level": "INFO"')
                report.print(f"--- last lines of {web.log.name} (INFO left out):\n{lines}")
    except Exception as error:  # noqa: BLE001 - reported, then everything is stopped
        report.error("unexpected error", f"{error}\n{traceback.format_exc()}")
    finally:
        signal.alarm(0)
        for web in run.servers:
            web.stop()
        if run.pg is not None:
            run.pg.destroy()
        clean_redis(run)
        if args.keep:
            report.print(f"Logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report.print(f"\nProduction check done in {report.elapsed():.0f} s.")
    report.print("   " + ", ".join(f"{title}: {seconds:.0f} s" for title, seconds in report.durations()))
    for label in report.failures:
        report.print(f"   failed: {label}")
    # The plain closing line CI reads.
    report.print(f"production-check: {report.checks - len(report.failures)} passed, {len(report.failures)} failed")
    return 1 if report.failures else 0
