"""Nothing a visitor could not see reaches an anonymous API client.

For each content type: drafts (never published, or unpublished changes of a live page), pages behind a
view restriction (and their children), documents of a restricted collection, a person-to-person
dossier's files, unaccepted contributions and their files, centres' private e-mails and the
requesters' data of dossier requests. Every private thing carries the marker SECRET; a crawl of every
endpoint with every field checks that it never appears, and targeted tests check each rule.
"""

import io
import json

from django.core.management import call_command
from wagtail.models import PageViewRestriction

from pages import models as m
from tests.api.base import APITestCase
from tests.api.content import SECRET
from tests.factories import (
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    ThemePageFactory,
    WorkshopReportPageFactory,
)

SEARCH_QUERIES = [SECRET, "brouillon", "réservée", "contribution", "camille", "sacha", "budget", "jette"]


def per_type_factories(tree):
    """(factory, parent) for each content type a visitor can open."""
    return [
        (ResourcePageFactory, tree.theme["constituer-son-dossier"]),
        (DossierPageFactory, tree.dossier_library),
        (LinkPageFactory, tree.link_library),
        (WorkshopReportPageFactory, tree.workshop_index),
        (StandardPageFactory, tree.home),
        (ThemePageFactory, tree.theme_index),
    ]


class PrivacyTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hidden = []  # (label, page) of drafts and restricted pages of every type
        for number, (factory, parent) in enumerate(per_type_factories(cls.tree)):
            name = factory._meta.model.__name__
            draft = factory(parent=parent, title=f"{name} brouillon {SECRET}", slug=f"brouillon-{number}", live=False)
            restricted = factory(parent=parent, title=f"{name} réservée {SECRET}", slug=f"reservee-{number}")
            PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
            cls.hidden += [(f"draft {name}", draft), (f"restricted {name}", restricted)]
        c = cls.content
        cls.hidden += [
            ("draft", c.draft),
            ("restricted", c.private_page),
            ("password", c.private_standard),
            ("child of restricted", c.private_child),
        ]
        # A live page with unpublished changes: the API shows the published version.
        c.dossier.title = f"Nouveau titre {SECRET}"
        c.dossier.save_revision()
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())

    def assertNoSecret(self, response, url):
        text = response.content.decode()
        if response.get("Content-Type") == "application/json" and "/search/" in url:
            data = response.json()
            data.pop("query", None)  # the search echoes what the client asked
            text = json.dumps(data, ensure_ascii=False)
        self.assertNotIn(SECRET, text.lower(), url)

    def crawl_urls(self):
        urls = [
            "/api/v2/pages/?limit=100&fields=*",
            "/api/v2/documents/?limit=100&fields=*",
            "/api/v2/images/?fields=*",
        ]
        page_types = {model._meta.label for model in m.AbstractContentPage.__subclasses__()} | {"pages.HomePage"}
        urls += [f"/api/v2/pages/?type={label}&limit=100&fields=*" for label in sorted(page_types)]
        listed = self.client.get("/api/v2/pages/?limit=100").json()["items"]
        urls += [f"/api/v2/pages/{item['id']}/" for item in listed]
        documents = self.client.get("/api/v2/documents/?limit=100").json()["items"]
        urls += [f"/api/v2/documents/{item['id']}/" for item in documents]
        for query in SEARCH_QUERIES:
            urls += [f"/api/v2/search/?q={query}", f"/api/v2/search/autocomplete/?q={query[:4]}"]
        urls += [f"/api/v2/search/?theme=constituer-son-dossier&limit=10&offset={n}" for n in (0, 10, 15)]
        return urls

    def test_no_response_of_any_endpoint_contains_anything_private(self):
        urls = self.crawl_urls()
        self.assertGreater(len(urls), 40)
        for url in urls:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNoSecret(response, url)

    def test_drafts_and_restricted_pages_of_every_type_are_not_listed_found_or_searchable(self):
        listed = {item["id"] for item in self.list_pages(limit=100)["items"]}
        for label, page in self.hidden:
            with self.subTest(label):
                self.assertNotIn(page.pk, listed)
                specific = self.list_pages(type=page.specific_class._meta.label, limit=100)
                self.assertNotIn(page.pk, {item["id"] for item in specific["items"]})
                self.get_json(f"pages/{page.pk}/", status=404)
                response = self.client.get("/api/v2/pages/find/", {"html_path": page.url or f"/{page.slug}/"})
                self.assertEqual(response.status_code, 404)
                hits = self.get_json("search/", {"q": page.title.split()[0]})["items"]
                self.assertNotIn(page.pk, {hit["page_id"] for hit in hits})

    def test_a_restricted_page_cannot_be_used_to_list_its_children(self):
        for name in ("child_of", "descendant_of"):
            data = self.get_json("pages/", {name: self.content.private_standard.pk}, status=400)
            self.assertEqual(data["message"], "Cette page n'existe pas ou n'est pas publique.")

    def test_unpublished_changes_are_not_shown(self):
        data = self.detail(self.content.dossier)
        self.assertEqual(data["title"], "Dossier de reconnaissance du Centre culturel de Marchin")

    def test_documents_of_a_restricted_collection_are_never_given(self):
        private = self.content.private_document
        self.get_json(f"documents/{private.pk}/", status=404)
        listed = {item["id"] for item in self.get_json("documents/", {"limit": 100})["items"]}
        self.assertNotIn(private.pk, listed)
        resource = self.detail(self.content.resource)
        self.assertNotIn(private.pk, {d["id"] for d in resource["documents"]})
        self.assertIsNone(self.detail(self.content.private_document_link)["document"])
        workshop = self.detail(self.content.past)
        self.assertNotIn(private.pk, {d["id"] for d in workshop["documents"]})

    def test_a_person_to_person_dossier_gives_no_file(self):
        self.assertEqual(self.detail(self.content.person_dossier)["documents"], [])

    def test_a_centre_private_email_cannot_be_asked_for(self):
        data = self.detail(self.content.dossier)
        self.assertNotIn("contact_email", data["centre"])
        response = self.client.get(f"/api/v2/pages/{self.content.dossier.pk}/", {"fields": "centre(contact_email)"})
        self.assertEqual(response.status_code, 400)
        self.assertNoSecret(response, "centre(contact_email)")
        response = self.client.get("/api/v2/pages/", {"type": "pages.DossierPage", "centre__contact_email": "x"})
        self.assertEqual(response.status_code, 400)

    def test_contributions_and_dossier_requests_have_no_read_endpoint(self):
        for params in (
            {"type": "pages.Contribution"},
            {"type": "pages.DossierRequest"},
            {"type": "pages.ContributionFile"},
        ):
            with self.subTest(params):
                response = self.client.get("/api/v2/pages/", params)
                self.assertEqual(response.status_code, 400)
                self.assertNoSecret(response, str(params))
        for url in (
            "/api/v2/contributions/",
            "/api/v2/dossier-requests/",
            f"/api/v2/documents/?title=fichier-{SECRET}.pdf",
        ):
            response = self.client.get(url)
            self.assertNotEqual(response.status_code, 500, url)
            self.assertNoSecret(response, url)

    def test_a_contribution_file_never_becomes_a_listed_document(self):
        names = {item["meta"]["download_url"] for item in self.get_json("documents/", {"limit": 100})["items"]}
        self.assertFalse(any(self.content.contribution_file.original_name in name for name in names))
