"""The search as JSON: `/api/v2/search/` and `/api/v2/search/autocomplete/`.

HTTP only, like `search.views`: the same form reads the same parameters as `/recherche/`, the same
`search_content(SearchParams)` searches. The API refuses what the page silently drops (an unknown
type, status, province or resource type, a year that is not a number, an unknown sort, an unknown parameter):
a 400 with a French message per parameter.

Pagination is the pages endpoint's: `limit` (20 by default, WAGTAILAPI_LIMIT_MAX at most) and `offset`
(MAX_OFFSET at most), `meta.total_count`; an offset past the end gives no items. The search page's `page`
is refused (`?page=` stays the HTML page's own).
"""

from django import forms
from django.conf import settings
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.utils import get_full_url

from pages.api import representations
from pages.api.caching import CachingMixin
from pages.api.endpoints import MAX_OFFSET
from pages.api.errors import FrenchErrorsMixin, bad_request, french_message
from search import facets, fallback
from search.analytics import record_outcome
from search.forms import KEYWORD_ERROR, SearchForm
from search.models import SearchEntry
from search.params import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, SORTS, QueryField
from search.queries import autocomplete, search_content

UNKNOWN_VALUE_ERROR = _("Valeur inconnue : « %(value)s ».")
# The parameters' descriptions in the OpenAPI schema (the facet's title otherwise).
HELP_TEXTS = {
    "q": format_lazy(
        _(
            'Les mots cherchés ("…" pour une expression) : {length} caractères et {words} mots au plus, sans '
            "caractère de contrôle, sinon 400 (`errors.q`)."
        ),
        length=MAX_QUERY_LENGTH,
        words=MAX_QUERY_WORDS,
    ),
    "theme": _("Slug d'une thématique (thématiques secondaires comprises)."),
    "year": _("Année de dépôt d'un dossier, année de la date d'une ressource ou d'une rencontre."),
    "keyword": _(
        "Slug d'un mot-clé (`/mots-cles/<slug>/`) : seules les pages qui le portent sont cherchées. Un slug mal "
        "formé donne un 400 (`errors.keyword`), un mot-clé inconnu aucun résultat."
    ),
    "sort": _("« relevance » (défaut) ou « date » (le plus récent d'abord)."),
}


def facet_field(facet):
    """The API's field of a facet: a facet with choices refuses another value (the page's field drops it)."""
    if facet.choices is None:
        field = facet.form_field()
    else:
        field = forms.ChoiceField(
            required=False, choices=facet.choices.choices, error_messages={"invalid_choice": UNKNOWN_VALUE_ERROR}
        )
    field.help_text = HELP_TEXTS.get(facet.name, format_lazy("{}.", facet.title))
    return field


class SearchAPIForm(SearchForm):
    """The search page's form, with the query and each filter's value checked (the page shortens a query too
    long, the API refuses it). Its fields are the /api/v2/search/ parameters of the OpenAPI schema (their help
    texts the descriptions, a facet's choices the enum: pages/api/form_schemas.py)."""

    q = QueryField(strip=True, help_text=HELP_TEXTS["q"])
    # Redeclared facets keep the page form's order (Django's form metaclass updates the inherited fields in place).
    locals().update({facet.name: facet_field(facet) for facet in facets.FACETS})
    keyword = forms.SlugField(
        required=False,
        max_length=100,
        allow_unicode=True,
        error_messages={"invalid": KEYWORD_ERROR},
        help_text=HELP_TEXTS["keyword"],
    )
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()), help_text=HELP_TEXTS["sort"])
    page = None  # the API pages by `offset` and `limit` (`read_pagination`), as the pages endpoint does


# Parameters read besides the form's fields: the pagination, and what Wagtail's endpoints accept too (`_`, a
# cache-buster; `format`, DRF's choice of renderer).
OTHER_PARAMETERS = frozenset({"limit", "offset", "_", "format"})
PAGE_PARAMETER_ERROR = _("Paramètre inconnu : la recherche se pagine avec « offset » et « limit », comme les pages.")
UNKNOWN_PARAMETER_ERROR = _("Paramètre inconnu.")


def unknown_parameters(query):
    """{name: [French message]} for each parameter the search does not read (the pages endpoint refuses them too)."""
    known = set(SearchAPIForm.base_fields) | OTHER_PARAMETERS
    return {
        name: [str(PAGE_PARAMETER_ERROR if name == "page" else UNKNOWN_PARAMETER_ERROR)]
        for name in sorted(set(query) - known)
    }


