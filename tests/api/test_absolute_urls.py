"""Every URL the API gives is absolute, built on the Wagtail Site (its host and port), download URLs included."""

import io
import re

from django.core.management import call_command
from wagtail.models import Site

from pages import models as m
from tests.api.base import APITestCase
from tests.api.content import rich_body
from tests.factories import ResourcePageFactory, StandardPageFactory, WorkshopReportPageFactory

ABSOLUTE = re.compile(r"^https?://[^/\s]+(/|$)")


def url_values(data, path=""):
    """(path, value) of every string under a key naming a URL (`url`, `html_url`, `download_url`…), or a web site."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (key.endswith("url") or key == "website"):
                yield f"{path}.{key}", value
            else:
                yield from url_values(value, f"{path}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from url_values(value, f"{path}[{n}]")


class AbsoluteURLTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A call to action towards a page of the site, beside the content's one towards another site.
        ResourcePageFactory(
            parent=cls.tree.theme["analyse-partagee"],
            title="Un appel vers un dossier",
            body=rich_body(cls.content.image, page=cls.content.dossier),
        )
        WorkshopReportPageFactory(parent=cls.tree.workshop_index, registration_url="https://www.astrac.be/inscription")
        StandardPageFactory(parent=cls.tree.home, title="Vie privée", slug="vie-privee")  # the forms' privacy_url
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())

    def answers(self):
        """Every read answer of the API, in full: lists of each type, details, media, search, the write forms."""
        answers = [self.get_json("pages/", {"limit": 100, "fields": "*"})]
        types = [model._meta.label for model in m.AbstractContentPage.__subclasses__()] + ["pages.HomePage"]
        answers += [self.get_json("pages/", {"type": label, "limit": 100, "fields": "*"}) for label in sorted(types)]
        for item in self.get_json("pages/", {"limit": 100})["items"]:
            answers.append(self.get_json(f"pages/{item['id']}/"))
        for kind in ("documents", "images"):
            listing = self.get_json(f"{kind}/", {"limit": 100, "fields": "*"})
            answers += [listing] + [self.get_json(f"{kind}/{item['id']}/") for item in listing["items"]]
        answers += [
            self.get_json("search/", {"q": "canevas"}),
            self.get_json("search/", {"theme": "constituer-son-dossier"}),
            self.get_json("search/autocomplete/", {"q": "cane"}),
            self.get_json("contributions/form/"),
            self.get_json(f"dossiers/{self.content.person_dossier.pk}/requests/form/"),
        ]
        return answers

    def test_every_url_of_every_answer_is_absolute(self):
        found = [(path, value) for answer in self.answers() for path, value in url_values(answer)]
        keys = {path.rsplit(".", 1)[-1] for path, value in found if value}
        for key in (
            "html_url",
            "detail_url",
            "download_url",
            "url",
            "full_url",
            "embed_url",
            "link_url",
            "registration_url",
            "privacy_url",
        ):
            self.assertIn(key, keys)
        for path, value in found:
            if value:
                with self.subTest(path):
                    self.assertRegex(value, ABSOLUTE)

    def test_download_urls_of_documents_and_images_are_absolute_on_the_site(self):
        document = self.get_json("documents/", {"fields": "*"})["items"][0]
        self.assertRegex(document["meta"]["download_url"], r"^http://localhost/documents/\d+/")
        image = self.get_json(f"images/{self.content.image.pk}/")
        self.assertRegex(image["meta"]["download_url"], r"^http://localhost/media/original_images/")
        self.assertRegex(image["rendition"]["url"], r"^http://localhost/media/images/.*max-1200x1200")
        self.assertEqual(image["rendition"]["full_url"], image["rendition"]["url"])

    def test_a_call_to_action_towards_a_page_gives_its_absolute_url(self):
        resource = m.ResourcePage.objects.get(title="Un appel vers un dossier")
        body = self.detail(resource)["body"]
        call = next(block["value"] for block in body if block["type"] == "call_to_action")
        self.assertEqual(call["url"], "http://localhost" + self.content.dossier.url)
        self.assertEqual(call["page"], self.content.dossier.pk)

    def test_urls_follow_the_sites_host_and_port(self):
        Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8000)
        root = "http://127.0.0.1:8000/"
        document = self.get_json("documents/", {"fields": "*"})["items"][0]
        self.assertTrue(document["meta"]["download_url"].startswith(root))
        self.assertTrue(self.get_json(f"images/{self.content.image.pk}/")["meta"]["download_url"].startswith(root))
        detail = self.detail(self.content.resource)
        self.assertTrue(detail["meta"]["html_url"].startswith(root))
        self.assertTrue(detail["meta"]["detail_url"].startswith(root))
        hit = self.get_json("search/", {"q": "canevas"})["items"][0]
        self.assertTrue(hit["html_url"].startswith(root) and hit["detail_url"].startswith(root))
        self.assertEqual(self.get_json("contributions/form/")["privacy_url"], root + "vie-privee/")

    def test_find_redirects_to_the_sites_port(self):
        Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8000)
        response = self.client.get("/api/v2/pages/find/", {"html_path": self.content.dossier.url})
        self.assertEqual(response.status_code, 302)
        location = response["Location"].rstrip("?")  # Wagtail keeps the other parameters (none here)
        self.assertEqual(location, f"http://127.0.0.1:8000/api/v2/pages/{self.content.dossier.pk}/")
