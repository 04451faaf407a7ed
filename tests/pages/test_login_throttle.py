"""Login throttling (pages/login_throttle.py, django-axes): the admin logins and the shared-password forms.

The limits are the defaults: 10 failures within 15 minutes per client address or per account. The cool-off passing
is the failures growing old: their recorded time is moved back by the cool-off.
"""

import base64
import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.urls import resolve, reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from pages import login_throttle
from tests.factories import StandardPageFactory
from tests.factories.media import DocumentFactory
from tests.pages.contribution_helpers import text_of

PASSWORD = "Un mot de passe solide !"
LIMIT = 10
COOL_OFF = datetime.timedelta(minutes=15)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("camille", "camille@astrac.be", PASSWORD)


@pytest.fixture
def other_editor(django_user_model):
    return django_user_model.objects.create_superuser("sacha", "sacha@astrac.be", PASSWORD)


def log_in(client, username, password, url="/admin/login/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def cool_off_passes():
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - COOL_OFF)


def logged_in(client):
    return client.get("/admin/").status_code == 200


def assert_locked_out(response, title):
    assert response.status_code == 429
    text = text_of(response)
    assert title in text
    assert "Merci de réessayer dans 15 minutes." in text
    assert 840 < int(response["Retry-After"]) <= 900
    assert response["Cache-Control"] == "no-store"


# --- The admin login ---------------------------------------------------------------------------------------------


def test_thirty_wrong_passwords_on_the_admin_login_end_in_the_french_429_page(client, editor):
    statuses = [log_in(client, "camille", f"essai-{number}").status_code for number in range(30)]

    assert statuses == [200] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    response = log_in(client, "camille", "essai-31")
    assert_locked_out(response, "Trop de tentatives de connexion")
    assert "bloquée après 10 mots de passe erronés" in text_of(response)
    # Attempts refused during the lockout are not counted: the cool-off runs from the tenth failure.
    assert AccessAttempt.objects.get().failures_since_start == LIMIT


def test_the_right_password_during_a_lockout_is_refused(client, editor):
    for number in range(LIMIT):
        log_in(client, "camille", f"essai-{number}")

    response = log_in(client, "camille", PASSWORD)

    assert_locked_out(response, "Trop de tentatives de connexion")
    assert "même si le mot de passe était le bon" in text_of(response)
    assert not logged_in(client)


def test_after_the_cool_off_the_right_password_works_and_forgets_the_failures(client, editor):
    for number in range(LIMIT):
        log_in(client, "camille", f"essai-{number}")
    cool_off_passes()

    response = log_in(client, "camille", PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)
    assert not AccessAttempt.objects.exists()


def test_below_the_limit_a_wrong_password_gets_wagtails_french_error(client, editor):
    response = log_in(client, "camille", "essai")
    assert response.status_code == 200
    assert "et votre mot de passe ne correspondent à aucun utilisateur" in text_of(response)


