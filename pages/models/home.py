from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField

from cms.index_values import SearchField
from pages import listings, routing

from .base import AbstractContentPage, intro_field


class HomePage(AbstractContentPage):
    hero_title = models.CharField(
        _("Titre d'accroche"),
        max_length=200,
        help_text=_("La grande phrase en haut de la page d'accueil : ce que la Plateforme propose, en une ligne."),
        default="Découvrir et conjuguer des expériences et des ressources entre équipes "
        "et professionnels en Centres culturels",
    )
    intro = intro_field(_("Quelques phrases sous le titre d'accroche pour présenter la Plateforme aux nouveaux venus."))
    contribute_title = models.CharField(
        _("Titre de l'appel à contribuer"),
        max_length=120,
        default="Aidez-nous à faire vivre la Plateforme",
        help_text=_("Le titre de l'encadré qui invite à partager une ressource, un lien ou un dossier."),
    )
    contribute_text = models.TextField(
        _("Texte de l'appel à contribuer"),
        blank=True,
        help_text=_("Une ou deux phrases dans cet encadré : pourquoi contribuer, ce qu'on peut partager."),
    )
    community_text = models.TextField(
        _("Texte sur la communauté Facebook"),
        blank=True,
        help_text=_("Présente le groupe Facebook de la Plateforme aux visiteurs."),
    )

    summary_field = "hero_title"
    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.ThemeIndexPage",
        "pages.DossierLibraryPage",
        "pages.LinkLibraryPage",
        "pages.WorkshopIndexPage",
        "pages.StandardPage",
        "pages.ContributionPage",
    ]
    max_count = 1

    content_panels = AbstractContentPage.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("contribute_title"), FieldPanel("contribute_text")], heading=_("Appel à contribuer")
        ),
        FieldPanel("community_text"),
    ]
    search_fields = AbstractContentPage.search_fields + [
        SearchField("hero_title"),
        SearchField("intro"),
    ]
    api_fields = AbstractContentPage.api_fields + [
        APIField("hero_title"),
        APIField("intro"),
        APIField("contribute_title"),
        APIField("contribute_text"),
        APIField("community_text"),
    ]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def route(self, request, path_components):
        """Every page of the site is routed from here: in two queries whatever its depth (pages/routing.py)."""
        if not path_components:
            return super().route(request, path_components)
        return routing.route(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.home_sections(self))
        return context
