"""The admin's uploads (pages/uploads.py): « Documents » is their default collection (created by migration 0014),
and a document's title defaults to one cleaned from its file name (pages/models/media.py `title_from_filename`)."""

import html
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from pages.models import PlatformDocument
from pages.models.media import DEFAULT_COLLECTION_NAME, title_from_filename
from tests.factories.media import minimal_pdf
from tests.pages.upload_samples import image_bytes, upload


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("compte-rendu_rencontre_2026-03.pdf", "Compte rendu rencontre 2026-03"),
        ("C:\\Users\\anne\\programme__saison.docx", "Programme saison"),
        ("photos/atelier-ciney.jpg", "Atelier ciney"),
        ("éTÉ-2025.odt", "ÉTÉ 2025"),
        ("sans-extension", "Sans extension"),
        (".pdf", ".pdf"),
    ],
)
def test_a_title_is_cleaned_from_a_file_name(filename, title):
    assert title_from_filename(filename) == title


def documents_collection():
    return Collection.get_first_root_node().get_children().get(name=DEFAULT_COLLECTION_NAME)


@pytest.mark.django_db
def test_the_migration_creates_the_documents_collection_where_editors_may_upload():
    collection = documents_collection()
    granted = GroupCollectionPermission.objects.filter(group=Group.objects.get(name="Éditeurs"), collection=collection)
    assert set(granted.values_list("permission__codename", flat=True)) == {
        "add_document",
        "change_document",
        "choose_document",
    }


def selected_collection(response, select_name="collection"):
    page = response.content.decode()
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    label = html.unescape(re.search(r"<option[^>]*selected[^>]*>\s*(.*?)\s*</option>", select, re.S).group(1))
    return re.sub(r"^\W+", "", label)  # « ↳ Documents »: the collection's depth


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["wagtaildocs:add_multiple", "wagtailimages:add_multiple"])
def test_the_multiple_upload_page_preselects_the_documents_collection(editor_client, url_name):
    Collection.get_first_root_node().add_child(name="Démo")
    response = editor_client.get(reverse(url_name))
    assert response.status_code == 200
    assert selected_collection(response) == DEFAULT_COLLECTION_NAME


@pytest.mark.django_db
def test_a_collection_named_in_the_link_stays_preselected(editor_client):
    demo = Collection.get_first_root_node().add_child(name="Démo")
    response = editor_client.get(reverse("wagtaildocs:add_multiple"), {"collection_id": demo.pk})
    assert selected_collection(response) == "Démo"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["wagtaildocs:add", "wagtailimages:add"])
def test_the_single_upload_form_preselects_the_documents_collection(editor_client, url_name):
    Collection.get_first_root_node().add_child(name="Démo")
    response = editor_client.get(reverse(url_name))
    assert response.context["form"]["collection"].value() == documents_collection().pk


@pytest.mark.django_db
def test_a_document_uploaded_without_a_title_gets_one_from_its_file_name(editor_client):
    pdf = ContentFile(minimal_pdf(), name="compte-rendu_rencontre_2026-03.pdf")
    response = editor_client.post(
        reverse("wagtaildocs:add"), {"title": "", "file": pdf, "collection": documents_collection().pk}
    )
    assert response.status_code == 302, response.context["form"].errors
    document = PlatformDocument.objects.get()
    assert document.title == "Compte rendu rencontre 2026-03"
    assert document.collection == documents_collection()


@pytest.mark.django_db
def test_a_document_uploaded_with_a_title_keeps_it(editor_client):
    pdf = ContentFile(minimal_pdf(), name="cr_2026.pdf")
    editor_client.post(
        reverse("wagtaildocs:add"), {"title": "Le compte rendu", "file": pdf, "collection": documents_collection().pk}
    )
    assert PlatformDocument.objects.get().title == "Le compte rendu"


@pytest.mark.django_db
def test_files_uploaded_several_at_once_without_a_title_get_one_from_their_names(editor_client):
    collection = documents_collection().pk
    pdf = ContentFile(minimal_pdf(), name="programme_de-la-saison.pdf")
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": pdf, "collection": collection},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.json()["success"] is True
    assert PlatformDocument.objects.get().title == "Programme de la saison"
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("atelier_ciney.png", image_bytes("PNG")), "collection": collection},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.json()["success"] is True
    assert get_image_model().objects.get().title == "Atelier ciney"


@pytest.mark.django_db
def test_a_document_saved_by_code_without_a_title_gets_one_from_its_file_name():
    document = PlatformDocument(file=ContentFile(minimal_pdf(), name="note_interne.pdf"))
    document.save()
    assert document.title == "Note interne"


@pytest.mark.django_db
def test_the_migration_inserts_the_collection_in_name_order_and_keeps_the_tree_usable():
    migration = importlib.import_module("pages.migrations.0014_documents_collection")
    root = Collection.get_first_root_node()
    documents_collection().delete()
    zebra = Collection.get_first_root_node().add_child(name="Zèbre")
    zebra.add_child(name="Archives du zèbre")
    Collection.get_first_root_node().add_child(name="Affiches")

    migration.create_documents_collection(django_apps, None)

    root.refresh_from_db()
    names = [collection.name for collection in root.get_children()]
    assert names == sorted(names, key=str.casefold) and DEFAULT_COLLECTION_NAME in names
    assert [child.name for child in Collection.objects.get(name="Zèbre").get_children()] == ["Archives du zèbre"]
    Collection.get_first_root_node().add_child(name="Démo")  # treebeard's sorted insertion still works
    assert Collection.objects.get(name="Démo").get_parent() == root
