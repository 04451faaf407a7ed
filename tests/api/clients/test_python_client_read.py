"""The Python client generated from docs/openapi.json (openapi-python-client), reading a live server with every
content type as a front-end developer would: each page type listed and in detail, lists with filters, images and
documents, the search with its facets and pagination, autocomplete. Writing and errors: test_python_client_write.py.

Every call raises on a status the contract does not document (`raise_on_unexpected_status`), and every answer must
parse into the contract's typed model: `typed()` refuses None or a raw dict. A model that gives back other JSON
than the API sent (`to_dict()`) lost or changed something on the way.
"""

import datetime
import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.api.clients.helpers import as_json, page_type_names, typed
from tests.api.content import SECRET
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
        "BodyStreamBlockVideo",
        "BodyStreamBlockKeyPoints",
        "BodyStreamBlockCallToAction",
    ]
    assert blocks["heading"].value.level.value == "h2" and blocks["heading"].value.text == "Pourquoi ce guide ?"
    assert blocks["testimony"].value.person == "Marie Lambert"
    assert blocks["figure"].value.caption == "Atelier d'analyse partagée"
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
