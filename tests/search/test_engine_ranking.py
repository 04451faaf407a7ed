"""The engines rank like PostgreSQL (search/backends.py, search/ranking.py): the same first hit for varied French
queries over one corpus, and the date for ties only."""

import datetime

import pytest
from django.db import connection

from search import indexing
from search.backends import query_words, relevance_query
from search.queries import SearchParams, search_content
from tests.factories import ResourcePageFactory
from tests.factories.pages import paragraph
from tests.search.engines import ENGINE_BACKENDS, EngineSession, backend_names

pytestmark = pytest.mark.django_db

ENGINES = [name for name in backend_names() if name in ENGINE_BACKENDS]
FILLER = (
    "Le centre culturel accueille les habitants du quartier pour des ateliers, des spectacles et des rencontres "
    "avec les associations locales, les écoles et les artistes de la région."
)

# (title, summary, body paragraphs, year)
CORPUS = [
    (
        "Expliquer le décret",
        "Le décret de 2013 en quelques mots.",
        ["Le décret reconnaît les centres culturels."],
        2014,
    ),
    *[
        (
            f"Rapport d'activités {year} selon le décret",
            "Le rapport annuel du centre.",
            [FILLER] * 12 + ["Le décret le prévoit."],
            year,
        )
        for year in (2019, 2020, 2021, 2022)
    ],
    (
        "Guide pratique pour démarrer",
        "Un outil pour les équipes.",
        ["L'analyse partagée commence avec les habitants.", "Relire l'analyse partagée chaque année."],
        2015,
    ),
    *[
        (f"Bilan de saison {n}", "Le bilan revient sur l'analyse partagée du territoire.", [FILLER] * 15, 2020 + n)
        for n in range(3)
    ],
    (
        "Le contrat-programme",
        "Ce que contient un contrat-programme.",
        ["Le contrat-programme lie le centre, la commune et la Fédération Wallonie-Bruxelles."],
        2016,
    ),
    (
        "Bilan à mi-parcours du contrat-programme régional",
        "Un bilan.",
        [FILLER] * 10 + ["Le contrat-programme fixe les objectifs."],
        2023,
    ),
    ("Le bibliobus du village", "Une tournée.", [FILLER, "Le marché passe le mardi."], 2012),
    ("Le marché du village", "Une tournée.", [FILLER, "Le bibliobus passe le mardi."], 2024),
    (
        "Médiation culturelle en milieu rural",
        "Des médiateurs dans les villages.",
        ["La médiation culturelle relie les habitants aux œuvres.", FILLER],
        2018,
    ),
    ("Fiche A", "Une fiche.", [FILLER, "L'analyse de notre territoire fut longtemps partagée."], 2025),
    ("Fiche B", "Une fiche.", [FILLER, "Notre territoire, décrit par une analyse partagée."], 2011),
    (
        "Évaluer son projet d'action culturelle",
        "L'évaluation continue du projet.",
        ["L'évaluation se prépare avec le conseil d'orientation.", "Les critères d'évaluation."],
        2017,
    ),
    ("Conseil d'orientation : mode d'emploi", "Le rôle du conseil.", ["Le conseil d'orientation se réunit."], 2019),
]
# A query and the title that must come first on every backend.
FIRST_HITS = {
    "décret": "Expliquer le décret",
    "analyse partagée": "Guide pratique pour démarrer",
    "contrat programme": "Le contrat-programme",
    "contrat-programme": "Le contrat-programme",
    "bibliobus": "Le bibliobus du village",
    "marché": "Le marché du village",
    "médiation culturelle": "Médiation culturelle en milieu rural",
    "milieu rural": "Médiation culturelle en milieu rural",
    "evaluation": "Évaluer son projet d'action culturelle",
    "projet d'action culturelle": "Évaluer son projet d'action culturelle",
    "conseil d'orientation": "Conseil d'orientation : mode d'emploi",
    "rapport d'activités": "Rapport d'activités 2022 selon le décret",  # four equal titles: the newest
}


def test_the_engine_scores_with_weighted_fields_and_a_phrase_clause_but_matches_as_wagtail_does():
    matching = {"match": {"_all_text": "analyse partagée"}}
    query = relevance_query(matching, ["analyse", "partagée"], [("title", 5.0), ("body", 1.0)])
    assert query["bool"]["filter"] == [matching]
    fields, phrase = query["bool"]["should"]
    assert fields["multi_match"] == {
        "query": "analyse partagée",
        "fields": ["title^5", "body^1"],
        "type": "most_fields",
    }
    assert phrase["multi_match"]["type"] == "phrase"
    assert "minimum_should_match" not in query["bool"], "the scoring clauses match nothing by themselves"
    assert len(relevance_query(matching, ["bibliobus"], [("title", 5.0)])["bool"]["should"]) == 1


@pytest.fixture
def corpus(site_tree):
    pages = {}
    for title, summary, texts, year in CORPUS:
        page = ResourcePageFactory(
            parent=site_tree.theme["autres"],
            title=title,
            summary=summary,
            body=[paragraph(text) for text in texts],
            date=datetime.date(year, 3, 1),
        )
        indexing.refresh_entry(page)
        pages[title] = page
    return pages


def first_titles(backend_name):
    return {
        query: next(
            iter(search_content(SearchParams(query=query), backend_name=backend_name).page.object_list)
        ).entry.title
        for query in FIRST_HITS
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compared with PostgreSQL's ranking")
@pytest.mark.parametrize("engine", ENGINES)
def test_the_engine_and_postgresql_put_the_same_page_first(corpus, engine):
    session = EngineSession(engine, fallback=True).start()
    try:
        on_engine = first_titles("default")
        on_postgresql = first_titles("fallback")
    finally:
        session.close()

    assert on_postgresql == FIRST_HITS
    same = [query for query in FIRST_HITS if on_engine[query] == on_postgresql[query]]
    assert len(same) >= 0.9 * len(FIRST_HITS), {q: on_engine[q] for q in FIRST_HITS if q not in same}


def test_query_words_reads_every_word_of_a_wagtail_query():
    from wagtail.search.query import And, Or, Phrase, PlainText

    query = And([PlainText("dossiers"), Or([PlainText("lainiere"), PlainText("laniere")]), Phrase("contrat-programme")])
    assert query_words(query) == ["dossiers", "lainiere", "laniere", "contrat-programme"]
