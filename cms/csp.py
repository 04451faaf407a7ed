"""The Content-Security-Policy header (django-csp), with the allowances Wagtail's admin needs.

The policy is settings.CONTENT_SECURITY_POLICY everywhere. Under the admin's URLs (Wagtail's and Django's),
settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE is added to it: Wagtail 8's admin still writes some inline
scripts (InlinePanel and workflow templates) and inline styles, which carry no nonce.

django-csp builds the header from the settings on every answer (two policies, each copied and joined): a quarter of
what a bare view costs under the whole middleware stack (issue 17). Outside the admin, an answer that asks
nothing of its own (no `@csp_update`/`@csp_replace`/`@csp_exempt`-style attributes, no nonce used) gets the same
headers every time: they are built once by django-csp itself and kept until a CONTENT_SECURITY_POLICY setting
changes. Every other answer is built by django-csp as before.
"""

import http.client as http_client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# What a view or decorator can set on its answer for django-csp: such an answer is built by django-csp itself.
RESPONSE_OVERRIDES = tuple(
    f"_csp_{name}{suffix}" for name in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)
# {path is excluded (enforced, report-only): headers}: the headers of a plain answer, built once per settings.
_plain_headers = {}


@receiver(setting_changed)
def _forget_headers(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _plain_headers.clear()


def _excluded(setting, path):
    prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
    return path.startswith(tuple(prefixes))


class PlatformCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_update = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_UPDATE", None)
        if not report_only and admin_update and request.path_info.startswith(ADMIN_PREFIXES):
            parts.update = {**admin_update, **(parts.update or {})}
        return parts

    @staticmethod
    def is_plain(request, response):
        """An answer whose headers are those of every other: outside the admin, no override, no nonce used."""
        if request.path_info.startswith(ADMIN_PREFIXES) or getattr(request, "_csp_nonce", None) is not None:
            return False
        if response.status_code in (http_client.INTERNAL_SERVER_ERROR, http_client.NOT_FOUND) and settings.DEBUG:
            return False
        return not any(hasattr(response, name) for name in RESPONSE_OVERRIDES)

    def process_response(self, request, response):
        if not self.is_plain(request, response) or HEADER in response or HEADER_REPORT_ONLY in response:
            return super().process_response(request, response)
        key = (
            _excluded("CONTENT_SECURITY_POLICY", request.path_info),
            _excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY", request.path_info),
        )
        headers = _plain_headers.get(key)
        if headers is None:
            # django-csp's own headers for this request, on a blank answer (a plain answer adds nothing to them).
            built = super().process_response(request, HttpResponse())
            headers = _plain_headers[key] = {
                name: built[name] for name in (HEADER, HEADER_REPORT_ONLY) if name in built
            }
        for name, value in headers.items():
            response[name] = value
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
