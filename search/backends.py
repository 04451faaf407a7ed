"""Elasticsearch 9 and OpenSearch 3 backends that analyse every text field in French.

Wagtail's engine backends map text fields (and the `_all_text` / `_all_text_boost_*` catch-all fields
that `copy_to` fills) without an analyzer, so the engine's `standard` analyzer applies: no elision,
no stemming, accents kept. An index-level default analyzer is not enough either, since explicit
settings and other tools may still bypass it. These subclasses:

- add a French analysis chain to the index settings: elision of French articles (« l' », « d' »,
  « qu' » …), lowercase, asciifolding (« décret » = « decret »), French stop words and the light
  French stemmer (« dossiers » = « dossier »);
- set that analyzer explicitly on every text field of the mapping, the catch-all fields included;
- index autocomplete fields with edge n-grams (after elision and asciifolding), searched with the
  same chain without n-grams nor stemming, so « déc » completes « Décret ».

Relevance is ranked as on PostgreSQL (search/ranking.py): the query Wagtail compiles only decides what matches (a
filter, every word in the catch-all fields); the score comes from a `multi_match` (`most_fields`: the fields'
scores add up) over the analysed fields with `ranking.FIELD_WEIGHTS` as boosts, plus a phrase clause for a query of
several words (`ranking.PHRASE_SLOP`, `PHRASE_BOOST`); the engine's BM25 brings the length normalisation and the
saturation of each field. Ties are broken by the date, newest first (undated first), then the id.

« Sujet proche » of « Voir aussi » (search/related.py) asks for the pages like one page with `LikeThis`: an `Or` of
the page's most telling words, which the database backends search as such, and on the engines their own
`more_like_this` query from the page's indexed document (its terms chosen by the engine's tf-idf).

`ENGINE_ERRORS` are the errors of an engine that is down, slow or refusing a request: on them, the results
of every search run the same query on the database backend ("fallback"), see search/fallback.py.
"""

from copy import deepcopy

import elastic_transport
import opensearchpy.exceptions
from modelsearch.utils import deep_update
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)
from wagtail.search.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Index,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
    OpenSearch3SearchResults,
)
from wagtail.search.index import FilterField
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from search import fallback, ranking

# Connection refused or reset, timeout, TLS, serialisation (elastic_transport.TransportError and
# subclasses), any HTTP error answer of Elasticsearch (ApiError: 4xx/5xx, product check), and every
# error of opensearch-py (OpenSearchException: TransportError, ConnectionError, ConnectionTimeout …).
ENGINE_ERRORS = (
    elastic_transport.TransportError,
    elastic_transport.ApiError,
    opensearchpy.exceptions.OpenSearchException,
)

FRENCH_ANALYZER = "french_text"
AUTOCOMPLETE_ANALYZER = "french_autocomplete"
AUTOCOMPLETE_SEARCH_ANALYZER = "french_autocomplete_search"

# Lucene's French elision articles (the ones Elasticsearch's `french` analyzer uses).
FRENCH_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]

FRENCH_ANALYSIS = {
    "filter": {
        "french_elision": {"type": "elision", "articles_case": True, "articles": FRENCH_ARTICLES},
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "light_french": {"type": "stemmer", "language": "light_french"},
        "autocomplete_edge_ngram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    },
    "analyzer": {
        FRENCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding", "french_stop", "light_french"],
        },
        AUTOCOMPLETE_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding", "autocomplete_edge_ngram"],
        },
        AUTOCOMPLETE_SEARCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding"],
        },
        # Also the index's default, for any text field a mapping would leave without an analyzer.
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding", "french_stop", "light_french"],
        },
    },
}


def french_settings(base_settings):
    """Wagtail's index settings with the French analysis added."""
    return deep_update(deepcopy(base_settings), {"settings": {"analysis": FRENCH_ANALYSIS}})


def apply_french_analyzer(properties):
    """Give every text field of a mapping the French analyzer, unless it already has one."""
    for field_mapping in properties.values():
        if field_mapping.get("type") == "nested":
            apply_french_analyzer(field_mapping.get("properties", {}))
        elif field_mapping.get("type") == "text" and "analyzer" not in field_mapping:
            field_mapping["analyzer"] = FRENCH_ANALYZER
    return properties


