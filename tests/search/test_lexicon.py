"""Typo corrections: the closest known word, in the content's own spelling."""

import io

from django.core.management import call_command
from django.test import TestCase

from pages import models as m
from search import indexing, lexicon
from search.models import LexiconWord
from tests.factories import DocumentFactory, DossierPageFactory
from tests.pages.base import SiteTreeTestCase


class DistanceTests(TestCase):
    def test_a_swap_of_two_neighbouring_letters_is_one_edit(self):
        self.assertEqual(lexicon.distance("contrta", "contrat"), 1)
        self.assertEqual(lexicon.distance("decrte", "decret"), 1)

    def test_insertions_deletions_and_substitutions_count_one_each(self):
        self.assertEqual(lexicon.distance("participtaion", "participation"), 1)
        self.assertEqual(lexicon.distance("analise", "analyse"), 1)
        self.assertEqual(lexicon.distance("reconaisance", "reconnaissance"), 2)

    def test_distance_stops_past_the_limit(self):
        self.assertEqual(lexicon.distance("culturel", "territoire"), lexicon.MAX_DISTANCE + 1)


class CorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        lexicon.rebuild(
            [
                "Le décret du 21 novembre 2013 et le contrat-programme.",
                "Préparer le contrat-programme, relire le décret.",
                "Le décret, encore le décret.",
                "Contre toute attente, un decret sans accent.",
            ]
        )

    def test_display_form_is_the_most_frequent_spelling(self):
        self.assertEqual(LexiconWord.objects.get(word="decret").display, "décret")

    def test_a_typo_is_corrected_in_the_contents_spelling(self):
        self.assertEqual(lexicon.correction("decrte"), "décret")

    def test_a_swap_prefers_the_word_one_edit_away(self):
        # « contre » is two edits from « contrta », « contrat » only one.
        self.assertEqual(lexicon.correction("contrta"), "contrat")

    def test_known_and_short_words_are_not_corrected(self):
        self.assertIsNone(lexicon.correction("décret"))
        self.assertIsNone(lexicon.correction("drc"))

    def test_frequencies_count_texts_not_occurrences(self):
        self.assertEqual(LexiconWord.objects.get(word="decret").frequency, 4)


class KnownStemTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        lexicon.rebuild(["Une demande de reconnaissance approuvée, des dossiers partagés."])

    def test_a_word_whose_stem_is_known_is_not_corrected(self):
        for query in ("approuvés", "approuves", "approuvées", "partagées", "dossier"):
            with self.subTest(query=query):
                self.assertIsNone(lexicon.correction(query))

    def test_a_typo_is_still_corrected(self):
        self.assertEqual(lexicon.correction("aprouvée"), "approuvée")

    def test_a_word_known_only_inflected_is_searched_with_its_inflections(self):
        words = lexicon.look_up(["approuvés", "dossiers", "aprouvée"])
        self.assertEqual(words.inflections, {"approuves": ["approuvée"]})  # « dossiers » is in the content as such
        self.assertEqual(words.corrections, {"aprouvee": "approuvée"})

    def test_corrections_are_looked_up_only_when_asked(self):
        with self.assertNumQueries(1):  # the words and their stems
            words = lexicon.look_up(["approuvés", "aprouvée"])
        with self.assertNumQueries(1):  # the closest word to the typo, once
            self.assertEqual(words.corrections, {"aprouvee": "approuvée"})
            self.assertEqual(words.corrected, {"approuves": ["approuvée"], "aprouvee": ["approuvée"]})

    def test_the_lexicon_keeps_each_words_stem(self):
        self.assertEqual(LexiconWord.objects.get(word="approuvee").stem, "approuv")


class DocumentWordsTests(SiteTreeTestCase):
    """The vocabulary learns the text of the documents a page offers: a word found only there is no typo."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        report = DocumentFactory(title="Histoire de Verviers")
        m.PlatformDocument.objects.filter(pk=report.pk).update(text_content="La filature lainiere de Verviers.")
        report.refresh_from_db()
        cls.dossier = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Dossier de Verviers",
            summary="La mémoire ouvrière.",
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=report)],
        )

    def test_publishing_a_page_learns_its_documents_words(self):
        indexing.refresh_entry(self.dossier)
        self.assertTrue(LexiconWord.objects.filter(word="lainiere").exists())
        self.assertIsNone(lexicon.correction("lainiere"))

    def test_rebuilding_learns_the_documents_words(self):
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(LexiconWord.objects.get(word="filature").frequency, 1)
        self.assertIsNone(lexicon.correction("lainiere"))
