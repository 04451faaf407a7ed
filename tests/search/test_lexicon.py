"""Typo corrections: the closest known word, in the content's own spelling."""

from django.test import TestCase

from search import lexicon
from search.models import LexiconWord


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
