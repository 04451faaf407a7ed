from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Kind(models.TextChoices):
    RESOURCE = "ressource", _("Ressource")
    DOSSIER = "dossier", _("Dossier")
    LINK = "lien", _("Lien utile")
    WORKSHOP = "rencontre", _("Rencontre-atelier")
    THEME = "thematique", _("Thématique")
    PAGE = "page", _("Page")


class SearchEntry(index.Indexed, models.Model):
    """What the public search knows of one live, public page: its text and its facets.

    One row per searchable page, rebuilt whenever the page (or something it shows: its centre,
    its documents' text, its privacy) changes. Drafts and private pages have no row, so they can
    never be found, titles included. Every facet is a column, so filters run in the search query.
    """

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="search_entry")
    kind = models.CharField(_("Type de contenu"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titre"), max_length=255)
    summary = models.TextField(_("Résumé"), blank=True)
    body = models.TextField(_("Texte"), blank=True)
    centre = models.CharField(_("Centre culturel"), max_length=255, blank=True)
    documents_text = models.TextField(_("Texte des documents"), blank=True)
    date = models.DateField(_("Date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("Année"), null=True, blank=True)
    resource_type = models.CharField(_("Type de ressource"), max_length=20, blank=True)
    status = models.CharField(_("Statut du dossier"), max_length=20, blank=True)
    province = models.CharField(_("Province / Région"), max_length=20, blank=True)
    primary_theme = models.ForeignKey(
        "pages.ThemePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    themes = models.ManyToManyField("pages.ThemePage", blank=True, related_name="search_entries")
    documents = models.ManyToManyField("pages.PlatformDocument", blank=True, related_name="search_entries")
    # The ids of `themes`, sorted, comma-separated ("3,12"): facets are counted in one pass over the matches,
    # without joining the many-to-many table (search/queries.py).
    theme_ids = models.CharField(max_length=255, blank=True, editable=False)
    # PostgreSQL only (search/migrations/0006): kept up to date by a trigger from the text columns above.
    # `head_vector`: title (weight A), summary and centre (B), small enough to stay in the row;
    # `search_vector`: head_vector plus body (C) and documents' text (D), GIN-indexed, what searches match.
    # Empty on other databases (SQLite stores any column type and never reads them).
    head_vector = SearchVectorField(null=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    search_fields = [
        index.SearchField("title", boost=5),
        index.SearchField("summary", boost=2),
        index.SearchField("centre", boost=2),
        index.SearchField("body"),
        index.SearchField("documents_text"),
        index.AutocompleteField("title"),
        index.AutocompleteField("centre"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.FilterField("year"),
        index.FilterField("resource_type"),
        index.FilterField("status"),
        index.FilterField("province"),
        index.FilterField("primary_theme"),
        # Themes (several per entry) are filtered with `pk__in` a subquery of the through table.
        index.FilterField("id"),
    ]

    class Meta:
        # Newest first: the order of results by date, and of the candidates of a common word (search/backends.py).
        indexes = [
            models.Index(fields=["-date", "-id"], name="platform_entry_date_desc"),
            # A facet filter and the newest first: PostgreSQL walks the entries of that value only, newest first,
            # instead of all entries newest first looking for that value (a year's entries sit together in time).
            *(
                models.Index(fields=[facet, "-date", "-id"], name=f"platform_entry_{short}_date")
                for facet, short in [
                    ("kind", "kind"),
                    ("resource_type", "rtype"),
                    ("status", "status"),
                    ("year", "year"),
                    ("province", "prov"),
                ]
            ),
        ]
        verbose_name = _("entrée de recherche")
        verbose_name_plural = _("entrées de recherche")

    def __str__(self):
        return self.title

    @staticmethod
    def theme_key(themes):
        return ",".join(str(pk) for pk in sorted({theme.pk for theme in themes}))


class LexiconWord(models.Model):
    """A word of the indexed content (lowercase, unaccented), for typo correction and suggestions."""

    word = models.CharField(max_length=64, unique=True)
    # The spelling shown to visitors (« décret » for the word « decret »): the most frequent one.
    display = models.CharField(max_length=64, blank=True)
    # The French stem of the display form (search/text.py `stem`): a word whose stem is known is never corrected
    # (« approuvés » when only « approuvée » is in the content).
    stem = models.CharField(max_length=64, blank=True, db_index=True)
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("mot du lexique")
        verbose_name_plural = _("mots du lexique")

    def __str__(self):
        return self.word


class SearchQueryStat(models.Model):
    """How often a (normalised) query was searched on a day, and how often it found nothing.

    Aggregated per day: no IP address, no user, no time of day, nothing personal.
    """

    query = models.CharField(_("Recherche"), max_length=200)
    date = models.DateField(_("Jour"))
    searches = models.PositiveIntegerField(_("Recherches"), default=0)
    zero_results = models.PositiveIntegerField(_("Sans résultat"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="unique_query_per_day")]
        indexes = [models.Index(fields=["date"])]
        verbose_name = _("statistique de recherche")
        verbose_name_plural = _("statistiques de recherche")

    def __str__(self):
        return f"{self.query} ({self.date})"


class TrackedTerm(models.Model):
    """A word (a lexeme of the French configuration) found in many entries: its facet counts are kept up to date.

    PostgreSQL only (search/term_counts.py). Counting the facets of a word found in most entries would read
    every matching entry at each search; for the words listed here, triggers keep the counts per combination of
    facet values in `TermFacetCount` instead, and a search reads a few hundred rows whatever the site's size.
    """

    lexeme = models.CharField(max_length=255, unique=True)

    class Meta:
        verbose_name = _("mot suivi")
        verbose_name_plural = _("mots suivis")

    def __str__(self):
        return self.lexeme


class TermFacetCount(models.Model):
    """How many entries containing a tracked lexeme have one combination of facet values (kept by triggers)."""

    lexeme = models.CharField(max_length=255)
    kind = models.CharField(max_length=20)
    resource_type = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()  # 0: no year
    province = models.CharField(max_length=20)
    theme_ids = models.CharField(max_length=255)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lexeme", "kind", "resource_type", "status", "year", "province", "theme_ids"],
                name="unique_term_facet_combination",
            )
        ]
        verbose_name = _("décompte de facettes d'un mot")
        verbose_name_plural = _("décomptes de facettes des mots")

    def __str__(self):
        return f"{self.lexeme}: {self.n}"
