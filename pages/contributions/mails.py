"""Every e-mail the platform sends goes through `send_platform_mail`.

Mails are sent after the transaction commits (callers use `transaction.on_commit`), never from
`save()`. A failing mail server never loses what was submitted: the failure is logged, the caller
keeps its "sent at" field empty, and `manage.py send_pending_mails` tries again later.
Header injection is impossible: subjects are flattened to one line, addresses are validated.
"""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMessage
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


def one_line(text, limit=200):
    """Text fit for a header: no line breaks or control characters, bounded length."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())[:limit]


def _valid_addresses(addresses):
    valid = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            logger.warning("Refusing to send to an invalid address %r", address)
            continue
        valid.append(address)
    return valid


def send_platform_mail(*, subject, template, context, to, reply_to=None):
    """Render `template` (plain text) and send it. Returns True when the mail server accepted it."""
    recipients = _valid_addresses(to)
    if not recipients:
        return False
    message = EmailMessage(
        subject=one_line(f"[Plateforme ASTRAC] {subject}"),
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=_valid_addresses(reply_to or []) or None,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError, BadHeaderError):
        logger.exception("Mail %r to %s could not be sent; it will be retried", subject, recipients)
        return False
    return True


def send_and_stamp(record, field, **mail):
    """Send a mail about `record` (a contribution, a dossier request) and, once the server accepted it, stamp its
    `field` with the time: an empty stamp is what `send_pending_mails` retries. Returns True when sent."""
    sent = send_platform_mail(**mail)
    if sent:
        type(record).objects.filter(pk=record.pk).update(**{field: timezone.now()})
    return sent
