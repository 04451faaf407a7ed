"""The French relevance suite: the same cases on every search backend.

One test class per backend available here (tests/search/engines.py): the database backend on the
database in use ("postgres" or "sqlite"), and our French OpenSearch 3 and Elasticsearch 9 backends
(on osmem-server, started for the session, or on the real cluster of `OPENSEARCH_URL` /
`ELASTICSEARCH_URL`). Each class builds the same small French corpus once, published the way editors
publish (search entries refreshed, engine indexed through Wagtail's signals).

A backend runs the subset it supports: a case marked `@needs(...)` is left out of the class of a
backend listed in `UNSUPPORTED` for that capability, with the reason there. Today every backend stems
French (SQLite too, search/sqlite.py), so every case runs everywhere (see the README, « Search »).
"""

from search.models import SearchEntry
from tests.search.relevance_support import FrenchRelevanceCorpus, backend_test_classes, needs, needs_stemming


class FrenchRelevanceCases(FrenchRelevanceCorpus):
    """Accents, plurals and elision, typos, phrases, ranking, facets."""

    # Corpus sanity

    def test_every_live_public_page_has_its_entry(self):
        self.assertTrue(SearchEntry.objects.filter(page=self.dossier_rochefort).exists())
        self.assertFalse(SearchEntry.objects.filter(page__in=[self.draft, self.private]).exists())

    # Accents, plurals, elision

    def test_query_without_accents_finds_the_accented_titles(self):
        self.assertFinds("decret", self.decret, self.link, self.meeting)

    def test_query_with_accents_finds_the_same_pages(self):
        self.assertEqual(set(self.found("décret")), set(self.found("decret")))
        self.assertEqual(set(self.found("DÉCRET")), set(self.found("decret")))

    def test_accent_in_the_query_that_the_text_does_not_have(self):
        self.assertFinds("médiation culturèlle", self.mediation)

    @needs_stemming
    def test_plural_finds_singular(self):
        self.assertFinds("dossiers", self.dossier_rochefort, self.dossier_marchin, self.dossier_jette)

    @needs_stemming
    def test_singular_finds_plural(self):
        self.assertFinds("dossier", self.workshop, self.dossier_rochefort)

    @needs_stemming
    def test_feminine_plural_finds_masculine(self):
        self.assertFinds("culturelles", self.action, self.mediation)

    def test_elided_article_is_ignored(self):
        found = self.assertFinds("l'analyse partagée", self.analyse)
        # The theme of that name and the resource come first.
        self.assertEqual(set(found[:2]), {self.analyse.pk, self.tree.theme["analyse-partagee"].pk})
        self.assertFinds("analyse partagée", self.analyse)
        self.assertFinds("l’analyse", self.analyse)  # typographic apostrophe
        self.assertFinds("d'administration", self.decret)

    # Typos of one or two letters in words of five letters or more

    def test_missing_accent_and_letter_typos(self):
        for query in ("partagee", "partagée", "PARTAGÉE", "analise partagee"):
            with self.subTest(query=query):
                self.assertFinds(query, self.analyse)

    def test_swapped_letters(self):
        self.assertFinds("decert", self.decret, self.link)
        self.assertFinds("participtaion", self.participation)
        outcome = self.search("participtaion")
        self.assertEqual(outcome.corrected_query, "participation")

    def test_two_letter_typo(self):
        self.assertFinds("reconaisance", self.dossier_rochefort)

    def test_unrelated_word_finds_nothing_and_suggests(self):
        outcome = self.search("zxqwvk")
        self.assertEqual(outcome.total, 0)

    # Phrases

    def test_phrase_in_quotes_needs_the_words_together(self):
        found = self.assertFinds('"action culturelle"', self.action)
        self.assertNotIn(self.mediation.pk, found)
        # Without quotes, both pages have both words.
        self.assertFinds("action culturelle", self.action, self.mediation)

    def test_phrase_and_word_together(self):
        found = self.assertFinds('"analyse partagée" territoire', self.analyse)
        self.assertNotIn(self.participation.pk, found)

    # Ranking

    @needs("title_boost")
    def test_title_matches_come_first(self):
        for query in ("decret", "décret", "decert"):
            with self.subTest(query=query):
                first = SearchEntry.objects.get(page_id=self.found(query)[0])
                self.assertIn("décret", first.title.lower())

    @needs("title_boost")
    def test_title_match_ranks_above_body_match(self):
        found = self.found("decret")
        self.assertLess(found.index(self.decret.pk), found.index(self.meeting.pk))
        self.assertLess(found.index(self.link.pk), found.index(self.meeting.pk))

    def test_title_match_ranks_above_summary_match(self):
        found = self.assertFinds("habitants", self.participation, self.analyse)
        self.assertLess(found.index(self.participation.pk), found.index(self.analyse.pk))

    def test_every_word_must_match(self):
        found = self.found("décret missions")
        self.assertEqual(found, [self.decret.pk])

    def test_sort_by_date(self):
        found = self.found("decret", sort="date")
        dated = [pk for pk in found if pk in (self.decret.pk, self.meeting.pk)]
        self.assertEqual(dated, [self.decret.pk, self.meeting.pk])

    # Facets

    def test_facet_counts(self):
        outcome = self.search("reconnaissance")
        expected = [self.decret, self.dossier_rochefort, self.dossier_marchin, self.dossier_jette, self.workshop]
        self.assertEqual({hit.entry.page_id for hit in outcome.page.object_list}, {page.pk for page in expected})
        self.assertEqual(outcome.total, 5)
        self.assertEqual(self.facet(outcome, "type"), {"dossier": 3, "ressource": 1, "rencontre": 1})
        self.assertEqual(self.facet(outcome, "status"), {"approuve": 2, "en-cours": 1})
        self.assertEqual(self.facet(outcome, "year"), {"2023": 4, "2022": 1})
        self.assertEqual(self.facet(outcome, "province"), {"namur": 1, "liege": 1, "bruxelles": 1})
        self.assertEqual(self.facet(outcome, "resource_type"), {"presentation": 1})
        self.assertEqual(self.facet(outcome, "theme"), {"expliquer-le-decret": 1, "constituer-son-dossier": 1})

    def test_theme_facet_counts_secondary_themes(self):
        outcome = self.search("territoire")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.analyse.pk])
        self.assertEqual(self.facet(outcome, "theme"), {"analyse-partagee": 1, "constituer-son-dossier": 1})
        # Filtering on the secondary theme finds it.
        self.assertEqual(self.found("territoire", theme="constituer-son-dossier"), [self.analyse.pk])

    def test_facets_combine_with_the_query_and_each_other(self):
        outcome = self.search("reconnaissance", type="dossier", province="namur")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_rochefort.pk])
        # Each facet counts with the other filters applied, not its own.
        self.assertEqual(self.facet(outcome, "type"), {"dossier": 1})
        self.assertEqual(self.facet(outcome, "province"), {"namur": 1, "liege": 1, "bruxelles": 1})
        self.assertEqual(self.facet(outcome, "status"), {"approuve": 1})
        selected = [o.value for f in outcome.facets for o in f.options if o.selected]
        self.assertEqual(sorted(selected), ["dossier", "namur"])

        outcome = self.search("reconnaissance", status="approuve", year=2023)
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_jette.pk])
        outcome = self.search("reconnaissance", type="ressource", theme="expliquer-le-decret")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.decret.pk])

    def test_filter_without_a_match_finds_nothing(self):
        self.assertEqual(self.found("reconnaissance", province="hainaut"), [])
        self.assertEqual(self.found("reconnaissance", theme="theme-inconnu"), [])


globals().update(backend_test_classes(FrenchRelevanceCases, "FrenchRelevance", __name__))
