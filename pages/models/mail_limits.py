"""Per-recipient counts of the mails the public forms make the platform send (pages/contributions/mail_limits.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailQuota(models.Model):
    """The mails of one purpose sent to one recipient in the current period, and those held back.

    The recipient is a keyed hash of the normalised address: no address is stored here. A row whose period ended
    counts nothing (the next mail starts a new period) and is deleted by `send_pending_mails`.
    """

    purpose = models.CharField(_("Type d'e-mail"), max_length=40)
    recipient = models.CharField(_("Destinataire (empreinte)"), max_length=64)
    period_start = models.DateTimeField(_("Début de la période"))
    sent = models.PositiveIntegerField(_("Envoyés"), default=0)
    held = models.PositiveIntegerField(_("Retenus"), default=0)

    class Meta:
        verbose_name = _("compteur d'e-mails")
        verbose_name_plural = _("compteurs d'e-mails")
        constraints = [models.UniqueConstraint(fields=["purpose", "recipient"], name="mail_quota_one_per_recipient")]

    def __str__(self):
        return f"{self.purpose} {self.recipient[:8]}… : {self.sent} envoyé(s), {self.held} retenu(s)"
