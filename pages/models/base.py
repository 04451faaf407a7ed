"""The abstract page every content page extends, and the small mixins it is made of."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.dates import PublishingPanel
from cms.index_values import SearchField
from pages.api.fields import ImageField
from pages.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from pages.blocks.plain_text import strip_tags
from pages.document_visibility import public_only

from .preview import HeadlessPreviewMixin


def rich_text_field(verbose_name, help_text, *, blank=True):
    """Rich text with the editors' features (headings, lists, links, documents)."""
    return RichTextField(verbose_name, features=RICH_TEXT_FEATURES, blank=blank, help_text=help_text)


def intro_field(help_text):
    """A page's introduction under its title: optional rich text."""
    return rich_text_field(_("Introduction"), help_text)


def summary_field(help_text, *, verbose_name=None, blank=False):
    """A few sentences of plain text under a page's title: its summary (or, named so, a plain-text introduction)."""
    return models.TextField(verbose_name or _("Résumé"), max_length=600, blank=blank, help_text=help_text)


def body_field(help_text):
    """A page's content in blocks (`BodyStreamBlock`), optional."""
    return StreamField(BodyStreamBlock(), verbose_name=_("Contenu"), blank=True, help_text=help_text)


class ListingFields(models.Model):
    """How a page presents itself in listings and cards (and as its social-sharing image)."""

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image pour les listes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Affichée sur les vignettes qui mènent à cette page et lors des partages."),
    )
    listing_summary = models.TextField(
        _("Résumé pour les listes"),
        blank=True,
        max_length=400,
        help_text=_(
            "Deux ou trois phrases qui donnent envie d'ouvrir la page. "
            "Laissez vide pour reprendre le résumé de la page."
        ),
    )

    listing_panels = [
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_summary")],
            heading=_("Présentation dans les listes"),
        )
    ]

    class Meta:
        abstract = True

    def share_image(self):
        """The image that represents the page when shared (pages/seo.py): its listing image, or None."""
        return self.listing_image if self.listing_image_id else None

    @classmethod
    def detail_annotations(cls):
        """Values read with the page it serves, in the same query (pages/routing.py); a type adds its own."""
        return {}

    # --- The image of the page's card in listings ---

    @classmethod
    def for_cards(cls, queryset):
        """`queryset` with what `card_image_id()` reads of each page (a type's annotations): no query per card."""
        return queryset

    def card_image_id(self):
        """The id of the card's image: the listing image, else the first image of the page's own (a type's
        `card_fallback_image_id()`), or None."""
        return self.listing_image_id or self.card_fallback_image_id()

    def card_fallback_image_id(self):
        """The first image of the page's StreamFields (a figure), from their raw data: no query."""
        for field in self._meta.get_fields():
            if not hasattr(field, "stream_block"):
                continue
            for block in getattr(field.value_from_object(self), "raw_data", None) or []:
                image = (block.get("value") or {}).get("image") if isinstance(block.get("value"), dict) else None
                image_id = image.get("image") if isinstance(image, dict) else image
                if isinstance(image_id, int):
                    return image_id
        return None

    def set_card_image(self, image):
        self._card_image = image

    def card_image(self):
        """The image of the page's card (pages/listings.py `with_card_images` loads those of a list at once)."""
        if "_card_image" not in self.__dict__:
            image_id = self.card_image_id()
            if image_id and image_id == self.listing_image_id:
                self._card_image = self.listing_image
            else:
                self._card_image = get_image_model().objects.filter(pk=image_id).first() if image_id else None
        return self._card_image


