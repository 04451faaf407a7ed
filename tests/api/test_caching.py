"""Caching of the API: ETag, Cache-Control and 304s; publishing purges the API URLs from the front-end cache.

The purge test runs a real HTTP server on the loopback interface, as Varnish or nginx would be,
and records the PURGE requests Wagtail's HTTP backend sends it.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import override_settings

from tests.api.base import APITestCase


class CachingHeadersTests(APITestCase):
    def test_answers_carry_an_etag_and_a_public_max_age(self):
        for url in (
            "/api/v2/pages/",
            f"/api/v2/pages/{self.content.dossier.pk}/",
            "/api/v2/documents/",
            "/api/v2/images/",
            "/api/v2/search/?q=dossier",
            "/api/v2/search/autocomplete/?q=dos",
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["ETag"].startswith('"'))
                self.assertEqual(response["Cache-Control"], "public, max-age=60")
                self.assertIn("Cookie", response["Vary"])

    def test_if_none_match_gets_a_304_without_body(self):
        url = f"/api/v2/pages/{self.content.resource.pk}/"
        etag = self.client.get(url)["ETag"]
        response = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        self.assertEqual(response["ETag"], etag)

    def test_a_published_change_changes_the_etag(self):
        url = f"/api/v2/pages/{self.content.resource.pk}/"
        etag = self.client.get(url)["ETag"]
        page = self.content.resource
        page.summary = "Un autre résumé."
        page.save_revision().publish()
        response = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(response["ETag"], etag)
        self.assertEqual(response.json()["summary"], "Un autre résumé.")

    def test_an_answer_to_a_session_is_private(self):
        self.client.cookies["sessionid"] = "x"
        response = self.client.get("/api/v2/pages/")
        self.assertEqual(response["Cache-Control"], "private, max-age=0")

    def test_errors_are_not_cached_as_public(self):
        response = self.client.get("/api/v2/pages/", {"year": "abc"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("ETag", response)
        self.assertNotIn("public", response.get("Cache-Control", ""))


class PurgeRecorder(BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class FrontendCachePurgeTests(APITestCase):
    def setUp(self):
        PurgeRecorder.received = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        location = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.settings_override = override_settings(
            WAGTAILFRONTENDCACHE={
                "default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}
            }
        )
        self.settings_override.enable()

    def tearDown(self):
        self.settings_override.disable()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def purged_paths(self):
        return {path for _host, path in PurgeRecorder.received}

    def test_publishing_purges_the_page_and_its_api_urls(self):
        page = self.content.dossier
        page.save_revision().publish()
        self.assertEqual(
            self.purged_paths(),
            {page.url, f"/api/v2/pages/{page.pk}/", "/api/v2/pages/", "/api/v2/search/"},
        )
        self.assertEqual({host for host, _path in PurgeRecorder.received}, {"localhost"})

    def test_unpublishing_purges_them_too(self):
        page = self.content.own_resource
        url = page.url
        page.unpublish()
        self.assertEqual(self.purged_paths(), {url, f"/api/v2/pages/{page.pk}/", "/api/v2/pages/", "/api/v2/search/"})

    def test_nothing_is_sent_without_a_configured_cache(self):
        self.settings_override.disable()
        with override_settings(WAGTAILFRONTENDCACHE={}):
            self.content.dossier.save_revision().publish()
        self.settings_override.enable()
        self.assertEqual(PurgeRecorder.received, [])
