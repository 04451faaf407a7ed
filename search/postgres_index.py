"""Writing Wagtail's PostgreSQL index: each search field of an object read once per entry, and for a model with its
own vectors (`SearchEntry`, search/postgres.py), only what the autocompletion reads."""

import copy

from modelsearch.backends.database.postgres.postgres import PostgresIndex
from wagtail.search.index import AutocompleteField

from cms.index_values import values_once


def has_vectors(model):
    """Whether `model` keeps its own search vectors (search/migrations/0006), which its searches match and rank."""
    return any(field.name == "search_vector" for field in model._meta.concrete_fields)


def autocomplete_only(obj, fields):
    """A copy of `obj` (a model with its own vectors: `SearchEntry`) that shows Wagtail's index its autocomplete
    `fields` only.

    Searches of such a model match and rank its own vectors (`EntryVectorQueryCompiler`); Wagtail's index entry of it
    serves the autocompletion alone. Its title and body vectors would never be read, and computing them (the whole
    text of every page and of its documents, in French) was most of the cost of writing an entry."""
    shown = copy.copy(obj)
    shown.get_search_fields = lambda: fields
    return shown


class OnceValuesIndex(PostgresIndex):
    """Wagtail's index, each search field of an object read once per entry (cms/index_values.py), not five times;
    for a model with its own vectors, only what the autocompletion reads (`autocomplete_only`)."""

    def add_items(self, model, objs):
        if has_vectors(model):
            fields = [field for field in model.get_search_fields() if isinstance(field, AutocompleteField)]
            objs = [autocomplete_only(obj, fields) for obj in objs]
        with values_once():
            return super().add_items(model, objs)
