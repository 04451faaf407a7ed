"""A Redis cache backend that keeps the site up when Redis is down.

Django's `RedisCache` raises on every call when Redis cannot be reached, so each request that touches the
cache (the page cache, Wagtail's site root paths, the contribution rate limits) would answer a 500.
`ResilientRedisCache` turns connection errors, timeouts and Redis' own errors into cache misses:

- `get`, `get_many` → the default / nothing found; `has_key` → False; `add`, `touch` → False;
- `set`, `set_many`, `delete`, `delete_many`, `clear` → nothing (a no-op);
- `incr`, `decr` → `ValueError`, what Django raises for a key that is not in the cache (django-ratelimit
  then counts nothing and, with RATELIMIT_FAIL_OPEN, lets the request through).

It fails fast: after a failure the process does not call Redis again for `retry_after` seconds (every call
answers as a miss at once), so a Redis host that drops packets costs one socket timeout per process and
period, not one per cache call. It logs one warning per `warning_interval` seconds and process at most.

A full Redis is not a Redis down. Under the `noeviction` policy, Redis past its `maxmemory` refuses writes
("OOM command not allowed") and still answers reads: such a write is a no-op (nothing stored), Redis is not
left alone, and reads go on. With the option `raise_when_full`, the counting operations (`add`, `incr`,
`decr`) raise `CacheFull` instead: the rate limits' cache (settings.RATELIMIT_USE_CACHE) has it, so that a
count that cannot be written refuses the request (pages/contributions/antiabuse.py) rather than letting it through as
RATELIMIT_FAIL_OPEN does for a Redis down.

OPTIONS: `retry_after` (default 5), `warning_interval` (default 60) and `raise_when_full` (default False) are
read here; the other options go to redis-py's connection pool as usual (`socket_connect_timeout`…).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import OutOfMemoryError, RedisError

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 5
DEFAULT_WARNING_INTERVAL = 60


class CacheUnavailable(ValueError):
    """`incr`/`decr` while Redis is unavailable: a ValueError, like a key missing from the cache."""


class CacheFull(Exception):
    """A count Redis refused to write for lack of memory (`raise_when_full`). Not a ValueError: callers that
    treat a missing key as "let through" (django-ratelimit) must not catch it."""


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool instead of building one per cache call.

    Django's `get_client` makes a new `redis.Redis(connection_pool=pool)` at every call, and redis-py 7 fills a
    case-insensitive table of about 170 response callbacks in each: a quarter of a page cache hit's time. A
    `redis.Redis` over a pool is safe to share between threads (each command takes a connection from the pool),
    and the pool itself reconnects after a fork.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", DEFAULT_RETRY_AFTER))
        self.warning_interval = float(options.pop("warning_interval", DEFAULT_WARNING_INTERVAL))
        self.raise_when_full = bool(options.pop("raise_when_full", False))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._unavailable_until = 0.0
        self._last_warning = None
        self._last_full_warning = None
        self._lock = threading.Lock()

    # Bookkeeping of failures.

    @property
    def available(self):
        """False during the `retry_after` seconds that follow a failure (in this process)."""
        return time.monotonic() >= self._unavailable_until

    def _failed(self, operation, error):
        now = time.monotonic()
        with self._lock:
            self._unavailable_until = now + self.retry_after
            warn = self._last_warning is None or now - self._last_warning >= self.warning_interval
            if warn:
                self._last_warning = now
        if warn:
            logger.warning(
                "Cache Redis indisponible (%s: %s) : le site répond sans cache, nouvel essai dans %s s.",
                operation,
                error,
                self.retry_after,
                extra={"cache_operation": operation},
            )

    def _full(self, operation, error):
        """Redis refused a write for lack of memory: it is up, nothing was stored."""
        now = time.monotonic()
        with self._lock:
            warn = self._last_full_warning is None or now - self._last_full_warning >= self.warning_interval
            if warn:
                self._last_full_warning = now
        if warn:
            logger.warning(
                "Cache Redis plein (%s: %s) : rien n'est stocké tant que de la mémoire ne se libère pas.",
                operation,
                error,
                extra={"cache_operation": operation},
            )

    def _call(self, operation, fallback, method, *args, counts=False, **kwargs):
        if not self.available:
            return fallback()
        try:
            return method(*args, **kwargs)
        except OutOfMemoryError as error:
            self._full(operation, error)
            if counts and self.raise_when_full:
                raise CacheFull(f"Redis refused to count ({operation}): {error}") from error
            return fallback()
        except (RedisError, OSError) as error:
            self._failed(operation, error)
            return fallback()

    # The cache API: every operation answers as a miss when Redis fails.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, super().add, key, value, timeout, version, counts=True)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", lambda: None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", lambda: None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", lambda: False, super().clear)

    def incr(self, key, delta=1, version=None):
        def unavailable():
            raise CacheUnavailable(f"Key '{key}' not found (cache unavailable)")

        return self._call("incr", unavailable, super().incr, key, delta, version, counts=True)

    # decr is BaseCache.decr, which calls self.incr with -delta.
