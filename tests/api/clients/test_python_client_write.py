"""The Python client generated from docs/openapi.json (openapi-python-client), writing to a live server as a
front-end developer would (a contribution with a file, a dossier request, each after its form's token and delay),
and the error answers parsed into the contract's error models.
"""

import io
import time

import pytest
from django.core import mail

from pages.models import Contribution, DossierRequest
from tests.api.clients.helpers import french, typed, wait_min_fill
from tests.api.content import SECRET
from tests.pages.upload_samples import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# --- Writing -------------------------------------------------------------------------------------------------------


def test_a_contribution_with_a_file(api, plateforme_client, content):
    contributions, models, types = (
        plateforme_client.api.contributions,
        plateforme_client.models,
        plateforme_client.types,
    )
    shown_at = time.monotonic()
    form = typed(contributions.describe_contribution_form.sync_detailed(client=api), models.ContributionFormDescription)
    fields = {field.name: field for field in form.fields}
    assert form.honeypot_field == "site_web" and "site_web" not in fields
    assert "pdf" in form.limits.accepted_extensions
    theme = next(choice for choice in fields["themes"].choices if choice.label == "Constituer son dossier")
    wait_min_fill(form, shown_at)

    body = models.ContributionSubmission(
        kind=models.ContributionKind("ressource"),
        title="Canevas d'animation",
        description="Le canevas utilisé avec les habitants de trois quartiers.",
        themes=[int(theme.value)],
        contributor_name="Camille Dupont",
        contributor_email="camille@exemple.be",
        consent_licence=models.ContributionSubmissionFormConsentLicence("on"),
        consent_personal_data=models.ContributionSubmissionFormConsentPersonalData("on"),
        form_token=form.form_token,
        files=[types.File(payload=io.BytesIO(pdf_bytes()), file_name="canevas.pdf", mime_type="application/pdf")],
    )
    response = contributions.submit_contribution.sync_detailed(client=api, body=body)
    answer = typed(response, models.WriteMessage, status=201)
    assert answer.message.startswith("Merci ! Votre contribution a bien été reçue.")
    assert "Camille" not in response.content.decode()

    contribution = Contribution.objects.get(title="Canevas d'animation")
    assert [file.original_name for file in contribution.files.all()] == ["canevas.pdf"]
    assert list(contribution.themes.values_list("pk", flat=True)) == [int(theme.value)]


def test_a_dossier_request(api, plateforme_client, content):
    pages, requests, models = (
        plateforme_client.api.pages,
        plateforme_client.api.dossier_requests,
        plateforme_client.models,
    )
    listed = typed(
        pages.list_pages.sync_detailed(
            client=api,
            type_=models.ListPagesType("pages.DossierPage"),
            access_mode=models.AccessMode("personne-a-personne"),
            limit=1,
        ),
        models.PageList,
    )
    dossier_id = listed.items[0].id
    shown_at = time.monotonic()
    form = typed(
        requests.describe_dossier_request_form.sync_detailed(dossier_id, client=api),
        models.DossierRequestFormDescription,
    )
    assert (form.dossier.id, form.dossier.title) == (dossier_id, "Dossier du Centre culturel de Jette")
    wait_min_fill(form, shown_at)

    body = models.DossierRequestSubmission(
        name="Alex Martin",
        email="alex@exemple.be",
        centre="Centre culturel de Dinant",
        message="Nous préparons notre dossier.",
        consent_personal_data=True,
        form_token=form.form_token,
    )
    response = requests.submit_dossier_request.sync_detailed(dossier_id, client=api, body=body)
    answer = typed(response, models.WriteMessage, status=201)
    assert answer.message.startswith("Votre demande a été transmise au Centre culturel.")
    assert DossierRequest.objects.filter(dossier_id=dossier_id, email="alex@exemple.be").exists()
    assert any(content.person_dossier.centre.contact_email in message.to for message in mail.outbox)

    # The same request as a browser's form would send it (multipart), with a new token.
    form = requests.describe_dossier_request_form.sync_detailed(dossier_id, client=api).parsed
    wait_min_fill(form, time.monotonic())
    body = models.DossierRequestSubmissionMultipart(
        name="Alex Martin",
        email="alex.bis@exemple.be",
        centre="Centre culturel de Dinant",
        message="Une seconde demande, depuis un formulaire.",
        consent_personal_data=models.DossierRequestSubmissionMultipartConsentPersonalData("on"),
        form_token=form.form_token,
    )
    response = requests.submit_dossier_request.sync_detailed(dossier_id, client=api, body=body)
    typed(response, models.WriteMessage, status=201)
    assert DossierRequest.objects.filter(dossier_id=dossier_id, email="alex.bis@exemple.be").exists()


