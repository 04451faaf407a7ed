"""« Voir aussi »: the editors' choices of a resource, a dossier or a rencontre (pages/search's `search/related.py`
computes the rest). Each row names a page to always propose (pinned, in the editors' order) or never to propose."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

from .panels import InlinePanel

# The page types « Voir aussi » proposes (and editors may choose).
RELATED_TYPES = ["pages.ResourcePage", "pages.DossierPage", "pages.WorkshopReportPage", "pages.LinkPage"]


class RelatedMode(models.TextChoices):
    PIN = "pin", _("Toujours proposer")
    EXCLUDE = "exclude", _("Ne jamais proposer")


class RelatedChoice(Orderable):
    """A page the editors always propose, or never propose, in the page's « Voir aussi »."""

    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Une ressource, un dossier, une rencontre-atelier ou un lien utile."),
    )
    mode = models.CharField(
        _("Choix"),
        max_length=10,
        choices=RelatedMode.choices,
        default=RelatedMode.PIN,
        help_text=_(
            "Toujours proposer : en tête de « Voir aussi », dans l'ordre de ces lignes. Ne jamais proposer : écartée."
        ),
    )

    add_label = _("Ajouter une page à proposer ou à écarter")
    panels = [PageChooserPanel("target", RELATED_TYPES), FieldPanel("mode")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("choix « Voir aussi »")
        verbose_name_plural = _("choix « Voir aussi »")


def related_panel():
    return InlinePanel(
        "related_choices",
        heading=_("Voir aussi"),
        help_text=_(
            "Le bas de la page propose 3 à 5 pages proches, choisies d'après les thématiques, les mots-clés et le "
            "sujet. Ajoutez ici une page à toujours proposer (en premier, dans cet ordre) ou à ne jamais proposer."
        ),
    )
