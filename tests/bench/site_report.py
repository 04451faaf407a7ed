"""The site benchmark's pure parts (tests/bench/site.py runs the measures): wrk's output, the targets, the report.

Tested in tests/bench/test_site.py; nothing here starts a server.
"""

import re
from dataclasses import dataclass
from pathlib import Path

WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 32
# wrk's own default (2 s) would count slow uncached answers queued behind 31 others as errors.
WRK_TIMEOUT_S = 30
MARK_START = "<!-- bench-site:start -->"
MARK_END = "<!-- bench-site:end -->"
# The floor view's path (tests/bench/urls.py).
FLOOR_PATH = "/_bench/floor/"

# The reference row: the bare WSGI app of tests/bench/hello.py under its own gunicorn.
HELLO_KEY = "hello"
# Targets, as a fraction of the hello app's requests per second (issue 17: about three times Wagtail's bakerydemo).
UNCACHED_TARGETS = {
    "home": 0.022,
    "resource": 0.055,
    "dossier": 0.055,
    "workshop": 0.055,
    "theme": 0.033,
    "library": 0.033,
    "workshops": 0.033,
    "search": 0.020,
    "api-detail": 0.040,
    "api-list": 0.065,
}
CACHED_TARGET = 0.60  # a page cache hit, any URL
TARGET_SQL = 6  # SQL queries per uncached page or API call
TARGET_RSS_MB = 250


@dataclass(frozen=True)
class Target:
    """One measured URL: `kind` is hello (the reference), floor (a bare Django view), detail or listing."""

    key: str
    label: str
    kind: str
    path: str


# --- Pure parts: wrk output, targets, the report ------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def duration_ms(text):
    """A wrk duration (`850.00us`, `10.11ms`, `1.20s`, `1.02m`) in milliseconds."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(us|ms|s|m|h)\s*", text)
    if not match:
        raise ValueError(f"Durée wrk illisible : {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output):
    """Requests per second, p50/p99 (ms), request count and errors from `wrk --latency` output."""
    rps = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s*50(?:\.0+)?%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s*99(?:\.0+)?%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ([\d.]+\w+)", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise ValueError("Sortie de wrk incomplète (--latency manquant ?) :\n" + output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
        output,
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True))
        if (socket)
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    )
    return {
        "rps": float(rps[1]),
        "p50_ms": duration_ms(p50[1]),
        "p99_ms": duration_ms(p99[1]),
        "requests": int(total[1]),
        "duration_ms": duration_ms(total[2]),
        "non_2xx_3xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": socket_errors,
    }


def errors_of(measure):
    """The errors of one wrk run, in words; empty when there are none."""
    problems = []
    if measure["non_2xx_3xx"]:
        problems.append(f"{measure['non_2xx_3xx']} réponses hors 2xx/3xx")
    problems += [f"{n} erreurs de socket ({kind})" for kind, n in measure["socket_errors"].items() if n]
    if not measure["requests"]:
        problems.append("aucune requête aboutie")
    return problems


def target_of(row):
    """The row's target ratio, or None (the reference rows, and URLs the issue sets none for)."""
    if row["kind"] in ("hello", "floor"):
        return None
    if row["pass"] == "cached":
        return CACHED_TARGET
    return UNCACHED_TARGETS.get(row["key"])


def evaluate(rows):
    """Ratio to the hello app, target and met/missed for each row; the rows, completed.

    Each row: {"pass": "uncached"|"cached", "kind", "key", "label", "rps", ..., optionally "sql"}. The reference
    is the hello app's row (measured once, in the first pass). A row's `sql_met` says whether its SQL queries
    (uncached pages and API calls) are within TARGET_SQL.
    """
    hello = next((row["rps"] for row in rows if row["kind"] == "hello"), None)
    for row in rows:
        row["ratio"] = row["rps"] / hello if hello else None
        row["target"] = target_of(row)
        if row["target"] is None or row["ratio"] is None:
            row["met"] = None
        else:
            row["met"] = row["ratio"] >= row["target"]
        counted = row.get("sql") is not None and row["pass"] == "uncached" and row["kind"] not in ("hello", "floor")
        row["sql_met"] = row["sql"] <= TARGET_SQL if counted else None
    return rows


def rss_met(rss_mb):
    return max(rss_mb, default=0) <= TARGET_RSS_MB


PASS_LABELS = {"uncached": "sans cache de pages", "cached": "cache de pages"}


def _verdict(met):
    return "–" if met is None else ("met" if met else "**missed**")


