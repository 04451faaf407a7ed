"""The Content-Security-Policy of every configuration (settings.CONTENT_SECURITY_POLICY, django-csp).

Everything comes from the site itself: scripts (no inline script, and no nonce either: the anonymous page cache
would serve one nonce to every visitor), styles, fonts, fetches. Images may also be data: URIs (Wagtail's admin
icons) or come from the media host (S3 or its custom domain); frames are the site itself, the two video players of
the video block (loaded on the visitor's click) and the headless front end in the admin's preview. No page frames
this site except the site itself (the admin's preview panel). The admin's relaxations (`ADMIN_UPDATE`) are added
under its URLs by cms/csp.py.

Imported by the settings: no Django model here.
"""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE

PLAYERS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
# Wagtail 8's admin writes inline scripts and styles.
ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


def origin(url):
    parts = urlsplit(url if "//" in url else f"https://{url}")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def media_hosts(env):
    """Where browsers fetch public media from with S3 storage (cms/storage.py): the custom domain, else the
    endpoint (path-style), else AWS's virtual-hosted bucket address. None without a bucket (local files)."""
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return []
    if custom_domain := env("AWS_S3_CUSTOM_DOMAIN", default=""):
        return [origin(f"{env('AWS_S3_URL_PROTOCOL', default='https:')}//{custom_domain}")]
    if endpoint := env("AWS_S3_ENDPOINT_URL", default=""):
        return [origin(endpoint)]
    region = env("AWS_S3_REGION_NAME", default="")
    return [f"https://{bucket}.s3.amazonaws.com", *([f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])]


def content_security_policy(*, media_hosts, headless_preview_url):
    """CONTENT_SECURITY_POLICY for these media hosts and this headless front end's preview URL (or none)."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *media_hosts],
            "media-src": [SELF, *media_hosts],
            "frame-src": [SELF, *PLAYERS, *([origin(headless_preview_url)] if headless_preview_url else [])],
            "frame-ancestors": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
        },
    }
