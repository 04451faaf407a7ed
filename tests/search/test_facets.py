"""The facets are declared once (search/facets.py): every place that lists them lists exactly the declared ones."""

import dataclasses
import importlib
import pkgutil

import pytest
from django.db.models import ManyToManyField

from pages.api.schema import load_schema
from search import entries, facet_counts, facets, migrations, term_counts
from search.api import SearchAPIForm
from search.forms import SearchForm
from search.migrations._postgresql import term_counts_trigger
from search.models import SearchEntry, TermFacetCount
from search.params import SearchParams
from search.queries import search_content
from search.views import FILTER_NAMES
from tests.api.schema_helpers import operation_parameters, resolved

DECLARED = tuple(facet.name for facet in facets.FACETS)
# The other parameters of a search (page or API); `keyword` narrows it without being a facet (no options).
NOT_FACETS = {"q", "query", "keyword", "sort", "page", "limit", "offset"}


def test_the_declarations_name_each_facet_once():
    assert len(set(DECLARED)) == len(DECLARED) == len(facets.FACETS)
    assert facets.NAMES == DECLARED
    assert {facet.name for facet in (*facets.SINGLE, *facets.MANY)} == set(DECLARED)


def test_every_facet_has_its_entry_column():
    for facet in facets.FACETS:
        SearchEntry._meta.get_field(facet.column)
        if facet.many:
            relation = SearchEntry._meta.get_field(facet.relation)
            assert isinstance(relation, ManyToManyField)
            assert relation.related_model is facet.pages
    assert set(facets.COLUMNS) <= set(entries.ENTRY_FIELDS)


def test_the_search_form_reads_each_facet():
    assert tuple(name for name in SearchForm().fields if name not in NOT_FACETS) == DECLARED
    assert tuple(name for name in SearchAPIForm().fields if name not in NOT_FACETS) == DECLARED


def test_the_search_parameters_have_each_facet():
    fields = tuple(field.name for field in dataclasses.fields(SearchParams) if field.name not in NOT_FACETS)
    assert fields == DECLARED
    assert tuple(SearchParams().filters()) == DECLARED


def test_the_page_removes_each_facet_filter_and_the_keyword():
    assert tuple(FILTER_NAMES) == (*DECLARED, "keyword")


def test_the_api_checks_the_values_of_each_facet_with_choices():
    for facet in facets.FACETS:
        if facet.choices is not None:
            assert list(SearchAPIForm.base_fields[facet.name].choices) == facet.choices.choices
            form = SearchAPIForm({facet.name: "pas-une-valeur"})
            assert not form.is_valid()
            assert form.errors[facet.name] == ["Valeur inconnue : « pas-une-valeur »."]


def test_the_facet_counts_count_each_facet():
    assert set(facet_counts.COLUMNS) | set(facet_counts.MANY) == set(DECLARED)
    assert (*facets.COLUMNS, "n") == facet_counts.ROW
    assert {facet_counts.COLUMNS.get(name) or facet_counts.MANY[name] for name in DECLARED} == set(facets.COLUMNS)


def test_the_kept_counts_have_a_column_per_facet():
    assert tuple(term_counts.FACET_COLUMNS) == facets.COLUMNS
    constraint = next(c for c in TermFacetCount._meta.constraints if c.name == "unique_term_facet_combination")
    assert tuple(constraint.fields) == ("lexeme", *facets.COLUMNS)
    for column in facets.COLUMNS:
        TermFacetCount._meta.get_field(column)


def _trigger_migrations():
    """The migrations installing the per-word counts' trigger from facet columns, in order."""
    names = sorted(info.name for info in pkgutil.iter_modules(migrations.__path__) if info.name[:4].isdigit())
    modules = [importlib.import_module(f"search.migrations.{name}") for name in names]
    return [module for module in modules if hasattr(module, "COLUMNS") and hasattr(module, "PREVIOUS")]


def test_the_latest_trigger_migration_counts_the_declared_facets():
    latest = _trigger_migrations()[-1]
    assert tuple(latest.COLUMNS) == facets.KEPT_COLUMNS


def test_the_generated_trigger_is_the_one_written_out_in_0007():
    written_out = importlib.import_module("search.migrations.0007_term_facet_counts")
    first = _trigger_migrations()[0]
    assert term_counts_trigger(first.PREVIOUS) == (written_out.FORWARD, written_out.BACKWARD)


def test_the_openapi_contract_documents_each_facet_and_its_values():
    schema = load_schema()  # as served: the parameters are generated from search/api.py's form
    parameters = operation_parameters(schema, "/api/v2/search/")
    documented = {name: resolved(schema, parameter["schema"]) for name, parameter in parameters.items()}
    assert tuple(name for name in documented if name not in NOT_FACETS) == DECLARED
    for facet in facets.FACETS:
        enum = documented[facet.name].get("enum")
        if facet.choices is not None:
            assert enum == list(facet.choices.values), facet.name
        else:
            assert enum is None, facet.name


@pytest.mark.django_db
def test_a_search_shows_each_facet_in_order():
    outcome = search_content(SearchParams(query="culture"))
    assert tuple(facet.name for facet in outcome.facets) == DECLARED
    assert [facet.title for facet in outcome.facets] == [str(facet.title) for facet in facets.FACETS]