def report(rows, rss, info, command):
    """The « Site » section of docs/benchmarks.md, as markdown.

    `rss`: {pass: [worker RSS in MB, ...]}; `info`: machine, date, load, duration, notes, errors.
    """
    lines = [
        MARK_START,
        f"Measured on {info['date']} with `{command}`: wrk `-t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{info['duration']}s --latency --timeout {WRK_TIMEOUT_S}s` per URL, gunicorn --workers {WORKERS}, "
        "cms.settings.bench (the production settings and the floor's URL).",
        "",
        f"Machine: {info['cpus']} CPU ({info['cpu']}), {info['memory']} RAM, {info['postgresql']}, "
        f"Python {info['python']}; load average at start {info['load']}. The team shares this machine: "
        "compare figures of one run with each other rather than across runs.",
        "",
    ]
    if info.get("errors"):
        lines += ["**Run invalid**: errors during the measures:", ""]
        lines += [f"- {error}" for error in info["errors"]]
        lines.append("")
    for note in info.get("notes", []):
        lines += [note, ""]
    lines += [
        "| pass | URL | req/s | p50 | p99 | service (c=1) | SQL | × hello | target | |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = "1" if row["kind"] == "hello" else (f"{row['ratio']:.3f}" if row["ratio"] is not None else "–")
        target = f"≥ {row['target']:g}" if row["target"] is not None else "–"
        service = f"{row['service_ms']:,.1f} ms" if row.get("service_ms") is not None else "–"
        sql = "–" if row.get("sql") is None else str(row["sql"])
        if row.get("sql_met") is False:
            sql = f"**{sql}**"
        lines.append(
            f"| {row['pass']} | {row['label']}: `{row['path']}` | {row['rps']:,.1f} | {row['p50_ms']:,.1f} ms | "
            f"{row['p99_ms']:,.1f} ms | {service} | {sql} | {ratio} | {target} | {_verdict(row['met'])} |"
        )
    lines += ["", f"Workers' resident memory (VmRSS) after each pass, target ≤ {TARGET_RSS_MB} MB:", ""]
    for name, values in rss.items():
        shown = ", ".join(f"{value:,.0f} MB" for value in values) or "?"
        lines.append(f"- {name}: {shown} — {_verdict(rss_met(values) if values else None)}")
    lines.append(MARK_END)
    return "\n".join(lines)


DOC_SECTION = """## Site

`make bench-site` (`python -m tests.bench site`, tests/bench/site.py): one PostgreSQL database `bench_site` (built
once: `seed_demo`, then `generate_content --resources=10000 --dossiers=2000 --workshops=500`;
`make bench-site BENCH_SITE_ARGS=--rebuild` builds it again), served by the production command (the
Dockerfile's `gunicorn cms.wsgi:application --workers 2`, `cms.settings.bench`: `cms.settings.production` and
the floor's URL, Redis cache,
`CONN_MAX_AGE=60` as in compose.yaml). Each URL is loaded with wrk for a fixed time after one warm-up
request; two passes: `PAGE_CACHE_SECONDS=0` (uncached: the anonymous page cache off, its Redis database
flushed) and `PAGE_CACHE_SECONDS=300` (cached). The reference is a bare WSGI « hello » app (tests/bench/hello.py:
no Django, no middleware) under its own gunicorn with the same workers; every figure is a ratio to it. The floor
is a bare Django view (`/_bench/floor/`, every middleware, routed only under `cms.settings.bench`): the cost of
Django and the middleware stack alone. In the uncached pass each URL is also measured at one connection
(« service »: wrk `-t1 -c1`, p50), and its SQL queries are counted once warm (Django's test client on the same
database, page cache off).
Targets (issue 17, about three times Wagtail's bakerydemo): uncached home ≥ 0.022 × hello; resource, dossier and
rencontre details ≥ 0.055; theme, dossier library and rencontres listings ≥ 0.033; search ≥ 0.020; API detail
≥ 0.040 and API list of 20 ≥ 0.065; a page cache hit ≥ 0.60; ≤ 6 SQL queries per uncached page or API call (a
count above is shown in bold); each worker ≤ 250 MB.
Any answer other than 2xx/3xx, or any socket error, makes the run invalid (the command fails).

"""


def write_report(path, section):
    """Replace the text between this benchmark's markers (adding the section when missing)."""
    path = Path(path)
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if MARK_START not in text:
        text = text.rstrip() + "\n\n" + DOC_SECTION + MARK_START + "\n" + MARK_END + "\n"
    pattern = re.compile(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), re.DOTALL)
    path.write_text(pattern.sub(lambda _: section, text, count=1))
