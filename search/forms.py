from django import forms
from django.utils.translation import gettext_lazy as _

from search import facets
from search.params import MAX_QUERY_LENGTH, SORTS, SearchParams, is_shortened

KEYWORD_ERROR = _(
    "Ce mot-clé est mal formé : il s'écrit comme dans l'adresse de sa page (/mots-cles/…/), en lettres, chiffres "
    "et traits d'union."
)


class SearchForm(forms.Form):
    """Reads the search page's GET parameters; invalid filters are dropped, never a 500.

    One field per declared facet (search/facets.py) and the keyword, between the query and the sort."""

    q = forms.CharField(label=_("Rechercher"), required=False, strip=True)
    # The class body's namespace is the dict the form's metaclass reads its fields from, in this order.
    locals().update({facet.name: facet.form_field() for facet in facets.FACETS})
    keyword = forms.SlugField(
        required=False, max_length=100, allow_unicode=True, error_messages={"invalid": KEYWORD_ERROR}
    )
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))
    page = forms.CharField(required=False, max_length=10)

    def to_params(self):
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        raw_query = self.data.get("q", "") or ""
        return SearchParams(
            query=raw_query[: MAX_QUERY_LENGTH * 5],
            **{facet.name: data.get(facet.name, facet.empty) for facet in facets.FACETS},
            keyword=data.get("keyword", ""),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )

    @property
    def query_too_long(self):
        return is_shortened(self.data.get("q", ""))
