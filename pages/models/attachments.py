"""Documents and photos attached to pages through inline panels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


def documents_of(page):
    """The documents attached to `page` through its `documents` inline, with their collection, in one query.

    Kept on the page instance: its template and its JSON-LD (pages/seo.py) both list them while it renders.
    """
    if "_attached_documents" not in page.__dict__:
        page._attached_documents = [item.document for item in page.documents.select_related("document__collection")]
    return page._attached_documents


class AttachedDocument(Orderable):
    document = models.ForeignKey(
        "pages.PlatformDocument",
        verbose_name=_("Document"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Choisissez un document de la médiathèque ou envoyez-en un nouveau (PDF de préférence)."),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")


class AttachedPhoto(Orderable):
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Photo"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Une photo de la rencontre ; décrivez-la dans son texte alternatif pour les personnes aveugles."),
    )
    caption = models.CharField(
        _("Légende"), max_length=250, blank=True, help_text=_("Une phrase affichée sous la photo : qui, où, quoi.")
    )
    credit = models.CharField(
        _("Crédit photo"),
        max_length=120,
        blank=True,
        help_text=_("L'auteur de la photo ou son centre, par ex. « © CC de Dinant »."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
