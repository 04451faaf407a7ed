import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from cms.index_values import SearchField
from pages import listings
from pages.api.fields import AttachedDocumentsField, CentreField, RelatedField, ThemesField
from search.models import Kind

from .attachments import AttachedDocument, AttachedDocumentsMixin, attached_documents_prefetch
from .base import AbstractContentPage, intro_field, rich_text_field, summary_field
from .form_views import public_form_views
from .panels import InlinePanel
from .related import RelatedChoice, related_panel

INSPIRATION_NOTICE = _(
    "Les dossiers sont publiés à titre informatif, comme des sources d'inspiration, pas comme des modèles à suivre !"
)


class DossierStatus(models.TextChoices):
    APPROVED = "approuve", _("Approuvé")
    PENDING = "en-cours", _("En cours de traitement")


class AccessMode(models.TextChoices):
    DOWNLOAD = "telechargement", _("Téléchargement direct")
    PERSON_TO_PERSON = "personne-a-personne", _("De personne à personne")


def dossier_status_field(verbose_name, **options):
    """Where a dossier stands (`DossierStatus`): a dossier page's, and that of the dossier a contribution proposes."""
    return models.CharField(verbose_name, max_length=20, choices=DossierStatus.choices, **options)


def year_field(verbose_name, *, optional=False, **options):
    """A year, as 2024: a dossier's submission and recognition years, and the year of the dossier a contribution
    proposes."""
    return models.PositiveSmallIntegerField(verbose_name, null=optional, blank=optional, **options)


def access_mode_field(verbose_name, **options):
    """How visitors get a dossier (`AccessMode`): a dossier page's, and that of the dossier a contribution proposes."""
    return models.CharField(verbose_name, max_length=24, choices=AccessMode.choices, **options)


class DossierLibraryPage(AbstractContentPage):
    """« Bibliothèque de dossiers » de demande de reconnaissance."""

    intro = intro_field(
        _("Présente la bibliothèque au-dessus de la liste des dossiers : ce qu'on y trouve, à quoi il sert.")
    )

    template = "pages/dossier_library_page.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.DossierPage"]
    max_count = 1

    content_panels = AbstractContentPage.content_panels + [FieldPanel("intro")]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro")]
    api_fields = AbstractContentPage.api_fields + [APIField("intro")]

    class Meta:
        verbose_name = _("bibliothèque de dossiers")
        verbose_name_plural = _("bibliothèques de dossiers")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.dossier_listing(self, request))
        context["inspiration_notice"] = INSPIRATION_NOTICE
        return context


class DossierPageDocument(AttachedDocument):
    page = ParentalKey("pages.DossierPage", related_name="documents", on_delete=models.CASCADE)


class DossierPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("recognition_start"), cleaned_data.get("recognition_end")
        if start and end and end < start:
            self.add_error("recognition_end", _("La fin de la période de reconnaissance précède son début."))
        if cleaned_data.get("access_mode") == AccessMode.DOWNLOAD:
            documents = self.formsets.get("documents")
            # The page form is cleaned before its formsets: each document form must be validated here.
            kept = [
                form
                for form in (documents.forms if documents else [])
                if form.is_valid() and form.cleaned_data.get("document") and not form.cleaned_data.get("DELETE")
            ]
            if not kept:
                self.add_error(
                    "access_mode",
                    _(
                        "Un dossier en téléchargement direct doit avoir au moins un document. "
                        "Ajoutez-le ci-dessous ou choisissez « De personne à personne »."
                    ),
                )
        return cleaned_data


class DossierPageRelatedChoice(RelatedChoice):
    page = ParentalKey("pages.DossierPage", related_name="related_choices", on_delete=models.CASCADE)


