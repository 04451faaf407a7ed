"""The site benchmark (`make bench-site`): pages, listings, search and API under the production server.

A dedicated PostgreSQL database `bench_site` is created, migrated and filled once (`seed_demo`, then
`generate_content --resources=10000 --dossiers=2000 --workshops=500`; `--rebuild` starts again). Static
files are collected into a temporary STATIC_ROOT, then the production command (the Dockerfile's CMD:
`gunicorn cms.wsgi:application --workers 2`, with `cms.settings.bench`: the production settings and the floor's
URL) serves the database twice:
1. uncached: `PAGE_CACHE_SECONDS=0` (the anonymous page cache off) and the bench's Redis database flushed,
2. cached: `PAGE_CACHE_SECONDS=300`, Redis flushed, one warm-up request per URL.
Each URL is loaded with wrk (`-t2 -c32 --latency`) after a warm-up request that must answer 200; a bare
Django view under the same server (`/_bench/floor/`, routed only by tests/bench/urls.py, cms.settings.bench)
is the floor: Django and its middleware alone. The reference every figure is a ratio to is the bare WSGI app of
tests/bench/hello.py under its own gunicorn (same workers), measured first. In the uncached pass each URL is also
measured at one connection (service time), and `--pick-urls` counts each URL's SQL queries on the same database.
The gunicorn workers' resident memory is read from /proc after
each pass. The parent writes the table into docs/benchmarks.md between its own markers.
Nothing here runs in the test suite; the pure parts (wrk output, targets, markdown) are tested.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tests.bench import search as search_bench
from tests.bench.site_report import (
    FLOOR_PATH,
    HELLO_KEY,
    PASS_LABELS,
    WORKERS,
    WRK_CONNECTIONS,
    WRK_THREADS,
    WRK_TIMEOUT_S,
    Target,
    errors_of,
    evaluate,
    parse_wrk,
    report,
    write_report,
)

DATABASE = "bench_site"
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
DEFAULT_PORT = 9160
CONTENT = {"resources": 10_000, "dossiers": 2_000, "workshops": 500}
CACHED_SECONDS = 300
# The service time at one connection: long enough for a few answers of a slow page on a loaded machine.
SERVICE_MIN_SECONDS = 5

# --- The database ---------------------------------------------------------------------------------------------


def ensure_database(server_url, rebuild):
    """Create `bench_site` if needed (dropping it first with `rebuild`); True when it is new."""
    return search_bench.create_database(DATABASE, server_url, rebuild)


def media_root():
    return Path(settings.BASE_DIR) / ".bench-site" / "media"


def _manage():
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]


def build(server_url, rebuild, out):
    """The database, migrated; filled with content when new."""
    new = ensure_database(server_url, rebuild)
    if new and media_root().exists():
        shutil.rmtree(media_root())
    media_root().mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{server_url.rstrip('/')}/{DATABASE}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "MEDIA_ROOT": str(media_root()),
    }
    # Migrations every time: an existing database gets the indexes added since it was built.
    subprocess.run([*_manage(), "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    if new:
        out.write(f"\n== Base {DATABASE} : contenu de démonstration, puis contenu synthétique ==\n")
        out.flush()
        subprocess.run([*_manage(), "seed_demo"], env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [
                *_manage(),
                "generate_content",
                *(f"--{kind}={n}" for kind, n in CONTENT.items()),
                "--seed=2013",
                "--batch-size=500",
            ],
            env=env,
            check=True,
        )
    # As autovacuum leaves a database at rest: statistics for the planner, no dead row versions.
    with search_bench.server_connection(server_url, dbname=DATABASE) as conn:
        conn.execute("VACUUM ANALYZE")
    return env


def pick_targets():
    """The measured URLs, from the current database (run in a child process on `bench_site`)."""
    from django.db import connection
    from django.db.models import Count

    from pages import models as m

    def middle(queryset):
        items = list(queryset.order_by("pk").values_list("pk", flat=True))
        return queryset.get(pk=items[len(items) // 2])

    theme = m.ThemePage.objects.live().public().order_by("-numchild", "path").first()
    resource = middle(m.ResourcePage.objects.live().public())
    dossier = middle(m.DossierPage.objects.live().public())
    workshop = middle(m.WorkshopReportPage.objects.live().public())
    library = m.DossierLibraryPage.objects.live().first()
    workshops = m.WorkshopIndexPage.objects.live().first()
    status = m.DossierPage.objects.live().values("status").annotate(n=Count("pk")).order_by("-n").first()["status"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    api_list = "/api/v2/pages/?type=pages.ResourcePage&limit=20"
    targets = [
        Target("floor", "floor (bare Django view)", "floor", FLOOR_PATH),
        Target("home", "home", "listing", "/"),
        Target("theme", "theme listing", "listing", theme.url),
        Target("resource", "resource", "detail", resource.url),
        Target("dossier", "dossier", "detail", dossier.url),
        Target("workshop", "workshop report", "detail", workshop.url),
        Target("library", "dossier library, filtered", "listing", f"{library.url}?status={status}"),
        Target("workshops", "rencontres listing", "listing", workshops.url),
        Target("search", "search", "listing", "/recherche/?q=cartographie"),
        Target("api-list", "API list of 20", "listing", api_list),
        Target("api-list-all", "API list of 20, all fields", "listing", f"{api_list}&fields=*"),
        Target("api-detail", "API detail", "detail", f"/api/v2/pages/{resource.pk}/"),
    ]
    return {
        "targets": [t.__dict__ for t in targets],
        "sql": {t.path: count_queries(t.path) for t in targets if t.kind != "floor"},
        # Whether the settings read PAGE_CACHE_SECONDS (the anonymous page cache of issue 7).
        "page_cache": hasattr(settings, "PAGE_CACHE_SECONDS"),
        "postgresql": f"PostgreSQL {version}",
    }


def count_queries(path):
    """The SQL queries of one uncached answer to `path` (the second of two: the first warms what is kept per
    process), through Django's test client on the current database; None if it does not answer 200."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PAGE_CACHE_SECONDS=0):
        client = Client(HTTP_HOST="127.0.0.1")
        if client.get(path).status_code != 200:
            return None
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
    return len(queries) if status == 200 else None


