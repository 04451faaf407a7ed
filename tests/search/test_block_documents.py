"""Every document a page points to is searched: its « Documents joints » panel (the one way to attach documents), the
documents its rich text links to, and a link entry's document; never one from a restricted collection."""

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


def attach(page, *documents):
    """`documents` in the page's « Documents joints » panel."""
    page.documents = [type(page).documents.rel.related_model(document=document) for document in documents]
    return page


def document_link(document, text):
    return paragraph(f'Lisez <a linktype="document" id="{document.pk}">{text}</a> avant la réunion.')


def publish(page, body=None):
    if body is not None:
        page.body = body
    page.save_revision().publish()
    return page


def season_page(site_tree, document):
    """« La saison culturelle », published with `document` in its documents panel."""
    page = StandardPageFactory(parent=site_tree.home, title="La saison culturelle")
    return publish(attach(page, document), [paragraph("Le programme de la saison.")])


def hits(query):
    outcome = search_content(SearchParams(query=query))
    return list(outcome.page.object_list) if outcome.page else []


def found_pages(query):
    return [hit.entry.page_id for hit in hits(query)]


def test_a_word_only_in_a_pdf_of_a_standard_pages_panel_finds_the_page(site_tree, commit):
    document = upload(commit, PROJECT_PDF)
    page = season_page(site_tree, document)

    [hit] = hits("ornithorynques")
    assert hit.entry.page_id == page.pk
    assert hit.excerpt_document == "Programme de la saison"
    assert "<mark>ornithorynques</mark>" in hit.excerpt


def test_a_resources_panel_document_is_searched(site_tree, commit):
    document = upload(commit, PROJECT_PDF, title="Annexe de la ressource")
    resource = publish(
        attach(ResourcePageFactory(parent=site_tree.theme["autres"], title="Monter une exposition"), document),
        [paragraph("Une exposition participative, pas à pas.")],
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


def test_replacing_a_panel_documents_file_changes_what_is_found(site_tree, commit):
    document = upload(commit, PROJECT_PDF)
    page = season_page(site_tree, document)
    assert found_pages("ornithorynques") == [page.pk]

    with commit():
        document.file = ContentFile(pdf_bytes(REPLACEMENT_PDF), name="programme-revise.pdf")
        document._set_document_file_metadata()
        document.save()

    assert found_pages("xylophonistes") == [page.pk]
    assert found_pages("ornithorynques") == []


def test_renaming_a_panel_document_changes_the_document_named_in_the_excerpt(site_tree, commit):
    document = upload(commit, PROJECT_PDF, title="Version provisoire")
    season_page(site_tree, document)
    with commit():
        document.title = "Programme définitif"
        document.save()
    [hit] = hits("ornithorynques")
    assert hit.excerpt_document == "Programme définitif"


def test_removing_the_document_from_the_panel_and_publishing_forgets_it(site_tree, commit):
    document = upload(commit, PROJECT_PDF)
    page = season_page(site_tree, document)
    assert found_pages("ornithorynques") == [page.pk]

    publish(attach(page), [paragraph("Le programme sera publié en septembre.")])

    assert found_pages("ornithorynques") == []
    assert found_pages("septembre") == [page.pk]


def test_a_restricted_document_in_a_panel_is_never_found_nor_its_title_shown(site_tree, commit):
    secret = upload(commit, PROJECT_PDF, title="Note confidentielle", collection=private_collection())
    assert "ornithorynques" in secret.text_content  # extracted, but never shown
    page = publish(
        attach(StandardPageFactory(parent=site_tree.home, title="La saison culturelle"), secret),
        [paragraph("Le programme de la saison."), document_link(secret, "la note")],
    )

    assert hits("ornithorynques") == []
    assert found_pages("confidentielle") == []
    [hit] = hits("saison culturelle")
    assert hit.entry.page_id == page.pk
    assert hit.excerpt_document == ""
    assert "confidentielle" not in hit.excerpt.lower() and "ornithorynques" not in hit.entry.documents_text


def test_a_panel_document_whose_collection_opens_joins_the_search(site_tree, commit):
    # No entry reads it while it is private: the pages using it are found through their panels (pages_attaching).
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
