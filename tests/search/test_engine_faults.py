"""The search engine down, slow or without its index: publishing still works, and the search answers
from the database backend with a notice, in bounded time. Never a 500, never a hung request."""

import socket
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.models import StandardPage
from search.models import SearchEntry
from search.queries import SearchParams, autocomplete, search_content
from tests.factories import ResourcePageFactory
from tests.search.engines import ENGINE_BACKENDS, backends_setting, engine_url

pytestmark = pytest.mark.django_db

NOTICE = "Le moteur de recherche est momentanément indisponible"
TIMEOUT = 1.0  # the engine client's timeout in these tests (production: 2 s)


def closed_port_url():
    """An address where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def black_hole():
    """An address that accepts connections and never answers: an engine that hangs."""
    server = socket.create_server(("127.0.0.1", 0), backlog=64)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


@pytest.fixture(params=ENGINE_BACKENDS)
def engine_name(request):
    return request.param


def engine_down(name, url, timeout=TIMEOUT):
    return override_settings(WAGTAILSEARCH_BACKENDS=backends_setting(name, fallback=True, url=url, timeout=timeout))


def publish_resource(site_tree, title):
    page = ResourcePageFactory(
        parent=site_tree.theme["analyse-partagee"],
        title=title,
        summary="Un budget décidé avec les habitants du quartier.",
        live=False,
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def assert_search_falls_back(client, query, page, limit):
    started = time.monotonic()
    response = client.get("/recherche/", {"q": query})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.notice.startswith(NOTICE)
    assert page.pk in [hit.entry.page_id for hit in outcome.page.object_list]
    assert NOTICE in response.content.decode()
    assert elapsed < limit, f"the search page took {elapsed:.1f} s"


def test_publishing_while_the_engine_is_down(client, site_tree, engine_name):
    with engine_down(engine_name, closed_port_url()):
        started = time.monotonic()
        page = publish_resource(site_tree, "Budget participatif du quartier")
        assert time.monotonic() - started < 10
        assert page.live
        assert SearchEntry.objects.filter(page=page, title="Budget participatif du quartier").exists()
        assert_search_falls_back(client, "budget participatif", page, limit=5)
        # The JSON of the search box answers from the database too.
        assert "Budget participatif du quartier" in [result["title"] for result in autocomplete("budget par")]
        response = client.get("/recherche/suggestions/", {"q": "budget"})
        assert response.status_code == 200


def test_publishing_through_the_admin_while_the_engine_is_down(client, admin_user, site_tree, engine_name):
    client.force_login(admin_user)
    data = nested_form_data(
        {
            "title": "Charte de la contribution",
            "slug": "charte-de-la-contribution",
            "intro": "Comment contribuer à la Plateforme.",
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", site_tree.home.pk])
    with engine_down(engine_name, closed_port_url()):
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        page = StandardPage.objects.get(slug="charte-de-la-contribution")
        assert page.live
        assert SearchEntry.objects.filter(page=page).exists()
        client.logout()
        assert_search_falls_back(client, "charte contribution", page, limit=5)


def test_search_while_the_engine_hangs(client, site_tree, black_hole, engine_name):
    timeout = 0.5
    with engine_down(engine_name, black_hole, timeout=timeout):
        started = time.monotonic()
        page = publish_resource(site_tree, "Budget participatif du quartier")
        # Every indexing call gives up after the timeout: publishing takes a few of them at most.
        assert time.monotonic() - started < 10 * timeout + 5
        assert SearchEntry.objects.filter(page=page).exists()
        # The search gives up on the first request that times out, then the database answers.
        assert_search_falls_back(client, "budget", page, limit=3 * timeout + 3)
        started = time.monotonic()
        assert "Budget participatif du quartier" in [result["title"] for result in autocomplete("budget")]
        assert time.monotonic() - started < 3 * timeout + 3


def test_search_while_the_engine_has_no_index(client, site_tree, engine_name):
    """An engine that answers, but whose index was never built (`update_index` forgotten): 404s."""
    page = publish_resource(site_tree, "Budget participatif du quartier")
    setting = backends_setting(engine_name, fallback=True, url=engine_url(engine_name))
    with override_settings(WAGTAILSEARCH_BACKENDS=setting):
        outcome = search_content(SearchParams(query="budget"))
        assert outcome.notice.startswith(NOTICE)
        assert page.pk in [hit.entry.page_id for hit in outcome.page.object_list]


def test_without_fallback_an_engine_error_is_not_hidden(site_tree, engine_name):
    """Connection errors of both clients are engine errors; without a fallback backend they are raised,
    never turned into an empty result."""
    from search.backends import ENGINE_ERRORS

    setting = backends_setting(engine_name, url=closed_port_url(), timeout=TIMEOUT)
    with override_settings(WAGTAILSEARCH_BACKENDS=setting), pytest.raises(ENGINE_ERRORS):
        search_content(SearchParams(query="budget"))
