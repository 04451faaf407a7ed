"""POST /api/v2/contributions/ refused: invalid answers, hostile files, robots, bad bodies, outages."""

import json
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, override_settings

from cms.outages import UNAVAILABLE_MESSAGE as STORAGE_UNAVAILABLE_MESSAGE
from pages.contributions import services as submissions
from pages.contributions.antiabuse import read_form_token
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.models import (
    Contribution,
    ThemePage,
)
from tests.pages.contribution_helpers import (
    big_pdf_upload,
    build_contribution_tree,
    contribution_data,
    full_upload_directory,
    signed_token,
)
from tests.pages.contributions.api_helpers import (
    FORM_URL,
    SUBMIT_URL,
    assert_no_private_data,
    assert_nothing_stored,
    post_json,
)
from tests.pages.upload_samples import docx_bytes, pdf_bytes, upload

# --- Refused submissions ----------------------------------------------------------------------------------------

INVALID = [
    ("no-title", {"title": ""}, "title", "Ce champ est obligatoire."),
    ("no-description", {"description": None}, "description", "Ce champ est obligatoire."),
    ("no-kind", {"kind": None}, "kind", "Ce champ est obligatoire."),
    ("unknown-kind", {"kind": "publicite"}, "kind", "Sélectionnez un choix valide."),
    ("bad-email", {"contributor_email": "camille@"}, "contributor_email", "Saisissez une adresse e-mail valide"),
    (
        "email-with-header",
        {"contributor_email": "camille@cc.be\r\nBcc: espion@exemple.com"},
        "contributor_email",
        "Saisissez une adresse e-mail valide",
    ),
    ("name-with-newline", {"contributor_name": "Camille\r\nBcc: x@y.be"}, "contributor_name", "sur une ligne"),
    ("no-licence-consent", {"consent_licence": None}, "consent_licence", "Votre accord de partage est nécessaire"),
    ("no-gdpr-consent", {"consent_personal_data": None}, "consent_personal_data", "Votre accord est nécessaire"),
    ("resource-without-file", {"url": None}, "files", "Joignez au moins un fichier ou indiquez l'adresse"),
    ("link-without-url", {"kind": "lien"}, "url", "Indiquez l'adresse du lien que vous proposez."),
    ("dossier-without-status", {"kind": "dossier"}, "dossier_status", "Indiquez le statut du dossier."),
    ("unknown-theme", {"themes": ["999999"]}, "themes", "Sélectionnez un choix valide."),
    # Numbers past any database integer are refused by the form, never sent to the database.
    ("huge-theme-id", {"themes": [str(2**70)]}, "themes", "Sélectionnez un choix valide."),
    ("huge-centre-id", {"kind": "dossier", "centre": str(-(2**70))}, "centre", "Sélectionnez un choix valide"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_missing_or_invalid_answers_are_refused_in_french_per_field(
    client, tree, private_media, overrides, field, message
):
    data = contribution_data(themes=[tree.theme["autres"]])
    data = {key: value for key, value in {**data, **overrides}.items() if value is not None}
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Le formulaire contient des erreurs")
    assert any(message in error for error in body["errors"][field]), body
    # The token to send the corrected form with carries the one sent (its fill time already ran).
    salt = ContributionForm.token_salt
    assert read_form_token(body["form_token"], salt) == read_form_token(data["form_token"], salt)
    assert_no_private_data(response)
    assert_nothing_stored(private_media)


def test_the_error_for_a_bad_email_is_exactly_the_html_forms_one(client, tree):
    response = client.post(SUBMIT_URL, contribution_data(kind="lien", url="https://a.be", contributor_email="x@"))
    assert response.json()["errors"] == {
        "contributor_email": ["Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.be."]
    }


def test_a_hostile_file_is_refused_with_its_name_and_the_reason_and_nothing_is_stored(client, tree, private_media):
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [
        upload("bon.pdf", pdf_bytes()),
        upload("faux.pdf", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"),
    ]
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    (message,) = response.json()["errors"]["files"]
    assert message.startswith("« faux.pdf » : ce fichier porte l'extension « .pdf », mais c'est en réalité")
    assert_nothing_stored(private_media)


def test_a_macro_document_renamed_is_refused(client, tree, private_media):
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [upload("rapport.pdf.exe", docx_bytes())]
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "« rapport.pdf.exe »" in response.json()["errors"]["files"][0]
    assert_nothing_stored(private_media)


@override_settings(CONTRIBUTION_MAX_FILE_SIZE=2_000)
def test_a_file_over_the_size_limit_is_refused_in_french(client, tree, private_media):
    data = contribution_data(kind="lien", url="https://www.exemple.be/")
    data["files"] = [upload("gros.pdf", pdf_bytes(pages=4))]
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "« gros.pdf » : le fichier est trop volumineux" in response.json()["errors"]["files"][0]
    assert_nothing_stored(private_media)


def test_six_files_are_refused(client, tree, private_media):
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [upload(f"f{number}.pdf", pdf_bytes()) for number in range(6)]
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert response.json()["errors"]["files"] == ["Vous avez joint 6 fichiers : 5 au maximum par contribution."]
    assert_nothing_stored(private_media)


@override_settings(CONTRIBUTION_MAX_TOTAL_SIZE=10_000)
def test_a_body_over_the_total_limit_is_refused_unread_with_413(client, tree, private_media):
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [upload("gros.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 20_000))]
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 413
    assert response.json() == {"message": "L'envoi est trop volumineux : 1 Mo au maximum, fichiers compris."}
    assert_nothing_stored(private_media)


ABUSE = [
    ("honeypot", {"site_web": "https://spam.example"}, "Votre envoi n'a pas pu être accepté"),
    ("too-fast", {"form_token": lambda: signed_token(age=0)}, "envoyé trop rapidement"),
    ("tampered-token", {"form_token": lambda: signed_token()[:-3] + "abc"}, "Le formulaire a expiré ou a été modifié"),
    ("missing-token", {"form_token": None}, "Le formulaire a expiré ou a été modifié"),
    ("expired-token", {"form_token": lambda: signed_token(age=2 * 24 * 3600)}, "Le formulaire a expiré"),
    (
        "dossier-request-token",
        {"form_token": lambda: signed_token(DossierRequestForm)},
        "Le formulaire a expiré ou a été modifié",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), [c[1:] for c in ABUSE], ids=[c[0] for c in ABUSE])
def test_robots_are_refused_with_a_french_message_and_nothing_is_stored(
    client, tree, private_media, overrides, message
):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    data = contribution_data(themes=[tree.theme["autres"]], **overrides)
    data["files"] = [upload("canevas.pdf", pdf_bytes())]
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    body = response.json()
    assert any(message in error for error in body["errors"]["__all__"]), body
    assert read_form_token(body["form_token"], ContributionForm.token_salt) is not None
    assert_nothing_stored(private_media)


@override_settings(CONTRIBUTION_RATE_LIMIT="2/h")
def test_past_the_rate_limit_the_client_gets_a_french_429_in_json_and_nothing_is_stored(client, tree):
    statuses = []
    for number in range(3):
        data = contribution_data(kind="lien", url=f"https://exemple.be/{number}")
        statuses.append(client.post(SUBMIT_URL, data).status_code)
    assert statuses == [201, 201, 429]
    response = client.post(SUBMIT_URL, contribution_data(kind="lien", url="https://exemple.be/3"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert response.json() == {
        "message": "Trop d'envois en peu de temps depuis cette connexion : votre envoi n'a pas été enregistré. "
        "Merci de réessayer dans 60 minutes.",
        "retry_after": 3600,
    }
    assert Contribution.objects.count() == 2
    # Describing the form is never limited.
    assert client.get(FORM_URL).status_code == 200


@override_settings(CONTRIBUTION_RATE_LIMIT="1/h")
def test_the_html_form_and_the_api_share_the_rate_limit(client, tree):
    html_form = client.post(tree.contribution_page.get_url(), contribution_data(kind="lien", url="https://a.be"))
    assert html_form.status_code == 302
    response = client.post(SUBMIT_URL, contribution_data(kind="lien", url="https://b.be"))
    assert response.status_code == 429
    assert Contribution.objects.count() == 1


BAD_BODIES = [
    ("text-plain", "text/plain", "titre=x", 415, "Type de contenu non accepté"),
    ("xml", "application/xml", "<contribution/>", 415, "Type de contenu non accepté"),
    ("no-content-type", "", "", 415, "Type de contenu non accepté"),
    ("broken-json", "application/json", '{"title": ', 400, None),
    ("json-array", "application/json", "[1, 2]", 400, None),
    ("json-latin1", "application/json", '{"title": "caf\xe9"}'.encode("latin-1"), 400, None),
    ("broken-multipart", "multipart/form-data", "--x\r\nnot a part", 400, "Le corps de la requête est illisible"),
]


@pytest.mark.parametrize(
    ("content_type", "body", "status", "message"), [c[1:] for c in BAD_BODIES], ids=[c[0] for c in BAD_BODIES]
)
def test_a_body_of_another_type_or_unreadable_is_refused_in_french(
    client, tree, private_media, content_type, body, status, message
):
    response = client.generic("POST", SUBMIT_URL, body, content_type=content_type)
    assert response.status_code == status
    payload = response.json()
    if message:
        assert message in payload["message"]
    else:
        assert payload["errors"] == {"__all__": ["Le corps de la requête n'est pas un objet JSON valide."]}
    assert_nothing_stored(private_media)


def test_a_json_object_as_a_field_value_is_refused_on_that_field(client, tree):
    payload = contribution_data(kind="lien", url="https://a.be", title={"fr": "Titre"})
    response = post_json(client, SUBMIT_URL, payload)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "title": [
            "Cette valeur n'est pas acceptée : envoyez un texte, un nombre, un booléen ou une liste de ces valeurs."
        ]
    }


def nested(depth):
    return "[" * depth + "]" * depth


def test_a_body_nested_5000_deep_is_a_french_400_and_stores_nothing(client, tree, private_media):
    payload = json.dumps(contribution_data(kind="lien", url="https://a.be"))
    body = payload[:-1] + f', "title": {nested(5000)}}}'
    response = client.generic("POST", SUBMIT_URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "Le formulaire contient des erreurs : corrigez les champs indiqués puis envoyez-le à nouveau.",
        "errors": {
            "__all__": [
                "Le corps de la requête est trop imbriqué : chaque champ attend un texte, un nombre, un booléen "
                "ou une liste de ces valeurs."
            ]
        },
    }
    assert_nothing_stored(private_media)


def test_brackets_and_quotes_inside_texts_do_not_count_as_nesting(client, tree):
    title = "Le « [[[[[[ » de l'atelier \\\"{{{{ ]]]] » et ses \\ suites"
    payload = contribution_data(kind="lien", url="https://a.be", title=title)
    assert post_json(client, SUBMIT_URL, payload).status_code == 201
    assert Contribution.objects.get().title == title


def test_a_list_inside_a_list_is_still_refused_on_its_field(client, tree):
    payload = contribution_data(kind="lien", url="https://a.be")
    payload["themes"] = [[1]]
    response = post_json(client, SUBMIT_URL, payload)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["themes"]


def test_a_full_upload_directory_gives_a_french_503_in_json_and_leaves_no_temporary_file(
    client, tree, private_media, tmp_path
):
    data = contribution_data(kind="lien", url="https://a.be")
    data["files"] = [upload("annexe.pdf", pdf_bytes()), big_pdf_upload("rapport.pdf")]
    spool = tmp_path / "spool"
    spool.mkdir()
    with full_upload_directory(spool):
        response = client.post(SUBMIT_URL, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert response.json() == {"message": STORAGE_UNAVAILABLE_MESSAGE}
    assert list(spool.iterdir()) == []
    assert_nothing_stored(private_media)


def test_get_on_the_submission_url_is_not_allowed(client, tree):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_no_csrf_token_is_needed_by_a_cross_origin_front_end(tree):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(SUBMIT_URL, contribution_data(kind="lien", url="https://a.be"))
    assert response.status_code == 201


# --- Database failures ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_failure_gives_a_french_503_in_json_and_stores_nothing(client, private_media):
    """A real failure: the theme chosen is deleted meanwhile, the foreign key fails at COMMIT."""
    tree = build_contribution_tree()
    theme = tree.theme["autres"]
    data = contribution_data(themes=[theme])
    data["files"] = [upload("un.pdf", pdf_bytes()), upload("deux.pdf", pdf_bytes())]
    real_submit = submissions.submit_contribution

    def submit_after_the_theme_is_deleted(*, data, files, submission_token):
        ThemePage.objects.filter(pk=theme.pk).delete()  # an editor deletes the theme at the same moment
        return real_submit(data=data, files=files, submission_token=submission_token)

    with mock.patch("pages.contributions.views.submit_contribution", submit_after_the_theme_is_deleted):
        response = client.post(SUBMIT_URL, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert response.json() == {
        "message": "Votre envoi n'a pas pu être enregistré à cause d'une panne de notre base de données. "
        "Rien n'a été conservé : merci de réessayer dans quelques minutes."
    }
    assert_nothing_stored(private_media)
    assert mail.outbox == []