def test_django_admin_login_is_throttled_too(client, editor):
    statuses = [log_in(client, "camille", f"essai-{n}", url="/django-admin/login/").status_code for n in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert_locked_out(log_in(client, "camille", PASSWORD, url="/django-admin/login/"), "Trop de tentatives")
    # One count for both logins: the Wagtail admin is locked for that account as well.
    assert log_in(client, "camille", PASSWORD).status_code == 429


def basic_auth(username, password):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


@pytest.mark.parametrize("username", ["camille", "a" * 300, "cami\x00lle"], ids=["account", "300-characters", "nul"])
def test_the_api_takes_no_password_in_http_basic_auth(client, editor, site_tree, username):
    """Django REST framework's Basic authentication is off: no password form outside the throttled ones."""
    for number in range(LIMIT + 1):
        response = client.get("/api/v2/pages/", **basic_auth(username, f"essai-{number}"))
        assert response.status_code == 200
    assert client.get("/api/v2/pages/", **basic_auth(username, PASSWORD)).status_code == 200

    assert not AccessAttempt.objects.exists()
    assert log_in(client, "camille", PASSWORD).status_code == 302


# --- Per address and per account ---------------------------------------------------------------------------------

PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def through_proxy(forwarded_for):
    return {**PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


def test_many_accounts_tried_from_one_address_lock_that_address_only_behind_the_proxy(
    client, settings, editor, other_editor
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = through_proxy("203.0.113.7")
    for number in range(LIMIT):
        log_in(client, f"compte-{number}", "123456", **attacker)

    # Any account, even a real one with its password, is refused from that address.
    assert log_in(client, "camille", PASSWORD, **attacker).status_code == 429
    # A client address written before the one the proxy added changes nothing.
    assert log_in(client, "camille", PASSWORD, **through_proxy("198.51.100.4, 203.0.113.7")).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Another visitor behind the same proxy logs in.
    assert log_in(client, "sacha", PASSWORD, **through_proxy("198.51.100.4")).status_code == 302


def test_one_account_tried_from_many_addresses_is_locked_from_every_address(client, settings, editor, other_editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(LIMIT):
        log_in(client, "camille", "123456", **through_proxy(f"192.0.2.{number + 1}"))

    fresh_address = through_proxy("198.51.100.4")
    assert_locked_out(log_in(client, "camille", PASSWORD, **fresh_address), "Trop de tentatives de connexion")
    # The address itself is not locked: another account logs in from it.
    assert log_in(client, "sacha", PASSWORD, **fresh_address).status_code == 302


def test_a_successful_login_forgets_only_its_own_accounts_failures_from_its_address(client, editor, other_editor):
    for number in range(LIMIT - 1):
        log_in(client, "sacha", f"essai-{number}")

    # Logging in to one's own account between tries does not wipe the failures on another account.
    assert log_in(client, "camille", PASSWORD).status_code == 302
    client.logout()

    assert log_in(client, "sacha", "essai-10").status_code == 429


def test_axes_reset_ip_lifts_the_lockout_of_an_address(client, editor):
    for number in range(LIMIT):
        log_in(client, f"compte-{number}", "123456")
    assert log_in(client, "camille", PASSWORD).status_code == 429

    call_command("axes_reset_username", "camille", stdout=io.StringIO())
    assert log_in(client, "camille", PASSWORD).status_code == 429, "the address is locked, not the account"
    out = io.StringIO()
    call_command("axes_reset_ip", "127.0.0.1", stdout=out)

    assert "10 attempts removed." in out.getvalue()
    assert log_in(client, "camille", PASSWORD).status_code == 302


def test_axes_reset_username_lifts_the_lockout_of_an_account(client, settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(LIMIT):
        log_in(client, "camille", "123456", **through_proxy(f"192.0.2.{number + 1}"))
    assert log_in(client, "camille", PASSWORD).status_code == 429

    call_command("axes_reset_username", "camille", stdout=io.StringIO())

    assert log_in(client, "camille", PASSWORD).status_code == 302


def test_the_test_clients_force_login_and_logout_still_work(client, editor):
    """They build a request without any address (no REMOTE_ADDR): axes records no address for it."""
    client.force_login(editor)
    assert logged_in(client)
    client.logout()
    assert not logged_in(client)


# --- Shared-password forms ---------------------------------------------------------------------------------------


@pytest.fixture
def private_page(site_tree):
    page = StandardPageFactory(parent=site_tree.home, title="Compte rendu du conseil", slug="conseil")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="conseil"
    )
    return page, reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Documents du conseil")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="astrac"
    )
    document = DocumentFactory(collection=collection, title="Procès-verbal")
    return document, reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])


def enter_password(client, action, password, return_url, **extra):
    return client.post(action, {"password": password, "return_url": return_url}, **extra)


def test_the_password_forms_are_routed_to_the_throttled_views(private_page, private_document):
    assert resolve(private_page[1]).func is login_throttle.page_password_form
    assert resolve(private_document[1]).func is login_throttle.document_password_form


def test_thirty_wrong_passwords_on_a_private_page_lock_its_form_until_the_cool_off(client, private_page):
    page, action = private_page
    statuses = [enter_password(client, action, f"essai-{n}", page.url).status_code for n in range(30)]

    assert statuses == [200] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    response = enter_password(client, action, "conseil", page.url)
    assert_locked_out(response, "Trop de mots de passe erronés")
    assert "Pour protéger cette page privée" in text_of(response)
    assert client.get(page.url).status_code == 200
    assert "Compte rendu du conseil" not in text_of(client.get(page.url)), "the page is still behind its form"

    cool_off_passes()
    response = enter_password(client, action, "conseil", page.url)
    assert response.status_code == 302 and response["Location"] == page.url
    assert "Compte rendu du conseil" in text_of(client.get(page.url))


def test_a_private_pages_password_tried_from_many_addresses_is_locked_for_everyone(client, settings, private_page):
    settings.TRUSTED_PROXY_COUNT = 1
    page, action = private_page
    for number in range(LIMIT):
        enter_password(client, action, "123456", page.url, **through_proxy(f"192.0.2.{number + 1}"))

    response = enter_password(client, action, "conseil", page.url, **through_proxy("198.51.100.4"))

    assert_locked_out(response, "Trop de mots de passe erronés")


def test_thirty_wrong_passwords_on_a_private_collection_lock_its_documents_form(client, private_document):
    document, action = private_document
    statuses = [enter_password(client, action, f"essai-{n}", document.url).status_code for n in range(30)]

    assert statuses == [200] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    response = enter_password(client, action, "astrac", document.url)
    assert_locked_out(response, "Trop de mots de passe erronés")
    assert "Pour protéger ces documents privés" in text_of(response)

    cool_off_passes()
    assert enter_password(client, action, "astrac", document.url).status_code == 302
    assert client.get(document.url).status_code == 200


def test_failures_on_password_forms_count_against_the_address_at_the_admin_login(client, editor, private_page):
    page, action = private_page
    for number in range(LIMIT):
        enter_password(client, action, f"essai-{number}", page.url)

    assert log_in(client, "camille", PASSWORD).status_code == 429


def test_the_password_form_itself_is_never_locked_for_reading(client, private_page):
    page, action = private_page
    for number in range(LIMIT):
        enter_password(client, action, f"essai-{number}", page.url)

    response = client.get(page.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
