"""PostgreSQL keeps the facet counts of frequent words (search/term_counts.py): exact, whatever writes the entries."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from pages.models import ResourceType, Synonym
from search import indexing, term_counts
from search.bulk import build_entries
from search.models import SearchEntry, TermFacetCount, TrackedTerm
from search.queries import SearchParams, search_content
from tests.factories import DossierPageFactory, ResourcePageFactory
from tests.factories.pages import paragraph

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the counts are kept by PostgreSQL triggers"),
]

COLUMNS = ("kind", "resource_type", "status", "year", "province", "theme_ids")


def resource(**kwargs):
    page = ResourcePageFactory(**kwargs)
    indexing.refresh_entry(page)
    return page


def live_counts(word):
    """What counting the matches gives: {(facet values): entries}."""
    query = SearchQuery(word, config="french_unaccent")
    rows = SearchEntry.objects.filter(search_vector=query).values(*COLUMNS).annotate(n=Count("pk")).order_by()
    return {tuple(row[c] for c in COLUMNS): row["n"] for row in rows}


def every_entry_counts():
    rows = SearchEntry.objects.values(*COLUMNS).annotate(n=Count("pk")).order_by()
    return {tuple(row[c] for c in COLUMNS): row["n"] for row in rows}


def kept_every_entry_counts():
    rows = term_counts.every_entry_combinations()
    assert rows is not None
    return {tuple(row[:-1]): row[-1] for row in rows}


def kept_counts(word):
    rows = term_counts.combinations(word, "french_unaccent")
    assert rows is not None, f"« {word} » is not tracked"
    return {tuple(row[:-1]): row[-1] for row in rows}


def facets(outcome):
    return [(f.name, [(o.value, o.count, o.selected) for o in f.options]) for f in outcome.facets]


def groups_entries(sql):
    return "GROUP BY" in sql and '"platform_search_searchentry"' in sql


@pytest.fixture
def bibliobus(site_tree):
    """Four entries with « bibliobus » in different places and facets, one without it; « bibliobus » tracked."""
    theme, other = site_tree.theme["autres"], site_tree.theme["analyse-partagee"]
    pages = [
        resource(parent=theme, title="Le bibliobus-école du village", resource_type=ResourceType.GUIDE),
        resource(parent=theme, title="Fiche", body=[paragraph("Les bibliobus passent le mardi.")]),
        resource(parent=other, title="Un bibliobus-école pour la commune", resource_type=ResourceType.TOOL),
        DossierPageFactory(parent=site_tree.dossier_library, title="Dossier du bibliobus-école"),
        resource(parent=theme, title="Sans rapport"),
    ]
    indexing.refresh_entry(pages[3])
    assert term_counts.refresh(min_entries=3) >= 1
    assert TrackedTerm.objects.filter(lexeme="bibliobus").exists()
    return pages


def test_refresh_tracks_the_frequent_words_with_the_counts_of_their_matches(bibliobus):
    assert not TrackedTerm.objects.filter(lexeme="mardi").exists(), "found once: counted from the matches"
    assert TrackedTerm.objects.filter(lexeme="bibliobus-ecol").exists(), "a compound, unaccented and stemmed"
    assert kept_counts("bibliobus") == live_counts("bibliobus")
    assert sum(kept_counts("bibliobus").values()) == 4


def test_publishing_editing_and_deleting_keep_the_counts_exact(bibliobus, site_tree):
    decret = site_tree.theme["expliquer-le-decret"]
    resource(parent=decret, title="Encore un bibliobus", resource_type=ResourceType.TOOL)
    edited = bibliobus[0]
    edited.resource_type = ResourceType.STUDY
    edited.save_revision().publish()
    indexing.refresh_entry(edited)
    no_longer = bibliobus[2]
    no_longer.title = "Une médiathèque pour la commune"
    no_longer.save_revision().publish()
    indexing.refresh_entry(no_longer)
    indexing.remove_entry(bibliobus[1])

    assert kept_counts("bibliobus") == live_counts("bibliobus")
    assert sum(kept_counts("bibliobus").values()) == 3
    assert kept_every_entry_counts() == every_entry_counts()


def test_bulk_writes_keep_the_counts_exact(bibliobus, site_tree):
    added = [ResourcePageFactory(parent=site_tree.theme["autres"], title=f"Bibliobus numéro {n}") for n in range(3)]
    build_entries(Page.objects.filter(pk__in=[page.pk for page in added + bibliobus[:2]]))
    SearchEntry.objects.filter(page=bibliobus[0]).update(year=2011)
    SearchEntry.objects.filter(page__in=added[:2]).delete()

    assert kept_counts("bibliobus") == live_counts("bibliobus")
    assert sum(kept_counts("bibliobus").values()) == 4 + 1
    assert kept_every_entry_counts() == every_entry_counts()


def test_bulk_writes_in_a_recounted_block_pay_no_trigger_and_are_counted_after(bibliobus, site_tree):
    with term_counts.recounted_after(min_entries=3):
        # No word tracked: the trigger returns at once, searches count their matches.
        assert not TrackedTerm.objects.exists()
        assert term_counts.combinations("bibliobus", "french_unaccent") is None
        added = ResourcePageFactory(parent=site_tree.theme["autres"], title="Un autre bibliobus")
        build_entries(Page.objects.filter(pk__in=[added.pk, bibliobus[0].pk]))
        SearchEntry.objects.filter(page=bibliobus[1]).delete()

    assert kept_counts("bibliobus") == live_counts("bibliobus")
    assert sum(kept_counts("bibliobus").values()) == 4
    assert kept_every_entry_counts() == every_entry_counts()


@pytest.mark.parametrize(
    "params",
    [
        SearchParams(query="bibliobus", type="ressource"),
        SearchParams(query='"bibliobus-école"'),
        SearchParams(type="ressource", theme="autres"),
    ],
    ids=["one word", "hyphenated word in quotes", "filters alone"],
)
def test_searches_reading_kept_counts_show_the_facets_counting_shows(bibliobus, params):
    with CaptureQueriesContext(connection) as kept:
        tracked = search_content(params)
    TrackedTerm.objects.all().delete()
    with CaptureQueriesContext(connection) as live:
        counted = search_content(params)

    assert tracked.total == counted.total > 0
    assert facets(tracked) == facets(counted)
    assert [hit.entry.pk for hit in tracked.page.object_list] == [hit.entry.pk for hit in counted.page.object_list]
    assert not any(groups_entries(q["sql"]) for q in kept.captured_queries), "no pass over the entries"
    assert any(groups_entries(q["sql"]) for q in live.captured_queries)


def test_several_words_and_untracked_words_are_counted_from_their_matches(bibliobus):
    assert term_counts.combinations("mardi", "french_unaccent") is None
    assert term_counts.combinations("bibliobus mardi", "french_unaccent") is None
    outcome = search_content(SearchParams(query="bibliobus mardi"))
    assert outcome.total == 1
    assert {f.name: [(o.value, o.count) for o in f.options] for f in outcome.facets}["type"] == [("ressource", 1)]


def test_the_refresh_command_reports_the_tracked_words(bibliobus, capsys):
    TermFacetCount.objects.all().delete()
    call_command("refresh_search_counts", "--min-entries=3")
    assert "mots suivis" in capsys.readouterr().out
    assert kept_counts("bibliobus") == live_counts("bibliobus")


@pytest.fixture
def villages(site_tree, monkeypatch):
    """Six entries with « bibliobus » and « village(s) » in varied facets, one with « bibliobus » alone, one spelling
    out the glossary's « BV » only, one with « bibliobus » and « mardi »; « bibliobus » and « village » tracked."""
    theme, other = site_tree.theme["autres"], site_tree.theme["analyse-partagee"]
    Synonym.objects.create(term="bibliobus village", equivalents="BV")
    for n, (parent, kind) in enumerate(
        [(theme, ResourceType.GUIDE), (theme, ResourceType.TOOL), (other, ResourceType.GUIDE), (other, None)]
    ):
        extra = {"resource_type": kind} if kind else {}
        resource(parent=parent, title=f"Le bibliobus des villages {n}", **extra)
    dossier = DossierPageFactory(parent=site_tree.dossier_library, title="Dossier : un bibliobus au village")
    indexing.refresh_entry(dossier)
    resource(parent=theme, title="Un bibliobus en ville", body=[paragraph("Le village attend le bibliobus.")])
    resource(parent=theme, title="Le bibliobus de la ville")  # « bibliobus » without « village »
    resource(parent=other, title="Le BV du mardi")  # the glossary's form alone
    resource(parent=theme, title="Le bibliobus passe le mardi")
    assert term_counts.refresh(min_entries=5) >= 2
    assert set(TrackedTerm.objects.values_list("lexeme", flat=True)) >= {"bibliobus", "villag"}
    # A site this small has no sample to tell from: every entry is the sample here.
    monkeypatch.setattr(term_counts, "SAMPLE_MODULUS", 1)
    monkeypatch.setattr(term_counts, "SAMPLE_MIN", 1)


