"""The relevance suite's measures (tests/search/relevance_metrics.py) on examples computed by hand."""

import math

from django.test import SimpleTestCase

from tests.search.relevance_metrics import (
    QueryResult,
    corrected_words,
    judged,
    ndcg_at,
    recall_at,
    reciprocal_rank,
    same_first_hit,
    summary,
    vocabulary,
    worst,
    wrong_corrections,
)

GRADES = {"a": 3, "b": 2, "c": 1}


class JudgedTests(SimpleTestCase):
    def test_first_then_also_become_grades_3_2_1(self):
        case = judged("sujet", "décret", "a", then=("b", "d"), also="c", theme="expliquer-le-decret")
        self.assertEqual(case.grades, {"a": 3, "b": 2, "d": 2, "c": 1})
        self.assertEqual(case.label, "« décret » (theme=expliquer-le-decret)")


class RecallTests(SimpleTestCase):
    def test_share_of_the_must_come_first_pages_in_the_first_ten(self):
        self.assertEqual(recall_at(["a", "x", "c"], GRADES), 0.5)  # a found, b missing; c is only grade 1
        self.assertEqual(recall_at(["b", "a"], GRADES), 1.0)

    def test_a_page_below_the_tenth_is_not_counted(self):
        ranked = [f"x{n}" for n in range(10)] + ["a", "b"]
        self.assertEqual(recall_at(ranked, GRADES), 0.0)

    def test_more_than_ten_must_pages_count_out_of_ten(self):
        grades = {f"p{n}": 2 for n in range(12)}
        self.assertEqual(recall_at([f"p{n}" for n in range(10)], grades), 1.0)


class NdcgTests(SimpleTestCase):
    def test_ideal_order_scores_one(self):
        self.assertAlmostEqual(ndcg_at(["a", "b", "c"], GRADES), 1.0)

    def test_swapped_first_two(self):
        # gains 2^g - 1: a 7, b 3, c 1. Ideal 7 + 3/log2(3) + 1/2; ranked b, a, c: 3 + 7/log2(3) + 1/2.
        ideal = 7 + 3 / math.log2(3) + 0.5
        got = 3 + 7 / math.log2(3) + 0.5
        self.assertAlmostEqual(ndcg_at(["b", "a", "c"], GRADES), got / ideal)
        self.assertAlmostEqual(ndcg_at(["b", "a", "c"], GRADES), 0.8428, places=4)

    def test_nothing_relevant_found_scores_zero(self):
        self.assertEqual(ndcg_at(["x", "y"], GRADES), 0.0)


class ReciprocalRankTests(SimpleTestCase):
    def test_rank_of_the_first_must_come_first_page(self):
        self.assertEqual(reciprocal_rank(["x", "c", "b", "a"], GRADES), 1 / 3)  # c is only grade 1
        self.assertEqual(reciprocal_rank(["a"], GRADES), 1.0)
        self.assertEqual(reciprocal_rank(["x", "c"], GRADES), 0.0)

    def test_summary_averages_over_queries(self):
        first = QueryResult(judged("sujet", "q1", "a"), ["a"])
        second = QueryResult(judged("sujet", "q2", "a"), ["x", "y", "z", "a"])
        figures = summary([first, second])
        self.assertEqual(figures["mrr"], (1 + 1 / 4) / 2)
        self.assertEqual(figures["recall"], 1.0)
        self.assertEqual(figures["queries"], 2)


class SameFirstHitTests(SimpleTestCase):
    def test_share_of_queries_with_the_reference_first_hit(self):
        reference = {"q1": ["a", "b"], "q2": ["c"], "q3": [], "q4": ["d"]}
        rankings = {"q1": ["a", "c"], "q2": ["b", "c"], "q3": [], "q4": []}
        self.assertEqual(same_first_hit(rankings, reference), 0.5)  # q1 and q3 (both empty)


class CorrectionTests(SimpleTestCase):
    def test_corrected_words_are_the_query_terms_the_notice_replaced(self):
        self.assertEqual(corrected_words("dossiers approuvés", "dossiers approuvée"), ["approuves"])
        self.assertEqual(corrected_words("contrat-programe", "contrat-programme"), ["programe"])
        self.assertEqual(corrected_words("décret", ""), [])

    def test_a_correction_of_a_word_the_content_has_is_wrong(self):
        known = vocabulary(["Les dossiers approuvés", "la laine"])
        self.assertEqual(wrong_corrections("dossiers approuvés", "dossiers approuvée", known), ["approuves"])
        self.assertEqual(wrong_corrections("participtaion", "participation", known), [])

    def test_worst_lists_the_lowest_ndcg_first_with_what_came_first(self):
        good = QueryResult(judged("sujet", "bon", "a"), ["a"])
        bad = QueryResult(judged("sujet", "mauvais", "a"), ["x", "y", "z", "w"], corrected_query="mauvai")
        rows = worst([good, bad], count=1)
        self.assertEqual(rows[0]["query"], "« mauvais »")
        self.assertEqual(rows[0]["first"], ["x", "y", "z"])
        self.assertEqual(rows[0]["expected"], ["a"])
