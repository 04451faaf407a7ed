"""Per-recipient limits on the mails the public forms make the platform send.

Anyone may type any address in a form: without a limit, the platform would mail a stranger as often as someone
submits that address, from as many client addresses as they have, and the moderators once per submission.

- Acknowledgements: at most ACKNOWLEDGEMENT_MAIL_LIMIT per address and period (MAIL_LIMIT_WINDOW_MINUTES), for
  contributions and for dossier requests apart. Later submissions are stored as usual, without one.
- Notifications to the moderators: past NOTIFICATION_MAIL_LIMIT in a period, the next contributions are held back
  and listed together in one digest once the period ends (pages/contributions/services.py `send_notification_digest`).

Addresses are counted normalised (trimmed, case-insensitive) and stored as a keyed hash. Each count is a row of
MailQuota changed by conditional UPDATE statements, so two workers sending at once cannot both take the last mail
of a period: PostgreSQL re-checks the condition on the row the other one just updated, SQLite writes one at a
time. Nothing is counted in the cache, which a flood could fill or evict.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pages.contributions.mails import send_platform_mail
from pages.models import MailQuota

CONTRIBUTION_ACKNOWLEDGEMENT = "contribution-acknowledgement"
REQUEST_ACKNOWLEDGEMENT = "dossier-request-acknowledgement"
NOTIFICATION = "contribution-notification"


@dataclass(frozen=True)
class LimitedMail:
    """A limited mail: its subject (a format string filled from the mail's context, like its template), its
    template, the submission's timestamps that record it (sent, held back) and the setting of its limit."""

    subject: str
    template: str
    sent: str
    held: str
    limit_setting: str


ACKNOWLEDGEMENT_STAMPS = ("acknowledgement_sent_at", "acknowledgement_withheld_at", "ACKNOWLEDGEMENT_MAIL_LIMIT")
LIMITED_MAILS = {
    CONTRIBUTION_ACKNOWLEDGEMENT: LimitedMail(
        "Votre contribution « {contribution.title} » a bien été reçue",
        "mails/contribution_acknowledgement.txt",
        *ACKNOWLEDGEMENT_STAMPS,
    ),
    REQUEST_ACKNOWLEDGEMENT: LimitedMail(
        "Votre demande du dossier « {dossier.title} » a été transmise",
        "mails/dossier_request_acknowledgement.txt",
        *ACKNOWLEDGEMENT_STAMPS,
    ),
    NOTIFICATION: LimitedMail(
        "Nouvelle contribution : {contribution.title}",
        "mails/contribution_notification.txt",
        sent="notification_sent_at",
        held="notification_deferred_at",
        limit_setting="NOTIFICATION_MAIL_LIMIT",
    ),
}


@dataclass(frozen=True)
class Allowance:
    """The answer of `take_mail`: may the mail go, how many were held back this period, when the period ends."""

    granted: bool
    held: int
    period_end: datetime.datetime


def normalised_address(address):
    return (address or "").strip().lower()


def recipient_key(address):
    return salted_hmac("pages.contributions.mail_limits.recipient", normalised_address(address)).hexdigest()


def period():
    return datetime.timedelta(minutes=settings.MAIL_LIMIT_WINDOW_MINUTES)


def take_mail(purpose, address, limit):
    """Count one mail of `purpose` to `address` if fewer than `limit` went this period; else count it held back.

    A period starts with the first mail after the previous one ended.
    """
    key = recipient_key(address)
    quota = MailQuota.objects.filter(purpose=purpose, recipient=key)
    while True:
        now = timezone.now()
        with transaction.atomic():
            MailQuota.objects.bulk_create(
                [MailQuota(purpose=purpose, recipient=key, period_start=now)], ignore_conflicts=True
            )
            quota.filter(period_start__lte=now - period()).update(period_start=now, sent=0, held=0)
            granted = quota.filter(sent__lt=limit).update(sent=F("sent") + 1) == 1
            if not granted:
                quota.update(held=F("held") + 1)
            # Locked by the update above until the commit: these are this call's numbers.
            row = quota.first()
        if row is not None:  # else `forget_past_periods` deleted it in between: count again
            return Allowance(granted=granted, held=row.held, period_end=row.period_start + period())


def give_back(purpose, address):
    """A mail the server did not accept does not count."""
    MailQuota.objects.filter(purpose=purpose, recipient=recipient_key(address), sent__gt=0).update(sent=F("sent") - 1)


def send_limited_mail(purpose, limit, **mail):
    """`send_platform_mail(**mail)` if its recipient (`to`, one address) has a mail left this period.

    Returns (allowance, sent): not granted, nothing was sent; granted but refused by the server, it did not count.
    """
    address = mail["to"][0]
    allowance = take_mail(purpose, address, limit)
    if not allowance.granted:
        return allowance, False
    sent = send_platform_mail(**mail)
    if not sent:
        give_back(purpose, address)
    return allowance, sent


def settle_limited_mail(submission, purpose, context, *, to, reply_to=None):
    """One limited mail of a submission (a contribution, a dossier request), at most once.

    LIMITED_MAILS gives the purpose's subject and template (both filled from `context`), its timestamps (`sent`,
    `held`) and limit: when both timestamps are empty, the mail goes to `to` within its recipient's limit and the one
    that applies is recorded (`sent`, or `held` when the limit withheld it; neither when the mail server refused it,
    so that `send_pending_mails` tries again). Returns the allowance, None when already settled.
    """
    mail = LIMITED_MAILS[purpose]
    if getattr(submission, mail.sent) is not None or getattr(submission, mail.held) is not None:
        return None
    allowance, was_sent = send_limited_mail(
        purpose,
        getattr(settings, mail.limit_setting),
        subject=mail.subject.format(**context),
        template=mail.template,
        context=context,
        to=to,
        reply_to=reply_to,
    )
    if was_sent or not allowance.granted:
        type(submission).objects.filter(pk=submission.pk).update(
            **{mail.sent if was_sent else mail.held: timezone.now()}
        )
    return allowance


def forget_past_periods(now=None):
    """Delete the counts of periods that ended: they no longer limit anything. Returns how many."""
    count, _ = MailQuota.objects.filter(period_start__lte=(now or timezone.now()) - period()).delete()
    return count