def read_pagination(query):
    """(offset, limit, {name: [French message]}): read as the pages endpoint reads them (Wagtail's
    `WagtailPagination` and `pages.api.endpoints.Pagination`), with their messages."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    errors = {}

    def number(name, default):
        try:
            value = int(query.get(name, default))
        except ValueError:
            value = -1
        if value < 0:
            errors[name] = [french_message(f"{name} must be a positive integer")]
            return default
        return value

    offset = number("offset", 0)
    limit = number("limit", 20 if not limit_max else min(20, limit_max))
    if offset > MAX_OFFSET:
        errors["offset"] = [french_message(f"offset cannot be higher than {MAX_OFFSET}")]
    if limit_max and limit > limit_max:
        errors["limit"] = [french_message(f"limit cannot be higher than {limit_max}")]
    return offset, limit, errors


def _hit_data(hit, request):
    entry = hit.entry
    return {
        "page_id": entry.page_id,
        "type": entry.kind,
        "type_label": hit.kind_label,
        "title": entry.title,
        "html_url": get_full_url(request, hit.url) if hit.url else None,
        "detail_url": get_full_url(request, reverse("wagtailapi:pages:detail", args=[entry.page_id])),
        "excerpt": str(hit.excerpt),
        "excerpt_document": hit.excerpt_document,
        "centre": entry.centre,
        "date": entry.date.isoformat() if entry.date else None,
        "themes": [representations.theme_data(theme, {"request": request}) for theme in hit.themes],
    }


def _facets_data(outcome):
    return [
        {
            "name": facet.name,
            "title": facet.title,
            "options": [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected} for o in facet.options
            ],
        }
        for facet in outcome.facets
    ]


class SearchEndpoint(CachingMixin, FrenchErrorsMixin, APIView):
    """Hits with type, URL, highlighted excerpt, themes and date; facet counts, corrections; `limit`/`offset`."""

    renderer_classes = [JSONRenderer]
    model = SearchEntry  # what WagtailAPIRouter asks of an endpoint; no detail URL points here

    def get(self, request):
        form = SearchAPIForm(request.GET)
        offset, limit, pagination_errors = read_pagination(request.GET)
        errors = {
            **{name: [str(message) for message in messages] for name, messages in form.errors.items()},
            **pagination_errors,
            **unknown_parameters(request.GET),
        }
        if errors:
            return bad_request(str(_("Paramètres de recherche invalides.")), errors=errors)
        outcome = search_content(form.to_params(), per_page=limit, offset=offset)
        hits = outcome.page.object_list if outcome.page else []
        query = outcome.params.query
        if offset == 0:  # a search is counted once, on its first page
            record_outcome(outcome)
        return Response(
            {
                "meta": {"total_count": outcome.total},
                "query": query,
                "corrected_query": outcome.corrected_query,
                "suggestion": outcome.suggestion,
                "matched_any_word": outcome.matched_any_word,
                "notice": outcome.notice,
                "sort": outcome.params.sort,
                "items": [_hit_data(hit, request) for hit in hits],
                "facets": _facets_data(outcome),
                "promotions": [
                    {
                        "page_id": pick.pk,
                        "title": pick.title,
                        "html_url": pick.get_full_url(request),
                        "description": pick.promotion_description,
                    }
                    for pick in outcome.promotions
                ],
            }
        )

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view(), name="listing"),
            path("autocomplete/", AutocompleteEndpoint.as_view(), name="autocomplete"),
        ]


class AutocompleteEndpoint(CachingMixin, FrenchErrorsMixin, APIView):
    """Titles, centres and themes starting with what the visitor is typing (`?q=`, 2 letters at least).

    The search box's suggestions: a query too long is shortened, not refused (search/queries.py `clean_query`);
    `notice` says when the database answered for the search engine."""

    renderer_classes = [JSONRenderer]

    def get(self, request):
        query = request.GET.get("q", "")
        with fallback.watch() as outage:
            results = autocomplete(query)
        for result in results:
            result["url"] = get_full_url(request, result["url"]) if result["url"] else None
        notice = str(fallback.NOTICE) if outage.happened else ""
        return Response({"query": query[:MAX_QUERY_LENGTH], "results": results, "notice": notice})
