"""A search field whose value is computed once per object while an index entry is written.

Wagtail's PostgreSQL index (modelsearch's `ObjectIndexer`) reads every search field of an object five times for one
entry: for its title, body and autocomplete vectors and for the plain texts of both. For a page body that is five
walks of the StreamField and five HTML strippings of each rich text: most of `update_index`'s time. The index
writes entries inside `values_once()` (search/postgres.py); there, `SearchField.get_value` keeps each value for
the objects being indexed. Outside it, the field reads the object each time, as Wagtail's does.
"""

import contextvars
from contextlib import contextmanager

from wagtail.search import index

_values = contextvars.ContextVar("index_values", default=None)


@contextmanager
def values_once():
    """Within the block, each (object, field) value is computed once; the objects are not changed meanwhile."""
    token = _values.set({})
    try:
        yield
    finally:
        _values.reset(token)


class SearchField(index.SearchField):
    def get_value(self, obj):
        values = _values.get()
        if values is None:
            return super().get_value(obj)
        key = (id(obj), self.field_name)
        if key not in values:
            # The object is kept with its value: its id cannot be reused by another object while the block lasts.
            values[key] = (obj, super().get_value(obj))
        return values[key][1]
