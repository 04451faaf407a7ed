"""A page is found by words that only appear inside the documents it attaches, when a visitor can download them.

Uploading or replacing a file runs the extraction task (django-tasks' immediate backend) once the transaction
commits; the task stores the text and refreshes the search entries of the pages attaching the document.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from pages import models as m
from search.queries import SearchParams, search_content
from tests.factories import DossierPageFactory
from tests.search.documents import docx_bytes, odt_bytes, pdf_bytes

Document = get_document_model()

PROJECT_PDF = [
    "Dossier de demande de reconnaissance du Centre culturel de Ciney.",
    "Les ornithorynques de la vallée du Bocq ont inspiré une exposition participative.",
]
REPLACEMENT_PDF = [
    "Dossier de demande de reconnaissance, version révisée.",
    "Une fanfare de xylophonistes a ouvert la saison culturelle.",
]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the callbacks queued on commit (the extraction) as the end of a real transaction would."""

    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    return commit


def upload(commit, data, name, *, title="Dossier de reconnaissance", collection=None):
    """What the admin's upload form does: a document with its file, its size and hash, saved."""
    with commit():
        document = Document(
            title=title,
            collection=collection or Collection.get_first_root_node(),
            file=ContentFile(data, name=name),
        )
        document._set_document_file_metadata()
        document.save()
    document.refresh_from_db()
    return document


def publish_dossier(parent, document, *, access_mode=m.AccessMode.DOWNLOAD, title="Dossier de Ciney"):
    dossier = DossierPageFactory(
        parent=parent, title=title, access_mode=access_mode, documents=[m.DossierPageDocument(document=document)]
    )
    dossier.save_revision().publish()
    return dossier


def hits(query):
    outcome = search_content(SearchParams(query=query))
    return list(outcome.page.object_list) if outcome.page else []


def found_pages(query):
    return [hit.entry.page_id for hit in hits(query)]


def test_uploaded_pdf_is_extracted_and_finds_the_dossier(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf", title="Projet d'action culturelle de Ciney")
    assert "ornithorynques de la vallée du Bocq" in document.text_content

    dossier = publish_dossier(site_tree.dossier_library, document)

    [hit] = [hit for hit in hits("ornithorynques") if hit.entry.page_id == dossier.pk]
    assert hit.excerpt_document == "Projet d'action culturelle de Ciney"
    assert "<mark>ornithorynques</mark>" in hit.excerpt


@pytest.mark.parametrize(("build", "name"), [(docx_bytes, "ciney.docx"), (odt_bytes, "ciney.odt")])
def test_docx_and_odt_documents_find_the_dossier(site_tree, commit, build, name):
    document = upload(commit, build(["Projet d'action culturelle", *PROJECT_PDF]), name)
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk in found_pages("ornithorynques")


def test_text_extracted_after_the_page_was_published_reaches_its_entry(site_tree, commit):
    # A document attached before its text exists (e.g. a slow queue): the task refreshes the entry afterwards.
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf")
    Document.objects.filter(pk=document.pk).update(text_content="")
    document.refresh_from_db()
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk not in found_pages("ornithorynques")

    with commit():
        document.file = ContentFile(pdf_bytes(PROJECT_PDF + ["Nouvelle annexe."]), name="ciney-v2.pdf")
        document._set_document_file_metadata()
        document.save()

    assert dossier.pk in found_pages("ornithorynques")


def test_replacing_the_file_changes_what_is_found(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf")
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk in found_pages("ornithorynques")

    with commit():
        document.file = ContentFile(pdf_bytes(REPLACEMENT_PDF), name="ciney-revise.pdf")
        document._set_document_file_metadata()
        document.save()

    assert dossier.pk in found_pages("xylophonistes")
    assert dossier.pk not in found_pages("ornithorynques")


def test_admin_upload_and_replacement_extract_the_text(site_tree, commit, editor_client):
    root = Collection.get_first_root_node()
    with commit():
        response = editor_client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Projet de Ciney",
                "collection": root.pk,
                "file": SimpleUploadedFile("projet-ciney-admin.pdf", pdf_bytes(PROJECT_PDF)),
            },
        )
    assert response.status_code == 302
    document = Document.objects.get(title="Projet de Ciney")
    assert "ornithorynques" in document.text_content
    dossier = publish_dossier(site_tree.dossier_library, document)

    # The edit form deletes the old file first, so the new one gets the same name: the hash tells them apart.
    old_name = document.file.name
    with commit():
        response = editor_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "Projet de Ciney",
                "collection": root.pk,
                "file": SimpleUploadedFile("projet-ciney-admin.pdf", pdf_bytes(REPLACEMENT_PDF)),
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.name == old_name
    assert "xylophonistes" in document.text_content
    assert dossier.pk in found_pages("xylophonistes")
    assert dossier.pk not in found_pages("ornithorynques")


