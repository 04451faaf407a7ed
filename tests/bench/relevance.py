"""The relevance benchmark (`make bench-search`, or alone `python -m tests.bench relevance`): the graded relevance suite
(tests/search/relevance_queries*.py) on PostgreSQL, SQLite and the OpenSearch-API engine, into docs/benchmarks.md.

The demo content is built (as `seed_demo` does; once: `--rebuild` starts again) in a PostgreSQL database
`bench_relevance` and in a SQLite file `.bench-relevance.sqlite3`; a child process per database rebuilds the search
entries and runs every judged query through `search_content` (the engine's on the PostgreSQL database, with
osmem-server or the cluster of `OPENSEARCH_URL`), and reports per backend recall@10, nDCG@10, MRR, the corrections of
words the content has and the worst queries. The parent adds « same first hit as PostgreSQL » and writes the
« Pertinence » table beside the speed table. The tests run the same suite (tests/search/test_relevance_suite.py).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tests.bench.search import DEFAULT_SERVER_URL, bench_command, create_database, machine

DATABASE = "bench_relevance"
SQLITE_FILE = ".bench-relevance.sqlite3"
BACKENDS = ("postgres", "sqlite", "opensearch3")
LABELS = {
    "postgres": "PostgreSQL",
    "sqlite": "SQLite (embedded default)",
    "opensearch3": "OpenSearch API (osmem-server, as the tests run it)",
}
# Issue 15's targets: recall@10, MRR per backend (None: none); same first hit as PostgreSQL.
TARGETS = {"postgres": (0.95, 0.85), "sqlite": (None, 0.80), "opensearch3": (0.95, 0.85)}
TARGET_SAME_FIRST_HIT = 0.90
MARK_START = "<!-- bench-relevance:start -->"
MARK_END = "<!-- bench-relevance:end -->"
SEARCH_MARK_END = "<!-- bench-search:end -->"

SECTION_HEADER = """### Relevance (« Pertinence »)

`make bench-search` then measures the graded relevance suite (`python -m tests.bench relevance`,
tests/bench/relevance.py, runnable alone): over 80 French queries written from the visitor's side
(tests/search/relevance_queries.py and relevance_queries_more.py: titles, topics, plurals, elision, accents, typos,
sigles, words only in documents, two- and three-word queries, hyphenated words, facet filters, correct words), each
with the pages that must come first (grade 3 or 2) and those that may follow (grade 1), run through `search_content`
over the demo content (built as `seed_demo` does, in a database `bench_relevance` and a SQLite file
`.bench-relevance.sqlite3`; `--rebuild` builds them again). recall@10: the share of must-come-first pages in the
first ten; nDCG@10: gain 2^grade - 1 discounted by log2(rank + 1), over the ideal order; MRR: 1 / the rank of the
first must-come-first page. `make test` asserts the same targets (tests/search/test_relevance_suite.py).

"""


def engine_available():
    from tests.search.engines import osmem_server

    return osmem_server is not None or bool(os.environ.get("OPENSEARCH_URL"))


def sqlite_path():
    return Path(settings.BASE_DIR) / SQLITE_FILE


def _child(backends, env, out):
    """Measure `backends` on the database of `env` in a child process; {backend: result}."""
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    result_file = Path(settings.BASE_DIR) / f".bench-relevance-{backends[0]}.json"
    out.write(f"\n== Pertinence : {', '.join(LABELS[b] for b in backends)} ==\n")
    out.flush()
    args = [*bench_command("relevance"), "--measure", "--backends", *backends, f"--result={result_file}"]
    subprocess.run(args, env=env, check=True, cwd=settings.BASE_DIR)  # noqa: S603
    result = json.loads(result_file.read_text())
    result_file.unlink()
    return result


def run(*, server_url=DEFAULT_SERVER_URL, rebuild=False, backends=BACKENDS, output="", out=sys.stdout):
    """The parent: PostgreSQL (and the engine on it), then SQLite; the report."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    base_env = {**os.environ, "DEBUG": "False"}
    base_env.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    results = {}
    if not engine_available():
        out.write("Pas de moteur (ni osmem-server ni OPENSEARCH_URL) : PostgreSQL et SQLite seulement.\n")
        backends = [b for b in backends if b != "opensearch3"]
    on_postgres = [b for b in ("postgres", "opensearch3") if b in backends]
    if on_postgres:
        create_database(DATABASE, server_url, rebuild)
        env = {**base_env, "DATABASE_URL": f"{server_url.rstrip('/')}/{DATABASE}"}
        results.update(_child(on_postgres, env, out))
    if "sqlite" in backends:
        if rebuild:
            sqlite_path().unlink(missing_ok=True)
        results.update(_child(["sqlite"], {**base_env, "DATABASE_URL": f"sqlite:///{sqlite_path()}"}, out))
    add_same_first_hit(results)
    info = machine()
    info["date"] = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    info["load"] = load
    info["postgresql"] = results.get("postgres", {}).get("postgresql", "")
    command = "python -m tests.bench " + " ".join(sys.argv[1:]) if len(sys.argv) > 1 else "make bench-search"
    section = report(results, info, command)
    if output:
        write_report(output, section)
    return section, results


