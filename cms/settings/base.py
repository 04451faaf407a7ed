"""Settings shared by every configuration.

Safe by default: DEBUG is off and there is no secret key unless the environment provides one.
Every value that differs between machines is read once, typed, through django-environ.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.cache_config import caches_from_env
from cms.csp_policy import ADMIN_UPDATE, PLAYERS, content_security_policy, media_hosts
from cms.env import Env
from cms.s3 import s3_storages_from_env
from cms.search_engines import with_search_engine

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
)

DEBUG = env("DEBUG")
# No default: a configuration that needs a key must provide one (dev and test do).
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "cms.errors.csrf_failure"  # a French 403 page (JSON for JSON clients): going back keeps the text

INSTALLED_APPS = [
    "pages",
    "search.apps.SearchConfig",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    # Background tasks: django-tasks' database backend (django-tasks-db), used when TASKS_BACKEND=database.
    # Installed everywhere so that its table exists in every database, whichever backend runs the tasks.
    "django_tasks_db",
    "csp",
    # Login throttling (pages/login_throttle.py): failed attempts counted in the database.
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An address with a control character (%00…) gets a French 400 before anything reads it (cms/middleware.py).
    "cms.middleware.ControlCharacterMiddleware",
    # A body bigger than any form accepts gets a French 413 before it is read (REQUEST_MAX_BODY_SIZE).
    "cms.middleware.RequestBodyLimitMiddleware",
    # Before any middleware that can answer: CORS headers on /api/ answers, preflights included.
    "corsheaders.middleware.CorsMiddleware",
    # The anonymous page cache (cms/page_cache.py): a hit answers here, without the middleware below.
    # After CorsMiddleware, which adds its headers to cached answers too.
    "cms.page_cache.PageCacheMiddleware",
    "cms.generation_cache.GenerationMemoMiddleware",  # sites, restrictions, menu: read once per generation
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the site has one language (LANGUAGES), which Django uses when none is activated; the
    # admin activates each user's own. It cost every request a language negotiation and `Vary: Accept-Language`.
    "django.middleware.common.CommonMiddleware",
    # Reads a multipart body before CSRF does: a full temporary directory is a French 503 (cms/outages.py).
    "cms.outages.UploadSpoolMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The search engine down: every search of the request answers from the database, and the admin says so.
    "search.fallback.SearchFallbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (django-csp), with the admin's allowances (cms/csp.py).
    "cms.csp.PlatformCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A file storage (S3) down during a request: a French 503, not a 500 (cms/outages.py).
    "cms.outages.StorageUnavailableMiddleware",
    # A login refused for too many failures gets the French 429 page (django-axes, pages/login_throttle.py).
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees a view's exception first: a database outage is a French 503, not a 500.
    "cms.outages.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "pages.context_processors.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# The embedded default is a SQLite file; DATABASE_URL selects PostgreSQL (psycopg 3) and others.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A persistent connection (CONN_MAX_AGE > 0) is checked before a request reuses it: after a database restart,
# the request opens a new one instead of failing on the dead one (make check-production restarts PostgreSQL).
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the whole interface, content and admin are in Belgian French.
LANGUAGE_CODE = "fr-be"
LANGUAGES = [("fr-be", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cms.formats"]  # dates read as 20/11/2026, 20-11-2026, 20.11.2026 or 2026-11-20 (cms/dates.py)

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"

MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media on an S3-compatible object store (cms/s3.py) when a bucket is named: public media under `media/`
# (plain URLs, on AWS_S3_CUSTOM_DOMAIN if set), contributions' files and restricted documents under `private/`
# (signed URLs valid AWS_PRIVATE_URL_EXPIRY seconds, handed out after the permission check). Unset: local files
# in MEDIA_ROOT and PRIVATE_MEDIA_ROOT.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES.update(s3_storages_from_env(env))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Plateforme d'Échange et de Partage"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # new pages' slugs in ASCII (the admin's JS, Page.full_clean); old ones kept
WAGTAILDOCS_DOCUMENT_MODEL = "pages.PlatformDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "pages.uploads.DocumentForm"  # uploads: « Documents », titles from file names
WAGTAILIMAGES_IMAGE_FORM_BASE = "pages.uploads.ImageForm"
# JPEG and PNG too: photos and scans sent through /contribuer/ become documents when a moderator accepts them.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "csv", "jpg", "jpeg", "png"]
# Upload limits (bytes): see « Upload limits » below for how they fit together.
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# Pixels of an image (width × height × frames), read from its header before anything is decoded: admin uploads
# (Wagtail's check) and contributed images (pages/contributions/uploads.py). 40 million (8000 × 5000): a 9400 × 9400
# PNG is refused however few bytes it weighs (340 MB once decoded).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# AVIF renditions beside WebP and the original's format (pages/renditions.py): off, as AVIF takes 10 to 20 times
# WebP's time to encode and renditions are made on the first request that asks for them.
IMAGE_RENDITIONS_AVIF = env.bool("IMAGE_RENDITIONS_AVIF", default=False)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.FrenchDatabaseSearchBackend"}}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Public API (/api/v2/, pages/api/): lists of up to 100 items; seconds a shared cache may keep an answer.
# Nobody logs in through the API: no HTTP Basic authentication (Django REST framework's default), which would be a
# password form of its own (and a 500 for a user name PostgreSQL cannot hold); the admin's session still counts.
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"]}
WAGTAILAPI_LIMIT_MAX = 100
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# Front-end cache (Varnish, nginx…) purged on publish, API URLs included: only when FRONTEND_CACHE_PURGE_URL is set.
if env("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        }
    }

# Public facts about the network, shown in the footer and on the home page.
PLATFORM_CONTACT_EMAIL = env("PLATFORM_CONTACT_EMAIL", default="plateforme@astrac.be")
PLATFORM_FACEBOOK_URL = "https://www.facebook.com/plateformeAstrac"

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Plateforme ASTRAC <plateforme@astrac.be>")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# Cache: Redis when REDIS_URL is set (e.g. redis://redis:6379/0), local memory otherwise.
# Production needs the shared cache: the contribution rate limits (django-ratelimit) count in it, and a
# per-process memory cache would multiply them by the number of gunicorn workers; the page cache's
# invalidation must reach every worker. cms.cache.ResilientRedisCache answers as a miss when Redis is down
# (the site then serves uncached pages) and stops calling it for `retry_after` seconds after a failure.
# The rate limits count in a cache alias of their own, "ratelimit": on RATELIMIT_REDIS_URL (a Redis that never
# evicts, so that no flood of pages pushes the counts out), else on REDIS_URL. When that Redis is full it refuses
# to count, and the limited requests are refused (cms/cache.py `raise_when_full`, pages/contributions/antiabuse.py).
REDIS_URL = env("REDIS_URL", default="")
RATELIMIT_REDIS_URL = env("RATELIMIT_REDIS_URL", default="") or REDIS_URL
CACHES = caches_from_env(env, default_url=REDIS_URL, ratelimit_url=RATELIMIT_REDIS_URL)
if "ratelimit" in CACHES:
    RATELIMIT_USE_CACHE = "ratelimit"

# The anonymous page cache (cms/page_cache.py): seconds an answer stays in the cache, 0 to turn it off.
# On by default with Redis only: with a per-process memory cache, publishing would not reach other workers.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600 if REDIS_URL else 0)
# Cache-Control max-age of a cached page, for browsers and shared caches (the API has API_CACHE_MAX_AGE).
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
# Facet counts of searches that count many matches (search/facet_counts.py): kept in the cache until published
# content changes, at most this many seconds (0: off). On by default with Redis only, as the page cache.
SEARCH_COUNTS_CACHE_SECONDS = env.int("SEARCH_COUNTS_CACHE_SECONDS", default=300 if REDIS_URL else 0)
SEARCH_COUNTS_CACHE_MIN_MATCHES = env.int("SEARCH_COUNTS_CACHE_MIN_MATCHES", default=20_000)
# Search statistics (search/analytics.py): distinct queries recorded per day; later new ones share one row.
SEARCH_STATS_MAX_QUERIES_PER_DAY = env.int("SEARCH_STATS_MAX_QUERIES_PER_DAY", default=2_000)

# The link checker (pages/link_checker.py): seconds per request, between two requests to one host and in all; reruns.
LINK_CHECK_TIMEOUT = env.float("LINK_CHECK_TIMEOUT", default=10.0)
LINK_CHECK_DELAY = env.float("LINK_CHECK_DELAY", default=1.0)
LINK_CHECK_BUDGET = env.float("LINK_CHECK_BUDGET", default=1800.0)
LINK_CHECK_INTERVAL_HOURS = env.int("LINK_CHECK_INTERVAL_HOURS", default=24)

# When the cache cannot count a client's contributions (Redis down), django-ratelimit lets them through
# rather than refusing every contribution: the form's other defences (honeypot, signed token, minimum
# filling time) still hold. A Redis that is up but full refuses them instead (see CACHES above).
RATELIMIT_FAIL_OPEN = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Used by the admin's help texts and by templates when they need a label for the site.
PLATFORM_NAME = _("Plateforme d'Échange et de Partage")

# Rich text anywhere without an explicit feature list gets the editor's set, nothing that breaks the look.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# The site and its admin work offline: no call to Wagtail's release feed from editors' browsers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor to gravatar.com: the admin shows its default avatar (and does not send editors' e-mail hashes away).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Editors' work is saved as a draft revision while they type (Wagtail's autosave; 0 would turn it off), and
# « Relecture » (pages/roles.py, migration pages/0005) reviews every page before it goes live.
WAGTAIL_AUTOSAVE_INTERVAL = 500  # milliseconds after the last change
WAGTAIL_WORKFLOW_ENABLED = True

# Search: Wagtail's database backend by default. On PostgreSQL it uses the French configuration
# with unaccent created by search/migrations/0002 (on SQLite: Snowball's French stems, search/sqlite.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
    WAGTAILSEARCH_BACKENDS["default"]["AUTOCOMPLETE_CONFIG"] = "simple_unaccent"

# Production: Elasticsearch 9 (ELASTICSEARCH_URL) or OpenSearch 3 (OPENSEARCH_URL) with French analysis,
# the database backend above becoming the "fallback" that answers when the engine is down (cms/search_engines.py).
WAGTAILSEARCH_BACKENDS = with_search_engine(WAGTAILSEARCH_BACKENDS)

# Background tasks (django-tasks): document text extraction, the search entries of many pages at once, e-mails
# (pages/contributions/tasks.py, search/tasks.py) and Wagtail's own (search index, reference index, front-end cache
# purges). TASKS_BACKEND=immediate (the default) runs them at once in the web process; TASKS_BACKEND=database stores
# them in the database for `python manage.py db_worker` (production, compose.yaml's `worker`).
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}

# Text extraction from attached PDF, DOCX and ODT documents (search/extraction.py), run by a task in a child
# process: bigger files are not read, longer documents are read in part, a slower parse is stopped.
SEARCH_EXTRACTION_MAX_BYTES = WAGTAILDOCS_MAX_UPLOAD_SIZE
SEARCH_EXTRACTION_MAX_PAGES = 300
SEARCH_EXTRACTION_MAX_CHARS = 500_000
SEARCH_EXTRACTION_TIMEOUT = 20  # seconds of wall-clock time
SEARCH_EXTRACTION_MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all members of a DOCX or ODT archive together
SEARCH_EXTRACTION_MAX_RATIO = 100  # compression ratio above which a large archive member is a bomb
SEARCH_EXTRACTION_MAX_MEMORY = 512 * 1024 * 1024  # address space of the parser's process

# Contributions: files stay outside MEDIA_ROOT until a moderator accepts them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
CONTRIBUTION_MAX_FILE_SIZE = env.int("CONTRIBUTION_MAX_FILE_SIZE", default=20 * 1024 * 1024)
CONTRIBUTION_MAX_TOTAL_SIZE = env.int("CONTRIBUTION_MAX_TOTAL_SIZE", default=50 * 1024 * 1024)
CONTRIBUTION_MAX_FILES = 5
CONTRIBUTION_MIN_FILL_SECONDS = env.int("CONTRIBUTION_MIN_FILL_SECONDS", default=3)
CONTRIBUTION_RATE_LIMIT = env("CONTRIBUTION_RATE_LIMIT", default="5/h")
# Reverse proxies in front of gunicorn that append the client's address to X-Forwarded-For (nginx, Varnish, a load
# balancer): how many. The rate limit then counts per client rather than per proxy
# (pages/contributions/antiabuse.py client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "pages.contributions.antiabuse.client_ip"
CONTRIBUTION_RETENTION_DAYS = env.int("CONTRIBUTION_RETENTION_DAYS", default=365)
PLATFORM_NOTIFICATION_EMAIL = env("PLATFORM_NOTIFICATION_EMAIL", default="plateforme@astrac.be")

# Mails the public forms make the platform send (pages/contributions/mail_limits.py), counted per recipient in the
# database over MAIL_LIMIT_WINDOW_MINUTES: at most ACKNOWLEDGEMENT_MAIL_LIMIT acknowledgements to one address
# (contributions and dossier requests apart), later submissions being stored without one; past NOTIFICATION_MAIL_LIMIT
# notifications to the moderators, the next contributions are listed in one digest sent when the period ends.
MAIL_LIMIT_WINDOW_MINUTES = env.int("MAIL_LIMIT_WINDOW_MINUTES", default=60)
ACKNOWLEDGEMENT_MAIL_LIMIT = env.int("ACKNOWLEDGEMENT_MAIL_LIMIT", default=1)
NOTIFICATION_MAIL_LIMIT = env.int("NOTIFICATION_MAIL_LIMIT", default=10)

# Login throttling (django-axes, pages/login_throttle.py, docs/deployment.md): after LOGIN_FAILURE_LIMIT failures
# within LOGIN_COOLOFF_MINUTES from one address (`client_ip`), or on one account or password form, a French 429 until
# they are that old; counted in the database, never the cache; `manage.py axes_reset` lifts a lockout. Axes comes first
# (a locked-out login is refused before a password is checked); AxesBackend has ModelBackend's `get_user`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "pages.login_throttle.LoginAttemptHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "pages.login_throttle.client_address"
AXES_LOCKOUT_CALLABLE = "pages.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts during a lockout do not prolong it
# No log of successful logins (addresses kept forever): only the failures of the last LOGIN_COOLOFF_MINUTES are kept.
AXES_DISABLE_ACCESS_LOG = True

# Upload limits. A contributed file becomes a document when accepted: it cannot be bigger than a document.
# The form fields of one request (everything but its files) stay under DATA_UPLOAD_MAX_MEMORY_SIZE (a French
# 400 above, templates/400.html); files above FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file
# instead of memory. A whole body above REQUEST_MAX_BODY_SIZE (the biggest upload a form accepts plus the
# fields' allowance) is refused with a French 413 before it is read (cms/middleware.py).
if CONTRIBUTION_MAX_FILE_SIZE > WAGTAILDOCS_MAX_UPLOAD_SIZE:
    raise ImproperlyConfigured("CONTRIBUTION_MAX_FILE_SIZE cannot exceed DOCUMENT_MAX_UPLOAD_SIZE")
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
REQUEST_MAX_BODY_SIZE = (
    max(WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE, CONTRIBUTION_MAX_TOTAL_SIZE)
    + DATA_UPLOAD_MAX_MEMORY_SIZE
)

# Headless front ends: the origins allowed to call the API from a browser (comma-separated, none by default),
# on /api/ URLs only; no cookies cross origins (the write API is anonymous, previews carry a signed token).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
# An editor's preview on the front end: the page as the API serializes it, read by the front end at
# /api/v2/preview/?token=… with a signed token valid HEADLESS_PREVIEW_MAX_AGE seconds. Unset: no headless preview.
HEADLESS_PREVIEW_URL = env("HEADLESS_PREVIEW_URL", default="")
HEADLESS_PREVIEW_MAX_AGE = env.int("HEADLESS_PREVIEW_MAX_AGE", default=10 * 60)

# Content-Security-Policy (django-csp), in every configuration so that the browser tests check it too: everything from
# the site itself, images and media also from the media host; the admin's relaxations (cms/csp_policy.py, cms/csp.py).
MEDIA_HOSTS = media_hosts(env)
VIDEO_PLAYERS = list(PLAYERS)
CONTENT_SECURITY_POLICY = content_security_policy(media_hosts=MEDIA_HOSTS, headless_preview_url=HEADLESS_PREVIEW_URL)
# Added under /admin/ and /django-admin/ (cms/csp.py): Wagtail 8's admin writes inline scripts and styles (the page
# editor breaks without either: tests/browser/test_csp.py).
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = ADMIN_UPDATE