# --- The server and the measures --------------------------------------------------------------------------------


def server_env(database_env, *, port, redis_url, static_root, page_cache_seconds):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "WAGTAIL")) and key not in ("DEBUG",)
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        SECRET_KEY="bench-site-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_env["DATABASE_URL"],
        CONN_MAX_AGE="60",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback, as compose.yaml serves it (TLS is the proxy's)
        REDIS_URL=redis_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=database_env["MEDIA_ROOT"],
        PRIVATE_MEDIA_ROOT=str(Path(database_env["MEDIA_ROOT"]).parent / "private-media"),
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        LOG_LEVEL="WARNING",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
    )
    return env


def collectstatic(env):
    subprocess.run(  # noqa: S603
        [*_manage(), "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=settings.BASE_DIR
    )


def flush_redis(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def _get(url, timeout=30):
    request = urllib.request.Request(url)  # noqa: S310 - the bench's own server on the loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def gunicorn(env, port, log_path, app="cms.wsgi:application"):
    """The Dockerfile's command (or another WSGI `app`) on the loopback; yields the master process once it answers."""
    binary = Path(sys.executable).parent / "gunicorn"
    command = [str(binary), app, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=log)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn s'est arrêté (code {process.returncode}), voir {log_path}")
                try:
                    if _get(f"http://127.0.0.1:{port}/healthz/", timeout=5) == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn ne répond pas après 60 s, voir {log_path}")
                time.sleep(0.5)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def worker_pids(master_pid):
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The fields after the command name (which may hold spaces) start at the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master_pid:
            children.append(int(entry.name))
    return sorted(children)


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_wrk(url, duration, *, threads=WRK_THREADS, connections=WRK_CONNECTIONS):
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={WRK_TIMEOUT_S}s",
        "--latency",
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(completed.stdout)


def _say(out, text):
    """Write and flush, without the newline Django's OutputWrapper would add."""
    if hasattr(out, "style_func"):
        out.write(text, ending="")
    else:
        out.write(text)
    out.flush()


def _measure(url, target, pass_name, duration, step, out):
    """One URL under wrk (and, in the uncached pass, at one connection): its row, with `problems` to report."""
    _say(out, f"{step} {target.label:<28} {target.path} … ")
    measure = run_wrk(url, duration)
    problems = [f"{pass_name} {target.label} ({target.path}): {p}" for p in errors_of(measure)]
    row = {"pass": pass_name, **target.__dict__, **measure, "problems": problems}
    if pass_name == "uncached":
        single = run_wrk(url, max(SERVICE_MIN_SECONDS, duration // 2), threads=1, connections=1)
        row["service_ms"] = single["p50_ms"]
        row["problems"] += [f"{pass_name} {target.label} (c=1): {p}" for p in errors_of(single)]
    _say(
        out,
        f"{measure['rps']:,.1f} req/s, p50 {measure['p50_ms']:,.1f} ms, p99 {measure['p99_ms']:,.1f} ms"
        + (f", service {row['service_ms']:,.1f} ms" if "service_ms" in row else "")
        + (" — " + "; ".join(errors_of(measure)) if errors_of(measure) else "")
        + "\n",
    )
    return row


def run(*, server_url, redis_url, port, rebuild, duration, passes, output, out):
    """Build if needed, then each pass under its own gunicorn; returns (section, rows, errors)."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    database_env = build(server_url, rebuild, out)

    picked_file = Path(tempfile.mkstemp(prefix="bench-site-", suffix=".json")[1])
    subprocess.run(  # noqa: S603
        [*search_bench.bench_command("site"), "--pick-urls", f"--result={picked_file}"],
        env=database_env,
        check=True,
        cwd=settings.BASE_DIR,
    )
    picked = json.loads(picked_file.read_text())
    picked_file.unlink()
    targets = [Target(**t) for t in picked["targets"]]

    rows, rss, errors = [], {}, []
    total = len(passes) * len(targets) + 1
    done = 0
    with tempfile.TemporaryDirectory(prefix="bench-site-static-") as static_root:
        log_path = Path(static_root).parent / f"bench-site-gunicorn-{port}.log"
        out.write(f"Collecte des fichiers statiques dans {static_root}…\n")
        out.flush()
        collectstatic(
            server_env(database_env, port=port, redis_url=redis_url, static_root=static_root, page_cache_seconds=0)
        )
        # The reference: the hello app under its own gunicorn, with the site's environment and workers.
        env = server_env(database_env, port=port, redis_url=redis_url, static_root=static_root, page_cache_seconds=0)
        hello = Target(HELLO_KEY, "hello (bare WSGI app)", "hello", "/")
        with gunicorn(env, port + 1, log_path, app="tests.bench.hello:application"):
            done += 1
            row = _measure(f"http://127.0.0.1:{port + 1}/", hello, passes[0], duration, f"[{done}/{total}]", out)
            rows.append(row)
            errors += row.pop("problems")
        for name in passes:
            seconds = 0 if name == "uncached" else CACHED_SECONDS
            env = server_env(
                database_env, port=port, redis_url=redis_url, static_root=static_root, page_cache_seconds=seconds
            )
            flush_redis(redis_url)
            out.write(f"\n== Passe « {PASS_LABELS[name]} » (PAGE_CACHE_SECONDS={seconds}) ==\n")
            out.flush()
            with gunicorn(env, port, log_path) as master:
                for target in targets:
                    done += 1
                    url = f"http://127.0.0.1:{port}{target.path}"
                    if _get(url) != 200:
                        errors.append(f"{name} {target.label} ({target.path}): HTTP {_get(url)} à l'échauffement")
                    row = _measure(url, target, name, duration, f"[{done}/{total}]", out)
                    if name == "uncached":
                        row["sql"] = picked["sql"].get(target.path)
                    rows.append(row)
                    errors += row.pop("problems")
                rss[name] = [rss_mb(pid) for pid in worker_pids(master.pid)]
                out.write("Mémoire des workers : " + ", ".join(f"{v:,.0f} MB" for v in rss[name]) + "\n")
    evaluate(rows)

    info = search_bench.machine()  # the same machine description as the search benchmark
    info.update(
        date=timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        load=load,
        duration=duration,
        postgresql=picked["postgresql"],
        errors=errors,
        notes=[],
    )
    if not picked["page_cache"]:
        info["notes"].append(
            "No anonymous page cache in this code base yet (no `PAGE_CACHE_SECONDS` setting): the cached pass "
            "measures whatever caching exists (API responses, fragments), not a page cache."
        )
    command = "python -m tests.bench site " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else "make bench-site"
    section = report(rows, rss, info, command)
    if output:
        write_report(output, section)
    return section, rows, errors
