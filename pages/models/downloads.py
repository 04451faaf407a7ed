"""What was downloaded: one counter per document and day. No personal data: no address, no cookie, no user."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentDownloadDay(models.Model):
    document = models.ForeignKey(
        "pages.PlatformDocument", verbose_name=_("Document"), on_delete=models.CASCADE, related_name="download_days"
    )
    day = models.DateField(_("Jour"))
    count = models.PositiveIntegerField(_("Téléchargements"), default=0)

    class Meta:
        verbose_name = _("téléchargements d'un jour")
        verbose_name_plural = _("téléchargements par jour")
        constraints = [models.UniqueConstraint(fields=["document", "day"], name="one_download_counter_per_day")]
        indexes = [models.Index(fields=["day", "document"], name="download_day_document")]

    def __str__(self):
        return f"{self.document_id} {self.day}: {self.count}"
