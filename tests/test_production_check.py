"""The pure logic of the production check (tests/production_check/): how it plans the load, judges what came
back and talks HTTP. The check itself runs with `make check-production` (CI runs it after the tests)."""

import contextlib
import io
import json
import socket
import threading
import time
import zlib
from unittest import mock

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser
from django_ratelimit.core import _get_window

from tests.production_check import load
from tests.production_check.client import Response, SlowClient, check_loopback, hidden_inputs, multipart
from tests.production_check.context import Site, is_french_503_page, is_french_json_503
from tests.production_check.processes import render_nginx_template
from tests.production_check.run import parse_args
from tests.production_check.steps.cache_flood import canonical_urls, junk_requests

# --- Rate-limit windows -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("now", [1_700_000_000, 1_700_000_123.7, 1_700_003_599, 86_400 * 20_000])
@pytest.mark.parametrize("address", ["127.0.0.2", "127.0.0.77", "::1"])
@pytest.mark.parametrize("period", [1, 60, 3600])
def test_window_end_is_django_ratelimits(now, address, period):
    with mock.patch("django_ratelimit.core.time.time", return_value=now):
        expected = _get_window(address, period)
    assert load.window_end(address, period, now) == expected


def test_quiet_addresses_leave_out_a_window_that_ends_during_the_run():
    period = 3600
    address = "127.0.0.9"
    end = load.window_end(address, period, 1_700_000_000)
    assert load.quiet_addresses([address], period, end - 100, margin=60) == [address]
    assert load.quiet_addresses([address], period, end - 30, margin=60) == []
    # Once the window ended, the next one is a whole period away.
    assert load.quiet_addresses([address], period, end + 1, margin=60) == [address]
    assert zlib.crc32(address.encode()) % period == end % period


# --- The plan ---------------------------------------------------------------------------------------------------


def plan(count=300, light=("127.0.0.3", "127.0.0.4", "127.0.0.5")):
    return load.plan_submissions(count=count, per_second=5, heavy="127.0.0.2", light=list(light), marker="m1")


def test_the_plan_sends_at_the_given_rate_one_in_three_from_the_heavy_address():
    submissions = plan()
    assert len(submissions) == 300
    assert submissions[0].at == 0 and submissions[-1].at == pytest.approx(59.8)
    sent = load.sent_by_address(submissions)
    assert sent == {"127.0.0.2": 100, "127.0.0.3": 67, "127.0.0.4": 67, "127.0.0.5": 66}
    channels = [submission.channel for submission in submissions]
    assert channels.count("form") == 60 and channels.count("api") == 240
    assert len({submission.title for submission in submissions}) == 300
    assert all("m1" in submission.title for submission in submissions)


def test_the_default_limit_separates_the_heavy_address_from_the_light_ones():
    for count, light_clients in ((300, 10), (75, 10), (30, 3)):
        limit = load.rate_limit_for(count, light_clients=light_clients)
        sent = load.sent_by_address(
            load.plan_submissions(
                count=count,
                per_second=5,
                heavy="h",
                light=[f"l{n}" for n in range(light_clients)],
                marker="m",
            )
        )
        assert sent["h"] > limit
        assert all(sent[f"l{n}"] < limit for n in range(light_clients))
    with pytest.raises(ValueError):
        load.rate_limit_for(6, light_clients=1)


def test_the_arguments_compute_the_limit_for_the_load_they_ask_for():
    assert parse_args([]).rate_limit == 30
    assert parse_args(["--load-seconds", "15"]).rate_limit == 7
    assert parse_args(["--rate-limit", "12"]).rate_limit == 12


# --- Judging the submissions ------------------------------------------------------------------------------------


def outcomes_as_expected(submissions, limit):
    """What a correct server answers: each address's first `limit` accepted, the rest refused in French."""
    counts = {}
    outcomes = []
    for submission in submissions:
        counts[submission.source] = counts.get(submission.source, 0) + 1
        if counts[submission.source] <= limit:
            outcomes.append(load.SubmissionOutcome(submission, status=load.ACCEPTED[submission.channel]))
        else:
            outcomes.append(load.SubmissionOutcome(submission, status=429, french_refusal=True))
    return outcomes


def accepted_titles(outcomes):
    return [outcome.planned.title for outcome in outcomes if outcome.status != 429]


def test_a_correct_run_has_no_problem():
    outcomes = outcomes_as_expected(plan(), limit=70)
    assert load.judge_submissions(outcomes, limit=70, stored_titles=accepted_titles(outcomes)) == []


def test_an_accepted_contribution_missing_from_the_database_is_a_problem():
    outcomes = outcomes_as_expected(plan(), limit=70)
    stored = accepted_titles(outcomes)[1:]
    problems = load.judge_submissions(outcomes, limit=70, stored_titles=stored)
    assert problems == [f"1 accepted contribution(s) not in the database, e.g. {accepted_titles(outcomes)[0]}"]


