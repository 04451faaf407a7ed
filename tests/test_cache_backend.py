"""cms.cache.ResilientRedisCache: Redis down means cache misses, never a 500; Redis up means a shared cache.

Real servers only: a closed port on 127.0.0.1, a private redis-server started on a port of our own and
killed in the middle of a test, and the machine's Redis (127.0.0.1:6379, database 7, keys under a prefix of
the test's own, deleted afterwards; nothing else is flushed).

Cache settings are overridden inside each test, never for a whole class: the suite's autouse fixture
clears the default cache around every test, and must not flush a shared Redis database.
"""

import contextlib
import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.test import TestCase, override_settings

from cms import page_cache
from cms.cache import CacheFull, ResilientRedisCache
from pages.models import ResourcePage
from tests.factories import ResourcePageFactory
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data

SHARED_REDIS = ("127.0.0.1", 6379)
SHARED_REDIS_URL = "redis://127.0.0.1:6379/7"
PRIVATE_PORTS = range(9141, 9160)  # this suite's own port range (9140-9159)
REDIS_SERVER = shutil.which("redis-server")


def listens(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def closed_port():
    for port in PRIVATE_PORTS:
        if not listens("127.0.0.1", port):
            return port
    raise RuntimeError("no closed port left in the test range")


needs_shared_redis = pytest.mark.skipif(not listens(*SHARED_REDIS), reason="no Redis on 127.0.0.1:6379")
needs_redis_server = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server not installed")


class PrivateRedis:
    """A redis-server of our own on a free port of the range, that a test may kill and start again."""

    def __init__(self, *options):
        self.port = closed_port()
        self.options = [str(option) for option in options]  # e.g. "--maxmemory-policy", "noeviction"
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                *self.options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not listens("127.0.0.1", self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@contextlib.contextmanager
def private_redis(*options):
    server = PrivateRedis(*options)
    server.start()
    try:
        yield server
    finally:
        server.kill()


FILLER = b"x" * 100_000


def bounded_redis(policy):
    """A private Redis allowed 2 MB more than it uses empty, with the eviction `policy`."""
    return private_redis("--maxmemory-policy", policy)


def limit_memory(url, extra=2 * 1024 * 1024):
    client = redis.Redis.from_url(url)
    client.config_set("maxmemory", client.info("memory")["used_memory"] + extra)
    return client


def fill(client, rounds=60):
    """Write `rounds` × 100 KB of filler: an evicting Redis takes them all, evicting older keys."""
    for number in range(1, rounds + 1):
        client.set(f"filler:{number}", FILLER)


def make_full(client):
    """A noeviction Redis past its maxmemory: 1 MB of filler, then a maxmemory 256 KB below what it uses.

    (Filling up to the limit leaves it a few bytes under or over at random: a refused big write frees its buffer.)
    """
    fill(client, rounds=10)
    client.config_set("maxmemory", client.info("memory")["used_memory"] - 256 * 1024)


def cache_settings(location, prefix=None, **options):
    return {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix or f"h_cache_{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **options},
        }
    }


def backend(location, prefix=None, **options):
    params = cache_settings(location, prefix, **options)["default"]
    return ResilientRedisCache(location, params)


def delete_prefix(url, prefix):
    client = redis.Redis.from_url(url)
    keys = client.keys(f"{prefix}:*")
    if keys:
        client.delete(*keys)
    client.close()


# The backend alone ------------------------------------------------------------------------------------


def test_unreachable_redis_answers_every_call_as_a_miss():
    cache = backend(f"redis://127.0.0.1:{closed_port()}/0")
    assert cache.get("clé") is None
    assert cache.get("clé", "défaut") == "défaut"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("clé") is False
    assert cache.add("clé", 1) is False
    assert cache.touch("clé") is False
    assert cache.set("clé", 1) is None
    assert cache.set_many({"a": 1}) == ["a"]
    cache.delete("clé")
    cache.delete_many(["a", "b"])
    cache.clear()
    assert cache.get_or_set("clé", lambda: "calculé") == "calculé"
    with pytest.raises(ValueError):
        cache.incr("compteur")
    with pytest.raises(ValueError):
        cache.decr("compteur")
    assert not cache.available


def test_unreachable_redis_fails_fast_and_warns_once_per_interval(caplog):
    cache = backend(f"redis://127.0.0.1:{closed_port()}/0", retry_after=0, warning_interval=60)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        for _ in range(200):
            cache.get("clé")
    assert time.monotonic() - started < 5
    warnings = [record for record in caplog.records if record.name == "cms.cache"]
    assert len(warnings) == 1
    assert "Cache Redis indisponible" in warnings[0].getMessage()


@needs_redis_server
def test_after_a_failure_redis_is_left_alone_for_retry_after_seconds():
    server = PrivateRedis()
    cache = backend(server.url, retry_after=1)
    assert cache.get("clé") is None  # nothing listens: a failure
    server.start()
    try:
        redis.Redis.from_url(server.url).set(cache.make_key("clé"), b"ignored")  # Redis is up now...
        assert cache.get("clé", "défaut") == "défaut"  # ...but not asked before retry_after
        assert not cache.available
        time.sleep(1.1)
        cache.set("clé", "valeur", 30)
        assert cache.get("clé") == "valeur"
        assert cache.available
    finally:
        server.kill()


@needs_redis_server
def test_a_killed_redis_is_a_miss_and_a_restarted_one_is_used_again():
    with private_redis() as server:
        cache = backend(server.url, retry_after=0.2)
        cache.set("clé", "valeur", 30)
        assert cache.get("clé") == "valeur"
        server.kill()
        assert cache.get("clé") is None
        assert cache.add("clé", "autre") is False
        server.start()  # empty: nothing was saved
        time.sleep(0.3)
        cache.set("clé", "de retour", 30)
        assert cache.get("clé") == "de retour"


@needs_redis_server
def test_a_full_redis_refuses_writes_but_is_not_a_redis_down(caplog):
    """noeviction past maxmemory: reads answer, writes store nothing, Redis is not left alone."""
    with bounded_redis("noeviction") as server:
        client = redis.Redis.from_url(server.url)
        cache = backend(server.url, retry_after=60)
        cache.set("avant", "gardé", 60)
        make_full(client)
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            client.set("sonde", b"1")
        with caplog.at_level(logging.WARNING, logger="cms.cache"):
            cache.set("après", "perdu", 60)
            assert cache.add("compteur", 1, 60) is False
        assert cache.get("après") is None
        assert cache.get("avant") == "gardé"  # still read: not treated as down
        assert cache.available
        assert [record.getMessage().split(" (")[0] for record in caplog.records] == ["Cache Redis plein"]


@needs_redis_server
def test_a_full_redis_raises_cache_full_when_it_cannot_count():
    """`raise_when_full` (the rate limits' cache): add and incr raise CacheFull, which is not a ValueError."""
    with bounded_redis("noeviction") as server:
        client = redis.Redis.from_url(server.url)
        cache = backend(server.url, raise_when_full=True)
        cache.add("compteur", 1, 60)
        make_full(client)
        with pytest.raises(CacheFull):
            cache.add("autre-compteur", 1, 60)
        with pytest.raises(CacheFull):
            cache.incr("compteur")
        assert not issubclass(CacheFull, ValueError)
        cache.set("page", "perdue", 60)  # other writes store nothing, silently
        assert cache.get("page") is None
        # Down is still a miss, whatever the option: the rate limit then lets requests through.
        server.kill()
        with pytest.raises(ValueError):
            cache.incr("compteur")


@needs_shared_redis
def test_two_clients_share_the_real_redis():
    prefix = f"h_cache_{uuid.uuid4().hex}"
    try:
        writer, reader = backend(SHARED_REDIS_URL, prefix), backend(SHARED_REDIS_URL, prefix)
        writer.set("clé", {"titre": "Rencontre-atelier"}, 30)
        assert reader.get("clé") == {"titre": "Rencontre-atelier"}
        writer.set("compteur", 1, 30)
        assert reader.incr("compteur") == 2
    finally:
        delete_prefix(SHARED_REDIS_URL, prefix)


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
                fill(page_client, rounds=90)  # 9 MB written into 2 MB: pages evicted, never refused
                self.assertEqual(page_client.get("filler:90"), FILLER)  # the last one written is kept
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
