"""WAGTAILSEARCH_BACKENDS from the environment: a search engine when one is configured.

- `ELASTICSEARCH_URL` (one URL, or several separated by commas): the default backend is
  Elasticsearch 9 with French analysis (search/backends.py);
- otherwise `OPENSEARCH_URL`: the default backend is OpenSearch 3 with the same analysis;
- with neither, Wagtail's database backend stays the only one.

With an engine, the database backend becomes the "fallback" backend, kept up to date on every
publish: when the engine is down or slow, the search answers from it with a notice
(search/queries.py). The engine gets a short timeout (`SEARCH_TIMEOUT`, 2 s by default) and no
retries, so a visitor never waits on it for long. `SEARCH_INDEX_PREFIX` names its indices
(several sites can share one cluster).

Imported by the settings: no Django model here.
"""

import os

ELASTICSEARCH9_BACKEND = "search.backends.FrenchElasticsearch9SearchBackend"
OPENSEARCH3_BACKEND = "search.backends.FrenchOpenSearch3SearchBackend"
DEFAULT_INDEX_PREFIX = "plateforme_"
DEFAULT_TIMEOUT = 2.0


def _urls(value):
    return [url.strip() for url in (value or "").split(",") if url.strip()]


def engine_backend(backend, urls, *, index_prefix=DEFAULT_INDEX_PREFIX, timeout=DEFAULT_TIMEOUT):
    """A WAGTAILSEARCH_BACKENDS entry for one of our engine backends."""
    return {
        "BACKEND": backend,
        "URLS": list(urls),
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
    }


def with_search_engine(backends, environ=None):
    """`backends` (whose "default" is the database backend), with the engine the environment names.

    Returns a new dict; `backends` is left as it is.
    """
    environ = os.environ if environ is None else environ
    database = dict(backends["default"])
    elasticsearch = _urls(environ.get("ELASTICSEARCH_URL"))
    opensearch = _urls(environ.get("OPENSEARCH_URL"))
    if not elasticsearch and not opensearch:
        return {name: dict(conf) for name, conf in backends.items()}
    backend, urls = (ELASTICSEARCH9_BACKEND, elasticsearch) if elasticsearch else (OPENSEARCH3_BACKEND, opensearch)
    timeout = float(environ.get("SEARCH_TIMEOUT") or DEFAULT_TIMEOUT)
    index_prefix = environ.get("SEARCH_INDEX_PREFIX") or DEFAULT_INDEX_PREFIX
    return {
        "default": engine_backend(backend, urls, index_prefix=index_prefix, timeout=timeout),
        "fallback": database,
    }
