"""Subscriptions by theme: double opt-in, the digests of what was first published, one-click unsubscribe.

- `subscribe(email, choices)`: stores the choices of an address, unconfirmed, and mails it a signed link
  (`confirm_url`, valid CONFIRM_MAX_AGE); a known address gets the same mail (nobody learns whether an address is
  subscribed). Nothing is sent to an address that did not confirm.
- Links signed with the subscription's id (`token_for` / `subscription_for`): confirm, change (`manage_url`) and
  unsubscribe (`unsubscribe_url`, one click, also the mails' `List-Unsubscribe` with `List-Unsubscribe-Post`);
  no account needed.
- `send_digests(now)`: for every confirmed subscription whose period is over (a week, or a day), the live, public
  pages first published in that period that match its choices (a theme's resources and links, the dossiers, the
  rencontres); a mail only when there is something, the period closed either way. Run by `manage.py send_digests`
  and by the tasks worker (pages/tasks.py), daily.
- GDPR: a subscription is exported and erased with the rest of an address's data (pages/contributions/privacy.py).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pages.contributions.privacy import SUBSCRIPTION_CONFIRM_MAX_AGE
from pages.models import Frequency, Subscription
from pages.seo import absolute_url
from search.models import Kind, SearchEntry

logger = logging.getLogger(__name__)

SALT = "pages.subscriptions"
CONFIRM_SALT = "pages.subscriptions.confirm"
CONFIRM_MAX_AGE = SUBSCRIPTION_CONFIRM_MAX_AGE  # a week; unconfirmed subscriptions are purged after it
PERIODS = {Frequency.WEEKLY: datetime.timedelta(days=7), Frequency.DAILY: datetime.timedelta(days=1)}
MAX_ITEMS = 50  # per digest


def token_for(subscription, salt=SALT):
    return signing.dumps(subscription.pk, salt=salt)


def subscription_for(token, salt=SALT, max_age=None):
    """The subscription a signed link names, or None (altered, expired, or deleted since)."""
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=pk).first()


def confirm_url(subscription):
    return absolute_url(reverse("subscription_confirm", args=[token_for(subscription, CONFIRM_SALT)]), None)


def manage_url(subscription, absolute=True):
    """The link to change a subscription: absolute for a mail, a path for a page of the site."""
    path = reverse("subscription_manage", args=[token_for(subscription)])
    return absolute_url(path, None) if absolute else path


def unsubscribe_url(subscription, absolute=True):
    path = reverse("subscription_unsubscribe", args=[token_for(subscription)])
    return absolute_url(path, None) if absolute else path


def _send(subject, template, context, to, headers=None):
    message = EmailMultiAlternatives(
        subject=f"[Plateforme ASTRAC] {subject}",
        body=render_to_string(f"mails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"mails/{template}.html", context), "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError, BadHeaderError):
        logger.exception("Subscription mail %r to a subscriber could not be sent", subject)
        return False
    return True


def save_choices(subscription, choices):
    subscription.dossiers = choices["dossiers"]
    subscription.workshops = choices["workshops"]
    subscription.frequency = choices["frequency"]
    subscription.save()
    subscription.themes.set(choices["themes"])


def subscribe(email, choices):
    """Store the choices of `email` (unconfirmed if new) and mail it the link that confirms them."""
    email = email.strip().lower()
    with transaction.atomic():
        subscription, _created = Subscription.objects.get_or_create(email=email)
        save_choices(subscription, choices)
    context = {"confirm_url": confirm_url(subscription), "days": CONFIRM_MAX_AGE // 86400}
    return _send("Confirmez votre abonnement", "subscription_confirm", context, email)


def confirm(token):
    subscription = subscription_for(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = subscription.covered_until = timezone.now()
        subscription.save(update_fields=["confirmed_at", "covered_until"])
    return subscription


def new_pages(subscription, since, until):
    """The live, public pages first published in (since, until] that `subscription` follows, newest first."""
    kinds = []
    if subscription.dossiers:
        kinds.append(Kind.DOSSIER)
    if subscription.workshops:
        kinds.append(Kind.WORKSHOP)
    theme_ids = list(subscription.themes.values_list("pk", flat=True))
    entries = SearchEntry.objects.filter(
        page__first_published_at__gt=since, page__first_published_at__lte=until
    ).select_related("page")
    followed = entries.filter(kind__in=kinds)
    if theme_ids:
        in_themes = entries.filter(kind__in=[Kind.RESOURCE, Kind.LINK], themes__in=theme_ids)
        followed = followed | in_themes
    return list(followed.distinct().order_by("-page__first_published_at")[:MAX_ITEMS])


def due(now):
    """Confirmed subscriptions whose period is over."""
    due_ids = []
    for subscription in Subscription.objects.filter(confirmed_at__isnull=False).iterator():
        start = subscription.covered_until or subscription.confirmed_at
        if now - start >= PERIODS.get(subscription.frequency, PERIODS[Frequency.WEEKLY]):
            due_ids.append(subscription.pk)
    return Subscription.objects.filter(pk__in=due_ids).prefetch_related("themes")


def send_digest(subscription, now):
    """Mail `subscription` what was first published since its last digest; nothing for an empty period. The
    period is closed either way. Returns the number of pages mailed."""
    since = subscription.covered_until or subscription.confirmed_at
    entries = new_pages(subscription, since, now)
    if entries:
        unsubscribe = unsubscribe_url(subscription)
        context = {
            "items": [(entry, entry.page.get_full_url()) for entry in entries],  # root paths read once, cached
            "since": since,
            "manage_url": manage_url(subscription),
            "unsubscribe_url": unsubscribe,
            "frequency": subscription.get_frequency_display().lower(),
        }
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        count = len(entries)
        subject = f"{count} nouveauté{'s' if count > 1 else ''} sur la Plateforme"
        if not _send(subject, "subscription_digest", context, subscription.email, headers):
            return 0  # the period stays open: the next run sends it
    Subscription.objects.filter(pk=subscription.pk).update(covered_until=now)
    return len(entries)


def send_digests(now=None):
    """Send every digest due; returns (digests sent, subscriptions whose period was empty)."""
    now = now or timezone.now()
    sent = empty = 0
    for subscription in due(now):
        if send_digest(subscription, now):
            sent += 1
        else:
            empty += 1
    return sent, empty


def followed_labels(subscription):
    labels = [theme.title for theme in subscription.themes.all()]
    if subscription.dossiers:
        labels.append("Dossiers de reconnaissance")
    if subscription.workshops:
        labels.append("Rencontres-ateliers")
    return labels
