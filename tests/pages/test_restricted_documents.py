"""A document that anonymous visitors may not download is never described on a public page.

A document in a collection with a view restriction (login, password, groups), or in a collection below one, is
left out of every page that offers it: the page's « Documents » list, a StreamField « Documents » block, a link
entry, a dossier's documents — its title, description, size and link never reach the anonymous page. The same
rule (`pages.document_visibility.public_only`) serves the API, the JSON-LD and the search. The admin warns the editor
who attaches such a document.
"""

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages import models as m
from pages.blocks import RICH_TEXT_FEATURES
from pages.document_visibility import public_only, restricted_collection_ids, restricted_only
from tests.factories import (
    DocumentFactory,
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
    build_site_tree,
)
from tests.factories.pages import paragraph

HIDDEN = "Budget confidentiel du centre"
HIDDEN_DESCRIPTION = "Les salaires de l'équipe et les comptes détaillés."
VISIBLE = "Canevas du diagnostic partagé"


def restricted_collection(name, restriction_type=CollectionViewRestriction.LOGIN, parent=None):
    parent = parent or Collection.get_first_root_node()
    collection = parent.add_child(name=name)
    restriction = CollectionViewRestriction(collection=collection, restriction_type=restriction_type)
    if restriction_type == CollectionViewRestriction.PASSWORD:
        restriction.password = "mot-de-passe-partage"
    restriction.save()
    return collection


def attach(page, *documents):
    """Attach `documents` through the page's « Documents » inline, in the database."""
    for document in documents:
        page.documents.create(document=document)
    page.save()


class PublicDocumentsRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.login_only = restricted_collection("Dossiers de personne à personne")
        cls.below = cls.login_only.add_child(name="Sous-collection")
        cls.password = restricted_collection("Conseil d'orientation", CollectionViewRestriction.PASSWORD)
        cls.open = Collection.get_first_root_node().add_child(name="Outils publics")
        cls.public = DocumentFactory(title=VISIBLE, collection=cls.open)
        cls.in_login = DocumentFactory(title=HIDDEN, collection=cls.login_only)
        cls.in_child = DocumentFactory(title="Annexe", collection=cls.below)
        cls.in_password = DocumentFactory(title="Procès-verbal", collection=cls.password)

    def test_restricted_collections_are_those_with_a_restriction_and_every_one_below(self):
        self.assertEqual(restricted_collection_ids(), {self.login_only.pk, self.below.pk, self.password.pk})

    def test_public_only_keeps_the_documents_anyone_may_download_in_their_order(self):
        documents = [self.in_password, self.public, None, self.in_child, self.in_login]
        self.assertEqual(public_only(documents), [self.public])
        self.assertEqual(restricted_only(documents), [self.in_password, self.in_child, self.in_login])

    def test_public_documents_queryset_excludes_restricted_collections(self):
        self.assertEqual(list(m.PlatformDocument.objects.public()), [self.public])

    def test_public_only_reads_the_restrictions_once_per_request_and_not_for_an_empty_list(self):
        request = self.client.get("/").wsgi_request
        with self.assertNumQueries(0):
            self.assertEqual(public_only([], request), [])
        with self.assertNumQueries(1):
            public_only([self.public, self.in_login], request)
            public_only([self.in_child], request)


