from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import CharField
from wagtail.api import APIField
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument


class PlatformDocument(AbstractDocument):
    """A document of the library, with a description and room for its extracted text."""

    title = models.CharField(
        _("Titre"),
        max_length=255,
        help_text=_("Le titre que les visiteurs liront à côté du lien de téléchargement."),
    )
    file = models.FileField(
        _("Fichier"),
        upload_to="documents",
        help_text=_("PDF de préférence (lisible partout) ; aussi Word, OpenDocument, tableurs, présentations, images."),
    )
    description = models.TextField(
        _("Description"),
        blank=True,
        help_text=_("Une ou deux phrases sur le contenu du document ; elles aident aussi la recherche."),
    )
    # Filled by text extraction (search issue); kept here so that search can index it.
    text_content = models.TextField(_("Texte extrait"), blank=True, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields + ("description",)
    # The extracted text stays out of the API: it is the search's, and can be long.
    api_fields = [
        APIField("description"),
        APIField("file_size"),
        APIField("format", serializer=CharField(source="format_label")),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def format_label(self):
        """'PDF', 'DOCX'… as a visitor reads it next to a download link."""
        return (self.file_extension or "").upper()
