"""The Python client generated from docs/openapi.json (openapi-python-client), used for real against a live server on
every content type, as a front-end developer would: lists with filters, details, images and documents, the search
with its facets and pagination, autocomplete, a contribution with a file, a dossier request, the error answers.

Every call raises on a status the contract does not document (`raise_on_unexpected_status`), and every answer must
parse into the contract's typed model: `typed()` refuses None or a raw dict. A model that gives back other JSON
than the API sent (`to_dict()`) lost or changed something on the way.
"""

import datetime
import io
import json
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from pages.api.schema import load_schema
from pages.models import Contribution, DossierRequest
from tests.api.content import SECRET
from tests.factories import ResourcePageFactory
from tests.pages.upload_samples import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def typed(response, model, status=200):
    """The answer parsed into `model` by the generated client, its status `status`."""
    assert response.status_code == status, f"{response.status_code}: {response.content[:500]!r}"
    assert isinstance(response.parsed, model), (
        f"parsed as {type(response.parsed).__name__}, not {model.__name__}: {response.content[:500]!r}"
    )
    return response.parsed


def as_json(response):
    """The JSON the API sent, to compare with what the typed model gives back (`to_dict()`)."""
    return json.loads(response.content)


def page_type_names():
    """Every page type of the contract (the variants of PageItem): ResourcePage, DossierPage…"""
    return [
        variant["$ref"].rsplit("/", 1)[1] for variant in load_schema()["components"]["schemas"]["PageItem"]["oneOf"]
    ]


FRENCH_WORDS = re.compile(r"\b(le|la|les|l'|de|des|du|un|une|aucun|ce|cette|est|pas|introuvable|invalides?)\b", re.I)


def french(message):
    """A sentence meant for people, in French (not DRF's or Django's English)."""
    return isinstance(message, str) and bool(FRENCH_WORDS.search(message)) and "not found" not in message.lower()


# --- Pages ---------------------------------------------------------------------------------------------------------


def test_every_page_type_lists_and_details_into_its_typed_model(api, plateforme_client, content):
    pages, models = plateforme_client.api.pages, plateforme_client.models
    seen = {}
    for name in page_type_names():
        model = getattr(models, name)
        response = pages.list_pages.sync_detailed(
            client=api, type_=models.ListPagesType(f"pages.{name}"), fields="*", limit=100
        )
        listed = typed(response, models.PageList)
        assert listed.to_dict() == as_json(response)
        assert listed.items, f"no {name} in the test content"
        assert listed.meta.total_count == len(listed.items)
        for item in listed.items:
            assert isinstance(item, model)
            response = pages.get_page.sync_detailed(item.id, client=api)
            detail = typed(response, model)
            assert detail.meta.type_.value == f"pages.{name}"
            assert detail.to_dict() == as_json(response)
            seen[detail.id] = detail
    assert len({type(page).__name__ for page in seen.values()}) == len(page_type_names()) == 12

    dossier = seen[content.dossier.pk]
    assert dossier.centre.name == "Centre culturel de Marchin"
    assert dossier.centre.province == models.Province("liege")
    assert dossier.status.value == "approuve" and dossier.is_downloadable is True
    assert dossier.submission_year == 2023
    assert [document.title for document in dossier.documents] == [
        "Canevas d'analyse partagée",
        "Grille d'auto-évaluation",
    ]
    assert all(document.url.startswith("http") for document in dossier.documents)
    assert isinstance(dossier.last_published_at, datetime.datetime)
    person = seen[content.person_dossier.pk]
    assert person.access_mode.value == "personne-a-personne" and person.documents == []
    assert SECRET not in str(person.to_dict())

    resource = seen[content.resource.pk]
    assert resource.resource_type.value == "modele" and resource.date == datetime.date(2024, 3, 14)
    assert set(resource.tags) == {"territoire", "participation"}
    blocks = {block.type_.value: block for block in resource.body}
    assert [type(block).__name__ for block in resource.body] == [
        "BodyStreamBlockHeading",
        "BodyStreamBlockParagraph",
        "BodyStreamBlockTestimony",
        "BodyStreamBlockFigure",
        "BodyStreamBlockDocuments",
        "BodyStreamBlockVideo",
        "BodyStreamBlockKeyPoints",
        "BodyStreamBlockCallToAction",
    ]
    assert blocks["heading"].value.level.value == "h2" and blocks["heading"].value.text == "Pourquoi ce guide ?"
    assert blocks["testimony"].value.person == "Marie Lambert"
    assert blocks["figure"].value.caption == "Atelier d'analyse partagée"
    assert [document.title for document in blocks["documents"].value.documents] == ["Grille d'auto-évaluation"]
    assert blocks["video"].value.provider == "YouTube"
    assert blocks["key_points"].value.points == ["Associer les habitants"]

    past = seen[content.past.pk]
    assert past.is_upcoming is False and past.date == datetime.date(2024, 3, 20)
    assert [participant.name for participant in past.participants] == ["Jeanne Dubois"]
    assert [photo.caption for photo in past.photos] == ["La journée"]
    assert seen[content.upcoming.pk].is_upcoming is True
    assert seen[content.link.pk].category.name == "Textes légaux"
    assert {theme.slug for theme in seen[content.link.pk].themes} == {"expliquer-le-decret", "constituer-son-dossier"}


