"""The filters a front end needs beyond Wagtail API v2's own: a form validates, a function filters.

`PageFilterForm(request.GET)` reads the parameters; `filter_pages(queryset, cleaned_data)` narrows any
page queryset (all pages or one type) with subqueries on the page types that carry each field, so
that `?theme=` lists resources (main and secondary themes), dossiers, links and rencontres together.
An invalid value is a 400 with the form's French messages, never a 500 nor a silent empty list.

`?search=` and `?search_operator=` (pages, images, documents) are checked the same way before the search
backend sees them: the rule of the site's search (search/queries.py `validate_query`: no control character,
at most 200 characters and 32 words) and a known operator; the backend gets the query cleaned (`clean_query`).
"""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError

from cms import page_cache_keys
from pages import models as m
from search.params import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, QueryField, clean_query

FILTER_PARAMETERS = ("theme", "resource_type", "status", "year", "province", "access_mode", "period")


PERIODS = [("upcoming", _("Rencontres à venir")), ("past", _("Rencontres passées"))]


class InvalidFilters(BadRequestError):
    """Filter values the form refused: a 400 with one French message per parameter."""

    message = _("Paramètres de filtre invalides.")

    def __init__(self, errors):
        self.errors = errors
        super().__init__(str(self.message))


class InvalidSearch(InvalidFilters):
    message = _("Paramètres de recherche invalides.")


def form_errors(form):
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


class PageFilterForm(forms.Form):
    """The pages endpoint's filters; their help texts are the parameters' descriptions in the OpenAPI schema
    (pages/api/form_schemas.py generates the parameters from these fields)."""

    theme = forms.ModelChoiceField(
        queryset=m.ThemePage.objects.none(),  # set per form: public() reads the restrictions
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Cette thématique n'existe pas.")},
        help_text=_(
            "Slug d'une thématique. Ressources classées dans cette thématique ou qui la citent comme "
            "thématique secondaire, dossiers, liens et rencontres qui la citent."
        ),
    )
    resource_type = forms.ChoiceField(
        choices=m.ResourceType.choices, required=False, help_text=_("Type d'une ressource.")
    )
    status = forms.ChoiceField(choices=m.DossierStatus.choices, required=False, help_text=_("Statut d'un dossier."))
    year = forms.IntegerField(
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("Année de dépôt d'un dossier, année de la date d'une ressource ou d'une rencontre."),
    )
    province = forms.ChoiceField(
        choices=m.Province.choices, required=False, help_text=_("Province du centre culturel d'un dossier.")
    )
    access_mode = forms.ChoiceField(
        choices=m.AccessMode.choices, required=False, help_text=_("Mode de partage d'un dossier.")
    )
    period = forms.ChoiceField(
        choices=PERIODS,
        required=False,
        help_text=_("Rencontres à venir (`upcoming`, date d'aujourd'hui comprise) ou passées (`past`)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = m.ThemePage.objects.live().public()


def _ids(model, **lookups):
    return model.objects.filter(**lookups).values("pk")


def _through_ids(relation, theme):
    through = relation.through
    source = next(
        f.attname
        for f in through._meta.get_fields()
        if f.is_relation and f.related_model is not m.ThemePage and f.concrete
    )
    return through.objects.filter(themepage=theme).values(source)


def filter_pages(queryset, data):
    """Narrow `queryset` (pages of any type) by the form's cleaned data; every filter combines (AND)."""
    if data.get("theme"):
        theme = data["theme"]
        queryset = queryset.filter(
            Q(path__startswith=theme.path, depth=theme.depth + 1)  # resources filed under it
            | Q(pk__in=_through_ids(m.ResourcePage.secondary_themes, theme))
            | Q(pk__in=_through_ids(m.DossierPage.themes, theme))
            | Q(pk__in=_through_ids(m.LinkPage.themes, theme))
            | Q(pk__in=_through_ids(m.WorkshopReportPage.themes, theme))
        )
    if data.get("resource_type"):
        queryset = queryset.filter(pk__in=_ids(m.ResourcePage, resource_type=data["resource_type"]))
    if data.get("status"):
        queryset = queryset.filter(pk__in=_ids(m.DossierPage, status=data["status"]))
    if data.get("access_mode"):
        queryset = queryset.filter(pk__in=_ids(m.DossierPage, access_mode=data["access_mode"]))
    if data.get("province"):
        queryset = queryset.filter(pk__in=_ids(m.DossierPage, centre__province=data["province"]))
    if data.get("year") is not None:
        year = data["year"]
        queryset = queryset.filter(
            Q(pk__in=_ids(m.DossierPage, submission_year=year))
            | Q(pk__in=_ids(m.ResourcePage, date__year=year))
            | Q(pk__in=_ids(m.WorkshopReportPage, date__year=year))
        )
    if data.get("period"):
        today = timezone.localdate()
        lookup = "date__gte" if data["period"] == "upcoming" else "date__lt"
        queryset = queryset.filter(pk__in=_ids(m.WorkshopReportPage, **{lookup: today}))
    return queryset


class PageFiltersBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        form = PageFilterForm(request.GET)
        if not form.is_valid():
            raise InvalidFilters(form_errors(form))
        page_cache_keys.declare_query(request, page_cache_keys.form_parameters(form))
        return filter_pages(queryset, form.cleaned_data)


class SearchParametersForm(forms.Form):
    """`?search=` and `?search_operator=` of the pages, images and documents endpoints (their help texts are the
    parameters' descriptions in the OpenAPI schema)."""

    search = QueryField(
        strip=False,
        help_text=format_lazy(
            _(
                "Recherche plein texte simple de Wagtail (la recherche complète est /api/v2/search/) : "
                "{length} caractères et {words} mots au plus, sans caractère de contrôle, sinon 400 "
                "(`errors.search`). Si le moteur de recherche est indisponible, la base de données répond et "
                "`meta.notice` le dit."
            ),
            length=MAX_QUERY_LENGTH,
            words=MAX_QUERY_WORDS,
        ),
    )
    search_operator = forms.ChoiceField(
        choices=[("and", _("tous les mots")), ("or", _("au moins un mot"))],
        required=False,
        error_messages={"invalid_choice": _("Opérateur inconnu : « %(value)s » (« and » ou « or »).")},
        help_text=_("« and » (tous les mots) ou « or » (au moins un) ; une autre valeur donne un 400."),
    )


class ValidatedSearchFilter(SearchFilter):
    """Wagtail's `?search=`, its parameters checked first (a 400 with French messages, never a backend error),
    its query cleaned as every search of the site is (`clean_query`: an odd double quote would be a syntax error
    for SQLite's full-text search)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET and "search_operator" not in request.GET:
            return queryset
        form = SearchParametersForm(request.GET)
        if not form.is_valid():
            raise InvalidSearch(form_errors(form))
        parameters = request.GET.copy()
        if "search" in parameters:
            parameters["search"] = clean_query(form.cleaned_data["search"])
        # Wagtail's filter reads nothing of the request but its parameters.
        return super().filter_queryset(SimpleNamespace(GET=parameters), queryset, view)


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's `?field=value` filters, with a value the field cannot hold answered by a 400, not a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValueError, TypeError, ValidationError) as error:
            raise BadRequestError(f"field filter error: {error}") from error
