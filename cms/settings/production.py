from .base import *  # noqa: F403
from .base import MIDDLEWARE, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # required: fails loudly when missing
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Static files: served by WhiteNoise from the gunicorn process, compressed (gzip) at collectstatic, hashed
# names cached for a year by browsers and proxies (the names change with the content).
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

# HTTPS. The TLS-terminating proxy must send X-Forwarded-Proto (and strip the client's own): requests it
# forwarded over HTTPS are then secure for Django. SECURE_SSL_REDIRECT stays on behind such a proxy (its
# plain-HTTP requests are redirected); turn it off only where the proxy already redirects HTTP itself or
# when trying the image over plain HTTP (compose.yaml). The health probes answer over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
# HSTS (sent on HTTPS answers only): a year by default, subdomains included; preloading in browsers is a
# commitment that is hard to undo (hstspreload.org), so it is opt-in.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Old browsers only: the Content-Security-Policy's frame-ancestors 'self' (base.py) takes precedence in current
# ones and lets the admin frame its previews; Wagtail's preview views answer SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"

SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for HSTS preloading, deliberately opt-in (SECURE_HSTS_PRELOAD) as said above.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Logs as JSON lines on stdout (cms/logging.py), for the platform's log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cms.logging.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request errors (500s with their traceback) go to the same JSON stream.
        "django": {"level": env("DJANGO_LOG_LEVEL", default="WARNING"), "propagate": True},
        # django-axes: failed logins and lockouts are warnings; its start banner and clean-ups, noise.
        "axes": {"level": "WARNING", "propagate": True},
    },
}

# Error reporting (optional): with SENTRY_DSN set, unhandled errors go to Sentry (or any service speaking its
# protocol, GlitchTip…), without personal data (no IP address, cookies or user); the environment and release
# name the deployment.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