def test_lists_with_filters_order_fields_and_pagination(api, plateforme_client, content):
    pages, models = plateforme_client.api.pages, plateforme_client.models
    list_pages = pages.list_pages.sync_detailed

    # Resources of a theme, secondary themes included, the most recent first, a few fields.
    resources = typed(
        list_pages(
            client=api,
            type_=models.ListPagesType("pages.ResourcePage"),
            theme="constituer-son-dossier",
            order="-date",
            fields="title,date,resource_type",
        ),
        models.PageList,
    )
    assert [item.title for item in resources.items] == [
        "Canevas d'analyse partagée du territoire",
        "Le calendrier du dossier de reconnaissance",
    ]
    assert all(isinstance(item, models.ResourcePage) for item in resources.items)
    assert [item.date for item in resources.items] == [datetime.date(2024, 3, 14), datetime.date(2023, 9, 1)]
    assert resources.items[1].resource_type == models.ResourcePageResourceType("guide")

    # Dossiers by status, province and access mode, typed enums as parameters.
    dossiers = typed(
        list_pages(
            client=api,
            type_=models.ListPagesType("pages.DossierPage"),
            status=models.DossierStatus("approuve"),
            province=models.Province("liege"),
            access_mode=models.AccessMode("telechargement"),
            order="-submission_year",
            fields="_,title,status,centre",
        ),
        models.PageList,
    )
    assert [(item.id, item.centre.name) for item in dossiers.items] == [
        (content.dossier.pk, "Centre culturel de Marchin")
    ]

    # Upcoming rencontres only.
    upcoming = typed(
        list_pages(
            client=api,
            type_=models.ListPagesType("pages.WorkshopReportPage"),
            period=models.ListPagesPeriod("upcoming"),
        ),
        models.PageList,
    )
    assert [item.id for item in upcoming.items] == [content.upcoming.pk]

    # « _ » starts from nothing: every item still has its id and meta.type, and so its typed model.
    few = typed(list_pages(client=api, fields="_,title", limit=100), models.PageList)
    assert len({type(item) for item in few.items}) > 5
    for item in few.items:
        assert isinstance(item, getattr(models, item.meta.type_.value.split(".")[1]))
        assert item.id and item.title
        assert not item.to_dict().keys() - {"id", "meta", "title"}

    # limit/offset and the total.
    first = typed(list_pages(client=api, limit=2, offset=0, fields="_"), models.PageList)
    second = typed(list_pages(client=api, limit=2, offset=2, fields="_"), models.PageList)
    assert len(first.items) == len(second.items) == 2
    assert first.meta.total_count == second.meta.total_count == few.meta.total_count
    assert not {item.id for item in first.items} & {item.id for item in second.items}

    # A page from its address on the site: a redirection to its place in the API.
    found = pages.find_page.sync_detailed(client=api, html_path=content.dossier.url)
    assert found.status_code == 302
    assert urlsplit(found.headers["location"]).path == f"/api/v2/pages/{content.dossier.pk}/"


