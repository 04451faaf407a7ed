"""Links that stay alive: the last check of each external URL the site's live pages hold (pages/link_checker.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkState(models.TextChoices):
    OK = "ok", _("Fonctionne")
    REDIRECTED = "redirige", _("Redirigé")
    BROKEN = "casse", _("Cassé")


class LinkCheck(models.Model):
    url = models.URLField(_("Adresse"), max_length=2000, unique=True)
    state = models.CharField(_("État"), max_length=10, choices=LinkState.choices, default=LinkState.OK)
    status_code = models.PositiveSmallIntegerField(_("Code HTTP"), null=True, blank=True)
    final_url = models.URLField(_("Adresse finale"), max_length=2000, blank=True)
    redirects = models.JSONField(_("Redirections"), default=list, blank=True)  # [[status, location], …]
    error = models.CharField(_("Erreur"), max_length=255, blank=True)
    page_ids = models.JSONField(_("Pages"), default=list, blank=True)  # the live pages holding the URL
    checked_at = models.DateTimeField(_("Vérifié le"))
    first_failure_at = models.DateTimeField(_("En panne depuis"), null=True, blank=True)

    class Meta:
        verbose_name = _("vérification de lien")
        verbose_name_plural = _("vérifications de liens")
        indexes = [models.Index(fields=["state", "-checked_at"], name="link_check_state")]

    def __str__(self):
        return self.url
