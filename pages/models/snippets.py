from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from cms.index_values import SearchField


class Province(models.TextChoices):
    BRABANT_WALLON = "brabant-wallon", _("Brabant wallon")
    BRUXELLES = "bruxelles", _("Région de Bruxelles-Capitale")
    HAINAUT = "hainaut", _("Hainaut")
    LIEGE = "liege", _("Liège")
    LUXEMBOURG = "luxembourg", _("Luxembourg")
    NAMUR = "namur", _("Namur")


def province_field(verbose_name, **options):
    """A province of Wallonia or Brussels (`Province`): a centre's, and that of a new centre a contribution names."""
    return models.CharField(verbose_name, max_length=20, choices=Province.choices, **options)


class CulturalCentre(index.Indexed, models.Model):
    """A Centre culturel of Wallonia-Brussels. Its contact e-mail is private: never shown."""

    name = models.CharField(
        _("Nom"), max_length=200, unique=True, help_text=_("Le nom complet, par ex. « Centre culturel de Dinant ».")
    )
    commune = models.CharField(_("Commune"), max_length=120, help_text=_("La commune où le centre est installé."))
    province = province_field(
        _("Province / Région"), help_text=_("Sert au filtre par province de la bibliothèque de dossiers.")
    )
    website = models.URLField(
        _("Site internet"),
        blank=True,
        help_text=_("L'adresse complète du site du centre, par ex. https://www.ccdinant.be"),
    )
    contact_email = models.EmailField(
        _("E-mail de contact (privé)"),
        blank=True,
        help_text=_(
            "Utilisé uniquement pour transmettre les demandes de dossiers « de personne à personne ». "
            "Cette adresse n'est jamais affichée sur le site."
        ),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("commune"), FieldPanel("province")], heading=_("Localisation")),
        FieldPanel("website"),
        FieldPanel("contact_email"),
    ]

    search_fields = [
        SearchField("name"),
        index.AutocompleteField("name"),
        SearchField("commune"),
        index.FilterField("province"),
    ]

    add_label = _("Ajouter un centre culturel")

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre culturel")
        verbose_name_plural = _("centres culturels")

    def __str__(self):
        return self.name

    @property
    def label(self):
        """« Centre culturel de la Gaume (Virton) »: the centre as search hits and suggestions show it."""
        return f"{self.name} ({self.commune})" if self.commune else self.name


class LinkCategory(models.Model):
    name = models.CharField(
        _("Nom"), max_length=120, unique=True, help_text=_("Le titre de la rubrique, tel que les visiteurs le lisent.")
    )
    slug = models.SlugField(
        _("Identifiant dans l'adresse"),
        max_length=120,
        unique=True,
        help_text=_("Le nom en minuscules et sans accents, avec des tirets : par ex. « textes-officiels »."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("Ordre d'affichage"), default=0, help_text=_("Les catégories au plus petit nombre s'affichent en premier.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    add_label = _("Ajouter une catégorie de liens")

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("catégorie de liens")
        verbose_name_plural = _("catégories de liens")

    def __str__(self):
        return self.name


class Synonym(models.Model):
    """One equivalence of the sector's vocabulary (« AP » ⇄ « analyse partagée »): a search for any of its forms
    also finds the pages that use another one (search/synonyms.py, read at each search, no reindexing)."""

    term = models.CharField(
        _("Terme ou sigle"),
        max_length=100,
        unique=True,
        help_text=_("Le sigle ou le mot tel que les visiteurs le tapent, par ex. « AP »."),
    )
    equivalents = models.TextField(
        _("Équivalents"),
        max_length=1000,
        help_text=_(
            "Un équivalent par ligne, par ex. « analyse partagée ». Dans les deux sens : chercher « AP » trouve les "
            "pages qui disent « analyse partagée », et inversement. Pris en compte dès la recherche suivante."
        ),
    )

    panels = [FieldPanel("term"), FieldPanel("equivalents")]
    add_label = _("Ajouter un synonyme ou un sigle")

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonyme ou sigle")
        verbose_name_plural = _("synonymes et sigles")

    def __str__(self):
        """« AP ⇄ analyse partagée »: the entry with what it stands for, in the admin's titles and messages."""
        term, *equivalents = self.forms() or [self.term]
        return f"{term} ⇄ {', '.join(equivalents)}" if equivalents else term

    def forms(self):
        """The term, then each equivalent, as written (blank lines and repeats left out)."""
        forms = []
        for line in [self.term, *self.equivalents.splitlines()]:
            line = " ".join(line.split())
            if line and line.casefold() not in {form.casefold() for form in forms}:
                forms.append(line)
        return forms
