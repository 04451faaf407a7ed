"""Login throttling with django-axes: the admin login and the password forms of private pages and collections.

Axes counts failed attempts in the database (`axes.AccessAttempt`, never in the cache, which could be flooded or
evicted) per client address and per account (settings: AXES_*, LOGIN_FAILURE_LIMIT, LOGIN_COOLOFF_MINUTES):

- per address, many accounts or passwords tried from one place are stopped;
- per account, one account tried from many places (a botnet, addresses behind TRUSTED_PROXY_COUNT proxies) is.

Past the limit, every attempt of that address, or on that account, is refused before the password is checked
(the right password too) with the French 429 page `lockout_response`, until the failures are older than the
cool-off. Wagtail's and Django's admin logins go through `authenticate()`, where axes' backend and signals act.
Wagtail's password forms (a PageViewRestriction or a CollectionViewRestriction with a shared password) do not
authenticate anyone: `throttled_password_form` wraps their views so that each restriction counts as an account.
"""

import math
from functools import wraps

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from wagtail.documents.views import serve as document_views
from wagtail.views import authenticate_with_password as page_password_view

from cms.errors import french_error
from pages.contributions.antiabuse import client_ip

# The "account" of a password form, as axes records it: a restriction's id after its kind. Never a user name
# (Django's user names cannot hold a colon).
PAGE_PASSWORD = "page-password"  # noqa: S105 — a label, not a password
COLLECTION_PASSWORD = "collection-password"  # noqa: S105
# The answer's message for a client that asks for JSON (the page, login_locked_out.html, says more).
LOCKED_OUT_MESSAGE = "{what} : merci de réessayer dans {minutes} minute{plural}."
LOCKED_OUT_TITLES = {True: "Trop de tentatives de connexion", False: "Trop de mots de passe erronés"}


def client_address(request):
    """The address axes counts (settings.AXES_CLIENT_IP_CALLABLE): `client_ip`'s, as for the contribution rate limit.

    None for a request built in the process rather than received, which has no REMOTE_ADDR at all (the test
    client's `force_login` and `logout`); a received request without an address is still `client_ip`'s error.
    """
    if "REMOTE_ADDR" not in request.META:
        return None
    return client_ip(request)


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler, except what a successful login forgets: only its own failures.

    Axes would delete every failure of the account and every failure of the address: someone with an account of
    their own could then try another account's password from the same address indefinitely, logging in to their
    own account between tries. Here a success only forgets the failures of that account from that address.
    """

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def retry_after_seconds(request, credentials=None):
    """Seconds until the failures that lock this client out are older than the cool-off (at most the cool-off)."""
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    ends = []
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        totals = attempts.aggregate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
        if (totals["failures"] or 0) >= limit:
            ends.append(totals["latest"] + cool_off)
    remaining = (max(ends) - timezone.now()).total_seconds() if ends else cool_off.total_seconds()
    return max(1, math.ceil(remaining))


def lockout_kind(credentials):
    """What was locked: "page" or "documents" (a password form), else "admin" (a login)."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or ""
    if username.startswith(f"{PAGE_PASSWORD}:"):
        return "page"
    if username.startswith(f"{COLLECTION_PASSWORD}:"):
        return "documents"
    return "admin"


def lockout_response(request, original_response=None, credentials=None):
    """The French 429 page of a locked-out login or password form (settings.AXES_LOCKOUT_CALLABLE); JSON
    `{"message": …}` for a client that asks for JSON (cms.errors.french_error)."""
    seconds = retry_after_seconds(request, credentials)
    kind = lockout_kind(credentials)
    minutes = math.ceil(seconds / 60)
    context = {
        "kind": kind,
        "failure_limit": get_failure_limit(request, credentials),
        "retry_minutes": minutes,
    }
    message = LOCKED_OUT_MESSAGE.format(
        what=LOCKED_OUT_TITLES[kind == "admin"], minutes=minutes, plural="s" if minutes > 1 else ""
    )
    # Rendered at once: AxesMiddleware puts it in place of the view's answer, after the template responses' rendering.
    return french_error(request, 429, message, template="login_locked_out.html", context=context, retry_after=seconds)


def throttled_password_form(view, kind, restriction_argument):
    """Wagtail's password form `view`, with its failures counted by axes as those of a login.

    The account is the restriction (`kind:id`): its password tried from many addresses, or many passwords from one
    address, lock the form out. A wrong password is the form shown again (200), a right one a redirect.
    """

    @wraps(view)
    def throttled(request, *args, **kwargs):
        if request.method != "POST" or not settings.AXES_ENABLED:
            return view(request, *args, **kwargs)
        credentials = get_credentials(f"{kind}:{kwargs[restriction_argument]}")
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, credentials=credentials)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            # Recorded like a failed login; past the limit, AxesMiddleware answers with `lockout_response`.
            AxesProxyHandler.user_login_failed(sender=throttled, credentials=credentials, request=request)
        elif response.status_code in (301, 302) and settings.AXES_RESET_ON_SUCCESS:
            AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials)
        return response

    return throttled


# Routed in cms/urls.py at Wagtail's own paths, before Wagtail's URLs.
page_password_form = throttled_password_form(page_password_view, PAGE_PASSWORD, "page_view_restriction_id")
document_password_form = throttled_password_form(
    document_views.authenticate_with_password, COLLECTION_PASSWORD, "restriction_id"
)
