"""Fixtures of the generated clients' tests: the Python client generated once per session, and the live server
with demo-like content of every type (tests/api/content.py), read and written through that client."""

import io

import httpx
import pytest
from django.core.management import call_command
from django.test.testcases import LiveServerThread

from tests.api.clients.generated import forget_python_client, generate_python_client
from tests.api.content import build_api_content
from tests.browser.helpers import _live_server_class
from tests.pages.contribution_helpers import build_contribution_tree

# As in the browser suite: on SQLite's in-memory database one request at a time, and both servers count their
# requests in flight, so that a test waits for them before its database is flushed.
LiveServerThread.server_class = _live_server_class()
IN_FLIGHT_TIMEOUT = 30


@pytest.fixture(scope="session")
def plateforme_client(tmp_path_factory):
    """The `plateforme_client` package generated from docs/openapi.json by openapi-python-client, imported."""
    destination = tmp_path_factory.mktemp("python-client")
    yield generate_python_client(destination)
    forget_python_client(destination)


@pytest.fixture
def content(live_server, settings, private_media):
    """The site tree with its contribution page, every page type with what it can hold (tests/api/content.py), and
    the search entries that publishing would write. Forms may be sent at once (no minimum filling time)."""
    settings.CONTRIBUTION_MIN_FILL_SECONDS = 0
    tree = build_contribution_tree()
    content = build_api_content(tree)
    content.tree = tree
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
    return content


@pytest.fixture
def api(plateforme_client, live_server, content):
    """The generated client on the live server: an undocumented status raises `errors.UnexpectedStatus`."""
    client = plateforme_client.Client(
        base_url=live_server.url, raise_on_unexpected_status=True, timeout=httpx.Timeout(30)
    )
    with client:
        yield client
    assert live_server.thread.httpd.wait_until_idle(IN_FLIGHT_TIMEOUT), "a request of the test was still running"
