from django.http import JsonResponse
from django.template.response import TemplateResponse

from search.forms import SearchForm
from search.queries import autocomplete, search_content


def search(request):
    form = SearchForm(request.GET)
    outcome = search_content(form.to_params())
    return TemplateResponse(
        request, "search/search.html", {"form": form, "outcome": outcome, "search_query": outcome.params.query}
    )


def suggestions(request):
    """JSON for the search box's autocomplete: {"query": …, "results": [{title, type, type_label, url}]}."""
    query = request.GET.get("q", "")
    return JsonResponse({"query": query[:200], "results": autocomplete(query)})
