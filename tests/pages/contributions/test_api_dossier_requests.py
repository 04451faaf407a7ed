"""POST /api/v2/dossiers/<id>/requests/ and its form: asking a centre for a person-to-person dossier."""

import json
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings

from pages.contributions import services as submissions
from pages.contributions.antiabuse import read_form_token
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.models import AccessMode, DossierPage, DossierRequest
from tests.factories import CulturalCentreFactory, DossierPageFactory
from tests.pages.contribution_helpers import build_contribution_tree, request_data, signed_token

CENTRE_EMAIL = "direction@cc-ciney-prive.be"
PRIVATE_VALUES = (CENTRE_EMAIL, "Alex Martin", "alex.martin@cc-dinant.be", "Nous préparons notre propre dossier")


@pytest.fixture
def tree(db):
    tree = build_contribution_tree()
    tree.centre = CulturalCentreFactory(name="Centre culturel de Ciney", commune="Ciney", contact_email=CENTRE_EMAIL)
    tree.dossier = DossierPageFactory(parent=tree.dossier_library, centre=tree.centre, title="Dossier de Ciney")
    return tree


@pytest.fixture
def dossier(tree):
    return tree.dossier


def submit_url(dossier):
    return f"/api/v2/dossiers/{dossier.pk}/requests/"


def form_url(dossier):
    return f"/api/v2/dossiers/{dossier.pk}/requests/form/"


def assert_no_private_data(response):
    body = response.content.decode()
    for value in PRIVATE_VALUES:
        assert value not in body


def test_the_form_description_names_the_dossier_and_gives_a_token_but_not_the_centre_address(client, dossier):
    response = client.get(form_url(dossier))
    assert response.status_code == 200
    body = response.json()
    assert body["dossier"] == {"id": dossier.pk, "title": "Dossier de Ciney"}
    assert read_form_token(body["form_token"], DossierRequestForm.token_salt) is not None
    names = [field["name"] for field in body["fields"]]
    assert names == ["name", "email", "centre", "message", "consent_personal_data"]
    assert body["privacy_url"] == "http://localhost/vie-privee/"  # on the Wagtail Site, as every URL of the API
    assert_no_private_data(response)


def test_a_request_is_stored_forwarded_to_the_centre_and_acknowledged(
    client, dossier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(dossier), request_data())
    assert response.status_code == 201, response.content
    assert response.json() == {
        "message": "Votre demande a été transmise au Centre culturel. "
        "Il vous répondra directement à l'adresse e-mail indiquée."
    }
    assert_no_private_data(response)
    stored = DossierRequest.objects.get()
    assert (stored.dossier_id, stored.email, stored.consent_personal_data) == (
        dossier.pk,
        "alex.martin@cc-dinant.be",
        True,
    )
    forward, acknowledgement = mail.outbox
    assert forward.to == [CENTRE_EMAIL] and forward.reply_to == ["alex.martin@cc-dinant.be"]
    assert acknowledgement.to == ["alex.martin@cc-dinant.be"]


