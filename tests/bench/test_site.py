"""The site benchmark's pure parts (tests/bench/site_report.py): wrk output, targets, the report; its floor view and
its reference, the hello app.

The measures themselves (gunicorn, wrk) are not run here: `make bench-site` does.
"""

import pytest
from django.test import override_settings

from tests.bench import hello
from tests.bench import site_report as bench

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:9160/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.53ms   80.11ms   1.20s    71.00%
    Req/Sec    38.12     12.40    70.00     66.00%
  Latency Distribution
     50%  401.22ms
     75%  450.10ms
     90%  520.00ms
     99%    1.02s
  385 requests in 5.01s, 12.30MB read
Requests/sec:     76.85
Transfer/sec:      2.46MB
"""

WRK_ERRORS = """Running 2s test @ http://127.0.0.1:9179/nope
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.72ms    2.98ms  36.22ms   88.40%
    Req/Sec     0.85k   378.28     1.99k    87.50%
  Latency Distribution
     50%  850.00us
     75%    4.39ms
     90%    6.97ms
     99%   15.60ms
  3409 requests in 2.01s, 1.69MB read
  Socket errors: connect 0, read 2, write 0, timeout 7
  Non-2xx or 3xx responses: 3409
Requests/sec:   1695.88
Transfer/sec:    861.19KB
"""


def test_parse_wrk_reads_throughput_and_latency_percentiles_in_milliseconds():
    measure = bench.parse_wrk(WRK_OUTPUT)
    assert measure["rps"] == pytest.approx(76.85)
    assert measure["p50_ms"] == pytest.approx(401.22)
    assert measure["p99_ms"] == pytest.approx(1020.0)
    assert measure["requests"] == 385
    assert measure["non_2xx_3xx"] == 0
    assert measure["socket_errors"] == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    assert bench.errors_of(measure) == []


def test_parse_wrk_reads_errors_and_microseconds():
    measure = bench.parse_wrk(WRK_ERRORS)
    assert measure["p50_ms"] == pytest.approx(0.85)
    assert measure["non_2xx_3xx"] == 3409
    assert measure["socket_errors"]["timeout"] == 7
    assert bench.errors_of(measure) == [
        "3409 réponses hors 2xx/3xx",
        "2 erreurs de socket (read)",
        "7 erreurs de socket (timeout)",
    ]


def test_parse_wrk_refuses_output_without_latency_distribution():
    without = "\n".join(line for line in WRK_OUTPUT.splitlines() if "%  " not in line)
    with pytest.raises(ValueError, match="incomplète"):
        bench.parse_wrk(without)


@pytest.mark.parametrize(
    ("text", "ms"), [("850.00us", 0.85), ("10.11ms", 10.11), ("1.20s", 1200.0), ("1.50m", 90_000.0)]
)
def test_duration_units(text, ms):
    assert bench.duration_ms(text) == pytest.approx(ms)


def row(pass_, kind, key, rps):
    return {
        "pass": pass_,
        "kind": kind,
        "key": key,
        "label": key,
        "path": f"/{key}/",
        "rps": rps,
        "p50_ms": 1.0,
        "p99_ms": 2.0,
    }


def test_evaluate_gives_every_row_its_ratio_to_the_hello_app_and_the_issue_17_targets():
    rows = bench.evaluate(
        [
            row("uncached", "hello", "hello", 4000.0),
            row("uncached", "floor", "floor", 2000.0),  # Django's own cost: shown, no target
            row("uncached", "detail", "resource", 220.0),  # 0.055: met, at the limit
            row("uncached", "detail", "dossier", 219.0),  # missed
            row("uncached", "listing", "home", 88.0),  # 0.022: met
            row("uncached", "listing", "search", 79.0),  # 0.01975: missed
            row("uncached", "listing", "api-list", 260.0),  # 0.065: met
            row("uncached", "listing", "api-list-all", 10.0),  # no target set by the issue
            row("cached", "detail", "resource", 2400.0),  # 0.6: met
            row("cached", "listing", "home", 2399.0),  # missed
        ]
    )
    verdicts = [(r["pass"], r["key"], r["target"], r["met"]) for r in rows]
    assert verdicts == [
        ("uncached", "hello", None, None),
        ("uncached", "floor", None, None),
        ("uncached", "resource", 0.055, True),
        ("uncached", "dossier", 0.055, False),
        ("uncached", "home", 0.022, True),
        ("uncached", "search", 0.02, False),
        ("uncached", "api-list", 0.065, True),
        ("uncached", "api-list-all", None, None),
        ("cached", "resource", 0.6, True),
        ("cached", "home", 0.6, False),
    ]
    assert rows[1]["ratio"] == pytest.approx(0.5)
    assert rows[2]["ratio"] == pytest.approx(0.055)


def test_evaluate_without_the_hello_app_gives_no_verdict():
    rows = bench.evaluate([row("uncached", "floor", "floor", 800.0), row("cached", "detail", "resource", 10.0)])
    assert [r["ratio"] for r in rows] == [None, None]
    assert [r["met"] for r in rows] == [None, None]


def test_evaluate_checks_the_sql_queries_of_uncached_pages_only():
    rows = bench.evaluate(
        [
            {**row("uncached", "hello", "hello", 4000.0), "sql": None},
            {**row("uncached", "detail", "resource", 100.0), "sql": 6},
            {**row("uncached", "listing", "home", 100.0), "sql": 7},
            {**row("cached", "listing", "home", 100.0), "sql": 7},
        ]
    )
    assert [r["sql_met"] for r in rows] == [None, True, False, None]


def test_rss_target():
    assert bench.rss_met([180.0, 250.0])
    assert not bench.rss_met([180.0, 250.5])


INFO = {
    "date": "2026-11-26 02:00 CET",
    "duration": 5,
    "cpus": 2,
    "cpu": "Some CPU",
    "memory": "24Gi",
    "postgresql": "PostgreSQL 16.4",
    "python": "3.11.2",
    "load": "1.00, 2.00, 3.00",
    "errors": [],
    "notes": [],
}


def test_report_shows_each_row_with_ratio_target_and_verdict_and_the_workers_memory():
    rows = bench.evaluate(
        [
            row("uncached", "hello", "hello", 1000.0),
            {**row("uncached", "detail", "resource", 20.0), "service_ms": 31.25, "sql": 9},
        ]
    )
    text = bench.report(rows, {"uncached": [190.2, 201.7]}, INFO, "make bench-site")
    assert text.startswith(bench.MARK_START) and text.endswith(bench.MARK_END)
    assert "2 CPU (Some CPU), 24Gi RAM, PostgreSQL 16.4" in text
    assert "load average at start 1.00, 2.00, 3.00" in text
    assert "| uncached | hello: `/hello/` | 1,000.0 | 1.0 ms | 2.0 ms | – | – | 1 | – | – |" in text
    resource = "| uncached | resource: `/resource/` | 20.0 | 1.0 ms | 2.0 ms | 31.2 ms | **9** | 0.020 | ≥ 0.055 |"
    assert resource + " **missed** |" in text
    assert "- uncached: 190 MB, 202 MB — met" in text
    assert "invalid" not in text


def test_report_marks_a_run_with_errors_invalid():
    rows = bench.evaluate([row("uncached", "hello", "hello", 1000.0)])
    text = bench.report(rows, {}, {**INFO, "errors": ["uncached home (/): 3 réponses hors 2xx/3xx"]}, "x")
    assert "**Run invalid**" in text
    assert "- uncached home (/): 3 réponses hors 2xx/3xx" in text


def test_write_report_replaces_only_its_own_section(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n<!-- bench-search:start -->\nsearch table\n<!-- bench-search:end -->\n")
    bench.write_report(doc, f"{bench.MARK_START}\nfirst\n{bench.MARK_END}")
    text = doc.read_text()
    assert "search table" in text
    assert "## Site" in text
    assert "first" in text
    bench.write_report(doc, f"{bench.MARK_START}\nsecond\n{bench.MARK_END}")
    text = doc.read_text()
    assert "first" not in text
    assert text.count(bench.MARK_START) == 1
    assert "second" in text and "search table" in text


@pytest.mark.django_db
def test_floor_view_is_not_routed_by_default(client, site_tree):
    response = client.get("/_bench/floor/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_floor_view_is_routed_under_the_bench_settings(client):
    # cms.settings.bench's ROOT_URLCONF; override_settings clears the URL caches on the way in and out.
    with override_settings(ROOT_URLCONF="tests.bench.urls"):
        response = client.get("/_bench/floor/")
    assert response.status_code == 200
    assert response.content == b"floor"
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/_bench/floor/").status_code == 404


def test_hello_app_answers_five_bytes_without_django():
    seen = {}
    body = hello.application({"PATH_INFO": "/anything/"}, lambda status, headers: seen.update(status=status))
    assert seen["status"] == "200 OK"
    assert b"".join(body) == b"hello"
