"""The search benchmark (`make bench-search`): latency and throughput of `search_content` on PostgreSQL.

For each size N (resources; plus N/5 dossiers and N/20 rencontres-ateliers), a dedicated database
`bench_search_<N>` is created, migrated and filled with `generate_content` (once: `--rebuild` starts
again), then a child process:
1. times `rebuild_search_entries --force` (every entry written again), then `rebuild_search_entries` (the
   entries compared with what is stored, nothing written when unchanged),
2. runs VACUUM ANALYZE, then a fixed, seeded mix of French queries through `search_content` in-process
   (one warm-up round, then timed rounds) and, optionally, the same mix over HTTP (`/recherche/`),
3. reports latency percentiles, throughput (one process) and SQL queries per search as JSON.
The parent process writes the table into docs/benchmarks.md. Nothing here runs in the test suite.
"""

import io
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone

SIZES = (1_000, 10_000, 100_000)
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
MARK_START = "<!-- bench-search:start -->"
MARK_END = "<!-- bench-search:end -->"
TARGET_P95_MS = 50
TARGET_P50_GROWTH = 3

# (label, SearchParams arguments): what visitors type, on the vocabulary of the synthetic content.
QUERIES = [
    ("rare word (≈1 %)", {"query": "hoyoux"}),
    ("rare word (≈0.5 %)", {"query": "wasseiges"}),
    ("rare word, accent", {"query": "frontaliers"}),
    ("common word (≈100 %)", {"query": "culturel"}),
    ("common word (≈50 %)", {"query": "décret"}),
    ("two common words", {"query": "analyse partagée"}),
    ("two words", {"query": "budget prévisionnel"}),
    ("elision", {"query": "l'autoévaluation"}),
    ("typo", {"query": "cartograhie"}),
    ("phrase", {"query": '"contrat-programme"'}),
    ("no result", {"query": "zxqwv"}),
    ("word + type", {"query": "décret", "type": "ressource"}),
    ("word + theme", {"query": "territoire", "theme": "analyse-partagee"}),
    ("word + type + province", {"query": "dossier", "type": "dossier", "province": "namur"}),
    ("word + year", {"query": "médiation", "year": 2020}),
    ("word + resource type", {"query": "participation", "resource_type": "guide"}),
    ("sort by date", {"query": "enjeux", "sort": "date"}),
    ("page 2", {"query": "cartographie", "page": 2}),
    ("page 5, common word", {"query": "habitants", "page": 5}),
    ("filters only", {"type": "dossier", "status": "en-cours"}),
]


def database_url(size, server_url=DEFAULT_SERVER_URL):
    return f"{server_url.rstrip('/')}/bench_search_{size}"


# --- Parent: databases, child processes, the report --------------------------------------------------------


def server_connection(server_url, dbname="postgres"):
    """An autocommit connection to `dbname` on the PostgreSQL server of `server_url` (also the site benchmark's)."""
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname,
        autocommit=True,
    )


