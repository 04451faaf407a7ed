from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from search.queries import clean_query, search_content

RESULTS_PER_PAGE = 10


def search(request):
    query = clean_query(request.GET.get("q"))
    results = Paginator(search_content(query), RESULTS_PER_PAGE).get_page(request.GET.get("page")) if query else None
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": results})
