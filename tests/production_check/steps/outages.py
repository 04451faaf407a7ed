"""Step 3: outages, PostgreSQL stopped, Redis down, the search engine down."""

import subprocess
import sys
import time
from urllib.parse import quote

from tests.production_check import load
from tests.production_check.client import multipart, request, staged_request
from tests.production_check.context import (
    NOTHING_KEPT,
    SEARCH_NOTICE,
    describe,
    get,
    is_french_503_page,
    is_french_json_503,
    json_of,
    text_of,
)
from tests.production_check.processes import BASE_DIR
from tests.production_check.submissions import contribution_fields, min_fill_wait, prepare_all, submit

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
