"""Redis servers for the cache tests (tests/cms/test_cache*.py): a closed port, a private redis-server of our own
(bounded, killed, restarted), the machine's Redis under a prefix of the test's own."""

import contextlib
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis

from cms.cache import ResilientRedisCache

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
# Redis's LRU clock has a resolution of one second (LRU_CLOCK_RESOLUTION): wait this long for keys written
# afterwards to be younger than the ones written before.
LRU_CLOCK_SECONDS = 1.1


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
