"""The relevance benchmark's report (tests/bench/relevance.py): its table, its verdicts, its place in the file."""

import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from tests.bench import relevance

INFO = {
    "date": "2026-12-07 03:00 CET",
    "cpus": 2,
    "cpu": "AMD EPYC",
    "memory": "23Gi",
    "postgresql": "PostgreSQL 15.20",
    "python": "3.11.7",
    "load": "1.00, 1.00, 1.00",
}


def result(recall, mrr, *, first="a", wrong=(), worst=()):
    return {
        "queries": 2,
        "recall": recall,
        "ndcg": 0.9,
        "mrr": mrr,
        "wrong_corrections": list(wrong),
        "hidden_found": [],
        "rankings": {"« q1 »": [first], "« q2 »": ["b"]},
        "worst": list(worst),
    }


class ReportTests(SimpleTestCase):
    def test_table_verdicts_and_same_first_hit_as_postgresql(self):
        results = {
            "postgres": result(0.96, 0.9),
            "sqlite": result(0.80, 0.7, first="z", wrong=[("lavoirs laine", "laine")]),
        }
        relevance.add_same_first_hit(results)
        self.assertEqual(results["sqlite"]["same_first_hit"], 0.5)
        text = relevance.report(results, INFO, "make bench-search")
        self.assertIn("| PostgreSQL | 0.960 | 0.900 | 0.900 | – | 0 | 0 |", text)
        sqlite_row = "| SQLite (embedded default) | 0.800 | 0.900 | 0.700 | 50% | « lavoirs laine »: laine | 0 |"
        self.assertIn(sqlite_row, text)
        self.assertIn("PostgreSQL recall@10 ≥ 0.95: met", text)
        self.assertIn("SQLite MRR ≥ 0.8: **missed**", text)
        self.assertIn("no correction of a word the content has: **missed**", text)

    def test_the_section_goes_after_the_speed_table_then_replaces_itself(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "benchmarks.md"
        path.write_text("# Benchmarks\n\n<!-- bench-search:start -->\nSPEED\n<!-- bench-search:end -->\n\n## Site\n")
        relevance.write_report(path, relevance.MARK_START + "\nFIRST-RUN\n" + relevance.MARK_END)
        text = path.read_text()
        self.assertLess(text.index("SPEED"), text.index("### Relevance"))
        self.assertLess(text.index("FIRST-RUN"), text.index("## Site"))
        relevance.write_report(path, relevance.MARK_START + "\nSECOND-RUN\n" + relevance.MARK_END)
        text = path.read_text()
        self.assertNotIn("FIRST-RUN", text)
        self.assertEqual(text.count("### Relevance"), 1)
        self.assertLess(text.index("SECOND-RUN"), text.index("## Site"))
