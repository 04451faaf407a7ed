"""Dossiers shared « de personne à personne »: the request form, its service, and the centre's private address."""

import uuid
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import DatabaseError
from django.test import override_settings

from pages.contributions.forms import DossierRequestForm
from pages.contributions.services import NotPersonToPerson, request_dossier, send_pending_mails
from pages.models import AccessMode, DossierRequest
from tests.factories import CulturalCentreFactory, DossierPageFactory
from tests.pages.contribution_helpers import build_contribution_tree, request_data, signed_token, text_of

CENTRE_EMAIL = "direction@cc-ciney-prive.be"
FAILING_MAIL_BACKEND = "tests.pages.failing_mail.FailingEmailBackend"


@pytest.fixture
def tree(db):
    tree = build_contribution_tree()
    tree.centre = CulturalCentreFactory(name="Centre culturel de Ciney", commune="Ciney", contact_email=CENTRE_EMAIL)
    tree.dossier = DossierPageFactory(parent=tree.dossier_library, centre=tree.centre, title="Dossier de Ciney")
    return tree


@pytest.fixture
def dossier(tree):
    return tree.dossier


@pytest.fixture
def downloadable(tree):
    return DossierPageFactory(parent=tree.dossier_library, access_mode=AccessMode.DOWNLOAD, title="Dossier ouvert")


def request_url(dossier):
    return dossier.get_url() + dossier.reverse_subpage("dossier_request")


def service_data(**overrides):
    data = {
        "name": "Alex Martin",
        "email": "alex.martin@cc-dinant.be",
        "centre": "Centre culturel de Dinant",
        "message": "Nous préparons notre dossier.",
        "consent_personal_data": True,
    }
    data.update(overrides)
    return data


# --- The service, without HTTP ---------------------------------------------------------------------------------


def test_a_request_is_stored_then_sent_to_the_centre_with_the_requester_as_reply_to(
    dossier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stored = request_dossier(dossier=dossier, data=service_data(), submission_token=uuid.uuid4())
        assert mail.outbox == []
    forward, acknowledgement = mail.outbox
    assert forward.to == [CENTRE_EMAIL]
    assert forward.reply_to == ["alex.martin@cc-dinant.be"]
    assert "Dossier de Ciney" in forward.subject
    assert "Alex Martin (Centre culturel de Dinant)" in forward.body
    assert "Nous préparons notre dossier." in forward.body
    assert acknowledgement.to == ["alex.martin@cc-dinant.be"]
    assert "Centre culturel de Ciney" in acknowledgement.body
    assert CENTRE_EMAIL not in acknowledgement.body  # the requester learns the address only if the centre answers
    stored.refresh_from_db()
    assert stored.forwarded_at and stored.acknowledgement_sent_at
    assert (stored.dossier_id, stored.name, stored.consent_personal_data) == (dossier.pk, "Alex Martin", True)


def test_without_a_centre_address_the_request_goes_to_the_platform(tree, django_capture_on_commit_callbacks):
    centre = CulturalCentreFactory(contact_email="")
    dossier = DossierPageFactory(parent=tree.dossier_library, centre=centre)
    with django_capture_on_commit_callbacks(execute=True):
        request_dossier(dossier=dossier, data=service_data(), submission_token=uuid.uuid4())
    forward = mail.outbox[0]
    assert forward.to == ["plateforme@astrac.be"]
    assert forward.reply_to == ["alex.martin@cc-dinant.be"]
    assert "n'a pas d'adresse de contact enregistrée" in forward.body


def test_a_downloadable_dossier_cannot_be_requested(downloadable):
    with pytest.raises(NotPersonToPerson):
        request_dossier(dossier=downloadable, data=service_data(), submission_token=uuid.uuid4())
    assert DossierRequest.objects.count() == 0


def test_the_same_token_twice_gives_one_request(dossier):
    token = uuid.uuid4()
    first = request_dossier(dossier=dossier, data=service_data(), submission_token=token)
    assert request_dossier(dossier=dossier, data=service_data(), submission_token=token).pk == first.pk
    assert DossierRequest.objects.count() == 1


def test_a_failing_mail_server_keeps_the_request_and_it_is_forwarded_later(dossier, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND=FAILING_MAIL_BACKEND), django_capture_on_commit_callbacks(execute=True):
        stored = request_dossier(dossier=dossier, data=service_data(), submission_token=uuid.uuid4())
    stored.refresh_from_db()
    assert stored.forwarded_at is None and stored.acknowledgement_sent_at is None
    assert send_pending_mails() == (0, 1)
    stored.refresh_from_db()
    assert stored.forwarded_at and stored.acknowledgement_sent_at
    assert [message.to for message in mail.outbox] == [[CENTRE_EMAIL], ["alex.martin@cc-dinant.be"]]


def test_many_requests_from_one_address_are_all_forwarded_but_acknowledged_once(
    client, dossier, django_capture_on_commit_callbacks
):
    emails = ["alex.martin@cc-dinant.be", "Alex.Martin@CC-Dinant.be"] * 10
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(request_url(dossier), request_data(email=email), REMOTE_ADDR=f"198.51.100.{n + 1}")
            for n, email in enumerate(emails)
        ]

    assert {response.status_code for response in responses} == {302}
    assert DossierRequest.objects.count() == 20
    assert [message.to for message in mail.outbox].count([CENTRE_EMAIL]) == 20, "every request reaches the centre"
    acknowledgements = [message for message in mail.outbox if message.to != [CENTRE_EMAIL]]
    assert [message.to for message in acknowledgements] == [["alex.martin@cc-dinant.be"]]
    assert DossierRequest.objects.filter(acknowledgement_withheld_at__isnull=False).count() == 19
    assert send_pending_mails() == (0, 0), "a withheld acknowledgement is never sent later"
    assert len(mail.outbox) == 21


