"""Search engines: configuration from the environment, French analysis in the index settings and on
every text field of the mappings, and the engine's own analysis of French text."""

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms.search_engines import ELASTICSEARCH9_BACKEND, OPENSEARCH3_BACKEND, with_search_engine
from search.backends import (
    AUTOCOMPLETE_ANALYZER,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    FRENCH_ANALYZER,
    FrenchElasticsearch9Mapping,
    FrenchElasticsearch9SearchBackend,
    FrenchOpenSearch3Mapping,
    FrenchOpenSearch3SearchBackend,
)
from search.models import SearchEntry
from tests.search.engines import ENGINE_BACKENDS, EngineSession, backend_names, on_osmem

DATABASE = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french_unaccent"}}


# Configuration from the environment


def test_without_engine_the_database_backend_stays_alone():
    assert with_search_engine(DATABASE, {}) == DATABASE
    assert with_search_engine(DATABASE, {"ELASTICSEARCH_URL": " ", "OPENSEARCH_URL": ""}) == DATABASE


def test_elasticsearch_url_makes_elasticsearch_9_the_default_and_the_database_the_fallback():
    backends = with_search_engine(DATABASE, {"ELASTICSEARCH_URL": "https://user:secret@es.example.org:9243"})
    assert backends["default"] == {
        "BACKEND": ELASTICSEARCH9_BACKEND,
        "URLS": ["https://user:secret@es.example.org:9243"],
        "INDEX_PREFIX": "plateforme_",
        "TIMEOUT": 2.0,
        "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
    }
    # The fallback keeps the French configuration of the database backend.
    assert backends["fallback"] == DATABASE["default"]
    assert "AUTO_UPDATE" not in backends["fallback"]  # kept up to date on every publish


def test_opensearch_url_makes_opensearch_3_the_default():
    backends = with_search_engine(
        DATABASE,
        {"OPENSEARCH_URL": "http://a:9200, http://b:9200", "SEARCH_INDEX_PREFIX": "astrac_", "SEARCH_TIMEOUT": "1.5"},
    )
    assert backends["default"]["BACKEND"] == OPENSEARCH3_BACKEND
    assert backends["default"]["URLS"] == ["http://a:9200", "http://b:9200"]
    assert backends["default"]["INDEX_PREFIX"] == "astrac_"
    assert backends["default"]["TIMEOUT"] == 1.5
    assert backends["fallback"] == DATABASE["default"]


def test_elasticsearch_wins_when_both_are_set():
    backends = with_search_engine(DATABASE, {"ELASTICSEARCH_URL": "http://es:9200", "OPENSEARCH_URL": "http://os:9200"})
    assert backends["default"]["BACKEND"] == ELASTICSEARCH9_BACKEND


def test_settings_leave_the_given_backends_untouched():
    given = {"default": dict(DATABASE["default"])}
    with_search_engine(given, {"OPENSEARCH_URL": "http://os:9200"})
    assert given == DATABASE


@pytest.mark.parametrize("backend_class", [FrenchElasticsearch9SearchBackend, FrenchOpenSearch3SearchBackend])
def test_engine_clients_have_a_short_timeout_and_no_retries(backend_class):
    backend = backend_class({"URLS": ["http://127.0.0.1:9"]})
    assert backend.timeout == 2
    if backend_class is FrenchElasticsearch9SearchBackend:
        assert (backend.es._max_retries, backend.es._retry_on_timeout, backend.es._request_timeout) == (0, False, 2)
    else:
        assert (backend.es.transport.max_retries, backend.es.transport.retry_on_timeout) == (0, False)
        assert backend.es.transport.kwargs["timeout"] == 2


def test_configured_backends_are_ours():
    with override_settings(WAGTAILSEARCH_BACKENDS=with_search_engine(DATABASE, {"OPENSEARCH_URL": "http://os:9"})):
        assert isinstance(get_search_backend("default"), FrenchOpenSearch3SearchBackend)
    with override_settings(WAGTAILSEARCH_BACKENDS=with_search_engine(DATABASE, {"ELASTICSEARCH_URL": "http://es:9"})):
        assert isinstance(get_search_backend("default"), FrenchElasticsearch9SearchBackend)


# French analysis in the settings and the mappings


