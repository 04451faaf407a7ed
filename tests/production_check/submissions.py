"""Contributions sent during the production check: prepared forms, timed submissions, French 429s."""

import concurrent.futures
import json
import time
from dataclasses import dataclass

from tests.production_check import load
from tests.production_check.client import ConnectionFailed, form_urlencoded, hidden_inputs, request
from tests.production_check.context import (
    MIN_FILL_SECONDS,
    RATE_LIMIT_MESSAGE,
    TOKEN_LEAD,
    describe,
    get,
    json_of,
    text_of,
)
from tests.production_check.processes import SetupFailed

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
