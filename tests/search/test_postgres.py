"""PostgreSQL: searches match each entry's own indexed vectors, and relevance ranks a bounded window."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from wagtail.search.models import IndexEntry

from search import indexing, postgres
from search.models import SearchEntry
from search.queries import SearchParams, autocomplete, search_content
from tests.factories import ResourcePageFactory
from tests.factories.pages import paragraph

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors exist on PostgreSQL only"),
]


def resource(**kwargs):
    """A live resource with its search entry, as publishing leaves it."""
    page = ResourcePageFactory(**kwargs)
    indexing.refresh_entry(page)
    return page


def matching(word, field="search_vector"):
    query = SearchQuery(word, config="french_unaccent")
    return set(SearchEntry.objects.filter(**{field: query}).values_list("page_id", flat=True))


def found(query, per_page=10):
    """Every page id the search lists, page after page, in order."""
    ids, number = [], 1
    while True:
        outcome = search_content(SearchParams(query=query, page=number), per_page=per_page)
        ids += [hit.entry.page_id for hit in outcome.page.object_list]
        if not outcome.page.has_next():
            return ids, outcome
        number += 1


def test_vectors_follow_the_text_of_the_entry(site_tree):
    page = resource(parent=site_tree.theme["autres"], title="Un bibliobus dans la commune")
    assert matching("bibliobus") == {page.pk}
    assert matching("bibliobus", "head_vector") == {page.pk}

    SearchEntry.objects.filter(page=page).update(title="Une médiathèque", body="Le passage des bibliobus.")

    assert matching("bibliobus") == {page.pk}, "the body is searched, plural and singular alike"
    assert matching("bibliobus", "head_vector") == set(), "the head holds the title, summary and centre only"
    assert matching("mediatheque", "head_vector") == {page.pk}


def test_matching_reads_the_gin_index_of_the_vectors(site_tree):
    for _ in range(3):
        resource(parent=site_tree.theme["autres"])
    query = SearchQuery("territoire", config="french_unaccent")
    with postgres.index_scans("default"), connection.cursor() as cursor:
        sql, params = SearchEntry.objects.filter(search_vector=query).values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "platform_entry_search_vector" in plan


def test_a_common_word_ranks_a_window_and_lists_every_match_once(site_tree, monkeypatch):
    monkeypatch.setattr(postgres, "RANK_WINDOW", 3)
    theme = site_tree.theme["autres"]
    old_titles = [
        resource(parent=theme, title=f"Le bibliobus, étape {n}", date=datetime.date(2015, 1, n + 1)) for n in range(2)
    ]
    recent_bodies = [
        resource(
            parent=theme,
            title=f"Fiche d'animation {n}",
            body=[paragraph("Le bibliobus passe le mardi.")],
            date=datetime.date(2024, 1, n + 1),
        )
        for n in range(5)
    ]

    ids, outcome = found("bibliobus", per_page=2)

    assert outcome.total == 7
    assert sorted(ids) == sorted(page.pk for page in old_titles + recent_bodies), "each match once, none lost"
    assert set(ids[:2]) == {page.pk for page in old_titles}, "title matches first, however old"
    newest_first = [page.pk for page in sorted(recent_bodies, key=lambda page: page.date, reverse=True)]
    assert ids[3:] == newest_first[1:], "beyond the ranked window, the newest first"


def test_a_quoted_hyphenated_word_matches_its_compound_as_the_phrase_would(site_tree):
    theme = site_tree.theme["autres"]
    compound = [
        resource(parent=theme, title="Le contrat-programme du centre"),
        resource(parent=theme, title="Fiche", body=[paragraph("Rédiger son contrat-programme pas à pas.")]),
    ]
    resource(parent=theme, title="Un contrat et un programme", body=[paragraph("Le programme du contrat.")])
    phrase = SearchQuery("contrat-programme", search_type="phrase", config="french_unaccent")

    ids, outcome = found('"contrat-programme"')

    assert sorted(ids) == sorted(page.pk for page in compound)
    assert set(ids) == set(SearchEntry.objects.filter(search_vector=phrase).values_list("page_id", flat=True))
    assert ids[0] == compound[0].pk, "the title match first"


@pytest.mark.parametrize("matching_dates", ["recent", "old"], ids=["dense among the newest", "sparse, older"])
def test_the_newest_matches_are_found_walking_the_newest_entries_or_collecting_the_older(
    site_tree, monkeypatch, matching_dates
):
    monkeypatch.setattr(postgres, "RANK_WINDOW", 2)
    monkeypatch.setattr(postgres, "SCAN_FACTOR", 3)  # the 6 newest dated entries are walked
    theme = site_tree.theme["autres"]
    for n in range(8):
        resource(parent=theme, title=f"Fiche {n}", date=datetime.date(2024, 1, n + 1))
    year = 2025 if matching_dates == "recent" else 2010
    matches = [
        resource(
            parent=theme,
            title=f"Tournée {n}",
            body=[paragraph("Le bibliobus passe.")],
            date=datetime.date(year, 1, n + 1),
        )
        for n in range(5)
    ]
    query = SearchQuery("bibliobus", config="french_unaccent")
    entries = SearchEntry.objects.filter(search_vector=query)
    newest_first = [page.pk for page in sorted(matches, key=lambda page: page.date, reverse=True)]

    with postgres.index_scans("default"):
        ids = postgres.newest_ids(entries, 3)
    assert [SearchEntry.objects.get(pk=pk).page_id for pk in ids] == newest_first[:3]

    found_ids, outcome = found("bibliobus", per_page=2)
    assert outcome.total == 5
    assert found_ids == newest_first, "same ranks for all: newest first, each once"


def test_wagtails_index_of_an_entry_holds_only_what_the_autocompletion_reads(site_tree):
    page = resource(
        parent=site_tree.theme["analyse-partagee"],
        title="Cartographie des habitants",
        summary="Une méthode de bibliobus.",
        body=[paragraph("Le bibliobus parcourt les villages.")],
    )
    entry = SearchEntry.objects.get(page=page)
    indexed = IndexEntry.objects.get(content_type=ContentType.objects.get_for_model(SearchEntry), object_id=entry.pk)
    # The search reads the entry's own vectors: Wagtail's title and body vectors of it are never computed.
    assert (indexed.title, indexed.body, indexed.title_text, indexed.body_text) == ("", "", "", "")
    assert "cartographie" in indexed.autocomplete
    assert [hit["title"] for hit in autocomplete("cartog")] == ["Cartographie des habitants"]
    assert found("bibliobus")[0] == [page.pk]
