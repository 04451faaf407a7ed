"""The search's facets, each declared once: everything that lists them is derived from `FACETS`.

A facet is a URL parameter of /recherche/ and /api/v2/search/ (`name`), a French title, a `SearchEntry`
column, where its options and their labels come from, and the value a page gives it (its search document,
`pages.models.base.AbstractContentPage.search_document`). Derived from these declarations: the search
parameters (search/params.py `SearchParams`), the form's fields (search/forms.py), the filters the page can
remove (search/views.py `FILTER_NAMES`), the values the API accepts (search/api.py), the filters and facet
counts of a search (search/queries.py, search/facet_counts.py), the columns PostgreSQL keeps counts of
(search/term_counts.py and the trigger its migrations install), the entry's columns (search/entries.py), and the
OpenAPI contract's /api/v2/search/ parameters and `Facet.name` (generated from the API's form and `NAMES` by
pages/api/form_schemas.py; tests/search/test_facets.py checks docs/openapi.json).

The order of `FACETS` is the order of the facets on the page and in the API. A facet with `many` values per
entry (themes) is counted from a comma-separated copy of its ids (`column`) and filtered through the entry's
many-to-many `relation`; its options are live pages (`pages`), by slug, in tree order.

Adding a facet: docs/architecture.md, « Recipe: add a facet ».
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pages.models import DossierStatus, Province, ResourceType, ThemePage
from search.models import Kind


@dataclass(frozen=True)
class FacetDeclaration:
    name: str  # the URL parameter (?type=…), the SearchParams field, the API's facet name
    title: Promise  # shown above its options (French)
    column: str  # the SearchEntry column holding the entry's value (for `many`: the ids, "3,12")
    form_field: Any  # a callable returning the form field that reads the parameter (invalid values are dropped)
    empty: Any = ""  # the value of the parameter when absent
    choices: Any = None  # TextChoices: the values the API accepts and their labels; None: any value, shown as is
    source: str = ""  # the search document's key holding the page's value
    compute: Any = None  # else: a function of the search document giving the value
    newest_first: bool = False  # options in decreasing value order (years), else the most frequent first
    kept_as: Any = None  # the value the per-word counts keep for an entry without one (their columns are NOT NULL)
    many: bool = False  # several values per entry (themes)
    relation: str = ""  # `many`: the SearchEntry many-to-many field the filter goes through
    pages: Any = None  # `many`: the page model of the options (live pages, by slug, titled, in tree order)

    @property
    def labels(self):
        """{value: label} of its choices, or None (values shown as they are)."""
        return dict(self.choices.choices) if self.choices is not None else None

    def value_of(self, document):
        """The entry's value of this facet, from a page's search document (`compute`, else its `source` key)."""
        if self.compute is not None:
            return self.compute(document)
        return document.get(self.source, self.empty)


def _code_field():
    """A value of choices (« ressource », « brabant-wallon »…): 20 characters at most."""
    return forms.CharField(required=False, max_length=20)


def _slug_field():
    return forms.SlugField(required=False, max_length=80)


def _year(document):
    """The year of the page's date: content without a date has none."""
    return document["date"].year if document.get("date") else None


def _year_field():
    return forms.IntegerField(required=False, min_value=1900, max_value=2100)


FACETS = (
    FacetDeclaration("type", _("Type de contenu"), "kind", _code_field, choices=Kind, source="kind"),
    FacetDeclaration("theme", _("Thématique"), "theme_ids", _slug_field, many=True, relation="themes", pages=ThemePage),
    FacetDeclaration(
        "resource_type",
        _("Type de ressource"),
        "resource_type",
        _code_field,
        choices=ResourceType,
        source="resource_type",
    ),
    FacetDeclaration("status", _("Statut du dossier"), "status", _code_field, choices=DossierStatus, source="status"),
    FacetDeclaration("year", _("Année"), "year", _year_field, empty=None, compute=_year, newest_first=True, kept_as=0),
    FacetDeclaration("province", _("Province / Région"), "province", _code_field, choices=Province, source="province"),
)

BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(BY_NAME)
# One value per entry: a column of the entry and of the kept counts. Many values: counted from their ids' copy.
SINGLE = tuple(facet for facet in FACETS if not facet.many)
MANY = tuple(facet for facet in FACETS if facet.many)
# The columns of a combination of facet values (search/facet_counts.py, search/term_counts.py): single-valued
# facets first, in declaration order, then the many-valued facets' ids.
COLUMNS = tuple(facet.column for facet in (*SINGLE, *MANY))
# What the trigger keeping the per-word counts is generated from (search/migrations/_postgresql.py): each column
# and the value kept for none. The latest migration installing the trigger has these, written out.
KEPT_COLUMNS = tuple((facet.column, facet.kept_as) for facet in (*SINGLE, *MANY))
