"""Subscriptions by theme (`/abonnements/`): an address, what it follows, how often; confirmed by a signed link
(double opt-in) before anything is sent. The digests are pages/subscriptions.py's."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    WEEKLY = "hebdomadaire", _("Chaque semaine")
    DAILY = "quotidien", _("Chaque jour")


class Subscription(models.Model):
    email = models.EmailField(_("Adresse e-mail"), unique=True)
    themes = models.ManyToManyField("pages.ThemePage", verbose_name=_("Thématiques"), blank=True, related_name="+")
    dossiers = models.BooleanField(_("Dossiers de reconnaissance"), default=False)
    workshops = models.BooleanField(_("Rencontres-ateliers"), default=False)
    frequency = models.CharField(_("Fréquence"), max_length=15, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(_("Demandé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("Confirmé le"), null=True, blank=True)
    # The end of the period the last digest covered (sent or, when empty, skipped).
    covered_until = models.DateTimeField(_("Envoyé jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")

    def __str__(self):
        return self.email
