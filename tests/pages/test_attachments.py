"""One way to attach documents (pages/models/attachments.py): the page's « Documents joints » panel. Bodies offer no
documents block; every page type with a body has the panel, whose documents are listed, downloadable and found by
the search; migration 0016 moved the documents of the old body blocks into the panels."""

import importlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.fields import StreamField
from wagtail.models import Revision, get_page_models

from pages import models as m
from pages.blocks import BodyStreamBlock
from pages.models.attachments import DOCUMENTS_HELP
from search.queries import SearchParams, search_content
from tests.factories import (
    DocumentFactory,
    ResourcePageFactory,
    StandardPageFactory,
    ThemePageFactory,
    WorkshopReportPageFactory,
)
from tests.factories.pages import paragraph

PAGE_TYPES_WITH_A_BODY = [
    model
    for model in get_page_models()
    if model._meta.app_label == "pages" and any(isinstance(field, StreamField) for field in model._meta.get_fields())
]


def test_the_body_offers_no_documents_block():
    assert "documents" not in BodyStreamBlock().child_blocks


@pytest.mark.parametrize("model", PAGE_TYPES_WITH_A_BODY, ids=lambda model: model.__name__)
def test_every_page_type_with_a_body_has_the_documents_panel_that_says_it_is_the_one_way(model):
    [panel] = [
        child
        for child in model.get_edit_handler().children[0].children
        if getattr(child, "relation_name", "") == "documents"
    ]
    assert panel.heading == "Documents joints"
    assert panel.help_text == DOCUMENTS_HELP
    assert issubclass(model.documents.rel.related_model, m.AttachedDocument)


def pdf(title, text):
    return DocumentFactory(title=title, text_content=text)


def publish(page, document):
    page.documents = [type(page).documents.rel.related_model(document=document)]
    page.save_revision().publish()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [StandardPageFactory, ThemePageFactory], ids=lambda f: f.__name__)
def test_a_document_attached_to_a_new_panel_is_listed_downloadable_and_found(site_tree, client, factory):
    parent = site_tree.home if factory is StandardPageFactory else site_tree.theme_index
    document = pdf("Programme des ornithologues", "Les ornithorynques de la vallée du Bocq.")
    page = publish(factory(parent=parent, title="Une page avec un document"), document)

    html = client.get(page.url).content.decode()
    assert "Documents à télécharger" in html and "Programme des ornithologues" in html
    assert document.url in html
    assert client.get(document.url).status_code == 200
    outcome = search_content(SearchParams(query="ornithorynques"))
    assert [hit.entry.page_id for hit in outcome.page.object_list] == [page.pk]


# --- Migration 0016 -----------------------------------------------------------------------------------------------


@pytest.fixture
def before_0017():
    """The models as migration 0016 reads them (their bodies still know the « Documents » block), and the migration."""
    state = MigrationExecutor(connection).loader.project_state(("pages", "0016_move_body_documents_to_panels"))
    return state.apps, importlib.import_module("pages.migrations.0016_move_body_documents_to_panels")


def documents_block(*documents, title="À télécharger"):
    return {"type": "documents", "value": {"title": title, "documents": [d.pk for d in documents]}, "id": "d1"}


def body_types(old_apps, page):
    body = old_apps.get_model("pages", type(page).__name__).objects.get(pk=page.pk).body
    return [block["type"] for block in body.raw_data]


@pytest.mark.django_db
def test_the_migration_moves_body_documents_into_the_panel_and_removes_the_blocks(site_tree, before_0017):
    old_apps, migration = before_0017
    attached, first, second = (DocumentFactory(title=t) for t in ("Déjà joint", "Programme", "Annexe"))
    page = StandardPageFactory(parent=site_tree.home, title="La saison")
    page.documents = [m.StandardPageDocument(document=attached)]
    page.save()
    old_apps.get_model("pages", "StandardPage").objects.filter(pk=page.pk).update(
        body=[
            {"type": "paragraph", "value": "<p>Le programme.</p>", "id": "p1"},
            documents_block(first, attached),
            documents_block(second, first),
        ]
    )
    untouched = WorkshopReportPageFactory(parent=site_tree.workshop_index, body=[paragraph("Sans document.")])

    migration.move_documents(old_apps, None)

    page = m.StandardPage.objects.get(pk=page.pk)
    assert [item.document for item in page.documents.all()] == [attached, first, second]  # each once, in order
    assert body_types(old_apps, page) == ["paragraph"]
    assert body_types(old_apps, untouched) == ["paragraph"]
    assert list(untouched.documents.all()) == []


@pytest.mark.django_db
def test_the_migration_moves_the_documents_of_the_latest_revision_too(site_tree, before_0017):
    old_apps, migration = before_0017
    document = DocumentFactory(title="Compte rendu")
    page = ResourcePageFactory(parent=site_tree.theme["autres"], body=[paragraph("Texte.")])
    revision = page.save_revision()
    content = revision.content
    content["body"] = json.dumps([*json.loads(content["body"]), documents_block(document)])
    Revision.objects.filter(pk=revision.pk).update(content=content)

    migration.move_documents(old_apps, None)

    revision.refresh_from_db()
    assert [block["type"] for block in json.loads(revision.content["body"])] == ["paragraph"]
    assert [row["document"] for row in revision.content["documents"]] == [document.pk]
    draft = revision.as_object()
    assert [item.document for item in draft.documents.all()] == [document]
    revision.publish()
    assert [item.document for item in m.ResourcePage.objects.get(pk=page.pk).documents.all()] == [document]
