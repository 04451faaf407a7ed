"""cms/errors.py's CSRF failure view: a form sent without its CSRF token, or with one that no longer matches the
visitor's cookie, gets a French 403 page saying what happened and that going back keeps the text; JSON for a JSON
client. Nothing is stored, and the answer brings a fresh CSRF cookie for the second try."""

import pytest
from bs4 import BeautifulSoup
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from pages.models import Contribution
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data


@pytest.fixture
def contribution_url(db, private_media):
    return build_contribution_tree().contribution_page.get_url()


@pytest.fixture
def browser_client():
    """A client that checks CSRF tokens as the site does for browsers (the test client skips the check)."""
    return Client(enforce_csrf_checks=True)


def link_data(**overrides):
    """A contribution the form accepts: a useful link."""
    return contribution_data(kind="lien", url="https://www.exemple.be/outil", **overrides)


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def assert_french_csrf_page(response):
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert 'lang="fr-BE"' in html
    text = page_text(response)
    assert "Votre envoi n'a pas pu être vérifié" in text
    assert "la page est peut-être restée ouverte trop longtemps" in text
    assert "cookies" in text
    assert "Votre texte n'est pas perdu : revenez à la page précédente" in text
    assert "CSRF" not in text, "Django's English reason is for developers, not on the page"
    assert not Contribution.objects.exists()


def test_a_form_sent_without_its_csrf_token_gets_the_french_page(browser_client, contribution_url):
    response = browser_client.post(contribution_url, link_data())
    assert_french_csrf_page(response)


def test_a_form_whose_token_no_longer_matches_the_cookie_gets_the_french_page(browser_client, contribution_url):
    """What an expired form looks like: its token was made for a cookie the browser no longer has (renewed by a
    login elsewhere, cleared, or never kept)."""
    browser_client.get(contribution_url)
    assert "csrftoken" in browser_client.cookies
    stale_token = _get_new_csrf_string()
    response = browser_client.post(contribution_url, link_data(csrfmiddlewaretoken=stale_token))
    assert_french_csrf_page(response)


def test_the_refusal_brings_a_csrf_cookie_with_which_the_form_is_accepted(browser_client, contribution_url):
    """Going back and sending again works: static/js/forms.js puts the cookie's token in the form on submit."""
    response = browser_client.post(contribution_url, link_data())
    assert response.status_code == 403
    token = response.cookies["csrftoken"].value
    response = browser_client.post(contribution_url, link_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ACCEPT": "application/json"}, {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}],
    ids=["accept-json", "xhr"],
)
def test_a_json_client_gets_the_french_message_as_json(browser_client, contribution_url, headers):
    response = browser_client.post(contribution_url, link_data(), **headers)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["message"].startswith("Votre envoi n'a pas pu être vérifié")
    assert "CSRF" in body["detail"], "Django's reason, for developers"
    assert not Contribution.objects.exists()