def test_a_request_can_be_sent_as_json(client, dossier):
    payload = request_data()
    payload["consent_personal_data"] = True
    response = client.post(submit_url(dossier), json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    assert DossierRequest.objects.get().name == "Alex Martin"


def test_the_same_token_twice_stores_one_request(client, dossier):
    token = signed_token(DossierRequestForm)
    statuses = [client.post(submit_url(dossier), request_data(form_token=token)).status_code for _ in range(2)]
    assert statuses == [201, 201]
    assert DossierRequest.objects.count() == 1


def test_a_downloadable_dossier_cannot_be_requested(client, tree):
    downloadable = DossierPageFactory(parent=tree.dossier_library, access_mode=AccessMode.DOWNLOAD)
    expected = "Ce dossier est en téléchargement direct : ses documents se téléchargent sur sa page, sans demande."
    for response in (client.post(submit_url(downloadable), request_data()), client.get(form_url(downloadable))):
        assert response.status_code == 404
        assert response.json() == {"message": expected}
    assert DossierRequest.objects.count() == 0


def test_a_draft_a_private_or_an_unknown_dossier_cannot_be_requested(client, tree):
    draft = DossierPageFactory(parent=tree.dossier_library, live=False)
    private = DossierPageFactory(parent=tree.dossier_library)
    private.view_restrictions.create(restriction_type="login")
    for dossier_id in (draft.pk, private.pk, tree.dossier_library.pk, 999_999):
        response = client.post(f"/api/v2/dossiers/{dossier_id}/requests/", request_data())
        assert response.status_code == 404
        assert response.json() == {"message": "Aucun dossier publié ne porte cet identifiant."}
    assert DossierRequest.objects.count() == 0


INVALID = [
    ("no-name", {"name": ""}, "name", "Ce champ est obligatoire."),
    ("bad-email", {"email": "alex@"}, "email", "Saisissez une adresse e-mail valide, par exemple"),
    ("email-with-header", {"email": "alex@cc.be\nBcc: x@y.be"}, "email", "Saisissez une adresse e-mail valide"),
    ("name-with-header", {"name": "Alex\r\nBcc: x@y.be"}, "name", "sur une ligne"),
    ("no-message", {"message": None}, "message", "Ce champ est obligatoire."),
    ("no-consent", {"consent_personal_data": None}, "consent_personal_data", "Votre accord est nécessaire"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_requests_are_refused_in_french_per_field(client, dossier, overrides, field, message):
    response = client.post(submit_url(dossier), request_data(**overrides))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert_no_private_data(response)
    assert DossierRequest.objects.count() == 0


ABUSE = [
    ("honeypot", {"site_web": "https://spam.example"}, "Votre envoi n'a pas pu être accepté"),
    ("too-fast", {"form_token": lambda: signed_token(DossierRequestForm, age=0)}, "envoyé trop rapidement"),
    ("missing-token", {"form_token": None}, "Le formulaire a expiré ou a été modifié"),
    ("contribution-token", {"form_token": lambda: signed_token(ContributionForm)}, "Le formulaire a expiré"),
]


@pytest.mark.parametrize(("overrides", "message"), [c[1:] for c in ABUSE], ids=[c[0] for c in ABUSE])
def test_robots_are_refused_and_nothing_is_stored(client, dossier, overrides, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = client.post(submit_url(dossier), request_data(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"]["__all__"])
    assert DossierRequest.objects.count() == 0
    assert mail.outbox == []


@override_settings(CONTRIBUTION_RATE_LIMIT="1/h")
def test_requests_past_the_rate_limit_get_a_french_429(client, dossier):
    assert client.post(submit_url(dossier), request_data()).status_code == 201
    response = client.post(submit_url(dossier), request_data())
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert response.json()["message"].startswith("Trop d'envois en peu de temps")
    assert DossierRequest.objects.count() == 1


def test_a_body_of_another_type_is_refused_with_415(client, dossier):
    response = client.generic("POST", submit_url(dossier), "name=Alex", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["message"].startswith("Type de contenu non accepté")


def test_a_body_over_the_limit_is_refused_unread_with_413(client, dossier):
    response = client.post(submit_url(dossier), request_data(message="x" * 100_000))
    assert response.status_code == 413
    assert DossierRequest.objects.count() == 0


def test_a_request_loses_its_bidi_controls_and_invisible_characters(client, dossier):
    data = request_data(name="\u202eAlex Martin\u202c", message="Nous \u200bpréparons \u2067notre dossier\u2069.")
    response = client.post(submit_url(dossier), data)
    assert response.status_code == 201
    stored = DossierRequest.objects.get()
    assert (stored.name, stored.message) == ("Alex Martin", "Nous préparons notre dossier.")


def test_a_body_nested_5000_deep_is_a_french_400(client, dossier):
    body = json.dumps(request_data())[:-1] + ', "message": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.generic("POST", submit_url(dossier), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "__all__": [
            "Le corps de la requête est trop imbriqué : chaque champ attend un texte, un nombre, un booléen "
            "ou une liste de ces valeurs."
        ]
    }
    assert DossierRequest.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # another transactional test may run first
def test_a_database_failure_gives_a_french_503_in_json_and_stores_nothing(client):
    """A real failure: the dossier is deleted meanwhile, the request's foreign key fails at COMMIT."""
    tree = build_contribution_tree()
    dossier = DossierPageFactory(parent=tree.dossier_library, title="Dossier de Ciney")
    real_request_dossier = submissions.request_dossier

    def request_after_the_dossier_is_deleted(*, dossier, data, submission_token):
        DossierPage.objects.filter(pk=dossier.pk).delete()  # an editor deletes the dossier at the same moment
        return real_request_dossier(dossier=dossier, data=data, submission_token=submission_token)

    with mock.patch("pages.contributions.api.request_dossier", request_after_the_dossier_is_deleted):
        response = client.post(submit_url(dossier), request_data())
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert response.json() == {
        "message": "Votre envoi n'a pas pu être enregistré à cause d'une panne de notre base de données. "
        "Rien n'a été conservé : merci de réessayer dans quelques minutes."
    }
    assert DossierRequest.objects.count() == 0
    assert mail.outbox == []