class FrenchMappingMixin:
    edgengram_analyzer_config = {"analyzer": AUTOCOMPLETE_ANALYZER, "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER}

    def get_mapping(self):
        mapping = super().get_mapping()
        apply_french_analyzer(mapping["properties"])
        return mapping


class EngineDefaultsMixin:
    """A short timeout and no retries unless configured: a slow engine must not hang a request."""

    default_timeout = 2

    def __init__(self, params):
        params = dict(params)
        params.setdefault("TIMEOUT", self.default_timeout)
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("max_retries", 0)
        options.setdefault("retry_on_timeout", False)
        params["OPTIONS"] = options
        super().__init__(params)


def query_words(query):
    """The words of a Wagtail query object (plain texts and phrases, every alternative of an `Or`), in order."""
    if isinstance(query, (PlainText, Phrase)):
        return [query.query_string]
    if isinstance(query, (And, Or)):
        return [words for subquery in query.subqueries for words in query_words(subquery)]
    if isinstance(query, Boost):
        return query_words(query.subquery)
    return []  # Not, MatchAll: nothing that scores


def relevance_query(matching, words, fields):
    """The engine's query: `matching` (Wagtail's) as a filter, scored by the weighted fields and the phrase bonus.

    `fields`: [(column, weight)]. A filter does not score; the `should` clauses only score (none is required)."""
    boosted = [f"{column}^{weight:g}" for column, weight in fields]
    text = " ".join(words)
    should = [{"multi_match": {"query": text, "fields": boosted, "type": "most_fields"}}]
    if len(text.split()) > 1:
        phrase = {"query": text, "fields": boosted, "type": "phrase", "slop": ranking.PHRASE_SLOP}
        should.append({"multi_match": {**phrase, "boost": ranking.PHRASE_BOOST}})
    return {"bool": {"filter": [matching], "should": should}}


class LikeThis(Or):
    """The pages like one search entry: any of its `words` (an `Or`: what the database backends search), or on an
    engine `more_like_this` from the entry's own indexed document (`document_id`, in the index searched)."""

    # The fields the engine reads the document's terms from: its text, not the documents' text (long and noisy).
    FIELDS = ("title", "summary", "centre", "body")

    def __init__(self, words, *, document_id=None):
        super().__init__([PlainText(word) for word in words])
        self.document_id = document_id

    def engine_query(self, columns):
        """The `more_like_this` query over the analysed `columns` (names in the index). The document is named
        without its index: the one searched (Wagtail searches an alias, which the document's hits do not name)."""
        return {
            "more_like_this": {
                "fields": columns,
                "like": [{"_id": self.document_id}],
                # A term that appears once in the page and in one other page may already tell the subject: the
                # site is small; the engine still keeps the rarest (tf-idf) of them, at most `max_query_terms`.
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": 25,
                "minimum_should_match": "20%",
            }
        }

    def __repr__(self):
        return f"<LikeThis {self.document_id!r} {[word.query_string for word in self.subqueries]!r}>"


def like_this(backend, instance, words):
    """The query for the pages like `instance` (a `SearchEntry`) on `backend`: `more_like_this` on an engine."""
    if not isinstance(backend, FRENCH_ENGINES):
        return LikeThis(words)
    return LikeThis(words, document_id=backend.mapping_class(type(instance)).get_document_id(instance))


class RankedQueryCompilerMixin:
    """Relevance on a model with the ranked fields (`SearchEntry`): scored like PostgreSQL's, ties by date."""

    def _ranked_fields(self):
        if not self.order_by_relevance or self.fields:
            return None
        searchable = {field.field_name: field for field in self.get_searchable_fields()}
        if not set(ranking.FIELD_WEIGHTS) <= set(searchable):
            return None
        return [
            (self.mapping.get_field_column_name(searchable[name]), weight)
            for name, weight in ranking.FIELD_WEIGHTS.items()
        ]

    def get_inner_query(self):
        fields = self._ranked_fields()
        if isinstance(self.query, LikeThis) and fields is not None and self.query.document_id is not None:
            searchable = {field.field_name: field for field in self.get_searchable_fields()}
            return self.query.engine_query([self.mapping.get_field_column_name(searchable[n]) for n in LikeThis.FIELDS])
        matching = super().get_inner_query()
        words = query_words(self.query)
        if fields is None or not words:
            return matching
        return relevance_query(matching, words, fields)

    def get_sort(self):
        if self._ranked_fields() is None:
            return super().get_sort()
        date = self.mapping.get_field_column_name(FilterField("date"))
        return ["_score", {date: {"order": "desc", "missing": "_first"}}, {"pk": "desc"}]


class FallbackResultsMixin:
    """An engine's search results that answer from the fallback backend when the engine fails.

    The same query (words, operator, fields, filters and ordering of the queryset, slice, score annotation)
    runs on the database backend. Without a fallback backend, or when the caller asked for them
    (`Outage.errors_raised`), engine errors are raised.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._engine_failed = False

    def _clone(self):
        clone = super()._clone()
        clone._engine_failed = self._engine_failed
        return clone

    def _answer(self, engine_call, fallback_call):
        outage = fallback.current()
        if not fallback.has_fallback() or (outage is not None and outage.raise_errors):
            return engine_call()
        if not self._engine_failed and not (outage is not None and outage.happened):
            try:
                return engine_call()
            except ENGINE_ERRORS as error:
                self._engine_failed = True
                fallback.record_failure(error)
        return fallback_call(self._fallback_results())

    def _fallback_results(self):
        backend = get_search_backend(fallback.FALLBACK_BACKEND)
        compiler = self.query_compiler
        autocomplete = isinstance(compiler, self.backend.autocomplete_query_compiler_class)
        search = backend.autocomplete if autocomplete else backend.search
        results = search(
            compiler.query, compiler.queryset, fields=compiler.fields, order_by_relevance=compiler.order_by_relevance
        )
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results[self.start : self.stop]

    def _do_search(self):
        return self._answer(lambda: list(super(FallbackResultsMixin, self)._do_search()), list)

    def _do_count(self):
        return self._answer(super()._do_count, lambda results: results.count())

    def facet(self, field_name):
        return self._answer(lambda: super(FallbackResultsMixin, self).facet(field_name), lambda r: r.facet(field_name))


def french_engine(name, *, mapping, index, search_compiler, autocomplete_compiler, results, backend):
    """The French backend of one engine: each class of Wagtail's family for it (mapping, index, query compilers,
    results, backend) subclassed once, with the French analysis and the database fallback.

    Elasticsearch 9 and OpenSearch 3 have parallel families; both get the same behaviour from here. The classes are
    named `French<name><role>` (e.g. FrenchOpenSearch3Mapping) in this module; the backend's attributes hold them.
    """

    def subclass(role, *bases, **attributes):
        return type(f"French{name}{role}", bases, {"__module__": __name__, **attributes})

    french_mapping = subclass("Mapping", FrenchMappingMixin, mapping)
    return subclass(
        "SearchBackend",
        EngineDefaultsMixin,
        backend,
        mapping_class=french_mapping,
        index_class=subclass("Index", index),
        query_compiler_class=subclass(
            "SearchQueryCompiler", RankedQueryCompilerMixin, search_compiler, mapping_class=french_mapping
        ),
        autocomplete_query_compiler_class=subclass(
            "AutocompleteQueryCompiler", autocomplete_compiler, mapping_class=french_mapping
        ),
        results_class=subclass("SearchResults", FallbackResultsMixin, results),
        settings=french_settings(backend.settings),
    )


FrenchElasticsearch9SearchBackend = french_engine(
    "Elasticsearch9",
    mapping=Elasticsearch9Mapping,
    index=Elasticsearch9Index,
    search_compiler=Elasticsearch9SearchQueryCompiler,
    autocomplete_compiler=Elasticsearch9AutocompleteQueryCompiler,
    results=Elasticsearch9SearchResults,
    backend=Elasticsearch9SearchBackend,
)
FrenchOpenSearch3SearchBackend = french_engine(
    "OpenSearch3",
    mapping=OpenSearch3Mapping,
    index=OpenSearch3Index,
    search_compiler=OpenSearch3SearchQueryCompiler,
    autocomplete_compiler=OpenSearch3AutocompleteQueryCompiler,
    results=OpenSearch3SearchResults,
    backend=OpenSearch3SearchBackend,
)
FRENCH_ENGINES = (FrenchElasticsearch9SearchBackend, FrenchOpenSearch3SearchBackend)
FrenchElasticsearch9Mapping = FrenchElasticsearch9SearchBackend.mapping_class
FrenchOpenSearch3Mapping = FrenchOpenSearch3SearchBackend.mapping_class


def FrenchDatabaseSearchBackend(params):
    """Wagtail's database backend for the current database, with a configurable autocomplete configuration.

    On PostgreSQL Wagtail autocompletes with the `simple` configuration, which keeps accents: « dec »
    would not complete « Décret ». AUTOCOMPLETE_CONFIG names `simple_unaccent` (search/migrations/0003).
    On PostgreSQL, searches of `SearchEntry` match its own indexed vectors (search/postgres.py); on SQLite with
    FTS5, its own table of French stems, ranked by `bm25()` with the fields' weights (search/sqlite.py).
    """
    from django.db import connection
    from wagtail.search.backends.database import SearchBackend

    if connection.vendor == "postgresql":
        from search.postgres import EntryVectorSearchBackend

        backend = EntryVectorSearchBackend(params)
    else:
        backend = SearchBackend(params)
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            from search.sqlite import WeightedSQLiteSearchBackend

            backend = WeightedSQLiteSearchBackend(params)
    if params.get("AUTOCOMPLETE_CONFIG") and hasattr(backend, "autocomplete_config"):
        backend.autocomplete_config = params["AUTOCOMPLETE_CONFIG"]
    return backend
