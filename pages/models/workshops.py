from django import forms
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.index_values import SearchField
from pages import listings, renditions
from pages.api.fields import AttachedDocumentsField, ImageField, RelatedField, ThemesField
from pages.api.representations import LARGE_SPEC
from pages.blocks import BodyStreamBlock
from search.models import Kind

from .attachments import (
    AttachedDocument,
    AttachedDocumentsMixin,
    AttachedPhoto,
    attached_documents_prefetch,
    documents_panel,
)
from .base import AbstractContentPage, intro_field, rich_text_field, summary_field
from .panels import InlinePanel
from .related import RelatedChoice, related_panel


class WorkshopIndexPage(AbstractContentPage):
    """« Rencontres-ateliers »: upcoming announcements first, then the write-ups of past ones."""

    intro = intro_field(_("Présente les rencontres-ateliers au-dessus des annonces et des comptes rendus."))

    template = "pages/workshop_index_page.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.WorkshopReportPage"]
    max_count = 1

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro")]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro")]
    api_fields = AbstractContentPage.api_fields + [APIField("intro")]

    class Meta:
        verbose_name = _("index des rencontres-ateliers")
        verbose_name_plural = _("index des rencontres-ateliers")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.workshop_listing(self, request))
        return context


class ParticipantRole(models.TextChoices):
    SPEAKER = "intervenant", _("Intervenant·e")
    WITNESS = "temoin", _("Témoin")
    FACILITATOR = "animateur", _("Animateur·rice")


class WorkshopParticipant(Orderable):
    page = ParentalKey("pages.WorkshopReportPage", related_name="participants", on_delete=models.CASCADE)
    name = models.CharField(_("Nom"), max_length=120, help_text=_("Prénom et nom, tels que la personne les écrit."))
    role = models.CharField(
        _("Rôle"),
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.SPEAKER,
        help_text=_("Ce que la personne a fait pendant la rencontre."),
    )
    function = models.CharField(
        _("Fonction"), max_length=160, blank=True, help_text=_("Par ex. « Directrice », « Chargé de projets ».")
    )
    organisation = models.CharField(
        _("Centre culturel ou organisation"),
        max_length=200,
        blank=True,
        help_text=_("Où la personne travaille, par ex. « Centre culturel de Rochefort »."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("function"), FieldPanel("organisation")]),
    ]
    api_fields = [APIField("name"), APIField("role"), APIField("function"), APIField("organisation")]
    add_label = _("Ajouter un intervenant ou un témoin")

    class Meta(Orderable.Meta):
        verbose_name = _("intervenant ou témoin")
        verbose_name_plural = _("intervenants et témoins")


class WorkshopPhoto(AttachedPhoto):
    page = ParentalKey("pages.WorkshopReportPage", related_name="photos", on_delete=models.CASCADE)

    api_fields = [
        APIField("image", serializer=ImageField(LARGE_SPEC, uses=renditions.PHOTO_USES)),
        APIField("caption"),
        APIField("credit"),
    ]


class WorkshopDocument(AttachedDocument):
    page = ParentalKey("pages.WorkshopReportPage", related_name="documents", on_delete=models.CASCADE)


class WorkshopReportPageRelatedChoice(RelatedChoice):
    page = ParentalKey("pages.WorkshopReportPage", related_name="related_choices", on_delete=models.CASCADE)


