from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from cms.index_values import SearchField
from search.models import Kind

from .base import AbstractContentPage, body_field, summary_field


class StandardPage(AbstractContentPage):
    """« Le projet », « Communauté », contact and legal pages."""

    intro = summary_field(
        _("Un court chapeau affiché en grand sous le titre de la page."), verbose_name=_("Introduction"), blank=True
    )
    body = body_field(_("Le texte de la page, en blocs : titres, paragraphes, images, documents, appels à l'action."))

    summary_field = "intro"
    template = "pages/standard_page.html"
    search_kind = Kind.PAGE
    search_text_fields = ("intro", "body")
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro"), SearchField("body")]
    api_fields = AbstractContentPage.api_fields + [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("page simple")
        verbose_name_plural = _("pages simples")
