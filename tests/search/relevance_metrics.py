"""The graded relevance suite's measures (tests/search/test_relevance_suite.py, `python -m tests.bench relevance`).

A judged query (`Judged`) grades the pages a visitor expects, by slug: 3 or 2 for those that must come first, 1 for
those that may follow; any other page is graded 0. The measures are plain functions of a ranked list of slugs:

- `recall_at(ranked, grades, 10)`: the share of the must-come-first pages (grade ≥ 2) found in the first ten (out of
  at most ten of them);
- `ndcg_at(ranked, grades, 10)`: discounted cumulative gain of the first ten (gain 2^grade - 1, discount log2(rank
  + 1)), divided by that of the ideal order;
- `reciprocal_rank(ranked, grades)`: 1 / the rank of the first must-come-first page (0 if none is found);
- `same_first_hit(...)`: the share of queries whose first hit is the same on two backends;
- `wrong_corrections(...)`: the words the search « corrected » although the content has them.
"""

import math
from dataclasses import dataclass, field

from search.text import normalise, query_terms, words

MUST = 2  # grades 3 and 2: the pages that must come first
CUTOFF = 10


@dataclass(frozen=True)
class Judged:
    """A visitor's query (`query`, with facet `filters`), what kind of query it is, and the graded pages."""

    query: str
    kind: str
    grades: dict
    filters: dict = field(default_factory=dict)

    @property
    def label(self):
        shown = ", ".join(f"{name}={value}" for name, value in self.filters.items())
        return f"« {self.query} »" + (f" ({shown})" if shown else "")


def judged(kind, query, first, then=(), also=(), **filters):
    """`first`: the page(s) that must come first (grade 3), `then`: pages that must come soon after (grade 2),
    `also`: pages that may follow (grade 1). One slug or a tuple of slugs each."""
    grades = {}
    for grade, slugs in ((1, also), (2, then), (3, first)):
        for slug in (slugs,) if isinstance(slugs, str) else slugs:
            grades[slug] = grade
    return Judged(query, kind, grades, filters)


def _must(grades):
    return {slug for slug, grade in grades.items() if grade >= MUST}


def recall_at(ranked, grades, k=CUTOFF):
    must = _must(grades)
    if not must:
        return 1.0
    found = must & set(ranked[:k])
    return len(found) / min(len(must), k)


def _dcg(gains):
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at(ranked, grades, k=CUTOFF):
    ideal = _dcg(sorted((2**grade - 1 for grade in grades.values()), reverse=True)[:k])
    if not ideal:
        return 1.0
    return _dcg([2 ** grades.get(slug, 0) - 1 for slug in ranked[:k]]) / ideal


def reciprocal_rank(ranked, grades):
    must = _must(grades)
    for rank, slug in enumerate(ranked, start=1):
        if slug in must:
            return 1 / rank
    return 0.0


def same_first_hit(rankings, reference):
    """The share of queries (keys of `reference`) whose first hit in `rankings` is the reference's (both empty
    counts as the same)."""
    if not reference:
        return 1.0
    same = sum(1 for key, ranked in reference.items() if rankings.get(key, [])[:1] == ranked[:1])
    return same / len(reference)


def corrected_words(query, corrected_query):
    """The query's words the search replaced, as the notice shows them (« correction de … »): the query's terms
    that the corrected query does not have. Words inside hyphenated ones count one by one."""
    if not corrected_query:
        return []
    kept = set(query_terms(corrected_query))
    return [term for term in query_terms(query) if term not in kept]


def vocabulary(texts):
    """Every word of `texts`, lowercased without accents: what « a word that exists in the content » means."""
    return {normalise(word) for text in texts for word in words(text)}


def wrong_corrections(query, corrected_query, known):
    """The words of `query` the search corrected although `known` (the content's vocabulary) has them."""
    return [term for term in corrected_words(query, corrected_query) if term in known]


@dataclass
class QueryResult:
    """What one backend answered for one judged query."""

    case: Judged
    ranked: list  # slugs, best first
    corrected_query: str = ""
    wrong_corrections: list = field(default_factory=list)

    @property
    def recall(self):
        return recall_at(self.ranked, self.case.grades)

    @property
    def ndcg(self):
        return ndcg_at(self.ranked, self.case.grades)

    @property
    def rr(self):
        return reciprocal_rank(self.ranked, self.case.grades)


def summary(results):
    """{"queries", "recall", "ndcg", "mrr", "wrong_corrections"} over a list of `QueryResult`."""
    n = len(results) or 1
    return {
        "queries": len(results),
        "recall": sum(r.recall for r in results) / n,
        "ndcg": sum(r.ndcg for r in results) / n,
        "mrr": sum(r.rr for r in results) / n,
        "wrong_corrections": [(r.case.query, word) for r in results for word in r.wrong_corrections],
    }


def worst(results, count=10):
    """The `count` worst queries (lowest nDCG@10, then reciprocal rank), each with what came first."""
    ordered = sorted(results, key=lambda r: (r.ndcg, r.rr, r.recall))[:count]
    return [
        {
            "query": r.case.label,
            "ndcg": r.ndcg,
            "rr": r.rr,
            "recall": r.recall,
            "expected": [slug for slug, grade in sorted(r.case.grades.items(), key=lambda i: -i[1]) if grade >= MUST],
            "first": r.ranked[:3],
            "corrected": r.corrected_query,
        }
        for r in ordered
    ]


def describe_worst(rows):
    """The worst queries as lines of text, for a failing test's message and the benchmark's output."""
    lines = []
    for row in rows:
        corrected = f", corrigée en « {row['corrected']} »" if row["corrected"] else ""
        lines.append(
            f"{row['query']}: nDCG@10 {row['ndcg']:.2f}, RR {row['rr']:.2f}, recall@10 {row['recall']:.2f}{corrected}"
            f"; attendu d'abord {', '.join(row['expected'])}; en tête : {', '.join(row['first']) or '(rien)'}"
        )
    return lines
