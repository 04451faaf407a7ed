from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from cms.index_values import SearchField
from pages import listings
from pages.api.fields import AttachedDocumentsField
from search.models import Kind

from .attachments import AttachedDocument, AttachedDocumentsMixin, attached_documents_prefetch, documents_panel
from .base import AbstractContentPage, body_field, intro_field, summary_field


class ThemeIndexPage(AbstractContentPage):
    """« Boîte à outils »: the four themes of the toolbox."""

    intro = intro_field(_("Présente la Boîte à outils au-dessus des quatre thématiques."))

    template = "pages/theme_index_page.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ThemePage"]
    max_count = 1

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro")]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro")]
    api_fields = AbstractContentPage.api_fields + [APIField("intro")]

    class Meta:
        verbose_name = _("boîte à outils")
        verbose_name_plural = _("boîtes à outils")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = listings.themes_with_counts(self)
        return context


class ThemePageDocument(AttachedDocument):
    page = ParentalKey("pages.ThemePage", related_name="documents", on_delete=models.CASCADE)


class ThemePage(AttachedDocumentsMixin, AbstractContentPage):
    """One theme of the toolbox; lists its own resources and those filed under it as secondary."""

    intro = summary_field(_("Quelques phrases qui présentent la thématique."), verbose_name=_("Introduction"))
    body = body_field(_("Un texte plus long sur la thématique, affiché avant la liste de ses ressources (facultatif)."))

    summary_field = "intro"
    template = "pages/theme_page.html"
    search_kind = Kind.THEME
    search_text_fields = ("intro", "body")
    search_prefetch_related = (attached_documents_prefetch(ThemePageDocument),)
    api_prefetch_related = ("documents__document",)
    parent_page_types = ["pages.ThemeIndexPage"]
    subpage_types = ["pages.ResourcePage"]

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro"), FieldPanel("body"), documents_panel()]
    search_fields = AbstractContentPage.search_fields + [
        SearchField("intro"),
        SearchField("body"),
        index.AutocompleteField("title"),
    ]
    api_fields = AbstractContentPage.api_fields + [
        APIField("intro"),
        APIField("body"),
        APIField("documents", serializer=AttachedDocumentsField()),
    ]

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")

    def search_themes(self, linked, parent):
        """A theme's entry is in its own theme."""
        return self, [self]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.theme_listing(self, request))
        return context
