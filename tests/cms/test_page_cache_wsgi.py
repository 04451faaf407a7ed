"""Page cache hits answered before Django's handler (cms/page_cache_wsgi.py), through the WSGI application itself.

A hit answered there is the answer Django's own path gives (status, headers, body); everything the cache does not
serve, or must not answer without Django, reaches Django's handler.
"""

import io
import sys
from unittest import mock

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from cms import page_cache
from cms.page_cache_wsgi import PageCacheApplication
from tests.cms.page_cache_base import HEADER, PageCacheTestCase
from tests.cms.test_page_cache_round_trips import RecordingCache


def environ(path, method="GET", host="testserver", **extra):
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **extra,
    }


class Answer:
    def __init__(self, application, path, **extra):
        self.started = []
        receiver = lambda sender, **kwargs: self.started.append(sender)  # noqa: E731
        request_started.connect(receiver)
        # As Django's test client does: the test's transaction keeps its connection through the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = application(environ(path, **extra), self.start_response)
            self.content = b"".join(body)
            if hasattr(body, "close"):
                body.close()
        finally:
            request_started.disconnect(receiver)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    def start_response(self, status, headers, exc_info=None):
        self.status = status
        self.headers = headers

    def __getitem__(self, name):
        return next(value for key, value in self.headers if key.lower() == name.lower())

    @property
    def through_django(self):
        return bool(self.started)


class PageCacheApplicationTests(PageCacheTestCase):
    def setUp(self):
        self.django = WSGIHandler()
        self.application = PageCacheApplication(self.django)

    def answer(self, path, **extra):
        return Answer(self.application, path, **extra)

    def test_a_hit_is_answered_without_django_handler_and_is_the_answer_django_gives(self):
        url = self.resource.get_url()
        miss = self.answer(url)
        self.assertTrue(miss.through_django)
        self.assertEqual(miss[HEADER], "MISS")
        hit = self.answer(url)
        self.assertFalse(hit.through_django)
        self.assertEqual(hit[HEADER], "HIT")
        django_hit = Answer(self.django, url)
        self.assertEqual(django_hit[HEADER], "HIT")
        self.assertEqual(
            (hit.status, sorted(hit.headers), hit.content),
            (django_hit.status, sorted(django_hit.headers), django_hit.content),
        )
        self.assertIn(("X-Content-Type-Options", "nosniff"), hit.headers)  # the outer middleware ran

    def test_an_api_hit_keeps_its_own_headers(self):
        url = f"/api/v2/pages/{self.resource.pk}/"
        self.answer(url, HTTP_ACCEPT="application/json")
        hit = self.answer(url, HTTP_ACCEPT="application/json")
        self.assertFalse(hit.through_django)
        self.assertEqual(hit[HEADER], "HIT")
        self.assertEqual(hit["Content-Type"], "application/json")

    def test_a_miss_reads_the_cache_once_between_the_wsgi_lookup_and_django(self):
        url = self.resource.get_url()
        page_cache.current_generation()
        recording = RecordingCache(page_cache.get_cache())
        with mock.patch.object(page_cache, "get_cache", return_value=recording):
            miss = self.answer(url)
        self.assertEqual(miss[HEADER], "MISS")
        lookups = [
            keys for method, keys in recording.keys if method == "get_many" and page_cache.GENERATION_KEY in keys
        ]
        self.assertEqual(len(lookups), 1)  # the page cache's lookup (the values kept per generation read the rest)

    def test_requests_the_cache_must_not_answer_alone_reach_django(self):
        url = f"/api/v2/pages/{self.resource.pk}/"
        self.answer(url)
        cases = {
            "a CORS request (its headers depend on the Origin)": {"HTTP_ORIGIN": "https://front.example"},
            "a HEAD": {"method": "HEAD"},
            "a logged-in editor": {"HTTP_COOKIE": "sessionid=abc"},
            "credentials": {"HTTP_AUTHORIZATION": "Bearer x"},
        }
        for case, extra in cases.items():
            with self.subTest(case):
                self.assertTrue(self.answer(url, **extra).through_django)

    def test_a_host_django_refuses_gets_django_400_not_an_error(self):
        answer = self.answer(self.resource.get_url(), host="evil.example")
        self.assertTrue(answer.through_django)
        self.assertTrue(answer.status.startswith("400"), answer.status)

    def test_a_redirect_of_the_outer_middleware_applies_to_hits(self):
        url = self.resource.get_url()
        self.answer(url)
        with override_settings(SECURE_SSL_REDIRECT=True):
            application = PageCacheApplication(WSGIHandler())
            answer = Answer(application, url)
        self.assertFalse(answer.through_django)
        self.assertTrue(answer.status.startswith("301"), answer.status)
        self.assertEqual(answer["Location"], f"https://testserver{url}")

    def test_nothing_is_answered_here_when_the_page_cache_is_off(self):
        url = self.resource.get_url()
        self.answer(url)
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.assertTrue(self.answer(url).through_django)


class FailingOnHits:
    """An outer middleware that fails while a hit passes through it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "page_cache_hit"):
            raise RuntimeError("outer middleware failed")
        return self.get_response(request)


class PageCacheApplicationErrorTests(PageCacheTestCase):
    def test_an_error_in_an_outer_middleware_on_a_hit_gets_the_french_error_page(self):
        from django.conf import settings

        url = self.resource.get_url()
        Answer(PageCacheApplication(WSGIHandler()), url)  # stored
        middleware = [f"{__name__}.FailingOnHits", *settings.MIDDLEWARE]
        with override_settings(MIDDLEWARE=middleware), self.assertLogs("django.request", "ERROR"):
            answer = Answer(PageCacheApplication(WSGIHandler()), url)
        self.assertFalse(answer.through_django)
        self.assertTrue(answer.status.startswith("500"), answer.status)
        self.assertIn("Une erreur est survenue", answer.content.decode())