class DossierPage(RoutablePageMixin, AttachedDocumentsMixin, AbstractContentPage):
    """A centre's recognition dossier, shared as a source of inspiration.

    Shared « de personne à personne », it shows a request form posting to « demander/ »; the centre's
    address stays private (the request is e-mailed to it by `pages.contributions.services.request_dossier`).
    """

    centre = models.ForeignKey(
        "pages.CulturalCentre",
        verbose_name=_("Centre culturel"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text=_("Le centre qui a rédigé ce dossier. Absent de la liste ? Ajoutez-le dans « Centres culturels »."),
    )
    status = dossier_status_field(
        _("Statut"), help_text=_("Où en est le dossier (déposé, reconnu…) : la bibliothèque se filtre par statut.")
    )
    submission_year = year_field(
        _("Année de dépôt"), help_text=_("L'année où le centre a déposé ce dossier, par ex. 2024.")
    )
    recognition_start = year_field(
        _("Début de la reconnaissance"),
        optional=True,
        help_text=_("Première année couverte par la reconnaissance, si le dossier a été reconnu."),
    )
    recognition_end = year_field(
        _("Fin de la reconnaissance"), optional=True, help_text=_("Dernière année couverte par la reconnaissance.")
    )
    access_mode = access_mode_field(
        _("Mode d'accès"),
        default=AccessMode.DOWNLOAD,
        help_text=_(
            "Téléchargement direct : les documents sont librement téléchargeables. "
            "De personne à personne : le visiteur demande le dossier et le centre lui répond."
        ),
    )
    summary = summary_field(
        _("En quelques phrases : le territoire, le projet, ce que ce dossier peut apprendre aux autres."), blank=True
    )
    contextualisation = rich_text_field(
        _("Contextualisation"),
        _(
            "Le contexte du centre et du dossier : territoire, équipe, choix posés, "
            "ce qu'il faut savoir avant de le lire."
        ),
        blank=False,
    )
    themes = ParentalManyToManyField(
        "pages.ThemePage",
        verbose_name=_("Thématiques"),
        blank=True,
        related_name="dossiers",
        help_text=_("Cochez les thématiques de la Boîte à outils où ce dossier est utile : il y sera proposé."),
    )

    base_form_class = DossierPageForm
    summary_field = "summary"
    template = "pages/dossier_page.html"
    search_kind = Kind.DOSSIER
    search_text_fields = ("contextualisation",)
    search_themes_field = "themes"
    search_select_related = ("centre",)
    search_prefetch_related = (attached_documents_prefetch(DossierPageDocument), "themes")
    api_select_related = ("centre",)
    detail_select_related = ("listing_image", "centre")
    api_prefetch_related = ("themes", "documents__document")
    parent_page_types = ["pages.DossierLibraryPage"]
    subpage_types = []

    content_panels = AbstractContentPage.content_panels + [
        FieldPanel("centre"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("submission_year")]),
                FieldRowPanel([FieldPanel("recognition_start"), FieldPanel("recognition_end")]),
            ],
            heading=_("Reconnaissance"),
        ),
        FieldPanel("summary"),
        FieldPanel("contextualisation"),
        FieldPanel("access_mode"),
        InlinePanel("documents", heading=_("Documents du dossier")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        related_panel(),
    ]
    search_fields = AbstractContentPage.search_fields + [
        SearchField("summary"),
        SearchField("contextualisation"),
        index.RelatedFields("centre", [SearchField("name"), SearchField("commune")]),
        index.FilterField("status"),
        index.FilterField("submission_year"),
        index.FilterField("access_mode"),
    ]
    api_fields = AbstractContentPage.api_fields + [
        APIField("centre", serializer=CentreField()),
        APIField("status"),
        APIField("status_label", serializer=CharField(source="get_status_display")),
        APIField("submission_year"),
        APIField("recognition_start"),
        APIField("recognition_end"),
        APIField("recognition_period"),
        APIField("access_mode"),
        APIField("access_mode_label", serializer=CharField(source="get_access_mode_display")),
        APIField("is_downloadable"),
        APIField("summary"),
        APIField("contextualisation"),
        APIField("themes", serializer=ThemesField()),
        # Empty for a dossier shared « de personne à personne »: its files are not public.
        APIField("documents", serializer=AttachedDocumentsField()),
        APIField("related", serializer=RelatedField()),
    ]

    class Meta:
        verbose_name = _("dossier de reconnaissance")
        verbose_name_plural = _("dossiers de reconnaissance")

    def clean(self):
        super().clean()
        if self.recognition_start and self.recognition_end and self.recognition_end < self.recognition_start:
            raise ValidationError({"recognition_end": _("La fin de la période de reconnaissance précède son début.")})

    @property
    def recognition_period(self) -> str:
        if self.recognition_start and self.recognition_end:
            return f"{self.recognition_start}–{self.recognition_end}"
        if self.recognition_start:
            return str(self.recognition_start)
        return ""

    def search_document(self):
        # Dated by the year of its submission.
        return {
            **super().search_document(),
            "centre": self.centre.label,
            "date": datetime.date(self.submission_year, 1, 1),
            "status": self.status,
            "province": self.centre.province,
        }

    @property
    def is_downloadable(self) -> bool:
        return self.access_mode == AccessMode.DOWNLOAD

    def public_documents(self, request=None):
        """None « de personne à personne »: the centre sends its files to whoever asks."""
        return super().public_documents(request) if self.is_downloadable else []

    def offered_documents(self):
        """« De personne à personne », the inline's files are not offered (they usually lie in a restricted
        collection on purpose): only the documents of the texts are."""
        if self.is_downloadable:
            return super().offered_documents()
        return AbstractContentPage.offered_documents(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["inspiration_notice"] = INSPIRATION_NOTICE
        context["documents"] = self.public_documents(request)
        if not self.is_downloadable:
            context["request_form"] = public_form_views["request_form_for"](self, request)
            context["request_form_action"] = (self.get_url(request) or "") + self.reverse_subpage("dossier_request")
        elif context["documents"]:
            context["archive_url"] = (self.get_url(request) or "") + self.reverse_subpage("dossier_archive")
        return context

    @path("telecharger/", name="dossier_archive")
    def dossier_archive(self, request):
        """« Télécharger tout le dossier (ZIP) »: its public documents and a LISEZ-MOI (pages/dossier_archive.py)."""
        from pages import dossier_archive  # imported here: that module imports the models

        return dossier_archive.archive_response(self, request)

    @path("demander/", name="dossier_request")
    def dossier_request(self, request):
        return public_form_views["dossier_request"](self, request)

    @path("demande-envoyee/", name="dossier_request_sent")
    def dossier_request_sent(self, request):
        return public_form_views["dossier_request_sent"](self, request)
