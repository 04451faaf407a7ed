from .base import *  # noqa: F403
from .base import BASE_DIR, WAGTAILSEARCH_BACKENDS, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Not culled at 300 entries (Django's default) but, like Redis, kept: Wagtail caches every rendition made, and an
# image has a dozen (pages/renditions.py); a warm-up request making a hundred images' renditions would otherwise
# push out what it warmed (the sites' root paths), and the query counts after it would count one-off work.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}}
RATELIMIT_USE_CACHE = "default"  # whatever REDIS_URL says: tests choose their caches
# The page cache is off unless a test turns it on (tests/pages/test_page_cache.py) or PAGE_CACHE_SECONDS is set.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".test-media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / ".test-private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests choose their search engines themselves (tests/search/engines.py): the database backend by
# default, whatever ELASTICSEARCH_URL or OPENSEARCH_URL say.
WAGTAILSEARCH_BACKENDS = {"default": WAGTAILSEARCH_BACKENDS.get("fallback", WAGTAILSEARCH_BACKENDS["default"])}
