"""A test case with the site tree and the API content, and helpers to read the API as an anonymous client."""

from tests.api.content import build_api_content
from tests.pages.base import SiteTreeTestCase

API = "/api/v2/"


class APITestCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.content = build_api_content(cls.tree)

    def get_json(self, path, params=None, status=200):
        url = path if path.startswith("/") else API + path
        response = self.client.get(url, params or {}, HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, status, f"{url} {params}: {response.content[:500]!r}")
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()

    def list_pages(self, **params):
        return self.get_json("pages/", params)

    def titles(self, data):
        return [item["title"] for item in data["items"]]

    def detail(self, page, **params):
        return self.get_json(f"pages/{page.pk}/", params)