@pytest.mark.parametrize("backend_class", [FrenchElasticsearch9SearchBackend, FrenchOpenSearch3SearchBackend])
def test_index_settings_define_the_french_analysis_chain(backend_class):
    analysis = backend_class.settings["settings"]["analysis"]
    assert analysis["analyzer"][FRENCH_ANALYZER]["filter"] == [
        "french_elision",
        "lowercase",
        "asciifolding",
        "french_stop",
        "light_french",
    ]
    assert analysis["filter"]["french_elision"]["type"] == "elision"
    assert {"l", "d", "qu", "jusqu"} <= set(analysis["filter"]["french_elision"]["articles"])
    assert analysis["filter"]["french_stop"] == {"type": "stop", "stopwords": "_french_"}
    assert analysis["filter"]["light_french"] == {"type": "stemmer", "language": "light_french"}
    autocomplete = analysis["analyzer"][AUTOCOMPLETE_ANALYZER]["filter"]
    assert autocomplete[:3] == ["french_elision", "lowercase", "asciifolding"]
    assert analysis["filter"][autocomplete[-1]]["type"] == "edge_ngram"
    # Wagtail's own analyzers are still there.
    assert "edgengram_analyzer" in analysis["analyzer"]


def _text_fields(properties, prefix=""):
    for name, mapping in properties.items():
        if mapping.get("type") == "nested":
            yield from _text_fields(mapping["properties"], f"{prefix}{name}.")
        elif mapping.get("type") == "text":
            yield f"{prefix}{name}", mapping


@pytest.mark.parametrize("mapping_class", [FrenchElasticsearch9Mapping, FrenchOpenSearch3Mapping])
@pytest.mark.parametrize("model", [SearchEntry, Page], ids=["SearchEntry", "Page"])
def test_every_text_field_is_analysed_in_french(mapping_class, model):
    properties = mapping_class(model).get_mapping()["properties"]
    fields = dict(_text_fields(properties))
    # The catch-all fields too: `_all_text` and one per boost.
    assert "_all_text" in fields
    assert any(name.startswith("_all_text_boost_") for name in fields)
    for name, mapping in fields.items():
        if name.endswith("_edgengrams"):
            assert (mapping["analyzer"], mapping["search_analyzer"]) == (
                AUTOCOMPLETE_ANALYZER,
                AUTOCOMPLETE_SEARCH_ANALYZER,
            ), name
        else:
            assert mapping["analyzer"] == FRENCH_ANALYZER, name
            assert "search_analyzer" not in mapping, name


def test_search_entry_mapping_has_the_boosted_catch_all_fields():
    properties = FrenchOpenSearch3Mapping(SearchEntry).get_mapping()["properties"]
    assert properties["title"]["copy_to"] == ["_all_text", "_all_text_boost_5_0"]
    assert properties["_all_text_boost_5_0"]["analyzer"] == FRENCH_ANALYZER
    assert properties["_all_text_boost_2_0"]["analyzer"] == FRENCH_ANALYZER
    assert properties["title_edgengrams"]["analyzer"] == AUTOCOMPLETE_ANALYZER


# What the engine does with French text


@pytest.fixture(scope="module", params=[name for name in backend_names() if name in ENGINE_BACKENDS])
def engine(request, django_db_setup, django_db_blocker):
    """Fresh indices on the engine (they only need the mappings: no document is indexed)."""
    with django_db_blocker.unblock():
        session = EngineSession(request.param).start()
    yield session
    with django_db_blocker.unblock():
        session.close()


def _tokens(backend, analyzer, text):
    index = backend.get_index_for_model(SearchEntry).name
    answer = backend.es.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in answer["tokens"]]


def test_engine_indices_use_the_french_analyzer_on_the_catch_all_fields(engine):
    backend = get_search_backend("default")
    index = backend.get_index_for_model(SearchEntry).name
    mappings = next(iter(backend.es.indices.get_mapping(index=index).values()))["mappings"]["properties"]
    for name in ("_all_text", "_all_text_boost_5_0", "_all_text_boost_2_0", "title", "documents_text"):
        assert mappings[name]["analyzer"] == FRENCH_ANALYZER, name
    assert mappings["_edgengrams"]["search_analyzer"] == AUTOCOMPLETE_SEARCH_ANALYZER


def test_engine_analyses_french(engine):
    backend = get_search_backend("default")
    tokens = _tokens(backend, FRENCH_ANALYZER, "L'analyse partagée des dossiers du Décret")
    assert "decret" in tokens
    assert not [token for token in tokens if "'" in token or token in ("des", "du", "l")]
    assert _tokens(backend, FRENCH_ANALYZER, "dossiers") == _tokens(backend, FRENCH_ANALYZER, "dossier")
    assert _tokens(backend, FRENCH_ANALYZER, "partagée") == _tokens(backend, FRENCH_ANALYZER, "partagee")
    assert _tokens(backend, AUTOCOMPLETE_SEARCH_ANALYZER, "l’Analy") == ["analy"]
    assert "dec" in _tokens(backend, AUTOCOMPLETE_ANALYZER, "Décret")


def test_osmem_is_only_used_without_a_real_cluster(monkeypatch):
    monkeypatch.setenv("ELASTICSEARCH_URL", "http://es.example.org:9200")
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    assert not on_osmem("elasticsearch9")
    assert on_osmem("opensearch3")
