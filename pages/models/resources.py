from django import forms
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from cms.index_values import SearchField
from pages.api.fields import AttachedDocumentsField, PrimaryThemeField, RelatedField, TagNamesField, ThemesField
from search.models import Kind

from .attachments import AttachedDocument, AttachedDocumentsMixin, attached_documents_prefetch, documents_panel
from .base import AbstractContentPage, body_field, summary_field
from .related import RelatedChoice, related_panel


class ResourceType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "modele", _("Modèle / canevas")
    PRESENTATION = "presentation", _("Présentation")
    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Vidéo")
    TOOL = "outil", _("Outil")
    OFFICIAL_TEXT = "texte-officiel", _("Texte officiel")
    STUDY = "etude", _("Étude / analyse")
    LINK = "lien", _("Lien")
    OTHER = "autre", _("Autre")


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey("pages.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE)


class ResourcePageDocument(AttachedDocument):
    page = ParentalKey("pages.ResourcePage", related_name="documents", on_delete=models.CASCADE)


class ResourcePageRelatedChoice(RelatedChoice):
    page = ParentalKey("pages.ResourcePage", related_name="related_choices", on_delete=models.CASCADE)


class ResourcePage(AttachedDocumentsMixin, AbstractContentPage):
    """A resource of the toolbox, filed under its main theme (its parent) and optional other themes."""

    summary = summary_field(_("En quelques phrases : de quoi parle cette ressource, à qui sert-elle ?"))
    resource_type = models.CharField(
        _("Type de ressource"),
        max_length=20,
        choices=ResourceType.choices,
        default=ResourceType.GUIDE,
        help_text=_("Ce qu'est la ressource (guide, modèle, vidéo…) : les visiteurs peuvent filtrer par type."),
    )
    body = body_field(_("Le texte de la ressource en blocs : titres, paragraphes, témoignages, images, vidéos…"))
    external_url = models.URLField(
        _("Lien externe"), blank=True, help_text=_("Si la ressource se trouve sur un autre site, son adresse.")
    )
    author = models.CharField(
        _("Auteur / organisation"), max_length=200, blank=True, help_text=_("Qui a produit cette ressource.")
    )
    date = models.DateField(_("Date"), help_text=_("Date de publication ou de mise à jour de la ressource."))
    secondary_themes = ParentalManyToManyField(
        "pages.ThemePage",
        verbose_name=_("Autres thématiques"),
        blank=True,
        related_name="secondary_resources",
        help_text=_("La ressource sera aussi listée dans ces thématiques, en plus de sa thématique principale."),
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True, verbose_name=_("Mots-clés"))

    summary_field = "summary"
    template = "pages/resource_page.html"
    search_kind = Kind.RESOURCE
    search_text_fields = ("body",)
    search_themes_field = "secondary_themes"
    search_parent_theme = True
    # The tags through their tagged items: prefetching `tags` builds a queryset per page (taggit), a third of the cost
    # of loading a batch.
    search_prefetch_related = (
        "tagged_items__tag",
        attached_documents_prefetch(ResourcePageDocument),
        "secondary_themes",
    )
    api_prefetch_related = ("secondary_themes", "tagged_items__tag", "documents__document")
    parent_page_types = ["pages.ThemePage"]
    subpage_types = []

    content_panels = AbstractContentPage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("resource_type"), FieldPanel("author"), FieldPanel("date")], heading=_("Description")
        ),
        FieldPanel("body"),
        documents_panel(),
        FieldPanel("external_url"),
        MultiFieldPanel(
            [FieldPanel("secondary_themes", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Classement"),
        ),
        related_panel(),
    ]
    search_fields = AbstractContentPage.search_fields + [
        SearchField("summary"),
        SearchField("body"),
        SearchField("author"),
        index.AutocompleteField("title"),
        index.FilterField("resource_type"),
        index.FilterField("date"),
        index.RelatedFields("tags", [SearchField("name")]),
    ]
    api_fields = AbstractContentPage.api_fields + [
        APIField("summary"),
        APIField("resource_type"),
        APIField("resource_type_label", serializer=CharField(source="get_resource_type_display")),
        APIField("body"),
        APIField("external_url"),
        APIField("author"),
        APIField("date"),
        APIField("primary_theme", serializer=PrimaryThemeField()),
        APIField("secondary_themes", serializer=ThemesField()),
        APIField("tags", serializer=TagNamesField(source="tagged_items")),
        APIField("documents", serializer=AttachedDocumentsField()),
        APIField("related", serializer=RelatedField()),
    ]

    @staticmethod
    def ids_with_keyword(slug):
        """The ids of the resources carrying the keyword `slug`, as a query (a subquery of the search's keyword
        filter); drafts and private pages included: the search entries they are matched with are public ones."""
        return ResourcePageTag.objects.filter(tag__slug=slug).values("content_object_id")

    @staticmethod
    def keyword_name(slug):
        """The keyword's name as editors wrote it (« Éducation permanente » for `education-permanente`), or None."""
        return ResourcePageTag.tag_model().objects.filter(slug=slug).values_list("name", flat=True).first()

    def get_context(self, request, *args, **kwargs):
        # The template and the JSON-LD (pages/seo.py) both list the secondary themes and the tags: one query
        # each instead of two. A draft's own themes and tags (a preview) stay in memory: modelcluster keeps them.
        prefetch_related_objects([self], "secondary_themes", "tags")
        return super().get_context(request, *args, **kwargs)

    def search_document(self):
        # The tags in a stable order, whatever the query; from the tagged items the bulk builder loaded, if it did.
        if "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            tags = sorted(item.tag.name for item in self.tagged_items.all())
        else:
            tags = sorted(tag.name for tag in self.tags.all())
        return {
            **super().search_document(),
            "body": self.search_text(self.author, *tags),
            "date": self.date,
            "resource_type": self.resource_type,
        }

    def search_themes(self, linked, parent):
        """Its parent theme first (its primary theme), then its other themes."""
        return parent, ([parent] if parent else []) + [theme for theme in linked if theme != parent]

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        indexes = [
            # The home's latest resources (-date, -pk) and the theme listings (-date, title) read the newest
            # first and stop after one page, instead of sorting every resource (docs/benchmarks.md, « Site »).
            models.Index(fields=["-date", "-page_ptr"], name="resource_latest_idx"),
        ]
