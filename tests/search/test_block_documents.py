"""Every document a page points to is searched: not only its « Documents » panel, but the documents blocks of its
body, the documents its rich text links to, and a link entry's document; never one from a restricted collection."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from search.queries import SearchParams, search_content
from tests.factories import LinkPageFactory, ResourcePageFactory, StandardPageFactory
from tests.factories.pages import paragraph
from tests.search.documents import pdf_bytes

Document = get_document_model()

PROJECT_PDF = ["Programme de la saison.", "Les ornithorynques de la vallée du Bocq ont inspiré une exposition."]
REPLACEMENT_PDF = ["Programme révisé.", "Une fanfare de xylophonistes a ouvert la saison culturelle."]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the callbacks queued on commit (the text extraction) as the end of a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upload(commit, pages, *, title="Programme de la saison", collection=None):
    """A PDF uploaded as the admin does, its text extracted once the upload is committed."""
    with commit():
        document = Document(
            title=title,
            collection=collection or Collection.get_first_root_node(),
            file=ContentFile(pdf_bytes(pages), name="programme.pdf"),
        )
        document._set_document_file_metadata()
        document.save()
    document.refresh_from_db()
    return document


def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Documents du conseil")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def documents_block(*documents):
    return {"type": "documents", "value": {"title": "À télécharger", "documents": [doc.pk for doc in documents]}}


def document_link(document, text):
    return paragraph(f'Lisez <a linktype="document" id="{document.pk}">{text}</a> avant la réunion.')


def publish(page, body=None):
    if body is not None:
        page.body = body
    page.save_revision().publish()
    return page


def season_page(site_tree, document):
    """« La saison culturelle », published with `document` in a documents block of its body."""
    page = StandardPageFactory(parent=site_tree.home, title="La saison culturelle")
    return publish(page, [documents_block(document)])


def hits(query):
    outcome = search_content(SearchParams(query=query))
    return list(outcome.page.object_list) if outcome.page else []


def found_pages(query):
    return [hit.entry.page_id for hit in hits(query)]


def test_a_word_only_in_a_pdf_of_a_body_documents_block_finds_the_page(site_tree, commit):
    document = upload(commit, PROJECT_PDF)
    page = season_page(site_tree, document)

    [hit] = hits("ornithorynques")
    assert hit.entry.page_id == page.pk
    assert hit.excerpt_document == "Programme de la saison"
    assert "<mark>ornithorynques</mark>" in hit.excerpt


def test_a_resources_body_document_is_searched_beside_its_documents_panel(site_tree, commit):
    block_document = upload(commit, PROJECT_PDF, title="Annexe de la ressource")
    resource = publish(
        ResourcePageFactory(parent=site_tree.theme["autres"], title="Monter une exposition"),
        [paragraph("Une exposition participative, pas à pas."), documents_block(block_document)],
    )
    assert found_pages("ornithorynques") == [resource.pk]
    assert found_pages("annexe") == [resource.pk]  # the document's title is searched too


def test_a_document_linked_from_rich_text_is_searched(site_tree, commit):
    document = upload(commit, PROJECT_PDF, title="Compte rendu du conseil")
    page = publish(
        StandardPageFactory(parent=site_tree.home, title="Vie de l'association"),
        [document_link(document, "le compte rendu")],
    )
    [hit] = hits("ornithorynques")
    assert (hit.entry.page_id, hit.excerpt_document) == (page.pk, "Compte rendu du conseil")


def test_replacing_a_body_documents_file_changes_what_is_found(site_tree, commit):
    document = upload(commit, PROJECT_PDF)
    page = season_page(site_tree, document)
    assert found_pages("ornithorynques") == [page.pk]

    with commit():
        document.file = ContentFile(pdf_bytes(REPLACEMENT_PDF), name="programme-revise.pdf")
        document._set_document_file_metadata()
        document.save()

    assert found_pages("xylophonistes") == [page.pk]
    assert found_pages("ornithorynques") == []


def test_renaming_a_body_document_changes_the_document_named_in_the_excerpt(site_tree, commit):
    document = upload(commit, PROJECT_PDF, title="Version provisoire")
    season_page(site_tree, document)
    with commit():
        document.title = "Programme définitif"
        document.save()
    [hit] = hits("ornithorynques")
    assert hit.excerpt_document == "Programme définitif"


def test_removing_the_block_and_publishing_forgets_its_document(site_tree, commit):
    document = upload(commit, PROJECT_PDF)
    page = season_page(site_tree, document)
    assert found_pages("ornithorynques") == [page.pk]

    publish(page, [paragraph("Le programme sera publié en septembre.")])

    assert found_pages("ornithorynques") == []
    assert found_pages("septembre") == [page.pk]


def test_a_restricted_document_in_a_block_is_never_found_nor_its_title_shown(site_tree, commit):
    secret = upload(commit, PROJECT_PDF, title="Note confidentielle", collection=private_collection())
    assert "ornithorynques" in secret.text_content  # extracted, but never shown
    page = publish(
        StandardPageFactory(parent=site_tree.home, title="La saison culturelle"),
        [paragraph("Le programme de la saison."), documents_block(secret), document_link(secret, "la note")],
    )

    assert hits("ornithorynques") == []
    assert found_pages("confidentielle") == []
    [hit] = hits("saison culturelle")
    assert hit.entry.page_id == page.pk
    assert hit.excerpt_document == ""
    assert "confidentielle" not in hit.excerpt.lower() and "ornithorynques" not in hit.entry.documents_text


def test_a_block_document_whose_collection_opens_joins_the_search(site_tree, commit):
    # No entry reads it while it is private: the pages using it are found by Wagtail's reference index.
    collection = private_collection()
    document = upload(commit, PROJECT_PDF, collection=collection)
    page = season_page(site_tree, document)
    assert found_pages("ornithorynques") == []

    with commit():
        CollectionViewRestriction.objects.filter(collection=collection).delete()

    assert found_pages("ornithorynques") == [page.pk]


def test_a_link_entrys_document_is_searched(site_tree, commit):
    document = upload(commit, PROJECT_PDF, title="Guide des expositions")
    link = LinkPageFactory(parent=site_tree.link_library, title="Guide à télécharger", link_url="", document=document)
    publish(link)

    [hit] = hits("ornithorynques")
    assert (hit.entry.page_id, hit.excerpt_document) == (link.pk, "Guide des expositions")

    with commit():
        document.file = ContentFile(pdf_bytes(REPLACEMENT_PDF), name="guide-revise.pdf")
        document._set_document_file_metadata()
        document.save()
    assert found_pages("xylophonistes") == [link.pk]