def test_saving_without_a_new_file_does_not_extract_again(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf")
    Document.objects.filter(pk=document.pk).update(text_content="texte conservé")
    document.refresh_from_db()
    with commit():
        document.title = "Projet de Ciney (titre corrigé)"
        document.save()
        document.get_file_size()
    document.refresh_from_db()
    assert document.text_content == "texte conservé"


def test_documents_of_person_to_person_dossiers_are_not_searched(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf")
    dossier = publish_dossier(site_tree.dossier_library, document, access_mode=m.AccessMode.PERSON_TO_PERSON)
    assert dossier.pk in found_pages("Ciney")  # the dossier itself is searchable, by its title
    assert dossier.pk not in found_pages("ornithorynques")


def test_documents_of_a_private_collection_are_not_searched(site_tree, commit):
    private = Collection.get_first_root_node().add_child(name="Documents du conseil d'administration")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="astrac"
    )
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf", title="Note interne", collection=private)
    assert "ornithorynques" in document.text_content  # extracted, but never shown
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk in found_pages("Ciney")
    assert hits("ornithorynques") == []
    assert dossier.pk not in found_pages("interne")


def test_a_broken_upload_is_stored_without_text(site_tree, commit):
    document = upload(commit, b"<html><body>Pas un PDF</body></html>", "faux.pdf")
    assert document.text_content == ""


def test_extract_documents_command(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf")
    broken = upload(commit, b"%PDF-1.4\n garbage", "casse.pdf", title="Dossier abîmé")
    Document.objects.filter(pk=document.pk).update(text_content="")  # e.g. uploaded before extraction existed
    document.refresh_from_db()
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk not in found_pages("ornithorynques")

    out = io.StringIO()
    call_command("extract_documents", "--missing", stdout=out, stderr=io.StringIO())

    document.refresh_from_db()
    assert "ornithorynques" in document.text_content
    assert dossier.pk in found_pages("ornithorynques")
    output = out.getvalue()
    assert f"#{broken.pk} Dossier abîmé — invalid" in output
    assert "Extraction terminée (invalid : 1, ok : 1)." in output


def test_moving_a_document_into_a_private_collection_hides_its_words(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf")
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk in found_pages("ornithorynques")

    private = Collection.get_first_root_node().add_child(name="Dossiers réservés")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    with commit():
        document.collection = private
        document.save()
    assert dossier.pk not in found_pages("ornithorynques")

    with commit():
        document.collection = Collection.get_first_root_node()
        document.save()
    assert dossier.pk in found_pages("ornithorynques")


def test_documents_are_read_only_for_hits_whose_own_text_lacks_the_words(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf", title="Projet d'action culturelle de Ciney")
    publish_dossier(site_tree.dossier_library, document, title="Dossier de Ciney")

    with CaptureQueriesContext(connection) as own_text:
        [hit] = hits("habitants")
    with CaptureQueriesContext(connection) as in_document:
        [document_hit] = hits("ornithorynques")

    assert hit.excerpt_document == "" and "<mark>habitants</mark>" in hit.excerpt
    assert document_hit.excerpt_document == "Projet d'action culturelle de Ciney"
    reads_documents = [
        [query["sql"] for query in queries if "searchentry_documents" in query["sql"]]
        for queries in (own_text.captured_queries, in_document.captured_queries)
    ]
    assert reads_documents[0] == [], "the summary holds « habitants »: no document read"
    assert len(reads_documents[1]) == 1, "the word is in the document only: its documents read once"


def test_renaming_a_document_changes_the_document_named_in_the_excerpt(site_tree, commit):
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf", title="Version provisoire")
    dossier = publish_dossier(site_tree.dossier_library, document)
    with commit():
        document.title = "Dossier complet de Ciney"
        document.save()
    [hit] = [hit for hit in hits("ornithorynques") if hit.entry.page_id == dossier.pk]
    assert hit.excerpt_document == "Dossier complet de Ciney"


def test_restricting_a_documents_collection_hides_its_words(site_tree, commit):
    shared = Collection.get_first_root_node().add_child(name="Partagés")
    document = upload(commit, pdf_bytes(PROJECT_PDF), "ciney.pdf", collection=shared)
    dossier = publish_dossier(site_tree.dossier_library, document)
    assert dossier.pk in found_pages("ornithorynques")

    with commit():
        restriction = CollectionViewRestriction.objects.create(collection=shared, restriction_type="login")
    assert dossier.pk not in found_pages("ornithorynques")

    with commit():
        restriction.delete()
    assert dossier.pk in found_pages("ornithorynques")
