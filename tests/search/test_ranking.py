"""Relevance order (search/ranking.py) on PostgreSQL: field weights, length, proximity, the date for ties only.

The cases of issue 15, rebuilt with factories: pages merely mentioning the words in their summary or title, long
texts repeating them, and the short page about them, which must come first."""

import datetime

import pytest
from django.db import connection

from search import indexing, postgres, ranking
from search.queries import SearchParams, search_content
from tests.factories import ResourcePageFactory
from tests.factories.pages import paragraph

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="search/postgres.py ranks on PostgreSQL")

FILLER = (
    "Le centre culturel accueille les habitants du quartier pour des ateliers, des spectacles et des rencontres "
    "avec les associations locales, les écoles et les artistes de la région."
)
OLD, NEW = datetime.date(2012, 3, 1), datetime.date(2025, 6, 1)


def resource(site_tree, title, *texts, summary="Une fiche de la boîte à outils.", date=NEW, **kwargs):
    """A live resource with its search entry, its body made of `texts` (one paragraph each)."""
    page = ResourcePageFactory(
        parent=site_tree.theme["autres"],
        title=title,
        summary=summary,
        body=[paragraph(text) for text in texts],
        date=date,
        **kwargs,
    )
    indexing.refresh_entry(page)
    return page


def long_text(mention, every, paragraphs=40):
    """A long text of `paragraphs` paragraphs of filler, `mention` in one of every `every`."""
    return [f"{FILLER} {mention}" if n % every == 0 else FILLER for n in range(paragraphs)]


def titles(query, **params):
    outcome = search_content(SearchParams(query=query, **params), per_page=50)
    return [hit.entry.title for hit in outcome.page.object_list]


# The score alone (every database: plain arithmetic)


def test_a_title_match_weighs_more_than_one_mention_in_a_body_of_the_same_length():
    sizes = {"title": 30, "summary": 100, "text": 3000}
    in_title = ranking.score({"title": 1, "summary": 0, "text": 0}, sizes)
    in_body = ranking.score({"title": 0, "summary": 0, "text": 1}, sizes)
    assert in_title > 2 * in_body


def test_repeating_the_words_in_a_long_text_saturates_below_a_title_match_and_a_dense_short_text():
    long_text_only = ranking.score({"title": 0, "summary": 0, "text": 60}, {"title": 30, "summary": 0, "text": 40000})
    in_title = ranking.score({"title": 1, "summary": 0, "text": 0}, {"title": 30, "summary": 0, "text": 40000})
    short_dense = ranking.score({"title": 0, "summary": 0, "text": 4}, {"title": 30, "summary": 0, "text": 600})
    assert long_text_only < short_dense
    assert long_text_only < in_title


# The cases, searched on PostgreSQL


@on_postgresql
def test_a_short_guide_about_the_words_comes_before_pages_mentioning_them_in_their_summary(site_tree):
    for n in range(8):
        resource(
            site_tree,
            f"Bilan de saison {n} du centre",
            *long_text("Nous avons rencontré les partenaires.", every=8),
            summary="Le bilan de la saison, qui revient sur l'analyse partagée du territoire.",
        )
    guide = resource(
        site_tree,
        "Guide pratique pour démarrer",
        "L'analyse partagée commence par une rencontre avec les habitants du bassin de vie.",
        "Elle se conclut par des enjeux écrits ensemble : relire l'analyse partagée chaque année.",
        date=OLD,
    )

    assert titles("analyse partagée")[0] == guide.title


@on_postgresql
def test_among_pages_titled_with_the_word_the_short_page_explaining_it_comes_first(site_tree):
    for n in range(13):
        resource(
            site_tree,
            f"Rapport d'activités {2010 + n} : la mise en œuvre du décret dans le bassin de vie",
            *long_text("Le décret s'applique ; le décret le prévoit.", every=2),
            date=datetime.date(2010 + n, 1, 1),
        )
    explained = resource(
        site_tree,
        "Expliquer le décret",
        "Le décret du 21 novembre 2013 reconnaît les centres culturels.",
        "Ce que le décret demande : une analyse partagée, un projet d'action culturelle, un contrat-programme.",
        date=OLD,
    )

    found = titles("décret")
    assert len(found) == 14
    assert found[0] == explained.title


