"""GET /api/v2/contributions/form/ and valid POSTs to /api/v2/contributions/ (a headless front end's form)."""

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pages.contributions.antiabuse import read_form_token
from pages.contributions.forms import ContributionForm
from pages.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    CulturalCentre,
    ThemePage,
)
from tests.factories import CulturalCentreFactory
from tests.pages.contribution_helpers import (
    contribution_data,
    files_on_disk,
    signed_token,
)
from tests.pages.contributions.api_helpers import FORM_URL, SUBMIT_URL, assert_no_private_data, post_json
from tests.pages.upload_samples import pdf_bytes, upload

# --- Describing the form ----------------------------------------------------------------------------------------


def test_the_form_description_gives_a_valid_token_and_the_fields_with_their_choices(client, tree):
    centre = CulturalCentreFactory(name="Centre culturel de Ciney", contact_email="direction@cc-ciney-prive.be")
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    token = read_form_token(body["form_token"], ContributionForm.token_salt)
    assert token is not None
    assert body["honeypot_field"] == "site_web"
    assert body["min_fill_seconds"] == 3
    assert body["privacy_url"] == "http://localhost/vie-privee/"  # on the Wagtail Site, as every URL of the API
    assert body["limits"]["max_files"] == 5
    assert body["limits"]["max_file_size"] == 20 * 1024 * 1024
    assert "pdf" in body["limits"]["accepted_extensions"]

    fields = {field["name"]: field for field in body["fields"]}
    assert "site_web" not in fields and "form_token" not in fields
    assert fields["kind"]["type"] == "choice"
    assert [choice["value"] for choice in fields["kind"]["choices"]] == [kind.value for kind in ContributionKind]
    themes = ThemePage.objects.order_by("path")
    assert fields["themes"]["multiple"] is True
    assert fields["themes"]["choices"] == [{"value": str(theme.pk), "label": theme.title} for theme in themes]
    assert {"value": str(centre.pk), "label": "Centre culturel de Ciney"} in fields["centre"]["choices"]
    assert fields["contributor_email"] == {
        "name": "contributor_email",
        "label": "Votre adresse e-mail",
        "type": "email",
        "required": True,
        "multiple": False,
        "help_text": "Pour vous envoyer un accusé de réception et vous tenir informé·e. Elle ne sera jamais publiée.",
        "max_length": 254,
    }
    assert fields["files"]["type"] == "file" and fields["files"]["multiple"] is True
    assert fields["consent_licence"]["type"] == "boolean" and fields["consent_licence"]["required"] is True
    assert fields["consent_personal_data"]["label"].startswith("J'accepte que mes données personnelles")
    assert "<a" not in fields["consent_personal_data"]["label"]
    # The centres' private contact addresses are not part of the choices.
    assert "direction@cc-ciney-prive.be" not in response.content.decode()


