"""The search engine down, slow or without its index: publishing still works, and the search answers
from the database backend with a notice, in bounded time. Never a 500, never a hung request."""

import html
import logging
import socket
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from pages.models import StandardPage
from search.models import SearchEntry
from search.queries import SearchParams, autocomplete, search_content
from tests.factories import DocumentFactory, ImageFactory, ResourcePageFactory
from tests.search.engines import ENGINE_BACKENDS, EngineSession, backends_setting, engine_url

pytestmark = pytest.mark.django_db

NOTICE = "Le moteur de recherche est momentanément indisponible"
FULL_NOTICE = "Le moteur de recherche est momentanément indisponible : résultats de la recherche simplifiée."
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
            "documents": inline_formset([]),
            "related_choices": inline_formset([]),
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


# Every search path falls back (search/fallback.py): the API's ?search=, the admin's searches, autocomplete.


@pytest.fixture
def media_and_page(site_tree):
    """A resource page (with its search entry), a document and an image, each titled « Budget participatif »."""
    page = publish_resource(site_tree, "Budget participatif du quartier")
    document = DocumentFactory(title="Budget participatif : le canevas")
    image = ImageFactory(title="Budget participatif en images")
    return page, document, image


def engine_failures(caplog, action):
    """How many times the engine was tried and failed while `action()` ran (search/fallback.py logs each)."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.fallback"):
        result = action()
    return result, sum(record.getMessage().startswith("Search engine error") for record in caplog.records)


def test_api_searches_answer_from_the_database_with_a_notice(client, media_and_page, engine_name, caplog):
    page, document, image = media_and_page
    expected = {"pages": page.pk, "documents": document.pk, "images": image.pk}
    with engine_down(engine_name, closed_port_url()):
        for endpoint, pk in expected.items():
            response, failures = engine_failures(
                caplog, lambda endpoint=endpoint: client.get(f"/api/v2/{endpoint}/", {"search": "budget participatif"})
            )
            assert response.status_code == 200, response.content[:300]
            data = response.json()
            assert data["meta"]["notice"] == FULL_NOTICE
            assert pk in [item["id"] for item in data["items"]]
            assert data["meta"]["total_count"] == len(data["items"])
            # The count and the page of results: one attempt on the engine, the database answers both.
            assert failures == 1
        data = client.get("/api/v2/search/autocomplete/", {"q": "budget"}).json()
        assert data["notice"] == FULL_NOTICE
        assert "Budget participatif du quartier" in [result["title"] for result in data["results"]]
        data = client.get("/api/v2/search/", {"q": "budget"}).json()
        assert data["notice"] == FULL_NOTICE
        assert page.pk in [hit["page_id"] for hit in data["items"]]


@override_settings(PAGE_CACHE_SECONDS=600)
def test_an_answer_from_the_database_is_not_kept_in_the_page_cache(client, media_and_page, engine_name):
    """The notice must go with the outage: the answer says `max-age=0`, the page cache does not store it."""
    with engine_down(engine_name, closed_port_url()):
        for _ in range(2):
            response = client.get("/api/v2/documents/", {"search": "budget"})
            assert response.json()["meta"]["notice"] == FULL_NOTICE
            assert response["X-Page-Cache"] == "MISS"
            assert "max-age=0" in response["Cache-Control"]
    session = EngineSession(engine_name).start()
    try:
        response = client.get("/api/v2/documents/", {"search": "budget"})
        assert "notice" not in response.json()["meta"]
    finally:
        session.close()


def test_the_api_lists_without_a_notice_when_nothing_is_searched(client, media_and_page, engine_name):
    with engine_down(engine_name, closed_port_url()):
        data = client.get("/api/v2/documents/").json()
    assert "notice" not in data["meta"]
    assert data["meta"]["total_count"] == 1


def test_admin_searches_answer_from_the_database_with_a_warning(client, admin_user, media_and_page, engine_name):
    page, document, image = media_and_page
    client.force_login(admin_user)
    with engine_down(engine_name, closed_port_url()):
        for url_name, title in (
            ("wagtailadmin_pages:search", page.title),
            ("wagtaildocs:index", document.title),
            ("wagtailimages:index", image.title),
        ):
            response = client.get(reverse(url_name), {"q": "budget"})
            assert response.status_code == 200, url_name
            text = html.unescape(response.content.decode())
            assert text.count(FULL_NOTICE) == 1, url_name
            assert title in text, url_name
        # The chooser's search (an editor picking a page) too.
        response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "budget"})
        assert response.status_code == 200
        assert page.title in html.unescape(response.content.decode())


def test_an_engine_that_answers_gives_no_notice(client, media_and_page, engine_name):
    page, document, _image = media_and_page
    session = EngineSession(engine_name).start()
    try:
        data = client.get("/api/v2/documents/", {"search": "budget"}).json()
        suggestions = client.get("/api/v2/search/autocomplete/", {"q": "budget"}).json()
        assert "notice" not in data["meta"]
        assert [item["id"] for item in data["items"]] == [document.pk]
        assert suggestions["notice"] == ""
        assert "Budget participatif du quartier" in [result["title"] for result in suggestions["results"]]
    finally:
        session.close()


def test_an_engine_that_hangs_is_waited_for_once_per_request(
    client, admin_user, media_and_page, black_hole, engine_name, caplog
):
    """However many searches a request runs (the admin's page search: its pages, all pages, their types), the
    engine is waited for once: the others go to the database at once."""
    client.force_login(admin_user)
    with engine_down(engine_name, black_hole, timeout=0.5):
        for path, params in (
            (reverse("wagtailadmin_pages:search"), {"q": "budget"}),
            ("/api/v2/pages/", {"search": "budget"}),
            ("/recherche/", {"q": "budget"}),
            ("/api/v2/search/autocomplete/", {"q": "budget"}),
        ):
            response, failures = engine_failures(caplog, lambda path=path, params=params: client.get(path, params))
            assert response.status_code == 200, path
            assert failures == 1, path