def add_same_first_hit(results):
    """Each backend's share of queries whose first hit is PostgreSQL's (when PostgreSQL was measured)."""
    from tests.search.relevance_metrics import same_first_hit

    reference = results.get("postgres", {}).get("rankings")
    for name, result in results.items():
        result["same_first_hit"] = (
            None if reference is None or name == "postgres" else (same_first_hit(result["rankings"], reference))
        )


# --- Child: the suite on the current database -----------------------------------------------------------------


def measure(backends):
    """Build the demo (if needed) and run the suite on each of `backends`; a JSON-able dict per backend."""
    from django.db import connection

    from tests.search import relevance_metrics as metrics
    from tests.search.engines import ENGINE_BACKENDS, ENGINES, EngineSession
    from tests.search.relevance_suite import build_demo_corpus, run_suite

    build_demo_corpus()
    results = {}
    for name in backends:
        session = EngineSession(name).start()
        try:
            session.refresh()
            suite = run_suite("default", label=name)
        finally:
            session.close()
            if name in ENGINE_BACKENDS:
                ENGINES.stop_all()
        figures = suite.summary
        results[name] = {
            **figures,
            "rankings": suite.rankings(),
            "hidden_found": suite.hidden_found,
            "failures": suite.failures,
            "unchanged_notices": suite.unchanged_notices,
            "worst": metrics.worst(suite.results),
        }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        for result in results.values():
            result["postgresql"] = version
    return results


# --- The report ---------------------------------------------------------------------------------------------------


def _met(value, target):
    return "met" if value >= target else "**missed**"


def report(results, info, command):
    """The « Pertinence » section of docs/benchmarks.md, as markdown."""
    from tests.search.relevance_metrics import describe_worst

    measured = [name for name in BACKENDS if name in results]
    queries = max(results[name]["queries"] for name in measured)
    lines = [
        MARK_START,
        f"Measured on {info['date']} with `{command}`: {queries} judged queries, the first 10 hits.",
        "",
        f"Machine: {info['cpus']} CPU ({info['cpu']}), {info['memory']} RAM, {info['postgresql'] or 'no PostgreSQL'}, "
        f"Python {info['python']}; load average at start {info['load']}.",
        "",
        "| backend | recall@10 | nDCG@10 | MRR | same first hit as PostgreSQL | corrections of words the content has |"
        " drafts or private pages in a first 200 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in measured:
        r = results[name]
        same = "–" if r["same_first_hit"] is None else f"{r['same_first_hit']:.0%}"
        wrong = ", ".join(f"« {q} »: {w}" for q, w in r["wrong_corrections"]) or "0"
        lines.append(
            f"| {LABELS[name]} | {r['recall']:.3f} | {r['ndcg']:.3f} | {r['mrr']:.3f} | {same} | {wrong} | "
            f"{len(r['hidden_found'])} |"
        )
    verdicts = []
    for name in measured:
        r = results[name]
        short = LABELS[name].split(" (")[0]
        recall_target, mrr_target = TARGETS[name]
        if recall_target is not None:
            verdicts.append(f"{short} recall@10 ≥ {recall_target}: {_met(r['recall'], recall_target)}")
        verdicts.append(f"{short} MRR ≥ {mrr_target}: {_met(r['mrr'], mrr_target)}")
        if r["same_first_hit"] is not None and name != "sqlite":
            verdicts.append(f"same first hit ≥ 90 %: {_met(r['same_first_hit'], TARGET_SAME_FIRST_HIT)}")
    wrong = sum(len(results[name]["wrong_corrections"]) for name in measured)
    verdicts.append(f"no correction of a word the content has: {'met' if not wrong else '**missed**'}")
    unchanged = sorted({q for name in measured for q in results[name].get("unchanged_notices", [])})
    if unchanged:
        verdicts.append("notices « correcting » a query into itself: " + ", ".join(f"« {q} »" for q in unchanged))
    lines += ["", "Targets (issue 15): " + "; ".join(verdicts) + ".", ""]
    for name in measured:
        lines += [f"The 10 worst queries on {LABELS[name]} (lowest nDCG@10):", ""]
        lines += [f"1. {line}" for line in describe_worst(results[name]["worst"])]
        lines.append("")
    lines.append(MARK_END)
    return "\n".join(lines)


def write_report(path, section):
    """Replace the section between the markers; the first time, add it with its header after the speed table."""
    path = Path(path)
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if MARK_START in text:
        start, rest = text.split(MARK_START, 1)
        text = start + section + rest.split(MARK_END, 1)[1]
    elif SEARCH_MARK_END in text:
        before, after = text.split(SEARCH_MARK_END, 1)
        text = before + SEARCH_MARK_END + "\n\n" + SECTION_HEADER + section + "\n" + after
    else:
        text = text.rstrip() + "\n\n" + SECTION_HEADER + section + "\n"
    path.write_text(text)
