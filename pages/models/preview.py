"""Headless preview: an editor's unsaved page, as the API serializes it, kept a few minutes for a front end.

The admin's preview offers a « Front-end » mode when HEADLESS_PREVIEW_URL is set (`HeadlessPreviewMixin`, in
every page type through `AbstractContentPage`). Choosing it stores the page's API representation in a
`PagePreview` and shows the front end at HEADLESS_PREVIEW_URL?token=…; the front end reads the data at
/api/v2/preview/?token=… (`pages.api.preview`). The token is signed and expires after
HEADLESS_PREVIEW_MAX_AGE seconds; older previews are deleted whenever a new one is stored.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HEADLESS_PREVIEW_MODE = "front-end"


class PagePreview(models.Model):
    """One preview: what the API would answer for the page with the editor's unsaved changes."""

    key = models.CharField(max_length=64, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("La page enregistrée dont c'est l'aperçu ; vide pour une page pas encore créée."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("Données de l'API"))
    created_at = models.DateTimeField(_("Créé le"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Aperçu headless")
        verbose_name_plural = _("Aperçus headless")

    def __str__(self):
        return f"{self.data.get('title', '')} ({self.created_at:%d/%m/%Y %H:%M})"

    @classmethod
    def oldest_valid_time(cls):
        return timezone.now() - timedelta(seconds=settings.HEADLESS_PREVIEW_MAX_AGE)

    @classmethod
    def valid(cls):
        return cls.objects.filter(created_at__gte=cls.oldest_valid_time())

    @classmethod
    def purge_expired(cls):
        return cls.objects.filter(created_at__lt=cls.oldest_valid_time()).delete()[0]


class HeadlessPreviewMixin:
    """The « Front-end » preview mode of every page type, offered when HEADLESS_PREVIEW_URL is set."""

    @property
    def preview_modes(self):
        modes = super().preview_modes
        if settings.HEADLESS_PREVIEW_URL:
            return [*modes, (HEADLESS_PREVIEW_MODE, _("Front-end (headless)"))]
        return modes

    def make_preview_request(self, original_request=None, preview_mode=None, extra_request_attrs=None):
        # Caught here rather than in serve_preview(): RoutablePageMixin's serve_preview ignores the mode.
        if preview_mode == HEADLESS_PREVIEW_MODE and settings.HEADLESS_PREVIEW_URL:
            from pages.api.preview import headless_preview  # the API's serializers import the models

            return headless_preview(self, original_request)
        return super().make_preview_request(original_request, preview_mode, extra_request_attrs)