def test_a_refused_contribution_in_the_database_or_one_stored_twice_is_a_problem():
    outcomes = outcomes_as_expected(plan(), limit=70)
    refused = next(outcome.planned.title for outcome in outcomes if outcome.status == 429)
    problems = load.judge_submissions(outcomes, limit=70, stored_titles=[*accepted_titles(outcomes), refused])
    assert problems == [f"1 contribution(s) stored though not accepted, e.g. {refused}"]
    twice = [*accepted_titles(outcomes), accepted_titles(outcomes)[0]]
    assert load.judge_submissions(outcomes, limit=70, stored_titles=twice) == ["1 contribution(s) stored twice"]


def test_a_limit_that_did_not_hold_is_a_problem():
    outcomes = outcomes_as_expected(plan(), limit=80)  # the server let 80 through
    problems = load.judge_submissions(outcomes, limit=70, stored_titles=accepted_titles(outcomes))
    assert problems == [
        "127.0.0.2: sent 100, accepted 80 and refused 20, expected 70 accepted and 30 refused (limit 70)"
    ]


def test_errors_unexpected_statuses_and_english_429s_are_problems():
    outcomes = outcomes_as_expected(plan(count=30), limit=70)
    outcomes[1].status, outcomes[1].error = None, "GET: ConnectionResetError"
    outcomes[4].status = 500  # an HTML form submission
    outcomes[7].status, outcomes[7].french_refusal = 429, False
    problems = load.judge_submissions(outcomes, limit=70, stored_titles=accepted_titles(outcomes))
    assert problems[:3] == [
        "#1 (api, 127.0.0.3): GET: ConnectionResetError",
        "#4 (form, 127.0.0.5): unexpected 500",
        "#7: 429 without the French message or Retry-After",
    ]
    # The API answering 302 (what the form answers) is not an acceptance either.
    outcomes = outcomes_as_expected(plan(count=3), limit=70)
    outcomes[1].status = 302
    assert "#1 (api, 127.0.0.3): unexpected 302" in load.judge_submissions(
        outcomes, limit=70, stored_titles=accepted_titles(outcomes)
    )


# --- Reads ------------------------------------------------------------------------------------------------------


def test_percentile_is_the_nearest_rank():
    assert load.percentile([], 0.5) == 0.0
    assert load.percentile([3, 1, 2], 0.5) == 2
    assert load.percentile(list(range(1, 101)), 0.95) == 95
    assert load.percentile([7], 0.99) == 7


def test_the_read_tally_counts_anything_but_a_200_as_a_failure():
    tally = load.ReadTally()
    tally.add("/", 200, 0.01)
    tally.add("/", 200, 0.03)
    tally.add("/api/v2/pages/", 503, 0.02)
    tally.add("/recherche/", error="ConnectionRefusedError")
    assert tally.total == 4 and tally.failed == 2
    assert tally.failures == [("/api/v2/pages/", 503), ("/recherche/", "ConnectionRefusedError")]
    assert "4 reads in 2 s (2.0/s), 2 failed" in tally.summary(2)


# --- HTTP -------------------------------------------------------------------------------------------------------


def test_multipart_bodies_are_read_by_django_as_sent():
    body, content_type = multipart(
        {"title": "Canevas d'analyse partagée", "themes": ["3", "12"], "site_web": ""},
        [("files", "compte-rendu.pdf", b"%PDF-1.4 contenu", "application/pdf")],
    )
    meta = {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body))}
    data, files = MultiPartParser(meta, io.BytesIO(body), [MemoryFileUploadHandler()], "utf-8").parse()
    assert isinstance(data, QueryDict)
    assert data["title"] == "Canevas d'analyse partagée"
    assert data.getlist("themes") == ["3", "12"]
    assert data["site_web"] == ""
    upload = files["files"]
    assert upload.name == "compte-rendu.pdf"
    assert upload.read() == b"%PDF-1.4 contenu"


def test_hidden_inputs_of_a_form():
    page = """<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc">
        <input name="title" value="visible"><input value="x:y" type="hidden" name="form_token">
        <input type="hidden" name="form_token" value="second"></form>"""
    assert hidden_inputs(page) == {"csrfmiddlewaretoken": "abc", "form_token": "x:y"}


def test_the_client_only_talks_to_loopback():
    check_loopback("127.0.0.2")
    for address in ("10.0.0.2", "192.168.1.1", "8.8.8.8", "0.0.0.0"):  # noqa: S104
        with pytest.raises(ValueError):
            check_loopback(address)


def response(status, content_type, body, **headers):
    payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return Response(status, {"content-type": content_type, **headers}, payload, 0.01)


