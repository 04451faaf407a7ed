"""What contributors send through the public form, and visitors' requests for person-to-person dossiers.

Nothing here is public: contributions and their files are seen by moderators only, until a
moderator accepts one and it becomes a draft page with public documents.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from cms.index_values import SearchField
from cms.storage import get_private_storage
from search.models import Kind

from .base import AbstractContentPage, intro_field, rich_text_field
from .dossiers import access_mode_field, dossier_status_field, year_field
from .form_views import public_form_views
from .snippets import province_field


def acknowledgement_withheld_field():
    """When the per-address limit kept a submission's acknowledgement from being mailed
    (pages/contributions/mail_limits.py)."""
    return models.DateTimeField(
        _("Accusé de réception retenu (limite par adresse) le"),
        null=True,
        blank=True,
        help_text=_(
            "Un autre accusé de réception venait de partir vers cette adresse : celui-ci n'a pas été envoyé "
            "(limite par destinataire)."
        ),
    )


class ContributionKind(models.TextChoices):
    RESOURCE = "ressource", _("Une ressource")
    LINK = "lien", _("Un lien utile")
    DOSSIER = "dossier", _("Le dossier de reconnaissance de mon centre")


class ContributionStatus(models.TextChoices):
    PENDING = "en-attente", _("En attente")
    ACCEPTED = "acceptee", _("Acceptée")
    REFUSED = "refusee", _("Refusée")
    SPAM = "spam", _("Indésirable")


class Contribution(models.Model):
    submission_token = models.UUIDField(
        _("Jeton d'envoi"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Identifie un envoi : le même formulaire envoyé deux fois ne crée qu'une contribution."),
    )
    kind = models.CharField(_("Type de contribution"), max_length=20, choices=ContributionKind.choices)
    title = models.CharField(_("Titre"), max_length=255)
    description = models.TextField(_("Description"))
    themes = models.ManyToManyField("pages.ThemePage", verbose_name=_("Thématiques"), blank=True, related_name="+")
    url = models.URLField(_("Adresse (lien)"), blank=True, max_length=500)
    centre = models.ForeignKey(
        "pages.CulturalCentre",
        verbose_name=_("Centre culturel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    new_centre_name = models.CharField(_("Nouveau centre culturel"), max_length=200, blank=True)
    new_centre_commune = models.CharField(_("Commune du nouveau centre"), max_length=120, blank=True)
    new_centre_province = province_field(_("Province du nouveau centre"), blank=True)
    dossier_status = dossier_status_field(_("Statut du dossier"), blank=True)
    dossier_year = year_field(_("Année de dépôt"), optional=True)
    access_mode = access_mode_field(_("Mode d'accès"), blank=True)
    contextualisation = models.TextField(_("Contextualisation"), blank=True)

    # Personal data: erased after the retention period (see `purge_contribution_personal_data`).
    contributor_name = models.CharField(_("Nom"), max_length=120)
    contributor_email = models.EmailField(_("E-mail"))
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    role = models.CharField(_("Fonction"), max_length=120, blank=True)
    consent_licence = models.BooleanField(_("Accord de partage"), default=False)
    consent_personal_data = models.BooleanField(_("Accord sur les données personnelles"), default=False)
    personal_data_erased_at = models.DateTimeField(_("Données personnelles effacées le"), null=True, blank=True)

    status = models.CharField(
        _("Statut"), max_length=20, choices=ContributionStatus.choices, default=ContributionStatus.PENDING
    )
    refusal_reason = models.TextField(_("Motif du refus"), blank=True)
    created_at = models.DateTimeField(_("Reçue le"), auto_now_add=True)
    processed_at = models.DateTimeField(_("Traitée le"), null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Traitée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page créée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledgement_sent_at = models.DateTimeField(_("Accusé de réception envoyé le"), null=True, blank=True)
    acknowledgement_withheld_at = acknowledgement_withheld_field()
    notification_sent_at = models.DateTimeField(_("Notification envoyée le"), null=True, blank=True)
    notification_deferred_at = models.DateTimeField(
        _("Notification reportée au récapitulatif le"),
        null=True,
        blank=True,
        help_text=_(
            "Trop de contributions en peu de temps : celle-ci a été annoncée dans un e-mail récapitulatif, "
            "envoyé à la date de « Notification envoyée le »."
        ),
    )
    refusal_sent_at = models.DateTimeField(_("Refus envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def centre_label(self):
        return self.centre.name if self.centre_id else self.new_centre_name


def contribution_upload_to(instance, filename):
    return f"contributions/{instance.contribution.submission_token}/{filename}"


class ContributionFile(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("Fichier"), storage=get_private_storage, upload_to=contribution_upload_to, max_length=255)
    original_name = models.CharField(_("Nom d'origine"), max_length=255)
    file_type = models.CharField(_("Format"), max_length=10)
    size = models.PositiveBigIntegerField(_("Taille"))
    sha256 = models.CharField(max_length=64)
    document = models.ForeignKey(
        "pages.PlatformDocument",
        verbose_name=_("Document publié"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fichier de contribution")
        verbose_name_plural = _("fichiers de contribution")

    def __str__(self):
        return self.original_name


class DossierRequest(models.Model):
    """A visitor asks a centre for its dossier shared « de personne à personne »."""

    dossier = models.ForeignKey(
        "pages.DossierPage", verbose_name=_("Dossier"), on_delete=models.CASCADE, related_name="requests"
    )
    name = models.CharField(_("Nom"), max_length=120)
    email = models.EmailField(_("E-mail"))
    centre = models.CharField(_("Centre culturel ou organisation"), max_length=200)
    message = models.TextField(_("Contexte de la demande"))
    consent_personal_data = models.BooleanField(_("Accord sur les données personnelles"), default=False)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("Reçue le"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("Transmise au centre le"), null=True, blank=True)
    acknowledgement_sent_at = models.DateTimeField(_("Accusé de réception envoyé le"), null=True, blank=True)
    acknowledgement_withheld_at = acknowledgement_withheld_field()
    personal_data_erased_at = models.DateTimeField(_("Données personnelles effacées le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande de dossier")
        verbose_name_plural = _("demandes de dossiers")

    def __str__(self):
        return f"{self.name} → {self.dossier}"


class ContributionPage(RoutablePageMixin, AbstractContentPage):
    """« Contribuer » at /contribuer/: the public form to propose a resource, a link or a dossier.

    The form posts to the page itself; a stored contribution redirects to « merci/ » (post/redirect/get).
    """

    intro = intro_field(_("Affichée au-dessus du formulaire : ce que l'on peut partager et comment c'est utilisé."))
    thank_you_text = rich_text_field(
        _("Texte de remerciement"),
        _("Affiché après l'envoi d'une contribution."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page « Vie privée »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Liée depuis la case de consentement sur les données personnelles."),
    )

    summary_field = "search_description"
    search_kind = Kind.PAGE
    search_text_fields = ("intro",)
    template = "pages/contribution_page.html"
    landing_template = "pages/contribution_page_landing.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = AbstractContentPage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_page"),
    ]
    search_fields = AbstractContentPage.search_fields + [SearchField("intro")]
    api_fields = AbstractContentPage.api_fields + [APIField("intro"), APIField("thank_you_text")]

    class Meta:
        verbose_name = _("page de contribution")
        verbose_name_plural = _("pages de contribution")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["form"] = public_form_views["contribution_form_for"](self, request)
        return context

    @path("", name="contribution_form")
    def contribution_form(self, request):
        return public_form_views["contribution_form"](self, request)

    @path("merci/", name="contribution_thanks")
    def contribution_thanks(self, request):
        return self.render(request, template="pages/contribution_thanks.html")
