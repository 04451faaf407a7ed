"""cms.cache.ResilientRedisCache: Redis down means cache misses, never a 500; Redis up means a shared cache.

Real servers only: a closed port on 127.0.0.1, a private redis-server started on a port of our own and
killed in the middle of a test, and the machine's Redis (127.0.0.1:6379, database 7, keys under a prefix of
the test's own, deleted afterwards; nothing else is flushed).

Cache settings are overridden inside each test, never for a whole class: the suite's autouse fixture
clears the default cache around every test, and must not flush a shared Redis database."""

import logging
import time
import uuid

import pytest
import redis

from cms.cache import CacheFull
from tests.cms.redis_servers import (
    SHARED_REDIS_URL,
    PrivateRedis,
    backend,
    bounded_redis,
    closed_port,
    delete_prefix,
    make_full,
    needs_redis_server,
    needs_shared_redis,
    private_redis,
)


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


@needs_shared_redis
def test_every_call_reuses_one_redis_client_per_connection_pool():
    """Django builds a `redis.Redis` per call (170 response callbacks each): a quarter of a page cache hit."""
    prefix = f"h_cache_{uuid.uuid4().hex}"
    try:
        cache = backend(SHARED_REDIS_URL, prefix)
        cache.set("clé", "valeur", 30)
        first = cache._cache.get_client("clé", write=True)
        assert cache.get("clé") == "valeur"
        assert cache.get_many(["clé"]) == {"clé": "valeur"}
        assert cache._cache.get_client("clé") is first
        assert cache._cache.get_client("autre", write=True) is first
    finally:
        delete_prefix(SHARED_REDIS_URL, prefix)