def reads_kept_counts(sql):
    return '"platform_search_termfacetcount"' in sql and '"platform_search_searchentry"' in sql


@pytest.mark.parametrize(
    "params",
    [
        SearchParams(query="bibliobus village"),
        SearchParams(query="villages bibliobus"),
        SearchParams(query="bibliobus village", type="ressource"),
        SearchParams(query="bibliobus village", theme="autres", resource_type="guide"),
        SearchParams(query="bibliobus village", sort="date", page=2),
    ],
    ids=["two words", "inflected, other order", "a filter", "two filters", "by date, page 2"],
)
def test_frequent_words_together_are_counted_from_a_kept_word_and_the_entries_that_differ(villages, params):
    with CaptureQueriesContext(connection) as near:
        from_kept = search_content(params)
    TrackedTerm.objects.all().delete()
    counted = search_content(params)

    assert from_kept.total == counted.total > 0
    assert facets(from_kept) == facets(counted)
    assert [hit.entry.pk for hit in from_kept.page.object_list] == [hit.entry.pk for hit in counted.page.object_list]
    assert any(reads_kept_counts(q["sql"]) for q in near.captured_queries), "the kept counts of one of the words"


def test_the_glossarys_form_and_the_entries_without_one_word_are_counted_exactly(villages):
    outcome = search_content(SearchParams(query="bibliobus village"))
    titles = {hit.entry.title for hit in outcome.page.object_list}
    assert "Le BV du mardi" in titles  # a match without « bibliobus »: added to the kept counts
    assert "Le bibliobus de la ville" not in titles  # « bibliobus » without the search: taken from them
    assert outcome.total == len(titles) == 7
    types = {f.name: [(o.value, o.count) for o in f.options] for f in outcome.facets}["type"]
    assert types == [("ressource", 6), ("dossier", 1)]