@on_postgresql
def test_the_resource_dedicated_to_the_contrat_programme_comes_first_among_its_title_matches(site_tree):
    for n in range(17):
        resource(
            site_tree,
            f"Bilan à mi-parcours {n} du contrat-programme du centre culturel régional",
            *long_text("Le contrat-programme fixe les objectifs.", every=5),
        )
    dedicated = resource(
        site_tree,
        "Le contrat-programme",
        "Le contrat-programme lie le centre culturel, la commune et la Fédération Wallonie-Bruxelles.",
        "Rédiger son contrat-programme : les étapes, les annexes, le calendrier du contrat-programme.",
        date=OLD,
    )

    assert titles("contrat programme")[0] == dedicated.title


@on_postgresql
def test_a_title_match_beats_the_same_words_in_the_body_of_an_equal_page(site_tree):
    in_title = resource(site_tree, "Le bibliobus du village", FILLER, "Le marché passe le mardi.", date=OLD)
    in_body = resource(site_tree, "Le marché du village", FILLER, "Le bibliobus passe le mardi.", date=NEW)

    assert titles("bibliobus") == [in_title.title, in_body.title]


@on_postgresql
def test_words_standing_together_come_before_the_same_words_apart(site_tree):
    apart = resource(site_tree, "Fiche A", FILLER, "L'analyse de notre territoire fut longtemps partagée.", date=NEW)
    together = resource(
        site_tree, "Fiche B", FILLER, "Notre territoire, nous l'avons décrit par une analyse partagée.", date=OLD
    )

    assert titles("analyse partagée") == [together.title, apart.title]


@on_postgresql
def test_the_date_only_breaks_ties_unless_the_visitor_sorts_by_date(site_tree):
    older = resource(site_tree, "Le bibliobus", "Le bibliobus passe le mardi.", date=OLD, slug="bibliobus-2012")
    newer = resource(site_tree, "Le bibliobus", "Le bibliobus passe le mardi.", date=NEW, slug="bibliobus-2025")
    weaker_newest = resource(
        site_tree, "Le marché", *long_text("Le bibliobus passe.", every=40), date=datetime.date(2026, 1, 1)
    )

    found = search_content(SearchParams(query="bibliobus"), per_page=10).page.object_list
    assert [hit.entry.page_id for hit in found] == [newer.pk, older.pk, weaker_newest.pk]
    by_date = search_content(SearchParams(query="bibliobus", sort="date"), per_page=10).page.object_list
    assert [hit.entry.page_id for hit in by_date] == [weaker_newest.pk, newer.pk, older.pk]


@on_postgresql
def test_the_window_keeps_the_short_pages_about_the_words_beyond_the_newest_head_matches(site_tree, monkeypatch):
    monkeypatch.setattr(postgres, "RANK_WINDOW", 5)  # 4 head matches, newest first, and the shortest match
    monkeypatch.setattr(postgres, "SHORT_SCAN_FACTOR", 2)  # among the 10 entries with the shortest text
    for n in range(6):
        resource(
            site_tree,
            f"Bilan de saison {n}",
            *long_text("Les ateliers ont repris.", every=8),
            summary="Le bilan revient sur l'analyse partagée du territoire.",
            date=datetime.date(2024, 1, n + 1),
        )
    for n in range(6):
        resource(site_tree, f"Fiche {n}", *long_text("Une fiche.", every=8), date=datetime.date(2023, 1, n + 1))
    guide = resource(
        site_tree,
        "Guide pratique pour démarrer",
        "L'analyse partagée commence par une rencontre avec les habitants du bassin de vie.",
        "Elle se conclut par des enjeux écrits ensemble : relire l'analyse partagée chaque année.",
        date=OLD,
    )

    found = titles("analyse partagée")
    assert len(found) == 7, "every match once"
    assert found[0] == guide.title


@on_postgresql
def test_the_alternatives_of_a_word_do_not_weaken_a_title_holding_it(site_tree):
    """A word searched with alternatives (the glossary's forms, inflections, corrections) keeps its title's weight:
    the title is measured against the words typed, not against every alternative."""
    from pages.models import Synonym

    resource(site_tree, "La Fédération Wallonie-Bruxelles", FILLER, summary="Qui fait quoi.")
    resource(
        site_tree,
        "Le financement des centres",
        "La Fédération Wallonie-Bruxelles finance les centres. La Fédération Wallonie-Bruxelles les reconnaît.",
        "Un contrat avec la Fédération Wallonie-Bruxelles. La Fédération Wallonie-Bruxelles évalue.",
    )
    assert titles("Fédération Wallonie-Bruxelles")[0] == "La Fédération Wallonie-Bruxelles"
    Synonym.objects.create(term="FWB", equivalents="Fédération Wallonie-Bruxelles\nFédération Wallonie Bruxelles")
    assert titles("Fédération Wallonie-Bruxelles")[0] == "La Fédération Wallonie-Bruxelles"
