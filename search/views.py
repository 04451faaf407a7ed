"""HTTP only: the search page and the autocomplete JSON turn a request into `SearchParams` and back.

The search itself is `search.queries.search_content`; statistics are `search.analytics`.
"""

from dataclasses import dataclass

from django.http import JsonResponse
from django.template.response import TemplateResponse

from pages.models import ResourcePage
from search.analytics import record_outcome
from search.facets import BY_NAME, NAMES
from search.forms import SearchForm
from search.params import MAX_QUERY_LENGTH, MAX_QUERY_WORDS
from search.queries import autocomplete, search_content

# What « Effacer les filtres » removes: the facets and the keyword.
FILTER_NAMES = (*NAMES, "keyword")
KEYWORD_TITLE = "Mot-clé"
# Short labels for the sort switch: « Trier par Pertinence | Date » (the newest first).
SORT_LABELS = {"relevance": "Pertinence", "date": "Date"}


@dataclass
class FacetLink:
    """A facet option as the page shows it: a link that selects it, or removes it when selected."""

    label: str
    count: int
    selected: bool
    url: str


@dataclass
class ActiveFilter:
    """A selected filter shown as a removable chip."""

    title: str
    label: str
    remove_url: str


def _url(request, **changes):
    """The current URL with `changes` applied (None removes a parameter); back to page 1; no empty values."""
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value not in (None, ""):
            params[name] = value
    for name in [name for name, values in params.lists() if not any(values)]:
        params.pop(name)
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _facet_links(request, outcome):
    """[(facet, [FacetLink])] for the sidebar, and the selected options as chips."""
    facets = []
    chips = []
    for facet in outcome.facets:
        links = []
        for option in facet.options:
            url = _url(request, **{facet.name: None if option.selected else option.value})
            links.append(FacetLink(option.label, option.count, option.selected, url))
            if option.selected:
                chips.append(ActiveFilter(facet.title, option.label, url))
        facets.append((facet, links))
    # A filter whose value found nothing is not among the options: it still gets its chip.
    shown = {chip.remove_url for chip in chips}
    for name, value in outcome.params.filters().items():
        remove_url = _url(request, **{name: None})
        if value and remove_url not in shown:
            title = next((facet.title for facet in outcome.facets if facet.name == name), name)
            labels = BY_NAME[name].labels or {}
            chips.append(ActiveFilter(str(title), str(labels.get(value, value)), remove_url))
    keyword = outcome.params.keyword
    if keyword:
        # Its name only once public pages are found with it: a keyword only drafts carry shows as typed.
        name = ResourcePage.keyword_name(keyword) if outcome.total else None
        chips.append(ActiveFilter(KEYWORD_TITLE, name or keyword, _url(request, keyword=None)))
    return facets, chips


def _suggestion_url(request, outcome):
    """The suggested spelling, with the same filters unless they are what left the corrected query empty."""
    if not outcome.suggestion:
        return ""
    if outcome.params.has_filters and outcome.suggestion == outcome.corrected_query:
        return _url(request, q=outcome.suggestion, **dict.fromkeys(FILTER_NAMES))
    return _url(request, q=outcome.suggestion)


def search(request):
    form = SearchForm(request.GET)
    outcome = search_content(form.to_params())
    query = outcome.params.query
    record_outcome(outcome)
    facets, active_filters = _facet_links(request, outcome)
    sort_links = [
        {
            "label": label,
            "url": _url(request, sort=None if name == "relevance" else name),
            "current": outcome.params.sort == name,
        }
        for name, label in SORT_LABELS.items()
    ]
    context = {
        "form": form,
        "outcome": outcome,
        "search_query": query,
        "facets": facets,
        "has_facet_options": any(links for _facet, links in facets),
        "active_filters": active_filters,
        "clear_filters_url": _url(request, **dict.fromkeys(FILTER_NAMES)),
        "sort_links": sort_links,
        "suggestion_url": _suggestion_url(request, outcome),
        "max_query_length": MAX_QUERY_LENGTH,
        "max_query_words": MAX_QUERY_WORDS,
    }
    return TemplateResponse(request, "search/search.html", context)


def suggestions(request):
    """JSON for the search box's autocomplete: {"query": …, "results": [{title, type, type_label, centre, url}]}."""
    query = request.GET.get("q", "")
    return JsonResponse({"query": query[:MAX_QUERY_LENGTH], "results": autocomplete(query)})