def test_a_rare_word_with_a_frequent_one_is_counted_from_its_matches(villages):
    with CaptureQueriesContext(connection) as queries:
        outcome = search_content(SearchParams(query="bibliobus mardi"))  # 1 of the 9 entries with « bibliobus »
    assert [hit.entry.title for hit in outcome.page.object_list] == ["Le bibliobus passe le mardi"]
    assert not outcome.matched_any_word
    assert not any(reads_kept_counts(q["sql"]) for q in queries.captured_queries)


def test_the_kept_word_is_the_tracked_word_of_the_fewest_entries():
    found = {"analyse": ("analys", 95_000), "partagee": ("partag", 94_000), "hoyoux": ("hoyoux", None)}
    assert term_counts.candidate_word(["analyse", "partagee"], found) == "partagee"
    assert term_counts.candidate_word(["analyse", "hoyoux"], found) == "analyse"
    assert term_counts.candidate_word(["hoyoux", "mardi"], found) is None  # none tracked
    assert term_counts.candidate_word(["analyse"], found) is None  # one word: its own kept counts


def test_the_sample_is_counted_in_its_own_small_index(site_tree):
    resource(parent=site_tree.theme["autres"], title="Le bibliobus")
    matches = SearchEntry.objects.filter(search_vector=SearchQuery("bibliobus", config="french_unaccent"))
    sql, params = matches.filter(term_counts.Sampled("id")).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as every search does (search/postgres.py `index_scans`)
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "platform_entry_sample_vector" in plan


def test_words_found_almost_everywhere_are_surely_counted_from_the_kept_word_without_a_sample():
    found = {"analyse": ("analys", 95_000), "partagee": ("partag", 94_000), "budget": ("budget", 23_000)}
    # At least 95,000 + 94,000 − 125,000 = 64,000 entries hold both: more than half of the 94,000 with « partag ».
    assert term_counts.surely_near(["analyse", "partagee"], found, 125_000, "partagee")
    assert not term_counts.surely_near(["budget", "partagee"], found, 125_000, "budget")  # the sample tells
    assert not term_counts.surely_near(["analyse", "partagee"], found, None, "partagee")  # nothing kept
