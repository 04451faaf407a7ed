from django import forms
from django.utils.translation import gettext_lazy as _

from search.queries import MAX_QUERY_LENGTH, SORTS, SearchParams, is_shortened


class SearchForm(forms.Form):
    """Reads the search page's GET parameters; invalid filters are dropped, never a 500."""

    q = forms.CharField(label=_("Rechercher"), required=False, strip=True)
    type = forms.CharField(required=False, max_length=20)
    theme = forms.SlugField(required=False, max_length=80)
    resource_type = forms.CharField(required=False, max_length=20)
    status = forms.CharField(required=False, max_length=20)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    province = forms.CharField(required=False, max_length=20)
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))
    page = forms.CharField(required=False, max_length=10)

    def to_params(self):
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        raw_query = self.data.get("q", "") or ""
        return SearchParams(
            query=raw_query[: MAX_QUERY_LENGTH * 5],
            type=data.get("type", ""),
            theme=data.get("theme", ""),
            resource_type=data.get("resource_type", ""),
            status=data.get("status", ""),
            year=data.get("year"),
            province=data.get("province", ""),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )

    @property
    def query_too_long(self):
        return is_shortened(self.data.get("q", ""))