def test_images_and_documents(api, plateforme_client, content):
    images, documents, models = plateforme_client.api.images, plateforme_client.api.documents, plateforme_client.models

    response = images.list_images.sync_detailed(client=api, fields="*")
    listed = typed(response, models.ImageList)
    assert [image.title for image in listed.items] == ["Atelier à Rochefort"]
    assert listed.to_dict() == as_json(response)
    response = images.get_image.sync_detailed(content.image.pk, client=api)
    image = typed(response, models.ImageItem)
    assert image.width > 0 and image.height > 0 and image.meta.type_.value == "wagtailimages.Image"
    assert image.to_dict() == as_json(response)

    response = documents.list_documents.sync_detailed(client=api, fields="*", limit=100)
    listed = typed(response, models.DocumentList)
    assert listed.to_dict() == as_json(response)
    titles = {document.title for document in listed.items}
    assert {"Canevas d'analyse partagée", "Grille d'auto-évaluation"} <= titles
    assert not any(SECRET in title for title in titles)
    response = documents.get_document.sync_detailed(content.public_document.pk, client=api)
    document = typed(response, models.DocumentItem)
    assert document.title == "Canevas d'analyse partagée" and document.file_size > 0
    assert document.to_dict() == as_json(response)


# --- Search --------------------------------------------------------------------------------------------------------


def paginate(search, client, model, limit, **params):
    """Every page of a search's hits, `limit` at a time, as a front end walks them: `offset` up to `total_count`."""
    pages, offset = [], 0
    while True:
        results = typed(search(client=client, limit=limit, offset=offset, **params), model)
        pages.append(results)
        offset += limit
        if offset >= results.meta.total_count:
            return pages


def test_search_with_facets_and_pagination(api, plateforme_client, content):
    search, models = plateforme_client.api.search.search.sync_detailed, plateforme_client.models

    response = search(client=api, q="analyse")
    results = typed(response, models.SearchResults)
    assert results.meta.total_count >= 2
    titles = [hit.title for hit in results.items]
    assert "Canevas d'analyse partagée du territoire" in titles
    assert all(isinstance(hit, models.SearchHit) for hit in results.items)
    assert any("<mark>" in hit.excerpt for hit in results.items)
    assert results.to_dict() == as_json(response)
    facets = {facet.name.value: facet for facet in results.facets}
    assert {"type", "theme"} <= facets.keys()
    counts = {option.value: option.count for option in facets["type"].options}
    assert counts["ressource"] >= 1 and counts["rencontre"] >= 1

    # Choosing an option of a facet: only its hits, the option selected, its count the total.
    response = search(client=api, q="analyse", type_=models.SearchType("ressource"))
    resources = typed(response, models.SearchResults)
    assert {hit.type_.value for hit in resources.items} == {"ressource"}
    selected = [option for facet in resources.facets for option in facet.options if option.selected]
    assert [(option.value, option.count) for option in selected] == [("ressource", resources.meta.total_count)]
    hit = next(hit for hit in resources.items if hit.page_id == content.resource.pk)
    assert {theme.slug for theme in hit.themes} >= {"analyse-partagee"}
    assert hit.html_url.startswith("http") and hit.date == datetime.date(2024, 3, 14)

    # Every hit, page after page (limit/offset), once each: enough hits for several pages.
    ResourcePageFactory.create_batch(12, parent=content.tree.theme["analyse-partagee"])
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
    total = typed(search(client=api, q="analyse"), models.SearchResults).meta.total_count
    assert total > 12
    pages = paginate(search, api, models.SearchResults, 5, q="analyse")
    assert len(pages) > 1 and all(len(page.items) <= 5 for page in pages)
    ids = [hit.page_id for page in pages for hit in page.items]
    assert len(ids) == len(set(ids)) == total
    # Past the end: no hit, and still the total.
    past = typed(search(client=api, q="analyse", limit=5, offset=total + 100), models.SearchResults)
    assert (past.items, past.meta.total_count) == ([], total)


def test_autocomplete(api, plateforme_client, content):
    models = plateforme_client.models
    response = plateforme_client.api.search.autocomplete.sync_detailed(client=api, q="analy")
    suggestions = typed(response, models.Autocomplete)
    assert suggestions.results
    assert all("analy" in result.title.lower() for result in suggestions.results)
    assert suggestions.to_dict() == as_json(response)


# --- Writing -------------------------------------------------------------------------------------------------------


def wait_min_fill(form, shown_at):
    """What a front end must do before sending: wait `min_fill_seconds` after the form was shown."""
    time.sleep(max(0.0, form.min_fill_seconds - (time.monotonic() - shown_at)))


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
