from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from cms.index_values import SearchField
from pages import listings
from pages.api.fields import CategoryField, DocumentField, ThemesField
from pages.document_visibility import public_only
from search.models import Kind

from .base import AbstractContentPage, intro_field


class LinkLibraryPage(AbstractContentPage):
    """« Bibliothèque de liens et documentations utiles »."""

    intro = intro_field(
        _("Présente la liste des liens et documentations : d'où ils viennent, comment ils sont classés.")
    )

    template = "pages/link_library_page.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.LinkPage"]
    max_count = 1

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro")]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro")]
    api_fields = AbstractContentPage.api_fields + [APIField("intro")]

    class Meta:
        verbose_name = _("bibliothèque de liens")
        verbose_name_plural = _("bibliothèques de liens")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.link_listing(self, request))
        return context


class LinkPage(AbstractContentPage):
    """One entry of the link library: a useful address or document, described and categorised.

    Entries are pages so that they are searched, listed and exposed by the API like all content.
    """

    # Not named `url`: that would hide Wagtail's own Page.url.
    link_url = models.URLField(
        _("Adresse"),
        blank=True,
        max_length=500,
        help_text=_("L'adresse complète, par ex. https://www.culture.be/… Vide si vous joignez un document."),
    )
    document = models.ForeignKey(
        "pages.PlatformDocument",
        verbose_name=_("Ou document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("À la place d'une adresse : un document de la médiathèque (l'un ou l'autre, pas les deux)."),
    )
    description = models.TextField(
        _("Description"), max_length=800, help_text=_("Ce que le visiteur trouvera en suivant ce lien.")
    )
    source = models.CharField(
        _("Source / éditeur"), max_length=200, blank=True, help_text=_("Par ex. « Fédération Wallonie-Bruxelles ».")
    )
    category = models.ForeignKey(
        "pages.LinkCategory",
        verbose_name=_("Catégorie"),
        on_delete=models.PROTECT,
        related_name="links",
        help_text=_("La rubrique de la page « Liens et documentations utiles » où ce lien apparaît."),
    )
    themes = ParentalManyToManyField(
        "pages.ThemePage",
        verbose_name=_("Thématiques"),
        blank=True,
        related_name="links",
        help_text=_("Cochez les thématiques de la Boîte à outils où ce lien est utile : il y sera proposé."),
    )

    summary_field = "description"
    search_kind = Kind.LINK
    search_text_fields = ("description",)
    search_themes_field = "themes"
    search_select_related = ("document",)
    search_prefetch_related = ("themes",)
    api_select_related = ("category", "document")
    api_prefetch_related = ("themes",)
    template = "pages/link_page.html"
    parent_page_types = ["pages.LinkLibraryPage"]
    subpage_types = []

    content_panels = AbstractContentPage.content_panels + [
        MultiFieldPanel([FieldPanel("link_url"), FieldPanel("document")], heading=_("Destination (l'une ou l'autre)")),
        FieldPanel("description"),
        FieldPanel("source"),
        FieldPanel("category"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = AbstractContentPage.search_fields + [
        SearchField("description"),
        SearchField("source"),
        index.AutocompleteField("title"),
        index.RelatedFields("category", [SearchField("name")]),
        index.FilterField("category"),
    ]
    api_fields = AbstractContentPage.api_fields + [
        APIField("link_url"),
        APIField("document", serializer=DocumentField()),
        APIField("description"),
        APIField("source"),
        APIField("category", serializer=CategoryField()),
        APIField("themes", serializer=ThemesField()),
    ]

    class Meta:
        verbose_name = _("lien utile")
        verbose_name_plural = _("liens utiles")

    def clean(self):
        super().clean()
        if bool(self.link_url) == bool(self.document_id):
            message = _("Indiquez soit une adresse, soit un document (un seul des deux).")
            raise ValidationError({"link_url": message, "document": message})

    def search_document(self):
        return {**super().search_document(), "body": self.search_text(self.source)}

    def public_documents(self, request=None):
        return public_only([self.document] if self.document_id else [], request)

    def offered_documents(self):
        return [self.document] if self.document_id else []
