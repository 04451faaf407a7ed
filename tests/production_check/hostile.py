"""Step 1b of the production check: issue 13's probes against the production server (gunicorn, PostgreSQL).

Each probe that once answered 500 gets its French 4xx; a resource with a document from a restricted collection
attached shows nothing of it anonymously (page, API, search); the admin login locks out after too many wrong
passwords, per address and per account; the server logs no ERROR meanwhile.
"""

import html
import json
import re
import subprocess
import sys
from urllib.parse import quote, urlencode

from tests.production_check.client import hidden_inputs, request
from tests.production_check.processes import BASE_DIR, error_lines

CONTROL_CHARACTER = "caractère de contrôle"
WORDS_150 = "+".join(f"mot{n}" for n in range(150))
# (path, what the French answer says)
READ_PROBES = [
    ("/api/v2/pages/?search=%00", CONTROL_CHARACTER),
    ("/api/v2/documents/?search=%00", CONTROL_CHARACTER),
    ("/api/v2/images/?search=%00", CONTROL_CHARACTER),
    ("/api/v2/pages/?type=pages.ResourcePage&search=d%C3%A9cret%00", CONTROL_CHARACTER),
    (f"/api/v2/documents/?search={WORDS_150}", "32 au plus"),
    (f"/api/v2/pages/?search={WORDS_150}", "32 au plus"),
    ("/api/v2/images/?search=a&search_operator=xyz", "Opérateur inconnu"),
    ("/api/v2/pages/find/?html_path=/%00/", CONTROL_CHARACTER),
    ("/flux/%00/rss/", CONTROL_CHARACTER),
    ("/flux/%00/atom/", CONTROL_CHARACTER),
]
NESTING = "imbriqué"
LOCKOUT = "Trop de tentatives de connexion"
# Addresses of their own (the load run uses 127.0.0.0/24): one locked by many accounts, two for one account.
SPRAYER = "127.0.1.10"
ACCOUNT_TRIERS = ("127.0.1.11", "127.0.1.12")


def french_answer(response, phrase):
    """The 4xx's French text: the JSON `message` (and `errors`) under /api/, the error page's text elsewhere."""
    if response.header("content-type").startswith("application/json"):
        try:
            data = response.json()
        except ValueError:
            return False
        text = json.dumps(data, ensure_ascii=False)
        return bool(data.get("message")) and phrase in text
    text = html.unescape(response.text)
    return '<html lang="fr-BE"' in text and phrase in text


def read_probes(report, port):
    for path, phrase in READ_PROBES:
        response = request(port, "GET", path)
        report.check(
            response.status == 400 and french_answer(response, phrase),
            f"GET {path[:70]} : French 400 « …{phrase}… »",
            f"{response.status} {response.text[:200]!r}",
        )


def nested_json_probes(report, port, dossier_id):
    body = ("[" * 5000 + "]" * 5000).encode()
    body = b'{"title": ' + body + b"}"
    paths = ["/api/v2/contributions/"]
    if dossier_id:
        paths.append(f"/api/v2/dossiers/{dossier_id}/requests/")
    for path in paths:
        response = request(port, "POST", path, body=body, headers={"Content-Type": "application/json"})
        report.check(
            response.status == 400 and french_answer(response, NESTING),
            f"POST {path} with JSON nested 5,000 deep: French 400",
            f"{response.status} {response.text[:200]!r}",
        )


def person_to_person_dossier(port):
    response = request(port, "GET", "/api/v2/pages/?type=pages.DossierPage&access_mode=personne-a-personne&limit=1")
    items = response.json().get("items", []) if response.status == 200 else []
    return items[0]["id"] if items else None


def restricted_document(run, port):
    """A resource published (through the ORM) with a restricted document attached: nothing of it is public."""
    report = run.report
    secret = f"Budget réservé {run.marker}"
    title = f"Ressource et document réservé {run.marker}"
    published = subprocess.run(  # noqa: S603 - this interpreter, fixed module
        [sys.executable, "-m", "tests.production_check.publish", title, "Une ressource du contrôle.", secret],
        cwd=BASE_DIR,
        env=run.env(port),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    path = published.stdout.strip().splitlines()[-1] if published.stdout.strip() else ""
    report.check(
        published.returncode == 0 and path.startswith("/"),
        "a resource published with a document of a restricted collection",
        (published.stderr or published.stdout)[-800:],
    )
    if not path.startswith("/"):
        return
    page = request(port, "GET", path)
    report.check(
        page.status == 200 and title in html.unescape(page.text) and secret not in html.unescape(page.text),
        "its page shows the resource, not the restricted document's title, description or link",
        f"{page.status}",
    )
    found = request(port, "GET", f"/api/v2/pages/?type=pages.ResourcePage&fields=documents&search={quote(run.marker)}")
    api_text = found.text if found.status == 200 else ""
    documents = request(port, "GET", f"/api/v2/documents/?search={quote(run.marker)}")
    search = request(port, "GET", f"/recherche/?q={quote(run.marker)}")
    report.check(
        found.status == 200
        and title in api_text
        and secret not in api_text
        and documents.status == 200
        and secret not in documents.text
        and search.status == 200
        and secret not in html.unescape(search.text),
        "the API (pages, documents) and the search find the resource, never the restricted document",
        f"pages {found.status}, documents {documents.status}, search {search.status}",
    )


def login_attempt(port, source, username, password):
    """One POST of Wagtail's admin login form (with its CSRF cookie and token), from `source`."""
    form = request(port, "GET", "/admin/login/", source=source)
    csrf_cookie = form.cookies.get("csrftoken", "")
    fields = {**hidden_inputs(form.text), "username": username, "password": password}
    return request(
        port,
        "POST",
        "/admin/login/",
        body=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"},
        source=source,
    )


def login_throttling(run, port, limit=10):
    """Per address: many accounts tried from one address; per account: one account tried from two addresses.

    The `limit`-th failure is the one that locks out: it gets the French 429, and so does every later attempt.
    """
    report = run.report
    expected = [200] * (limit - 1) + [429] * 2
    statuses = [
        login_attempt(port, SPRAYER, f"compte{number}-{run.marker}", "mauvais").status for number in range(limit)
    ]
    last = login_attempt(port, SPRAYER, f"autre-{run.marker}", "mauvais")
    report.check(
        [*statuses, last.status] == expected and LOCKOUT in html.unescape(last.text),
        f"{limit} wrong logins on as many accounts from one address, then the French 429 for any account",
        f"statuses {[*statuses, last.status]}",
    )
    account = f"claire-{run.marker}"
    statuses = [login_attempt(port, ACCOUNT_TRIERS[n % 2], account, f"essai{n}").status for n in range(limit)]
    other = login_attempt(port, "127.0.1.13", account, "x")
    report.check(
        [*statuses, other.status] == expected and re.fullmatch(r"\d+", other.header("retry-after")) is not None,
        f"one account tried {limit} times from two addresses: locked from a third one too (429, Retry-After)",
        f"statuses {[*statuses, other.status]}, Retry-After {other.header('retry-after')!r}",
    )


def hostile_inputs(run, web):
    report, port = run.report, web.port
    report.step("1b. Hostile inputs: issue 13's probes on the production server")
    log_start = web.log.stat().st_size
    read_probes(report, port)
    nested_json_probes(report, port, person_to_person_dossier(port))
    restricted_document(run, port)
    login_throttling(run, port)
    errors = error_lines(web.log, log_start)
    report.check(not errors, "no ERROR in the server's log during the probes", "\n".join(errors[:5]))
