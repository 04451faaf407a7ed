"""A database outage gives the French 503 (a page, or JSON for the API), never a 500 (cms/outages.py).

The outage is real: for the length of a request, the default connection is replaced by one to a database
that cannot be reached (a closed port on PostgreSQL, a file in a missing directory on SQLite), so every
query fails in the driver as it does when PostgreSQL is stopped. `make check-production` stops a real
PostgreSQL under the production gunicorn (tests/production_check/).
"""

import contextlib
import html
import socket

import pytest
from django.db import IntegrityError, connections
from django.test import RequestFactory

from cms.outages import (
    API_MESSAGE,
    FORM_MESSAGE,
    PAGE_MESSAGE,
    DatabaseUnavailableMiddleware,
    database_unavailable,
)
from tests.factories import ResourcePageFactory
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data

RETURN_TO_FORM = "Le bouton « Retour » de votre navigateur vous ramène au formulaire rempli"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def database_unreachable():
    """The default database cannot be reached until the block exits (the test's own connection is kept)."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    else:
        settings_dict.update(NAME="/nonexistent-directory/plateforme.sqlite3")
    unreachable = original.__class__(settings_dict, alias="default")
    connections["default"] = unreachable
    try:
        yield
    finally:
        unreachable.close()
        connections["default"] = original


def text_of(response):
    return html.unescape(response.content.decode())


def assert_french_503_page(response, message):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    text = text_of(response)
    assert 'lang="fr-BE"' in text
    assert "Service momentanément indisponible" in text
    assert message in text
    assert "Traceback" not in text


@pytest.fixture
def tree(db):
    return build_contribution_tree()


def test_a_page_read_while_the_database_is_down_is_the_french_503_then_works_again(client, tree):
    resource = ResourcePageFactory(parent=tree.theme["autres"], title="Carnet de bord")
    for url in ("/", resource.get_url(), "/recherche/?q=carnet", "/nexiste-pas/"):
        with database_unreachable():
            response = client.get(url)
        assert_french_503_page(response, PAGE_MESSAGE)
        assert RETURN_TO_FORM not in text_of(response)  # nothing was sent: no form to go back to
    response = client.get(resource.get_url())
    assert response.status_code == 200
    assert "Carnet de bord" in text_of(response)


def test_a_form_sent_while_the_database_is_down_says_it_was_not_processed(client, tree):
    with database_unreachable():
        response = client.post(tree.contribution_page.get_url(), contribution_data(kind="lien", url="https://a.be"))
    assert_french_503_page(response, FORM_MESSAGE)
    assert RETURN_TO_FORM in text_of(response)


def test_the_api_answers_a_french_json_503(client, tree):
    for url in ("/api/v2/pages/", "/api/v2/pages/?type=pages.ResourcePage", f"/api/v2/pages/{tree.home.pk}/"):
        with database_unreachable():
            response = client.get(url)
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "60"
        assert response["Cache-Control"] == "no-store"
        assert response.json() == {"message": API_MESSAGE}
    assert client.get("/api/v2/pages/").status_code == 200


def test_the_write_api_keeps_its_own_503_and_stores_nothing(client, tree):
    from pages.models import Contribution

    with database_unreachable():
        response = client.post("/api/v2/contributions/", contribution_data(kind="lien", url="https://a.be"))
    assert response.status_code == 503
    assert "Rien n'a été conservé" in response.json()["message"]
    assert Contribution.objects.count() == 0


def test_a_client_asking_for_json_gets_json(client, tree):
    with database_unreachable():
        response = client.get("/recherche/suggestions/?q=budget", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json() == {"message": API_MESSAGE}


def test_the_503_needs_no_database():
    """Rendered with database access blocked (no `db` fixture): no query may be needed."""
    response = database_unavailable(RequestFactory().get("/boite-a-outils/"))
    assert_french_503_page(response, PAGE_MESSAGE)


def test_other_database_errors_are_not_outages():
    """A constraint that fails is a bug: it stays a 500, with its traceback in the log."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, IntegrityError("duplicate key")) is None
    assert middleware.process_exception(request, ValueError("not a database error")) is None