def create_database(name, server_url, rebuild):
    """Create the database `name` if needed (dropping it first with `rebuild`); True when it is new."""
    with server_connection(server_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not rebuild:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def ensure_database(size, server_url, rebuild):
    """Create `bench_search_<size>` if needed (dropping it first with `rebuild`); True when it is new."""
    return create_database(f"bench_search_{size}", server_url, rebuild)


def bench_command(name):
    """The command line of `python -m tests.bench <name>` (run from the project's directory)."""
    return [sys.executable, "-m", "tests.bench", name]


def run_size(size, *, server_url, rebuild, rounds, http, reindex, out):
    """Build (if needed) and measure one size in a child process; returns its results."""
    new = ensure_database(size, server_url, rebuild)
    env = {**os.environ, "DATABASE_URL": database_url(size, server_url), "DEBUG": "False"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    # Migrations every time: an existing database gets the indexes added since it was built.
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    if new:
        out.write(f"\n== {size:,} ressources : base bench_search_{size}, contenu ==\n")
        out.flush()
        subprocess.run(  # noqa: S603
            [
                *manage,
                "generate_content",
                f"--resources={size}",
                f"--dossiers={size // 5}",
                f"--workshops={size // 20}",
                "--seed=2013",
                "--batch-size=500",
            ],
            env=env,
            check=True,
        )
    # The words frequent in this content get their facet counts kept (search/term_counts.py); a database built
    # before that existed gets them here, an up-to-date one has them recounted (a few seconds).
    subprocess.run([*manage, "refresh_search_counts"], env=env, check=True)  # noqa: S603
    out.write(f"\n== {size:,} ressources : mesures ==\n")
    out.flush()
    result_file = Path(settings.BASE_DIR) / f".bench-search-{size}.json"
    args = [*bench_command("search"), "--measure", f"--rounds={rounds}", f"--result={result_file}"]
    args += ["--http"] if http else []
    args += [] if reindex else ["--no-reindex"]
    subprocess.run(args, env=env, check=True, cwd=settings.BASE_DIR)  # noqa: S603
    result = json.loads(result_file.read_text())
    result_file.unlink()
    result["size"] = size
    return result


def machine():
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()  # noqa: S607
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": total, "python": platform.python_version()}


def _ms(value):
    return f"{value:,.1f}"


def report(results, info, command):
    """The « Search » section of docs/benchmarks.md, as markdown."""
    by_size = {r["size"]: r for r in results}
    lines = [
        MARK_START,
        f"Measured on {info['date']} with `{command}` ({info['rounds']} timed rounds of the mix per size).",
        "",
        f"Machine: {info['cpus']} CPU ({info['cpu']}), {info['memory']} RAM, {info['postgresql']}, "
        f"Python {info['python']}; load average at start {info['load']}. The team shares this machine: "
        "compare figures of one run with each other rather than across runs.",
        "",
        "| resources (pages) | search entries | reindex, unchanged | reindex, all rewritten (`--force`) "
        "| Wagtail's index (`update_index`) | p50 | p95 | p99 | max | queries/s | SQL per search |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def rate(r, key, count="entries"):
        return f"{r[key]:,.1f} s ({r[count] / r[key]:,.0f}/s)" if r.get(key) else "–"

    for r in results:
        lat = r["latency_ms"]
        lines.append(
            f"| {r['size']:,} ({r['pages']:,}) | {r['entries']:,} | {rate(r, 'reindex_s')} | "
            f"{rate(r, 'reindex_forced_s')} | {rate(r, 'page_index_s', 'page_index_objects')} | {_ms(lat['p50'])} ms | "
            f"{_ms(lat['p95'])} ms | {_ms(lat['p99'])} ms | {_ms(lat['max'])} ms | {r['throughput']:,.1f} | "
            f"{r['sql_median']} (max {r['sql_max']}) |"
        )
    if any(r.get("http") for r in results):
        lines += ["", "Over HTTP (`/recherche/?q=…` with Django's test client, template rendered):", ""]
        lines += ["| resources | p50 | p95 | p99 | requests/s |", "|---|---|---|---|---|"]
        for r in results:
            if r.get("http"):
                h = r["http"]
                lines.append(
                    f"| {r['size']:,} | {_ms(h['p50'])} ms | {_ms(h['p95'])} ms | {_ms(h['p99'])} ms | "
                    f"{h['throughput']:,.1f} |"
                )
    if len(results) > 1:
        smallest, largest = results[0], results[-1]
        growth = largest["latency_ms"]["p50"] / smallest["latency_ms"]["p50"]
        p95 = largest["latency_ms"]["p95"]
        lines += [
            "",
            f"Target: p95 ≤ {TARGET_P95_MS} ms at the largest size: **{_ms(p95)} ms, "
            f"{'met' if p95 <= TARGET_P95_MS else 'missed'}**; p50 growing ≤ {TARGET_P50_GROWTH} × from "
            f"{smallest['size']:,} to {largest['size']:,}: **× {growth:.1f}, "
            f"{'met' if growth <= TARGET_P50_GROWTH else 'missed'}**.",
        ]
    lines += ["", "Per query (p50, ms):", ""]
    lines.append("| query | " + " | ".join(f"{size:,}" for size in by_size) + " |")
    lines.append("|---|" + "---|" * len(by_size))
    for label, params in QUERIES:
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        cells = [_ms(by_size[size]["per_query_p50"][label]) for size in by_size]
        lines.append(f"| {label}: `{shown}` | " + " | ".join(cells) + " |")
    lines.append(MARK_END)
    return "\n".join(lines)


DOC_HEADER = """# Benchmarks

How fast the platform answers, measured on the machines we have. Figures vary from machine to
machine and from run to run: compare figures taken in one run.

## Search

`make bench-search` (`python -m tests.bench search`, tests/bench/search.py): one PostgreSQL database per size
(`bench_search_<N>`, built once with `generate_content`: N resources, N/5 dossiers, N/20
rencontres-ateliers; `make bench-search BENCH_ARGS=--rebuild` builds them again), the reindex
timed twice (`rebuild_search_entries --force`, every entry written again, then `rebuild_search_entries`, only what
changed written), Wagtail's own index timed (`update_index`: pages, documents, images and the entries'
autocompletion; its rate counts all these objects), then a fixed mix of 20 French queries through
`search.queries.search_content` in one process: one warm-up round, then timed rounds in a seeded
random order. Latencies are per search, everything included (facets, excerpts, corrections).
Target (issue 3): p95 ≤ 50 ms at 100k resources, p50 growing ≤ 3 × from 1k to 100k.

"""


def write_report(path, section):
    path = Path(path)
    text = path.read_text() if path.exists() else DOC_HEADER + MARK_START + "\n" + MARK_END + "\n"
    if MARK_START not in text:
        text = text.rstrip() + "\n\n" + DOC_HEADER.split("## Search", 1)[1] + MARK_START + "\n" + MARK_END + "\n"
    pattern = re.compile(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), re.DOTALL)
    path.write_text(pattern.sub(lambda _: section, text, count=1))


# --- Child: measures on the current database ----------------------------------------------------------------


def _percentiles(samples):
    ordered = sorted(samples)

    def pick(q):
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": ordered[-1],
        "mean": statistics.mean(ordered),
    }


def measure(*, rounds, http, reindex, progress):
    """Reindex (timed), then the query mix; returns a JSON-able dict."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tqdm import tqdm
    from wagtail.models import Page

    from search.models import SearchEntry
    from search.queries import SearchParams, search_content

    result = {}
    if reindex:
        # Every entry written again (as after a change of the search's configuration), then a rebuild as run after
        # an upgrade that changed little: the entries compared with what is stored, only the differences written.
        started = time.perf_counter()
        call_command("rebuild_search_entries", "--force")
        result["reindex_forced_s"] = time.perf_counter() - started
        started = time.perf_counter()
        call_command("rebuild_search_entries")
        result["reindex_s"] = time.perf_counter() - started
        # Wagtail's own index (the admin's search: pages, documents, images, and the entries' autocompletion), as
        # `update_index` rebuilds it; a database built before the pages were indexed gets them here.
        output = io.StringIO()
        started = time.perf_counter()
        call_command("update_index", stdout=output)
        result["page_index_s"] = time.perf_counter() - started
        result["page_index_objects"] = sum(int(n) for n in re.findall(r"indexed (\d+) objects", output.getvalue()))
        with connection.cursor() as cursor:
            # The rewrite left every table and index of the search twice its size until it is compacted: the searches
            # below are measured on them as built, whatever the runs before (each run would make them larger).
            for table in ("platform_search_searchentry", "wagtailsearch_indexentry"):
                cursor.execute(f"VACUUM FULL {table}")
    with connection.cursor() as cursor:
        # As autovacuum leaves a database at rest: no dead row versions, GIN pending lists merged, statistics.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SHOW server_version")
        result["postgresql"] = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    result["entries"] = SearchEntry.objects.count()
    result["pages"] = Page.objects.count()

    mix = [(label, SearchParams(**params)) for label, params in QUERIES]
    sql_counts = []
    for _label, params in mix:  # warm-up, and how many SQL statements each search runs
        with CaptureQueriesContext(connection) as queries:
            search_content(params)
        sql_counts.append(len(queries))
    order = [item for _ in range(rounds) for item in mix]
    random.Random(2013).shuffle(order)
    per_query = {label: [] for label, _ in mix}
    samples = []
    started = time.perf_counter()
    for label, params in tqdm(order, desc="Recherches", unit="requête", disable=not progress):
        t0 = time.perf_counter()
        search_content(params)
        elapsed = (time.perf_counter() - t0) * 1000
        samples.append(elapsed)
        per_query[label].append(elapsed)
    total = time.perf_counter() - started
    result.update(
        latency_ms=_percentiles(samples),
        throughput=len(samples) / total,
        per_query_p50={label: statistics.median(values) for label, values in per_query.items()},
        sql_median=int(statistics.median(sql_counts)),
        sql_max=max(sql_counts),
        sql_per_query={label: n for (label, _), n in zip(mix, sql_counts, strict=True)},
    )
    if http:
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
        urls = []
        for _label, params in mix:
            data = {("q" if k == "query" else k): v for k, v in asdict(params).items() if v not in ("", None, 1)}
            data.pop("sort", None) if data.get("sort") == "relevance" else None
            urls.append("/recherche/?" + urlencode(data))
        for url in urls:
            client.get(url)
        http_samples = []
        started = time.perf_counter()
        for url in tqdm(urls * max(1, rounds // 2), desc="HTTP", unit="requête", disable=not progress):
            t0 = time.perf_counter()
            response = client.get(url)
            http_samples.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
        result["http"] = {
            **_percentiles(http_samples),
            "throughput": len(http_samples) / (time.perf_counter() - started),
        }
    return result


def run(*, sizes, server_url, rebuild, rounds, http, reindex, output, out):
    """The parent: every size, then the report."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    results = [
        run_size(size, server_url=server_url, rebuild=rebuild, rounds=rounds, http=http, reindex=reindex, out=out)
        for size in sizes
    ]
    info = machine()
    info["date"] = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    info["postgresql"] = results[0]["postgresql"]
    info["load"] = load
    info["rounds"] = rounds
    command = "python -m tests.bench search " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else "make bench-search"
    section = report(results, info, command)
    if output:
        write_report(output, section)
    return section, results
