"""The browser suite's watcher (helpers.py `PageProblems`) against a small server of its own: a load the browser
cancels because the page moved on is not a problem; an image answered 404, or a connection the server drops without
answering, is one."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.helpers import PageProblems

# Loads the page starts and the server answers only once the test is over: an image, a stylesheet, a script's fetch.
SLOW_LOADS = {
    "image": '<img src="/slow.png" alt="">',
    "stylesheet": '<link rel="stylesheet" href="/slow.css">',
    "fetch": '<script>fetch("/slow.json")</script>',
}
SLOW_NAMES = {"slow.png", "slow.css", "slow.json"}
PAGES = {
    **{f"/moving-on-{kind}": html for kind, html in SLOW_LOADS.items()},
    "/next": "<p>La page suivante.</p>",
    "/broken-image": '<img src="/missing.png" alt="">',
    "/dropped-image": '<img src="/dropped.png" alt="">',
}
HTML = '<!DOCTYPE html><html lang="fr"><head><link rel="icon" href="data:,"></head><body>{}</body></html>'
# The smallest PNG (1 × 1, transparent).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path in PAGES:
            return self.answer(200, "text/html; charset=utf-8", HTML.format(PAGES[self.path]).encode())
        if self.path.startswith("/slow."):
            self.server.slow_load_requested.set()
            self.server.release_slow_loads.wait(5)
            return self.answer(200, "image/png" if self.path.endswith(".png") else "text/plain", PNG)
        if self.path == "/dropped.png":
            self.close_connection = True  # no status line at all: Chromium's net::ERR_EMPTY_RESPONSE
            return None
        return self.answer(404, "text/plain", b"introuvable")

    def answer(self, status, content_type, body):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser gave up on it: what the test wants


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.slow_load_requested = threading.Event()
    httpd.release_slow_loads = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.release_slow_loads.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def watched(browser, server):
    """(page, problems, failures): a page watched as open_page() watches, and every failed load it saw."""
    context = browser.new_context(base_url=f"http://127.0.0.1:{server.server_port}")
    page = context.new_page()
    problems = PageProblems(page)
    failures = []
    page.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    yield page, problems, failures
    context.close()


def wait_until(page, condition, timeout_ms=5000):
    for _ in range(timeout_ms // 50):
        if condition():
            return True
        page.wait_for_timeout(50)
    return condition()


@pytest.mark.parametrize("kind", SLOW_LOADS)
def test_a_load_cancelled_because_the_page_moved_on_is_not_a_problem(watched, server, kind):
    """What made test_csp flaky: the page's icon still loading when the test went to the next page."""
    page, problems, failures = watched
    page.goto(f"/moving-on-{kind}", wait_until="commit")
    assert server.slow_load_requested.wait(5), "the browser never started the load"
    page.goto("/next")
    # Moving on cancels the first page's loading: Chromium reports the slow load, the document still loading, or
    # both (which, and in what order, varies from run to run); each is a load cancelled because the page moved on.
    assert wait_until(page, lambda: failures), "the browser did not cancel the load: the test proves nothing"
    assert {url.rsplit("/", 1)[1] for url, _ in failures} <= {f"moving-on-{kind}", *SLOW_NAMES}, failures
    assert {failure for _, failure in failures} == {"net::ERR_ABORTED"}, failures
    assert problems.seen == []


def test_an_image_answered_404_is_a_problem(watched, server):
    page, problems, _ = watched
    page.goto("/broken-image")
    missing = f"http://127.0.0.1:{server.server_port}/missing.png"
    assert wait_until(page, lambda: f"HTTP 404: GET {missing}" in problems.seen), problems.seen


def test_an_image_whose_connection_the_server_drops_is_a_problem(watched, server):
    page, problems, _ = watched
    page.goto("/dropped-image")
    dropped = f"http://127.0.0.1:{server.server_port}/dropped.png"
    assert wait_until(page, lambda: any(f"request failed: GET {dropped}" in seen for seen in problems.seen))
