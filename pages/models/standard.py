from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from cms.index_values import SearchField
from pages.api.fields import AttachedDocumentsField
from search.models import Kind

from .attachments import AttachedDocument, AttachedDocumentsMixin, attached_documents_prefetch, documents_panel
from .base import AbstractContentPage, body_field, summary_field


class StandardPageDocument(AttachedDocument):
    page = ParentalKey("pages.StandardPage", related_name="documents", on_delete=models.CASCADE)


class StandardPage(AttachedDocumentsMixin, AbstractContentPage):
    """« Le projet », « Communauté », contact and legal pages."""

    intro = summary_field(
        _("Un court chapeau affiché en grand sous le titre de la page."), verbose_name=_("Introduction"), blank=True
    )
    body = body_field(_("Le texte de la page, en blocs : titres, paragraphes, images, appels à l'action."))

    summary_field = "intro"
    template = "pages/standard_page.html"
    search_kind = Kind.PAGE
    search_text_fields = ("intro", "body")
    search_prefetch_related = (attached_documents_prefetch(StandardPageDocument),)
    api_prefetch_related = ("documents__document",)
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro"), FieldPanel("body"), documents_panel()]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro"), SearchField("body")]
    api_fields = AbstractContentPage.api_fields + [
        APIField("intro"),
        APIField("body"),
        APIField("documents", serializer=AttachedDocumentsField()),
    ]

    class Meta:
        verbose_name = _("page simple")
        verbose_name_plural = _("pages simples")
