"""Writing Wagtail's PostgreSQL index: each search field of an object read once per entry, its vectors written as
plain SQL, and for a model with its own vectors (`SearchEntry`, search/postgres.py), only what the autocompletion
reads."""

import copy

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer, PostgresIndex
from modelsearch.utils import balanced_reduce, get_content_type_pk
from wagtail.search.index import AutocompleteField, SearchField

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


def autocomplete_columns(model):
    """The columns of `model`'s autocomplete fields, or None when one of them is not a column of its table."""
    columns = []
    for field in model.get_search_fields():
        if isinstance(field, AutocompleteField):
            try:
                columns.append(model._meta.get_field(field.field_name).column)
            except FieldDoesNotExist:
                return None
    return columns


# How Wagtail's index writes an entry that may exist: replaced whole, its title norm to be refreshed.
_UPSERT = (
    "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, "
    "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_text = EXCLUDED.title_text, "
    "body_text = EXCLUDED.body_text"
)


def _vector_sql(texts, config):
    """SQL and parameters of the vector of `texts` ((text, weight) pairs) as Wagtail's `ObjectIndexer.as_vector`
    compiles it: each stripped non-empty text `setweight(to_tsvector(config, text), weight)`, joined by `||` in the
    same balanced tree (`modelsearch.utils.ADD`), so that positions come out the same."""
    texts = [(text.strip(), weight) for text, weight in texts]
    parts = [
        ("setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)", [config, text, "", weight])
        if config
        else ("setweight(to_tsvector(COALESCE(%s, %s)), %s)", [text, "", weight])
        for text, weight in texts
        if text
    ]
    if not parts:
        return "to_tsvector(COALESCE(%s, %s))", ["", ""]
    return balanced_reduce(lambda a, b: (f"({a[0]} || {b[0]})", a[1] + b[1]), parts)


def entry_texts(indexer):
    """The texts of an object's index entry, each search field read once: (title, autocomplete and body texts with
    their weights, title and body plain texts), in the order `ObjectIndexer`'s properties read them."""
    title, autocomplete, body = [], [], []
    for field in indexer.search_fields:
        for current, weight, value in indexer.prepare_field(indexer.obj, field):
            if isinstance(current, AutocompleteField):
                autocomplete.append((value, weight))
            elif isinstance(current, SearchField):
                (title if current.field_name == "title" else body).append((value, weight))

    def plain(texts):
        return " ".join(text for text in (value.strip() for value, _ in texts) if text)

    return title, autocomplete, body, plain(title), plain(body)


class OnceValuesIndex(PostgresIndex):
    """Wagtail's index, each search field of an object read once per entry (cms/index_values.py), not five times,
    and its vectors written as SQL text (`add_rows`) rather than compiled Django expressions; for a model with its
    own vectors, only what the autocompletion reads (`autocomplete_only`), written in one statement from the rows
    themselves (`add_autocomplete_rows`)."""

    def add_items(self, model, objs):
        if has_vectors(model):
            columns = autocomplete_columns(model)
            if columns is not None:
                return self.add_autocomplete_rows(model, objs, columns)
            fields = [field for field in model.get_search_fields() if isinstance(field, AutocompleteField)]
            objs = [autocomplete_only(obj, fields) for obj in objs]
        if not model.get_search_fields() or not objs:
            return
        with values_once():
            content_type, ids = self.add_rows(model, objs)
        self.refresh_title_norms_of(content_type, ids)

    def refresh_title_norms_of(self, content_type, ids):
        """Wagtail's `_refresh_title_norms()` for the entries just written: the average title length of the whole
        index over each one's title length. Wagtail looks for the entries to refresh (`title_norm` = 1.0) through the
        whole index at every batch (90 ms a batch at 250,000 entries); these are found by their key."""
        lavg = (
            self.entries.annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .aggregate(Avg("title_length"))["title_length__avg"]
        )
        entries = self.entries.filter(content_type_id=content_type, object_id__in=ids, title_norm=1.0)
        entries.annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=lavg / F("title_length")
        )

    def add_rows(self, model, objs):
        """The index entries of `objs`, as Wagtail's `PostgresIndex.add_items` writes them (the same statement's
        shape, tests/search/test_postgres_index.py compares the rows), without compiling three Django expressions
        per object (a third of `update_index`'s time); returns their content type's id and their ids."""
        content_type = get_content_type_pk(model)
        rows, params, ids = [], [], []
        for obj in objs:
            indexer = ObjectIndexer(obj, self.backend)
            ids.append(indexer.id)
            title, autocomplete, body, title_text, body_text = entry_texts(indexer)
            vectors = [
                _vector_sql(title, indexer.config),
                _vector_sql(autocomplete, indexer.autocomplete_config),
                _vector_sql(body, indexer.config),
            ]
            rows.append(f"(%s, %s, {vectors[0][0]}, {vectors[1][0]}, {vectors[2][0]}, 1.0, %s, %s)")
            params += [content_type, indexer.id, *vectors[0][1], *vectors[1][1], *vectors[2][1], title_text, body_text]
        with self.write_connection.cursor() as cursor:
            cursor.execute(  # only placeholders and SQL functions in the text; every value is a parameter
                f"""
                INSERT INTO {IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                {_UPSERT}
                """,
                params,
            )
        return content_type, ids

    def add_autocomplete_rows(self, model, objs, columns):
        """The index entries of saved `objs` as `autocomplete_only` makes them, computed by PostgreSQL from their rows.

        Wagtail's own writing builds each entry's vectors in Python (one expression per text, compiled per object),
        then reads the whole index to normalise titles: a third of the time of writing search entries. Here: each
        autocomplete column's text as a vector of weight D in the autocomplete configuration, joined in the fields'
        order, and empty title and body vectors (tests/search/test_postgres_index.py compares both ways)."""
        ids = [obj.pk for obj in objs if obj.pk is not None]
        if not ids:
            return
        quote = self.write_connection.ops.quote_name
        config = self.backend.autocomplete_config
        texts = [f"COALESCE(t.{quote(column)}, '')" for column in columns]
        vectors = [f"to_tsvector(%s::regconfig, {text})" if config else f"to_tsvector({text})" for text in texts]
        vector = " || ".join(f"setweight({vector}, 'D')" for vector in vectors) or "to_tsvector('')"
        params = [get_content_type_pk(model), *([config] * len(columns) if config else []), ids]
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        with self.write_connection.cursor() as cursor:
            cursor.execute(  # identifiers from the model's metadata, values as parameters
                f"""
                INSERT INTO {IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                SELECT %s, t.{pk}::text, to_tsvector(''), {vector}, to_tsvector(''), 1.0, '', ''
                FROM {table} t WHERE t.{pk} = ANY(%s)
                {_UPSERT}
                """,  # noqa: S608
                params,
            )