def test_what_counts_as_the_french_503():
    page = '<html lang="fr-BE"><h1>Service momentanément indisponible</h1><p>Votre envoi n&#x27;a pas pu être</p>'
    assert is_french_503_page(response(503, "text/html; charset=utf-8", page, **{"retry-after": "60"}))
    assert is_french_503_page(
        response(503, "text/html; charset=utf-8", page, **{"retry-after": "60"}), "Votre envoi n'a pas pu être"
    )
    assert not is_french_503_page(response(503, "text/html", page))  # no Retry-After
    assert not is_french_503_page(response(500, "text/html", page, **{"retry-after": "60"}))
    message = {"message": "Rien n'a été conservé : merci de réessayer."}
    assert is_french_json_503(response(503, "application/json", message, **{"retry-after": "300"}), "Rien n'a")
    assert not is_french_json_503(response(503, "application/json", {"detail": "x"}, **{"retry-after": "300"}))
    assert not is_french_json_503(response(503, "text/html", page, **{"retry-after": "300"}))


def test_a_reader_stops_at_its_deadline_and_reports_refused_connections():
    tally = load.ReadTally()
    started = time.monotonic()
    load.read_until(1, ["/"], started + 0.3, tally)  # port 1: nothing listens there
    assert time.monotonic() - started < 5
    assert tally.total >= 1 and tally.failed == tally.total
    assert tally.statuses["connection error"] == tally.total


def test_a_reader_stops_when_told_to():
    tally = load.ReadTally()
    stop = threading.Event()
    stop.set()
    load.read_until(1, ["/"], time.monotonic() + 60, tally, stop=stop)
    assert tally.total == 0


# --- Slow clients and the cache flood ---------------------------------------------------------------------------


def test_the_check_uses_its_own_ports_for_nginx():
    args = parse_args([])
    ports = [*args.web_ports, args.pg_port, args.closed_redis_port, args.closed_search_port, args.s3_port]
    assert args.nginx_port == 9183 and args.nginx_port not in ports


def test_the_nginx_template_is_rendered_like_the_images_envsubst():
    values = {
        "PLATEFORME_LISTEN": "127.0.0.1:9183",
        "PLATEFORME_UPSTREAM": "127.0.0.1:9180",
        "PLATEFORME_STATIC_ROOT": "/s",
    }
    text = render_nginx_template(values)
    assert "listen 127.0.0.1:9183;" in text
    assert "server 127.0.0.1:9180;" in text
    assert "alias /s/;" in text
    assert "PLATEFORME_" not in text.split("\nlimit_conn_zone")[1]  # the header comment may name them, not the rest
    # nginx's own variables are left alone.
    assert "$proxy_add_x_forwarded_for" in text and "$http_host" in text and "$binary_remote_addr" in text
    with pytest.raises(ValueError):
        render_nginx_template({"PLATEFORME_LISTEN": "80"})


def slow_server(close_after):
    """A loopback server that reads what one client sends and closes it after `close_after` seconds:
    (port, what it received, its thread: join it before reading what it received)."""
    listener = socket.create_server(("127.0.0.1", 0))
    received = bytearray()

    def serve():
        connection, _address = listener.accept()
        connection.settimeout(0.05)
        deadline = time.monotonic() + close_after
        while time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                received.extend(connection.recv(1000))
        connection.close()
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], received, thread


def test_a_slow_client_sends_a_header_line_at_a_time_until_the_server_closes():
    port, received, server = slow_server(close_after=0.5)
    client = SlowClient(port, "header", every=0.1).open()
    client.run(time.monotonic() + 10, threading.Event())
    server.join()
    assert client.closed_at is not None and client.open_for < 5
    lines = bytes(received).split(b"\r\n")
    assert lines[0] == b"GET / HTTP/1.1"
    assert b"X-Lent-1: 1" in lines and b"\r\n\r\n" not in bytes(received)  # headers never end


def test_a_stalled_body_stops_after_its_first_bytes_and_a_trickling_one_goes_on():
    port, received, server = slow_server(close_after=0.5)
    stalled = SlowClient(port, "stalled body", path="/contribuer/", every=0.1).open()
    stalled.run(time.monotonic() + 10, threading.Event())
    server.join()
    assert stalled.closed_after is not None
    assert bytes(received).endswith(b"Content-Length: 1000\r\n\r\na=123456789")
    port, received, server = slow_server(close_after=1)
    trickling = SlowClient(port, "trickling body", every=0.1).open()
    trickling.run(time.monotonic() + 0.5, threading.Event())
    server.join()
    assert trickling.closed_at is None  # still open when its time ran out: the server kept it
    head, body = bytes(received).split(b"\r\n\r\n")
    assert head.endswith(b"Content-Length: 1000") and body and set(body) == {ord("b")}


def test_the_flood_varies_without_end_and_the_canonical_urls_do_not():
    site = Site(resources=[(7, "/ressource/", "Guide")], themes=[(3, "/theme/")])
    junk = {(path, tuple(headers.items())) for path, headers in junk_requests(site, 240)}
    assert len(junk) == 240
    assert junk.isdisjoint((url, ()) for url in canonical_urls(site))