# --- Errors --------------------------------------------------------------------------------------------------------


def test_error_answers_parse_into_the_error_models(api, plateforme_client, content):
    operations, models = plateforme_client.api, plateforme_client.models
    Error = models.Error

    # 404: a page, an image, a document that does not exist or is not public.
    for response in (
        operations.pages.get_page.sync_detailed(2_000_000, client=api),
        operations.pages.get_page.sync_detailed(content.private_page.pk, client=api),
        operations.pages.get_page.sync_detailed(content.draft.pk, client=api),
        operations.images.get_image.sync_detailed(2_000_000, client=api),
        operations.documents.get_document.sync_detailed(content.private_document.pk, client=api),
    ):
        error = typed(response, Error, status=404)
        assert french(error.message), error.message
        assert SECRET not in response.content.decode()

    # 400: a filter value the typed parameters cannot refuse (a theme that does not exist, a year out of range).
    error = typed(
        operations.pages.list_pages.sync_detailed(client=api, theme="inexistante", year=1800), Error, status=400
    )
    assert french(error.message)
    assert set(error.errors.additional_properties) == {"theme", "year"}
    assert all(french(message) for messages in error.errors.additional_properties.values() for message in messages)

    # 400: a search of more than 32 words.
    error = typed(operations.search.search.sync_detailed(client=api, q=" ".join(["mot"] * 40)), Error, status=400)
    assert french(error.message)

    # 404 with the write API's message: a dossier to download is not requested.
    response = operations.dossier_requests.describe_dossier_request_form.sync_detailed(content.dossier.pk, client=api)
    assert french(typed(response, models.WriteMessage, status=404).message)

    # 400: a contribution refused field by field, with a new token to send the corrected form.
    form = operations.contributions.describe_contribution_form.sync_detailed(client=api).parsed
    wait_min_fill(form, time.monotonic())
    body = models.ContributionSubmissionJSON(
        kind=models.ContributionKind("lien"),
        title="Outil",
        description="Une grille en ligne.",
        url="https://www.exemple.be/outil",
        contributor_name="Camille Dupont",
        contributor_email="camille@",
        consent_licence=True,
        consent_personal_data=True,
        form_token=form.form_token,
    )
    refused = typed(
        operations.contributions.submit_contribution.sync_detailed(client=api, body=body), models.FormRefused, 400
    )
    assert french(refused.message)
    assert list(refused.errors.additional_properties) == ["contributor_email"]
    assert refused.form_token

    # 400: a body the server cannot read (no client generated from the contract sends one): no `errors` then.
    raw = api.get_httpx_client().post(
        "/api/v2/contributions/",
        content=b"x",
        headers={"Content-Type": "multipart/form-data"},  # no boundary
    )
    assert raw.status_code == 400
    unreadable = models.FormRefused.from_dict(raw.json())
    assert french(unreadable.message) and isinstance(unreadable.errors, plateforme_client.types.Unset)

    # 403: a headless preview token that was never issued.
    response = operations.preview.get_headless_preview.sync_detailed(client=api, token="invente")
    assert french(typed(response, models.WriteMessage, status=403).message)