class AbstractContentPage(HeadlessPreviewMixin, ListingFields, Page):
    """Base of every public page: listing fields, SEO fields (Wagtail's own), search, API, headless preview."""

    # The field each page type uses as its own introduction, used when no listing summary is set.
    summary_field = ""

    promote_panels = Page.promote_panels + ListingFields.listing_panels
    # Wagtail's own, its publishing schedule's pickers keeping what the editor typed (cms/dates.py).
    settings_panels = [PublishingPanel(), *Page.settings_panels[1:]]

    search_fields = Page.search_fields + [
        SearchField("listing_summary"),
        SearchField("search_description"),
    ]

    # Stream bodies are detail-only (pages.api.endpoints.PagesEndpoint.detail_only_fields).
    api_fields = [
        APIField("listing_summary"),
        APIField("listing_image", serializer=ImageField()),
        APIField("card_summary"),
        APIField("search_description"),
        APIField("last_published_at"),
    ]

    # The public search (search/entries.py turns `search_document()` into the page's `SearchEntry`): the entry's
    # kind (None: never searched), the fields whose text it searches, the many-to-many to ThemePage giving its
    # themes, and what to load with a batch of pages so that building their entries reads nothing page by page.
    search_kind = None
    search_text_fields = ()
    search_themes_field = ""
    search_parent_theme = False  # the page's parent theme is its primary theme (`search_themes`)
    search_select_related = ()
    search_prefetch_related = ()
    # What the API's page listings fetch with the pages (pages/api/endpoints.py `optimise`): what `api_fields` read.
    api_select_related = ()
    api_prefetch_related = ()
    # What routing joins when it reads the page it serves (pages/routing.py): what its page and its SEO tags read.
    detail_select_related = ("listing_image",)

    class Meta:
        abstract = True

    def search_document(self):
        """What the public search knows of this page: its text, its date and its facet values (keyed as
        search/facets.py's `source`). Page types add theirs; the themes and documents come from
        `search_themes` and `public_documents`."""
        return {
            "kind": self.search_kind,
            "title": self.title,
            "summary": self.card_summary or "",
            "centre": "",
            "body": self.search_text(),
            # Only content with a date of its own has one: themes and standard pages are timeless.
            "date": None,
        }

    def search_text(self, *extra):
        """The text of `search_text_fields` (every block of a StreamField, without tags), then `extra`, one per line."""
        parts = [self._field_text(name) for name in self.search_text_fields]
        return "\n".join(part for part in [*parts, *extra] if part)

    def _field_text(self, field_name):
        value = getattr(self, field_name, None)
        if not value:
            return ""
        field = self._meta.get_field(field_name)
        if hasattr(field, "get_searchable_content"):  # StreamField: text of every block, testimonies included
            return " ".join(strip_tags(str(chunk)) for chunk in field.get_searchable_content(value))
        return strip_tags(str(value))

    def search_themes(self, linked, parent):
        """(primary theme, themes) of the page's entry, from the themes of its `search_themes_field` (`linked`) and,
        with `search_parent_theme`, its parent theme (`parent`, or None)."""
        return None, linked

    @classmethod
    def api_prefetches(cls):
        """The prefetches of `api_prefetch_related` (a type adds those it must build when asked: Prefetch objects).

        A `relation__key` entry (a page's inline and the item each row points to) is read in one query, the item
        joined, rather than one for the rows and one for the items."""
        prefetches = []
        for lookup in cls.api_prefetch_related:
            relation, _, joined = lookup.partition("__") if isinstance(lookup, str) else (lookup, "", "")
            if joined and "__" not in joined:
                rows = cls._meta.get_field(relation).related_model.objects.select_related(joined)
                lookup = Prefetch(relation, queryset=rows)
            prefetches.append(lookup)
        return prefetches

    @property
    def card_summary(self) -> str:
        if self.listing_summary:
            return self.listing_summary
        if self.summary_field:
            return getattr(self, self.summary_field) or ""
        return self.search_description

    @property
    def meta_description(self):
        return self.search_description or self.card_summary

    def public_documents(self, request=None):
        """The documents this page offers that anonymous visitors may download
        (`pages.document_visibility.public_only`): what its template lists, its JSON-LD describes, the API returns
        and the search reads. None by default; page types with documents say which."""
        return []

    def content_document_ids(self):
        """The ids of the documents this page's StreamField blocks and rich-text links point to, in their order (no
        query beyond reading the blocks' own values)."""
        document_model = get_document_model()
        ids = {}
        for field in self._meta.get_fields():
            if not hasattr(field, "extract_references"):  # StreamField, RichTextField
                continue
            value = field.value_from_object(self)
            if value:
                ids.update(
                    (int(object_id), None)
                    for model, object_id, _path, _content_path in field.extract_references(value)
                    if issubclass(model, document_model) and str(object_id).isdigit()
                )
        return list(ids)

    def content_documents(self):
        """The documents of `content_document_ids()`, in that order: one query (none when the bulk search builder
        loaded them for a batch of pages, search/entries.py `load_content_documents`, or when there are none)."""
        if "_content_documents" not in self.__dict__:
            ids = self.content_document_ids()
            found = get_document_model().objects.in_bulk(ids) if ids else {}
            self._content_documents = [found[pk] for pk in ids if pk in found]
        return self._content_documents

    def searched_documents(self, request=None):
        """Every document of this page the public search reads (their titles and text): `public_documents()`, then
        the public documents of its blocks and rich-text links (`content_documents()`), each once."""
        listed = self.public_documents(request)
        known = {document.pk for document in listed}
        extra = [document for document in self.content_documents() if document.pk not in known]
        return [*listed, *public_only(extra, request)]

    def offered_documents(self):
        """Every document this page offers visitors, whoever may download it: those of its StreamField blocks and
        rich-text links here; page types add their own (an inline, a link entry's file). In the page's current
        state, unsaved inline items included (the editor's form)."""
        ids = self.content_document_ids()
        return list(get_document_model().objects.filter(pk__in=ids).order_by("title")) if ids else []
