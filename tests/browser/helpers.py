"""The browser suite's helpers (its fixtures are in conftest.py): Chromium's and axe-core's settings, the live
server that counts its requests in flight, what a page saw go wrong, axe-core's violations, logging in."""

import re
import threading
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings as django_settings
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OUTPUT = Path(django_settings.BASE_DIR) / "test-output" / "browser"
PASSWORD = "une-phrase-de-passe-solide"
HERE = Path(__file__).parent
NO_CHROMIUM = "Debian's chromium is missing at /usr/bin/chromium (install it as root: apt-get install -y chromium)"
# The WCAG 2.1 A/AA rules, and p-as-heading, which Wagtail's accessibility checker (the userbar's) runs too.
AXE_RUN = """([context, tags]) => axe.run(context || document, {
    runOnly: {type: "tag", values: tags}, rules: {"p-as-heading": {enabled: true}}, resultTypes: ["violations"]
})"""


class RequestsInFlight:
    """For the live server: counts the requests accepted and not yet finished, so that a test waits for them before
    its database is flushed. A request still running then (a page the test left while it loaded, an autosave, a
    moderator's action finishing) holds its transaction's locks, and the flush's TRUNCATE deadlocks with it.

    Counted from `process_request` (in the accepting thread, before any request thread starts) to `shutdown_request`
    (called once per accepted request, whatever happened), threaded server or not.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_flight = 0
        self.in_flight_changed = threading.Condition()

    def process_request(self, request, client_address):
        with self.in_flight_changed:
            self.in_flight += 1
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        try:
            super().shutdown_request(request)
        finally:
            with self.in_flight_changed:
                self.in_flight -= 1
                self.in_flight_changed.notify_all()

    def wait_until_idle(self, timeout):
        """True once no request is in flight, False if some still is after `timeout` seconds."""
        with self.in_flight_changed:
            return self.in_flight_changed.wait_for(lambda: self.in_flight == 0, timeout)


class TrackedThreadedServer(RequestsInFlight, ThreadedWSGIServer):
    """Django's live server (a thread per request, each with its own database connection), counting its requests."""


class SingleThreadedServer(RequestsInFlight, WSGIServer):
    """Django's WSGIServer, as LiveServerThread builds its server (the thread itself uses the shared connection)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


def _live_server_class():
    """On SQLite's in-memory test database every thread of the live server shares one connection: concurrent
    requests (the admin's autosave and editing-session pings beside a page's own) then fail with « database table
    is locked ». One request at a time there (Django's single-threaded server closes each connection). Elsewhere
    Django's threaded server. Both count their requests in flight."""
    database = django_settings.DATABASES["default"]
    in_memory = database.get("TEST", {}).get("NAME") in (None, "", ":memory:")
    if database["ENGINE"] == "django.db.backends.sqlite3" and in_memory:
        return SingleThreadedServer
    return TrackedThreadedServer


class PageProblems:
    """Console errors, uncaught exceptions, failed requests and error responses seen by one page."""

    def __init__(self, page):
        self.seen = []
        self.expected = []  # [status, url regex] the test announced, not seen yet
        self.answered = []  # (status, url) of the expected responses that came
        self.tolerated = []  # [status, url regex] that may come or not
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.seen.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)

    def expect(self, status, url_pattern):
        """A response with this status, for a URL matching `url_pattern` (regex), is what the next step expects."""
        self.expected.append((status, re.compile(url_pattern)))

    def tolerate(self, status, url_pattern):
        """Responses with this status for URLs matching `url_pattern` may come, or not (the browser's own requests)."""
        self.tolerated.append((status, re.compile(url_pattern)))

    def on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Chromium also logs every response >= 400 in the console: an expected one is not a problem.
        status = re.match(r"Failed to load resource: the server responded with a status of (\d{3})", message.text)
        if status and (int(status.group(1)), url.split("#")[0]) in self.answered:
            return
        if status and any(int(status.group(1)) == code and pattern.search(url) for code, pattern in self.tolerated):
            return  # the browser's own requests (/favicon.ico) have no response event
        self.seen.append(f"console error: {message.text} ({url})")

    def on_request_failed(self, request):
        """A load that got no answer. `net::ERR_ABORTED` is the browser cancelling it, never the server failing: the
        page moved on or was closed before it finished (the page's icon, lazy images, an autosave on its way), a
        script aborted its fetch (the search box's outdated suggestions), a navigation became a download. A server's
        failure is an HTTP status (`on_response`) or another network error (refused, reset, empty answer): those
        are problems."""
        failure = request.failure or ""
        if failure == "net::ERR_ABORTED":
            return
        self.seen.append(f"request failed: {request.method} {request.url} ({failure})")

    def on_response(self, response):
        if response.status < 400:
            return
        for index, (status, pattern) in enumerate(self.expected):
            if response.status == status and pattern.search(response.url):
                del self.expected[index]
                self.answered.append((response.status, response.url.split("#")[0]))
                return
        if any(response.status == status and pattern.search(response.url) for status, pattern in self.tolerated):
            self.answered.append((response.status, response.url.split("#")[0]))
            return
        self.seen.append(f"HTTP {response.status}: {response.request.method} {response.url}")


def axe_violations(page, context=None):
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page, as readable lines (empty: none)."""
    assert AXE.exists(), f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core from package-lock.json)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        load_axe(page)
    results = page.evaluate(AXE_RUN, [context, AXE_TAGS])
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({page.url})")
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))} — {summary[:300]}")
    return lines


def load_axe(page):
    """axe-core into the page. On the site, as a script of the site's own origin (served by Playwright): the
    Content-Security-Policy refuses the inline script `add_script_tag(path=…)` would write."""
    if not page.url.startswith("http"):
        page.add_script_tag(path=str(AXE))
        return
    if not getattr(page, "_axe_routed", False):
        page.route("**/__axe-core.min.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page._axe_routed = True
    page.add_script_tag(url=urljoin(page.url, "/__axe-core.min.js"))


def log_in(page, username, password=PASSWORD):
    """Log in to Wagtail's admin through its login form."""
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


# Wagtail's preview panel (its `w-preview` controller) is idle: no update on its way, nothing stale to send.
PREVIEW_IDLE = """() => {
    const element = document.querySelector("[data-controller~='w-preview']");
    const preview = element && window.wagtail.app.getControllerForElementAndIdentifier(element, "w-preview");
    return Boolean(preview && preview.ready && !preview.updatePromise && !preview.staleValue);
}"""


def wait_for_idle_preview(page):
    """Wait until the preview panel has shown the form's latest state.

    Wagtail sends the form and reloads its frame on every change; choosing another preview mode while an update is
    on its way joins that update instead of starting one, and the frame then stays in the old mode (a person would
    choose again; a test must not choose before)."""
    page.wait_for_function(PREVIEW_IDLE)


def testimony(quote, person, role="", centre=""):
    return {"type": "testimony", "value": {"quote": quote, "person": person, "role": role, "centre": centre}}
