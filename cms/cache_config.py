"""CACHES from the environment: cms.cache.ResilientRedisCache on Redis when a URL is set, local memory otherwise.

Imported by the settings: no Django model here (cms/cache.py holds the backend itself).
"""

LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def redis_cache(env, url, **options):
    """One CACHES entry for ResilientRedisCache at `url`: short socket timeouts, CACHE_KEY_PREFIX, CACHE_RETRY_AFTER."""
    return {
        "BACKEND": "cms.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="plateforme"),
        "OPTIONS": {
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            "retry_after": env.float("CACHE_RETRY_AFTER", default=5),
            **options,
        },
    }


def caches_from_env(env, *, default_url, ratelimit_url):
    """CACHES: "default" on `default_url` (local memory without one), and "ratelimit", the rate limits' own alias
    that refuses to count when its Redis is full, on `ratelimit_url` when there is one."""
    caches = {"default": redis_cache(env, default_url) if default_url else dict(LOCAL_MEMORY)}
    if ratelimit_url:
        caches["ratelimit"] = redis_cache(env, ratelimit_url, raise_when_full=True)
    return caches