def test_the_form_description_costs_the_same_queries_with_5_or_100_centres(client, tree):
    def queries_with(total):
        CulturalCentreFactory.create_batch(total - CulturalCentre.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(FORM_URL)
        fields = {field["name"]: field for field in response.json()["fields"]}
        assert len(fields["centre"]["choices"]) == total
        return len(queries)

    assert queries_with(5) == queries_with(100)


def test_each_form_description_issues_a_new_submission_token(client, tree):
    first, second = (client.get(FORM_URL).json()["form_token"] for _ in range(2))
    salt = ContributionForm.token_salt
    assert read_form_token(first, salt).submission_token != read_form_token(second, salt).submission_token


def test_the_form_description_answers_get_only(client, tree):
    response = client.delete(FORM_URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["message"] == "Méthode non autorisée sur cette adresse."


# --- Valid submissions ------------------------------------------------------------------------------------------


def test_a_multipart_resource_with_a_pdf_is_stored_whole_and_both_mails_are_sent(
    client, tree, private_media, django_capture_on_commit_callbacks
):
    content = pdf_bytes()
    data = contribution_data(themes=[tree.theme["constituer-son-dossier"]])
    data["files"] = [upload("Canevas final.pdf", content, "application/pdf")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, data)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "message": "Merci ! Votre contribution a bien été reçue. Elle sera relue par l'équipe de la Plateforme "
        "avant d'être publiée. Vous allez recevoir un accusé de réception par e-mail (un seul si vous faites "
        "plusieurs envois à peu d'intervalle)."
    }
    assert_no_private_data(response)

    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.RESOURCE
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.contributor_email == "camille.dupont@cc-rochefort.be"
    assert list(contribution.themes.all()) == [tree.theme["constituer-son-dossier"]]
    stored = contribution.files.get()
    assert (stored.original_name, stored.file_type, stored.size) == ("Canevas final.pdf", "pdf", len(content))
    with stored.file.open("rb") as handle:
        assert handle.read() == content
    assert files_on_disk(private_media) == [stored.file.name]

    acknowledgement, notification = mail.outbox
    assert acknowledgement.to == ["camille.dupont@cc-rochefort.be"]
    assert "a bien été reçue" in acknowledgement.subject and "Canevas final.pdf" in acknowledgement.body
    assert notification.to == ["plateforme@astrac.be"]
    assert notification.reply_to == ["camille.dupont@cc-rochefort.be"]


def test_a_contribution_whose_acknowledgement_is_withheld_gets_the_same_answer(
    client, tree, django_capture_on_commit_callbacks
):
    responses = []
    for number in range(2):
        data = contribution_data(kind="lien", url=f"https://exemple.be/{number}")
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(client.post(SUBMIT_URL, data, REMOTE_ADDR=f"198.51.100.{number + 1}"))

    first, second = Contribution.objects.order_by("pk")
    assert first.acknowledgement_sent_at and second.acknowledgement_withheld_at
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].content == responses[1].content
    assert dict(responses[0].headers) == dict(responses[1].headers)


def test_a_token_from_the_form_description_is_accepted_once_the_fill_time_has_passed(client, tree):
    token = client.get(FORM_URL).json()["form_token"]
    data = contribution_data(kind="lien", url="https://www.exemple.be/outil", form_token=token)
    assert client.post(SUBMIT_URL, data).status_code == 400  # sent back at once: too fast for a person
    with override_settings(CONTRIBUTION_MIN_FILL_SECONDS=0):
        response = client.post(SUBMIT_URL, data)
    assert response.status_code == 201
    assert Contribution.objects.get().url == "https://www.exemple.be/outil"


def test_a_link_can_be_sent_as_json(client, tree, django_capture_on_commit_callbacks):
    payload = contribution_data(kind="lien", url="https://www.exemple.be/outil", themes=[tree.theme["autres"]])
    payload.update(consent_licence=True, consent_personal_data=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, SUBMIT_URL, payload)
    assert response.status_code == 201, response.content
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.url) == (ContributionKind.LINK, "https://www.exemple.be/outil")
    assert list(contribution.themes.all()) == [tree.theme["autres"]]
    assert len(mail.outbox) == 2


def test_a_dossier_with_its_centre_status_year_and_access_mode_as_json(client, tree):
    centre = CulturalCentreFactory(name="Centre culturel de Rochefort")
    payload = contribution_data(
        kind="dossier",
        centre=centre.pk,
        dossier_status="approuve",
        dossier_year=2023,
        access_mode="personne-a-personne",
        contextualisation="Un territoire rural.",
    )
    payload.update(consent_licence=True, consent_personal_data=True)
    response = post_json(client, SUBMIT_URL, payload)
    assert response.status_code == 201, response.content
    contribution = Contribution.objects.get()
    assert (contribution.centre, contribution.dossier_year, contribution.access_mode) == (
        centre,
        2023,
        "personne-a-personne",
    )


def test_fields_the_public_may_not_set_are_ignored(client, tree):
    data = contribution_data(kind="lien", url="https://a.be", status="acceptee", processed_at="2020-01-01")
    assert client.post(SUBMIT_URL, data).status_code == 201
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.PENDING and contribution.processed_at is None


def test_the_same_form_token_twice_stores_one_contribution(client, tree, private_media):
    token = signed_token()
    statuses = []
    for _ in range(2):
        data = contribution_data(themes=[tree.theme["autres"]], form_token=token)
        data["files"] = [upload("canevas.pdf", pdf_bytes())]
        statuses.append(client.post(SUBMIT_URL, data).status_code)
    assert statuses == [201, 201]
    assert Contribution.objects.count() == 1
    assert len(files_on_disk(private_media)) == 1
