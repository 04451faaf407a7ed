"""A page cache hit costs one round trip to the cache (issue 17): the generation and the URL's entry read together.

The cache is the real one of the tests (locmem), seen through a proxy that records each call before making it.
"""

from unittest import mock

from cms import page_cache
from tests.cms.page_cache_base import HEADER, PageCacheTestCase


class RecordingCache:
    """The cache, each method call recorded by name."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []
        self.keys = []  # (method, its first argument)

    def __getattr__(self, name):
        attribute = getattr(self.cache, name)
        if not callable(attribute):
            return attribute

        def recorded(*args, **kwargs):
            self.calls.append(name)
            self.keys.append((name, args[0] if args else None))
            return attribute(*args, **kwargs)

        return recorded


class RoundTripTests(PageCacheTestCase):
    def recorded_get(self, url, **extra):
        recording = RecordingCache(page_cache.get_cache())
        with mock.patch.object(page_cache, "get_cache", return_value=recording):
            response = self.get(url, **extra)
        self.keys = recording.keys
        return response, recording.calls

    def test_a_page_hit_reads_the_cache_once(self):
        url = self.resource.get_url()
        self.assertEqual(self.get(url)[HEADER], "MISS")
        response, calls = self.recorded_get(url)
        self.assertEqual(response[HEADER], "HIT")
        self.assertEqual(calls, ["get_many"])

    def test_an_api_hit_varying_on_accept_reads_its_variant_in_the_same_round_trip_once_the_process_knows_it(self):
        page_cache._vary_headers.clear()  # a process that never read this entry
        url = f"/api/v2/pages/{self.resource.pk}/"
        self.get(url, HTTP_ACCEPT="application/json")
        response, calls = self.recorded_get(url, HTTP_ACCEPT="application/json")
        self.assertEqual(response[HEADER], "HIT")
        self.assertEqual(calls, ["get_many", "get"])  # the entry names its variant: read next
        response, calls = self.recorded_get(url, HTTP_ACCEPT="application/json")
        self.assertEqual(response[HEADER], "HIT")
        self.assertEqual(calls, ["get_many"])  # the variant read with the entry

    def test_a_variant_guessed_for_another_accept_header_is_not_served(self):
        page_cache._vary_headers.clear()
        url = f"/api/v2/pages/{self.resource.pk}/"
        self.get(url, HTTP_ACCEPT="application/json")
        self.assertEqual(self.get(url, HTTP_ACCEPT="application/json")[HEADER], "HIT")
        other = self.get(url, HTTP_ACCEPT="*/*")  # a variant of its own, not stored yet
        self.assertEqual(other[HEADER], "MISS")
        self.assertEqual(self.get(url, HTTP_ACCEPT="*/*")[HEADER], "HIT")

    def test_an_entry_of_an_older_generation_is_a_miss_then_replaced(self):
        url = self.resource.get_url()
        first = self.get(url)
        page_cache.bump_generation()  # what a publish does
        self.resource.title = "Guide de l'analyse partagée, deuxième édition"
        self.resource.save_revision().publish()
        second = self.get(url)
        self.assertEqual(second[HEADER], "MISS")
        self.assertNotEqual(second.content, first.content)
        self.assertContains(self.get(url), "deuxième édition")
        self.assertEqual(self.get(url)[HEADER], "HIT")

    def test_a_miss_reads_the_generation_once_for_the_page_and_the_values_kept_with_it(self):
        url = self.resource.get_url()
        page_cache.current_generation()  # it exists (its first use writes it)
        response, calls = self.recorded_get(url)
        self.assertEqual(response[HEADER], "MISS")
        self.assertEqual(calls[0], "get_many")
        self.assertNotIn(("get", page_cache.GENERATION_KEY), self.keys)
