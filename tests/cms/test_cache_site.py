"""The site with Redis down or up (cms.cache.ResilientRedisCache): never a 500, the page cache and the rate limit
in a shared Redis."""

import time
import uuid

import redis
from django.test import TestCase, override_settings

from cms import page_cache
from pages.models import ResourcePage
from tests.cms.redis_servers import (
    LRU_CLOCK_SECONDS,
    SHARED_REDIS_URL,
    bounded_redis,
    cache_settings,
    closed_port,
    delete_prefix,
    fill,
    limit_memory,
    make_full,
    needs_redis_server,
    needs_shared_redis,
    private_redis,
)
from tests.factories import ResourcePageFactory
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data

# The site with Redis down or up -----------------------------------------------------------------------


class SiteWithRedisTests(TestCase):
    """Home, a resource, search, the API and a contribution: 200 or 302 with Redis down, never a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_contribution_tree()
        cls.resource = ResourcePageFactory(parent=cls.tree.theme["analyse-partagee"], title="Guide de l'animation")

    def tearDown(self):
        page_cache._pending_invalidation = False

    def contribute(self):
        data = contribution_data(
            themes=self.tree.themes[:1],
            kind="lien",
            url="www.culture.be/decret",
            new_centre_name="Centre culturel de Marchin",
            new_centre_commune="Marchin",
            new_centre_province="liege",
        )
        return self.client.post(self.tree.contribution_page.get_url(), data)

    def assertSiteAnswers(self):
        for url in (
            "/",
            self.resource.get_url(),
            "/recherche/?q=guide",
            "/api/v2/pages/",
            f"/api/v2/pages/{self.resource.pk}/",
            "/flux/rss/",
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                # Served, uncached: no generation could be read.
                self.assertEqual(response[page_cache.HEADER], "BYPASS", url)
        # Past the rate limit: the limit cannot be counted, contributions go through (RATELIMIT_FAIL_OPEN).
        for _ in range(2):
            response = self.contribute()
            self.assertEqual(response.status_code, 302)
            self.assertEqual(response["Location"], "/contribuer/merci/")

    def test_the_site_answers_uncached_when_redis_is_unreachable(self):
        caches = cache_settings(f"redis://127.0.0.1:{closed_port()}/0")
        with override_settings(
            CACHES=caches, PAGE_CACHE_SECONDS=600, CONTRIBUTION_MIN_FILL_SECONDS=0, CONTRIBUTION_RATE_LIMIT="1/h"
        ):
            self.assertSiteAnswers()

    @needs_redis_server
    def test_the_site_keeps_answering_when_redis_dies_and_caches_again_once_it_is_back(self):
        with private_redis() as server:
            caches = cache_settings(server.url, retry_after=0.2)
            with override_settings(
                CACHES=caches, PAGE_CACHE_SECONDS=600, CONTRIBUTION_MIN_FILL_SECONDS=0, CONTRIBUTION_RATE_LIMIT="1/h"
            ):
                url = self.resource.get_url()
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "MISS")
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "HIT")
                server.kill()
                self.assertSiteAnswers()
                # Back, empty: a fresh generation, and the cache fills again.
                server.start()
                time.sleep(0.3)
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "MISS")
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "HIT")

    @needs_redis_server
    def test_a_change_published_while_redis_was_unreachable_is_shown_once_it_is_back(self):
        """Redis kept its entries (a network cut): the generation this process could not write is written."""
        with private_redis() as server:
            caches = cache_settings(server.url, retry_after=0.2)
            with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=600):
                url = self.resource.get_url()
                self.client.get(url)
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "HIT")
                # Redis stops answering but keeps its data (CLIENT PAUSE): the publication cannot be written.
                admin = redis.Redis.from_url(server.url)
                admin.execute_command("CLIENT", "PAUSE", 1500, "ALL")
                paused_until = time.monotonic() + 1.5
                page = ResourcePage.objects.get(pk=self.resource.pk)
                page.title = "Guide revu pendant la panne"
                page.save_revision().publish()
                self.assertTrue(page_cache._pending_invalidation)
                time.sleep(max(0, paused_until - time.monotonic()) + 0.3)
                response = self.client.get(url)
                self.assertEqual(response["X-Page-Cache"], "MISS")
                self.assertContains(response, "Guide revu pendant la panne")
                self.assertFalse(page_cache._pending_invalidation)
                admin.close()

    def ratelimit_settings(self, default_location, ratelimit_location, limit="1/h"):
        caches = {
            **cache_settings(default_location),
            "ratelimit": cache_settings(ratelimit_location, raise_when_full=True)["default"],
        }
        return override_settings(
            CACHES=caches,
            RATELIMIT_USE_CACHE="ratelimit",
            PAGE_CACHE_SECONDS=600,
            CONTRIBUTION_MIN_FILL_SECONDS=0,
            CONTRIBUTION_RATE_LIMIT=limit,
        )

    @needs_redis_server
    def test_a_full_rate_limit_redis_refuses_contributions_in_french(self):
        with bounded_redis("noeviction") as pages, bounded_redis("noeviction") as counts:
            make_full(redis.Redis.from_url(counts.url))
            with self.ratelimit_settings(pages.url, counts.url, limit="5/h"):
                response = self.contribute()
                self.assertEqual(response.status_code, 429)
                self.assertContains(response, "Trop d'envois en peu de temps", status_code=429)
                response = self.client.post(
                    "/api/v2/contributions/", {"title": "Ressource"}, REMOTE_ADDR="198.51.100.8"
                )
                self.assertEqual(response.status_code, 429)
                self.assertIn("Trop d'envois en peu de temps", response.json()["message"])
                # The site itself still answers, from its own cache.
                url = self.resource.get_url()
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "MISS")
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "HIT")

    @needs_redis_server
    def test_a_page_cache_filled_past_its_memory_keeps_the_rate_limit_counting(self):
        """The page cache's Redis evicts (allkeys-lru) under a flood; the counts live apart and are kept."""
        with bounded_redis("allkeys-lru") as pages, bounded_redis("noeviction") as counts:
            page_client = limit_memory(pages.url)
            with self.ratelimit_settings(pages.url, counts.url, limit="1/h"):
                response = self.contribute()
                self.assertEqual(response.status_code, 302)
                fill(page_client, rounds=90)  # 9 MB written into 2 MB: keys evicted, no write refused
                self.assertGreater(page_client.info("stats")["evicted_keys"], 60)
                # Redis's LRU clock counts whole seconds: keys written in the same second as the flood would be
                # as old as it and evicted as likely. A page cached later than the flood outlives it.
                time.sleep(LRU_CLOCK_SECONDS)
                response = self.contribute()
                self.assertEqual(response.status_code, 429)
                url = self.resource.get_url()
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "MISS")
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "HIT")

    @needs_redis_server
    def test_junk_query_strings_add_no_key_to_redis(self):
        with private_redis() as server:
            client = redis.Redis.from_url(server.url)
            with override_settings(CACHES=cache_settings(server.url), PAGE_CACHE_SECONDS=600):
                self.client.get("/")
                self.client.get(f"/api/v2/pages/{self.resource.pk}/")
                keys = set(client.keys("*pagecache*"))
                for number in range(30):
                    self.assertEqual(self.client.get(f"/?junk={number}").status_code, 200)
                    self.assertEqual(self.client.get(f"/api/v2/pages/{self.resource.pk}/?v={number}").status_code, 200)
                    self.assertEqual(self.client.get(f"/api/v2/pages/?junk={number}").status_code, 400)
                    self.assertEqual(self.client.get(f"/flux/rss/?utm_campaign={number}").status_code, 200)
                self.assertEqual(set(client.keys("*pagecache*")), keys)
                self.assertEqual(self.client.get("/")["X-Page-Cache"], "HIT")

    @needs_shared_redis
    def test_the_page_cache_lives_in_redis_and_serves_another_client(self):
        prefix = f"h_cache_{uuid.uuid4().hex}"
        caches = cache_settings(SHARED_REDIS_URL, prefix)
        try:
            url = self.resource.get_url()
            with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=600):
                self.assertEqual(self.client.get(url)["X-Page-Cache"], "MISS")
            # A new cache client (override_settings builds new cache connections), as another worker has.
            with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=600):
                with self.assertNumQueries(0):
                    response = self.client.get(url)
                self.assertEqual(response["X-Page-Cache"], "HIT")
                self.assertContains(response, "Guide de l&#x27;animation")
            keys = redis.Redis.from_url(SHARED_REDIS_URL).keys(f"{prefix}:*")
            self.assertTrue(any(b"pagecache" in key for key in keys), keys)
        finally:
            delete_prefix(SHARED_REDIS_URL, prefix)
