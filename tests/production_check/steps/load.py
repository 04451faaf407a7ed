"""Step 2: the load (contributions and pages at once) and slow clients behind nginx."""

import concurrent.futures
import threading
import time
from collections import Counter

from tests.production_check import load
from tests.production_check.client import ConnectionFailed, SlowClient, request
from tests.production_check.context import NOTIFICATION_MAIL_LIMIT, RATE_PERIOD, TOKEN_LEAD, describe, get
from tests.production_check.processes import Nginx, SetupFailed, error_lines
from tests.production_check.submissions import submit_on_time

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
