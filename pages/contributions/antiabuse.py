"""Protection of the public forms without any third-party service.

- A honeypot field, invisible to people and to assistive technologies, that robots fill in.
- A signed form token (django.core.signing) issued when the form is shown: it carries the submission token
  (one submission whatever the number of clicks) and the time the form was shown (a form sent back faster
  than CONTRIBUTION_MIN_FILL_SECONDS was not filled in by a person). A tampered or expired token is refused.
- A rate limit per client on POST (django-ratelimit, counted in Django's cache), answered by a French 429 page.
  Behind reverse proxies, the client is found in X-Forwarded-For as `client_ip` says (TRUSTED_PROXY_COUNT).
  Redis down: the limit cannot count and lets the request through (RATELIMIT_FAIL_OPEN); Redis full (its
  `maxmemory` reached, writes refused): the request is refused, so that filling Redis never opens the limit.
"""

import ipaddress
import logging
import time
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import _split_rate, is_ratelimited

from cms.cache import CacheFull
from cms.errors import french_error

logger = logging.getLogger(__name__)

FORM_TOKEN_MAX_AGE = 24 * 60 * 60  # a form left open for a day is shown again with a fresh token
HONEYPOT_FIELD = "site_web"

SPAM_MESSAGE = (
    "Votre envoi n'a pas pu être accepté : il ressemble à un envoi automatique. "
    "Rechargez la page, puis envoyez le formulaire à nouveau."
)
TOO_FAST_MESSAGE = (
    "Le formulaire a été envoyé trop rapidement après son affichage. Vérifiez vos réponses puis envoyez-le à nouveau."
)
BAD_TOKEN_MESSAGE = "Le formulaire a expiré ou a été modifié. Vérifiez vos réponses puis envoyez-le à nouveau."  # noqa: S105


@dataclass(frozen=True)
class FormToken:
    submission_token: uuid.UUID
    issued_at: float

    def sign(self, salt):
        return signing.dumps({"s": str(self.submission_token), "t": self.issued_at}, salt=salt, compress=True)


def new_form_token():
    return FormToken(submission_token=uuid.uuid4(), issued_at=time.time())


def read_form_token(value, salt):
    """The FormToken in `value`, or None when it is missing, tampered with or older than a day."""
    try:
        data = signing.loads(value or "", salt=salt, max_age=FORM_TOKEN_MAX_AGE)
        token = FormToken(submission_token=uuid.UUID(data["s"]), issued_at=float(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    # A re-rendered form carries its first display time, signed again: that time is what expires.
    return token if time.time() - token.issued_at <= FORM_TOKEN_MAX_AGE else None


class HoneypotField(forms.CharField):
    """The honeypot: a person leaves it empty (`AntiAbuseFormMixin.clean` refuses a form with it filled in)."""

    def openapi_schema(self):
        """Its shape in the OpenAPI schema (pages/api/form_schemas.py): always empty."""
        return {"type": "string", "maxLength": 0}


class AntiAbuseFormMixin(forms.Form):
    """Adds the honeypot and the signed form token to a form; `clean()` refuses what a robot sends.

    Subclasses set `token_salt`. After validation, `self.form_token` is the FormToken to keep (its
    submission token identifies the submission); the rendered form always carries a valid token.
    """

    token_salt = "pages.forms"  # noqa: S105 — a signing salt, not a secret

    # Named like a field a robot would fill in; people never see it (see the .hp-field CSS and aria-hidden).
    site_web = HoneypotField(label="Site web (laisser vide)", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # The token as it was sent, checked by clean(); the page is rendered with a valid one either way.
        self._raw_token = self.data.get("form_token") if self.is_bound else None
        token = read_form_token(self._raw_token, self.token_salt)
        self.form_token = token or new_form_token()
        # The page shows the token received (the fill time runs from the first display), or a new one.
        self.initial["form_token"] = self.form_token.sign(self.token_salt)
        if self.is_bound:
            data = self.data.copy()
            data["form_token"] = self.initial["form_token"]
            self.data = data

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(SPAM_MESSAGE, code="honeypot")
        token = read_form_token(self._raw_token, self.token_salt)
        if token is None:
            raise forms.ValidationError(BAD_TOKEN_MESSAGE, code="bad_token")
        if time.time() - token.issued_at < settings.CONTRIBUTION_MIN_FILL_SECONDS:
            raise forms.ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        return cleaned_data

    @property
    def abuse_codes(self):
        """The anti-abuse refusals among the form's errors ('honeypot', 'bad_token', 'too_fast')."""
        return {error.code for error in self.non_field_errors().as_data()} & {"honeypot", "bad_token", "too_fast"}


def client_ip(request):
    """The client's address, for the rate limit (settings.RATELIMIT_IP_META_KEY).

    Without a reverse proxy (TRUSTED_PROXY_COUNT = 0), the address the request came from. Behind
    TRUSTED_PROXY_COUNT proxies that each append the address they received the request from to X-Forwarded-For
    (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`), the client is the entry that many
    places from the end: the entries before it come from the client itself, who could write anything there to
    escape the limit. A header shorter than that, or whose entry is not an address, means the request did not come
    through the proxies: the address it came from counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass
    if not remote:
        raise ImproperlyConfigured("REMOTE_ADDR is empty: behind a proxy on a Unix socket, set TRUSTED_PROXY_COUNT.")
    return remote


def rate_limited(request, group):
    """Count this POST for the client; True once the client went past CONTRIBUTION_RATE_LIMIT.

    True as well when the cache is full and cannot count (cms.cache.CacheFull): refused, never let through.
    """
    try:
        return is_ratelimited(
            request,
            group=group,
            key="ip",
            rate=settings.CONTRIBUTION_RATE_LIMIT,
            method="POST",
            increment=True,
        )
    except CacheFull:
        logger.warning("Rate limit %s cannot count (cache full): the request is refused", group)
        return True


def rate_limit_window():
    """The seconds a client past the rate limit waits (the period of CONTRIBUTION_RATE_LIMIT)."""
    _count, seconds = _split_rate(settings.CONTRIBUTION_RATE_LIMIT)
    return seconds


def rate_limit_message(minutes):
    return (
        "Trop d'envois en peu de temps depuis cette connexion : votre envoi n'a pas été enregistré. "
        f"Merci de réessayer dans {minutes} minute{'s' if minutes > 1 else ''}."
    )


def too_many_requests(request):
    """The French 429 (the page, or JSON for a client that asks for it), with the time to wait in Retry-After."""
    seconds = rate_limit_window()
    minutes = max(1, round(seconds / 60))
    return french_error(
        request, 429, rate_limit_message(minutes), context={"retry_minutes": minutes}, retry_after=seconds
    )