class WorkshopReportPage(AttachedDocumentsMixin, AbstractContentPage):
    """A rencontre-atelier: an announcement while it is upcoming, its write-up once it has taken place."""

    date = models.DateField(
        _("Date de la rencontre"),
        help_text=_("Le jour de la rencontre : à venir, elle est annoncée ; passée, c'est un compte rendu."),
    )
    start_time = models.TimeField(
        _("Heure de début"), null=True, blank=True, help_text=_("Par ex. 9:30. Laissez vide si elle n'est pas connue.")
    )
    end_time = models.TimeField(_("Heure de fin"), null=True, blank=True, help_text=_("Par ex. 16:00."))
    place = models.CharField(_("Lieu"), max_length=200, help_text=_("Par ex. « Centre culturel de Rochefort »."))
    address = models.CharField(
        _("Adresse"),
        max_length=250,
        blank=True,
        help_text=_("Rue, numéro, code postal et commune du lieu de la rencontre."),
    )
    summary = summary_field(_("En quelques phrases : le sujet de la rencontre et ce qu'on en retient."))
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("Compte rendu"),
        blank=True,
        help_text=_("Le déroulé de la journée, les témoignages, les enseignements."),
    )
    registration_info = rich_text_field(
        _("Informations d'inscription"),
        _("Affichées tant que la rencontre est à venir : prix, public, comment s'inscrire."),
    )
    registration_url = models.URLField(
        _("Lien d'inscription"),
        blank=True,
        help_text=_("L'adresse du formulaire d'inscription en ligne, pour une rencontre à venir."),
    )
    themes = ParentalManyToManyField(
        "pages.ThemePage",
        verbose_name=_("Thématiques"),
        blank=True,
        related_name="workshops",
        help_text=_("Cochez les thématiques de la Boîte à outils dont la rencontre a parlé."),
    )

    summary_field = "summary"
    search_kind = Kind.WORKSHOP
    search_text_fields = ("body", "registration_info", "place", "address")
    search_themes_field = "themes"
    search_prefetch_related = ("participants", attached_documents_prefetch(WorkshopDocument), "themes")
    api_prefetch_related = ("themes", "participants", "documents__document")
    template = "pages/workshop_report_page.html"
    parent_page_types = ["pages.WorkshopIndexPage"]
    subpage_types = []

    content_panels = AbstractContentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("address")]),
            ],
            heading=_("Quand et où"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("registration_info"), FieldPanel("registration_url")], heading=_("Inscription")),
        InlinePanel("participants", heading=_("Intervenants et témoins")),
        FieldPanel("body"),
        InlinePanel("photos", heading=_("Photos")),
        documents_panel(),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        related_panel(),
    ]
    search_fields = AbstractContentPage.search_fields + [
        SearchField("summary"),
        SearchField("body"),
        SearchField("place"),
        index.AutocompleteField("title"),
        index.RelatedFields("participants", [SearchField("name"), SearchField("organisation")]),
        index.FilterField("date"),
    ]
    api_fields = AbstractContentPage.api_fields + [
        APIField("date"),
        APIField("start_time"),
        APIField("end_time"),
        APIField("place"),
        APIField("address"),
        APIField("summary"),
        APIField("body"),
        APIField("registration_info"),
        APIField("registration_url"),
        APIField("participants"),
        APIField("photos"),
        APIField("documents", serializer=AttachedDocumentsField()),
        APIField("themes", serializer=ThemesField()),
        APIField("is_upcoming"),
        APIField("related", serializer=RelatedField()),
    ]

    class Meta:
        verbose_name = _("rencontre-atelier")
        verbose_name_plural = _("rencontres-ateliers")
        indexes = [
            # The next and the latest rencontres (home, index): read in date order, not all sorted.
            models.Index(fields=["-date", "-page_ptr"], name="workshop_date_idx"),
        ]

    def search_document(self):
        participants = (f"{p.name} {p.function} {p.organisation}" for p in self.participants.all())
        return {**super().search_document(), "body": self.search_text(*participants), "date": self.date}

    def share_image(self):
        """Its listing image, or else its first photo."""
        image = super().share_image()
        if image is None:
            if "photos" in getattr(self, "_prefetched_objects_cache", {}):
                photo = next(iter(self.photos.all()), None)
            else:
                photo = self.photos.select_related("image").first()
            image = photo.image if photo else None
        return image

    @classmethod
    def for_cards(cls, queryset):
        """The id of each rencontre's first photo's image, in the pages' own query."""
        first_photo = WorkshopPhoto.objects.filter(page=OuterRef("pk")).order_by(*WorkshopPhoto._meta.ordering)
        return queryset.annotate(first_photo_image_id=Subquery(first_photo.values("image_id")[:1]))

    def card_fallback_image_id(self):
        """Its first photo, else the first image of its write-up."""
        if "first_photo_image_id" in self.__dict__:
            photo = self.first_photo_image_id
        else:
            photo = self.photos.values_list("image_id", flat=True).first()
        return photo or super().card_fallback_image_id()

    def get_context(self, request, *args, **kwargs):
        # The template and the JSON-LD both read the photos (the first is the share image when there is no listing
        # image), the participants and the themes: one query each, and one for the gallery's renditions. A draft's
        # own inlines (a preview) stay in memory.
        if not getattr(request, "is_preview", False):
            from pages.seo import SHARE_IMAGE_SPEC  # pages.seo imports the models

            photos = WorkshopPhoto.objects.select_related("image")
            prefetch_related_objects([self], "participants", "themes", Prefetch("photos", queryset=photos))
            images = [photo.image for photo in self.photos.all()]
            renditions.prefetch_objects(images, "card", extra=[SHARE_IMAGE_SPEC] if images else ())
        return super().get_context(request, *args, **kwargs)

    @classmethod
    def api_prefetches(cls):
        photos = WorkshopPhoto.objects.select_related("image").prefetch_related(
            renditions.prefetch_through("image", *renditions.PHOTO_USES, extra=[LARGE_SPEC])
        )
        return [*super().api_prefetches(), Prefetch("photos", queryset=photos)]

    @property
    def is_upcoming(self) -> bool:
        return self.date >= timezone.localdate()
