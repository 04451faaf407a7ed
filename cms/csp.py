"""The Content-Security-Policy header (django-csp), with the allowances Wagtail's admin needs.

The policy is settings.CONTENT_SECURITY_POLICY everywhere. Under the admin's URLs (Wagtail's and Django's),
settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE is added to it: Wagtail 8's admin still writes some inline
scripts (InlinePanel and workflow templates) and inline styles, which carry no nonce.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class PlatformCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_update = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_UPDATE", None)
        if not report_only and admin_update and request.path_info.startswith(ADMIN_PREFIXES):
            parts.update = {**admin_update, **(parts.update or {})}
        return parts