class PublicPagesTests(TestCase):
    """Each page type that offers documents, as an anonymous visitor sees it."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.private = restricted_collection("Dossiers de personne à personne")
        cls.hidden = DocumentFactory(title=HIDDEN, description=HIDDEN_DESCRIPTION, collection=cls.private)
        cls.visible = DocumentFactory(title=VISIBLE)

    def assertHidden(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn(HIDDEN, html)
        self.assertNotIn(HIDDEN_DESCRIPTION, html)
        self.assertNotIn(self.hidden.url, html)
        self.assertNotIn(self.hidden.filename, html)
        return html

    def test_resource_lists_its_public_documents_only(self):
        resource = ResourcePageFactory(parent=self.tree.theme["analyse-partagee"])
        attach(resource, self.hidden, self.visible)
        html = self.assertHidden(resource)
        self.assertIn(VISIBLE, html)
        self.assertIn(self.visible.url, html)

    def test_resource_with_only_restricted_documents_has_no_documents_section(self):
        resource = ResourcePageFactory(parent=self.tree.theme["analyse-partagee"])
        attach(resource, self.hidden)
        html = self.assertHidden(resource)
        self.assertNotIn("Documents à télécharger", html)

    def test_a_standard_pages_panel_shows_public_documents_only_and_disappears_when_none_is(self):
        page = StandardPageFactory(parent=self.tree.home, body=[paragraph("Introduction.")])
        attach(page, self.hidden, self.visible)
        html = self.assertHidden(page)
        self.assertIn(VISIBLE, html)
        only_hidden = StandardPageFactory(parent=self.tree.home, title="Annexes")
        attach(only_hidden, self.hidden)
        html = self.assertHidden(only_hidden)
        self.assertNotIn("Documents à télécharger", html)

    def test_downloadable_dossier_lists_its_public_documents_only(self):
        dossier = DossierPageFactory(parent=self.tree.dossier_library, access_mode=m.AccessMode.DOWNLOAD)
        attach(dossier, self.hidden, self.visible)
        html = self.assertHidden(dossier)
        self.assertIn(VISIBLE, html)

    def test_person_to_person_dossier_describes_none_of_its_files(self):
        dossier = DossierPageFactory(parent=self.tree.dossier_library)
        attach(dossier, self.hidden, self.visible)
        html = self.assertHidden(dossier)
        self.assertNotIn(VISIBLE, html)
        self.assertEqual(dossier.public_documents(), [])

    def test_workshop_report_lists_its_public_documents_only(self):
        workshop = WorkshopReportPageFactory(parent=self.tree.workshop_index)
        attach(workshop, self.hidden, self.visible)
        html = self.assertHidden(workshop)
        self.assertIn(VISIBLE, html)

    def test_link_entry_to_a_restricted_document_gives_neither_its_link_nor_its_format(self):
        link = LinkPageFactory(
            parent=self.tree.link_library, title="Le budget du centre", link_url="", document=self.hidden
        )
        html = self.assertHidden(link)
        self.assertNotIn("Télécharger le document", html)
        listing = self.client.get(self.tree.link_library.url).content.decode()
        self.assertIn("Le budget du centre", listing)  # the entry itself is public
        self.assertNotIn(self.hidden.url, listing)
        self.assertNotIn("Document PDF", listing)

    def test_link_entry_to_a_public_document_offers_its_download(self):
        link = LinkPageFactory(parent=self.tree.link_library, link_url="", document=self.visible)
        html = self.client.get(link.url).content.decode()
        self.assertIn("Télécharger le document", html)
        self.assertIn(self.visible.url, html)
        self.assertIn(self.visible.url, self.client.get(self.tree.link_library.url).content.decode())

    def test_api_and_json_ld_give_the_same_public_documents_as_the_page(self):
        resource = ResourcePageFactory(parent=self.tree.theme["analyse-partagee"])
        attach(resource, self.hidden, self.visible)
        detail = self.client.get(f"/api/v2/pages/{resource.pk}/").json()
        self.assertEqual([d["title"] for d in detail["documents"]], [VISIBLE])
        self.assertNotIn(HIDDEN, self.client.get("/api/v2/documents/?limit=100").content.decode())
        self.assertEqual(self.client.get(f"/api/v2/documents/{self.hidden.pk}/").status_code, 404)


class AdminWarningTests(TestCase):
    """The editor who attaches a restricted document to a page is told that visitors will not see it."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.private = restricted_collection("Dossiers de personne à personne")
        cls.hidden = DocumentFactory(title=HIDDEN, collection=cls.private)
        cls.visible = DocumentFactory(title=VISIBLE)
        cls.editor = get_user_model().objects.create_superuser(username="claire", email="c@astrac.be", password="x")

    def setUp(self):
        self.client.force_login(self.editor)

    def edit(self, page, documents, body=None, **extra):
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "summary": page.summary,
                "resource_type": page.resource_type,
                "author": page.author,
                "date": page.date.isoformat(),
                "body": streamfield(body or [("paragraph", rich_text("<p>Texte.</p>", features=RICH_TEXT_FEATURES))]),
                "documents": inline_formset([{"document": document.pk} for document in documents]),
                "related_choices": inline_formset([]),
                "photos": inline_formset([]),
                **extra,
            }
        )
        data["action-publish"] = "action-publish"
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)

    def warnings(self, response):
        return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]

    def resource(self):
        return ResourcePageFactory(parent=self.tree.theme["analyse-partagee"])

    def test_attaching_a_restricted_document_warns_the_editor_in_french(self):
        page = self.resource()
        response = self.edit(page, [self.visible, self.hidden])
        self.assertEqual(response.status_code, 200)
        page.refresh_from_db()
        self.assertEqual([item.document for item in page.specific.documents.all()], [self.visible, self.hidden])
        html = response.content.decode()
        self.assertIn(f"Le document « {HIDDEN} » est dans une collection à accès restreint", html)
        self.assertIn("les visiteurs ne le verront ni sur la page publique", html)

    def test_public_documents_only_give_no_warning(self):
        response = self.edit(self.resource(), [self.visible])
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("accès restreint", response.content.decode())

    def test_a_restricted_document_linked_from_the_body_is_warned_about_too(self):
        link = f'<p>Lire <a linktype="document" id="{self.hidden.pk}">les annexes</a>.</p>'
        body = [("paragraph", rich_text(link, features=RICH_TEXT_FEATURES))]
        response = self.edit(self.resource(), [], body=body)
        self.assertIn(f"Le document « {HIDDEN} » est dans une collection à accès restreint", response.content.decode())

    def test_a_person_to_person_dossier_offers_none_of_its_inline_files(self):
        dossier = DossierPageFactory(parent=self.tree.dossier_library)
        attach(dossier, self.hidden)
        self.assertEqual(dossier.offered_documents(), [])
        dossier.access_mode = m.AccessMode.DOWNLOAD
        self.assertEqual(restricted_only(dossier.offered_documents()), [self.hidden])