def test_no_header_injection_through_the_requester_name(dossier, django_capture_on_commit_callbacks):
    data = service_data(name="Alex\r\nBcc: espion@exemple.com", email="alex@cc.be\r\nBcc: espion@exemple.com")
    with django_capture_on_commit_callbacks(execute=True):
        request_dossier(dossier=dossier, data=data, submission_token=uuid.uuid4())
    for message in mail.outbox:
        assert "Bcc" not in message.message()
        assert "espion@exemple.com" not in message.recipients()
    # The invalid reply-to address is dropped rather than passed to the mail server.
    assert mail.outbox[0].reply_to == []


# --- On the dossier page ---------------------------------------------------------------------------------------


def test_a_person_to_person_dossier_shows_the_request_form_without_the_centre_address(client, dossier, tree):
    response = client.get(dossier.get_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", action=f"{request_url(dossier)}#demande")
    assert form is not None and form["method"] == "post"
    for name in ("name", "email", "centre", "message", "consent_personal_data", "site_web", "form_token"):
        assert form.find(attrs={"name": name}) is not None, name
    assert form.find(attrs={"name": "site_web"}).find_parent(attrs={"aria-hidden": "true"}) is not None
    assert f'href="{tree.privacy.get_url()}"' in str(form)
    assert CENTRE_EMAIL not in response.content.decode()


def test_a_request_through_the_form_is_stored_and_confirmed_without_showing_the_centre_address(
    client, dossier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(dossier), request_data())
    assert response.status_code == 302
    assert response["Location"] == dossier.get_url() + "demande-envoyee/#demande"
    assert CENTRE_EMAIL not in response.content.decode()
    assert DossierRequest.objects.get().email == "alex.martin@cc-dinant.be"
    assert [message.to for message in mail.outbox] == [[CENTRE_EMAIL], ["alex.martin@cc-dinant.be"]]

    confirmation = client.get(response["Location"].split("#")[0])
    assert confirmation.status_code == 200
    assert "Votre demande a été transmise au Centre culturel." in text_of(confirmation)
    assert CENTRE_EMAIL not in confirmation.content.decode()


def test_a_double_submit_stores_one_request(client, dossier):
    token = signed_token(DossierRequestForm)
    statuses = [client.post(request_url(dossier), request_data(form_token=token)).status_code for _ in range(2)]
    assert statuses == [302, 302]
    assert DossierRequest.objects.count() == 1


INVALID = [
    ("no-name", {"name": ""}, "name", "Ce champ est obligatoire."),
    ("bad-email", {"email": "alex@"}, "email", "Saisissez une adresse e-mail valide"),
    ("email-with-header", {"email": "alex@cc.be\nBcc: x@y.be"}, "email", "Saisissez une adresse e-mail valide"),
    ("name-with-header", {"name": "Alex\r\nBcc: x@y.be"}, "name", "sur une ligne"),
    ("no-message", {"message": ""}, "message", "Ce champ est obligatoire."),
    ("no-consent", {"consent_personal_data": None}, "consent_personal_data", "Votre accord est nécessaire"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_requests_are_shown_again_in_french_with_status_400(client, dossier, overrides, field, message):
    response = client.post(request_url(dossier), request_data(**overrides))
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    bound = response.context["request_form"][field]
    error = soup.find(id=f"{bound.auto_id}-erreur")
    assert error is not None and message in error.get_text()
    assert f"{bound.auto_id}-erreur" in soup.find(id=bound.auto_id)["aria-describedby"]
    assert soup.find(attrs={"data-error-summary": True}).find("a", href=f"#{bound.auto_id}") is not None
    assert DossierRequest.objects.count() == 0
    assert CENTRE_EMAIL not in response.content.decode()


ABUSE = [
    ("honeypot", {"site_web": "https://spam.example"}, "Votre envoi n'a pas pu être accepté"),
    ("too-fast", {"form_token": lambda: signed_token(DossierRequestForm, age=0)}, "envoyé trop rapidement"),
    ("tampered", {"form_token": lambda: signed_token(DossierRequestForm)[:-2] + "zz"}, "a expiré ou a été modifié"),
    ("contribution-token", {"form_token": lambda: signed_token()}, "a expiré ou a été modifié"),
]


@pytest.mark.parametrize(("overrides", "message"), [c[1:] for c in ABUSE], ids=[c[0] for c in ABUSE])
def test_robots_are_refused_and_nothing_is_stored(client, dossier, overrides, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = client.post(request_url(dossier), request_data(**overrides))
    assert response.status_code == 400
    assert message in text_of(response)
    assert DossierRequest.objects.count() == 0
    assert mail.outbox == []


def test_a_database_failure_gives_the_french_503_page_and_stores_nothing(client, dossier):
    with mock.patch.object(DossierRequest.objects, "create", side_effect=DatabaseError("connection lost")):
        response = client.post(request_url(dossier), request_data())
    assert response.status_code == 503
    assert "Rien n'a été conservé" in text_of(response)
    assert DossierRequest.objects.count() == 0
    assert mail.outbox == []


@override_settings(CONTRIBUTION_RATE_LIMIT="1/h")
def test_requests_are_rate_limited_with_the_french_429_page(client, dossier):
    assert client.post(request_url(dossier), request_data()).status_code == 302
    response = client.post(request_url(dossier), request_data())
    assert response.status_code == 429
    assert "Trop d'envois en peu de temps" in text_of(response)
    assert DossierRequest.objects.count() == 1


def test_get_on_the_request_route_leads_back_to_the_form(client, dossier):
    response = client.get(request_url(dossier))
    assert response.status_code == 302
    assert response["Location"] == dossier.get_url() + "#demande"


def test_a_downloadable_dossier_has_no_form_and_its_request_routes_do_not_exist(client, downloadable):
    page = client.get(downloadable.get_url())
    assert page.status_code == 200
    assert 'name="form_token"' not in page.content.decode()
    assert "Demander le dossier" not in page.content.decode()
    assert client.post(downloadable.get_url() + "demander/", request_data()).status_code == 404
    assert client.get(downloadable.get_url() + "demande-envoyee/").status_code == 404
    assert DossierRequest.objects.count() == 0


def test_the_centre_address_appears_in_no_public_response(client, tree, dossier):
    urls = [
        "/",
        dossier.get_url(),
        tree.dossier_library.get_url(),
        "/contribuer/",
        f"/api/v2/pages/{dossier.pk}/",
        "/api/v2/pages/?type=pages.DossierPage&fields=*",
        "/recherche/?q=Ciney",
        "/recherche/suggestions/?q=Cin",
    ]
    for url in urls:
        response = client.get(url)
        assert CENTRE_EMAIL not in response.content.decode(), url
