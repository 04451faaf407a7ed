"""The French analyser shared by SQLite's search and the lexicon (search/text.py)."""

from django.test import SimpleTestCase

from search.text import analyse, analysed_words, index_stems, query_words, stem


class StemTests(SimpleTestCase):
    def test_plural_and_singular_share_a_stem(self):
        self.assertEqual(stem("dossiers"), stem("dossier"))
        self.assertEqual(stem("décrets"), stem("décret"))
        self.assertEqual(stem("programmes"), stem("programme"))

    def test_inflections_share_a_stem(self):
        self.assertEqual(stem("approuvés"), stem("approuvée"))
        self.assertEqual(stem("partagées"), stem("partager"))
        self.assertEqual(stem("culturelles"), stem("culturel"))

    def test_the_stem_is_lowercase_without_accents(self):
        self.assertEqual(stem("Décret"), "decret")
        self.assertEqual(stem("ÉVALUATION"), "evalu")

    def test_a_word_is_indexed_under_its_stem_without_accents_when_they_differ(self):
        # Typed without accents, « partagees » stems to « partage »: the accented word is indexed under both.
        self.assertEqual(index_stems("partagées"), ("partag", "partage"))
        self.assertIn(stem("partagees"), index_stems("partagées"))
        self.assertEqual(index_stems("décret"), ("decret",))


class AnalyseTests(SimpleTestCase):
    def test_elided_articles_and_stop_words_are_left_out(self):
        self.assertEqual(analysed_words("L'analyse partagée d'un territoire"), ["analyse", "partagée", "territoire"])
        self.assertEqual(analysed_words("l’évaluation et le décret"), ["évaluation", "décret"])

    def test_hyphenated_compounds_give_their_parts_in_order(self):
        self.assertEqual(analyse("les contrats-programmes"), ["contrat", "programm"])

    def test_a_text_and_its_inflections_give_the_same_stems(self):
        self.assertEqual(analyse("Les analyses partagées"), analyse("l'analyse partagée"))

    def test_query_words_keep_accents_and_drop_duplicates(self):
        self.assertEqual(query_words("Décret decret l'évaluation"), ["décret", "évaluation"])
