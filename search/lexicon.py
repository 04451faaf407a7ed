"""The words of the indexed content, for « vouliez-vous dire … » and typo-tolerant search.

A typo of one or two letters in a word of five letters or more is corrected towards the closest
known word (Levenshtein distance ≤ 2, the most frequent one on ties). On PostgreSQL, candidates
come from a pg_trgm index; elsewhere, from words of similar length.
"""

from collections import Counter, defaultdict
from functools import cached_property, lru_cache

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Length

from search.models import LexiconWord
from search.text import STOP_WORDS, normalise, query_stems, stem, words

MIN_CORRECTABLE_LENGTH = 5
MAX_DISTANCE = 2
MAX_WORD_LENGTH = 40


@lru_cache(maxsize=200_000)
def _lexicon_word(original):
    """The word as the lexicon keys it (lowercase, without accents), or None for a word it does not keep. Cached: a
    bulk rebuild meets the same few tens of thousands of words in every text."""
    word = normalise(original)
    if 3 <= len(word) <= MAX_WORD_LENGTH and word not in STOP_WORDS and not word.isdigit():
        return word
    return None


class WordCounts:
    """How many texts contain each word, and how the word is spelled there (for its display form)."""

    def __init__(self):
        self.frequency = Counter()
        self.spellings = defaultdict(Counter)

    def add_text(self, text):
        seen = {}
        for original in dict.fromkeys(words(text)):  # each spelling once, in order: the first one is kept
            word = _lexicon_word(original)
            if word is not None:
                seen.setdefault(word, original.lower())
        for word, spelling in seen.items():
            self.frequency[word] += 1
            self.spellings[word][spelling] += 1
        return self

    def merge(self, other):
        """Add the counts of `other` (the texts after this one's): the same as having counted all of them here."""
        self.frequency.update(other.frequency)
        for word, spellings in other.spellings.items():
            self.spellings[word].update(spellings)
        return self

    def rows(self):
        """LexiconWord objects, each with its most frequent spelling as display form."""
        return [
            LexiconWord(word=word, display=display, stem=stem(display)[:64], frequency=n)
            for word, n in self.frequency.items()
            for display in [self.spellings[word].most_common(1)[0][0]]
        ]


def lexicon_words(text):
    return set(WordCounts().add_text(text).frequency)


def add_words(text):
    """Add the unknown words of `text` (known words keep their counts until the next rebuild)."""
    rows = WordCounts().add_text(text).rows()
    if rows:
        LexiconWord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def save_counts(counts, *, replace=False):
    """Store `counts` (a WordCounts): replacing the lexicon, or adding to it."""
    if replace:
        LexiconWord.objects.all().delete()
        LexiconWord.objects.bulk_create(counts.rows(), batch_size=1000)
        return
    known = dict(LexiconWord.objects.values_list("word", "pk"))
    LexiconWord.objects.bulk_create(
        [row for row in counts.rows() if row.word not in known], batch_size=1000, ignore_conflicts=True
    )
    # Words already known: counted once more per new text containing them, one UPDATE per increment.
    by_increment = defaultdict(list)
    for word, n in counts.frequency.items():
        if word in known:
            by_increment[n].append(known[word])
    for n, ids in by_increment.items():
        for start in range(0, len(ids), 1000):
            LexiconWord.objects.filter(pk__in=ids[start : start + 1000]).update(frequency=F("frequency") + n)


def rebuild(texts):
    """Recount the lexicon from scratch from an iterable of texts."""
    counts = WordCounts()
    for text in texts:
        counts.add_text(text)
    save_counts(counts, replace=True)


def distance(a, b, limit=MAX_DISTANCE):
    """Edit distance between a and b (a swap of two neighbouring letters counts as one edit),
    or limit + 1 as soon as it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before_previous = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before_previous is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before_previous[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before_previous, previous = previous, current
    return previous[-1]


def _candidates(term):
    words_qs = LexiconWord.objects.annotate(length=Length("word")).filter(
        length__gte=len(term) - MAX_DISTANCE, length__lte=len(term) + MAX_DISTANCE
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            words_qs.annotate(similarity=TrigramWordSimilarity(term, "word"))
            .filter(similarity__gte=0.3)
            .order_by("-similarity", "-frequency")[:50]
            .values_list("word", "display", "frequency")
        )
    # Without trigrams, a typo keeps at least the first or the last two letters in most cases.
    return words_qs.filter(Q(word__startswith=term[:2]) | Q(word__endswith=term[-2:])).values_list(
        "word", "display", "frequency"
    )


def _correctable(term):
    return len(term) >= MIN_CORRECTABLE_LENGTH and not term.isdigit()


def _closest(term):
    """The closest known word to `term` (normalised, not in the lexicon), as spelled in the content, or None."""
    best = None
    for word, display, frequency in _candidates(term):
        d = distance(term, word)
        if d <= MAX_DISTANCE and (best is None or (d, -frequency) < (best[1], -best[2])):
            best = (display or word, d, frequency)
    return best[0] if best else None


def correction(term):
    """The closest known word to an unknown `term`, or None when it is known or nothing is close."""
    return corrections([term]).get(term)


MAX_INFLECTIONS = 4


def _stem_matches(terms):
    """{term: known words (as spelled in the content) sharing its French stem, the most frequent first} for the
    terms the content does not hold as such, and the set of terms it holds as such: one query."""
    stems = {term: set(query_stems(term)) for term in terms}
    rows = LexiconWord.objects.filter(
        Q(word__in=[normalise(term) for term in terms]) | Q(stem__in=set().union(*stems.values()))
    ).values_list("word", "display", "stem", "frequency")
    known_words = {row[0] for row in rows}
    matches = {}
    for term in terms:
        if normalise(term) in known_words:
            continue
        same_stem = sorted((row for row in rows if row[2] in stems[term]), key=lambda row: (-row[3], row[0]))
        if same_stem:
            matches[term] = [display or word for word, display, _stem, _n in same_stem[:MAX_INFLECTIONS]]
    return {term for term in terms if normalise(term) in known_words}, matches


class LookUp:
    """What the lexicon says of a query's words, each keyed by the word without accents.

    `inflections` (read at once, one query): for a word the content does not hold but whose French stem it holds
    (« approuvés » when the content only says « approuvée »), the content's words of that stem: searched with it, on
    every backend (a backend stemming otherwise, e.g. PostgreSQL's accents removed before stemming, then finds them
    too).
    `corrections` (read when first asked, one query per typo): for a word that looks like a typo (neither it nor its
    stem in the content), the closest known word. A word the content holds, or whose stem it holds, is never
    corrected. The search asks only when the query as typed finds nothing (search/queries.py `_first_found`), so a
    search that finds pages never pays for the trigram look-up.
    """

    def __init__(self, terms):
        self.terms = list(dict.fromkeys(terms))
        self.known, found = _stem_matches(self.terms) if self.terms else (set(), {})
        self._inflected = set(found)
        self.inflections = {normalise(term): words for term, words in found.items()}

    @cached_property
    def corrections(self):
        fixes = {}
        for term in self.terms:
            word = normalise(term)
            if term in self.known or term in self._inflected or not _correctable(word):
                continue
            fixed = _closest(word)
            if fixed:
                fixes[word] = fixed
        return fixes

    @cached_property
    def corrected(self):
        """The alternatives of each word with the corrections: its inflections, or its correction for a typo."""
        return {**self.inflections, **{term: [word] for term, word in self.corrections.items()}}


def look_up(terms):
    """A `LookUp` of a query's words: their inflections now, their corrections when asked."""
    return LookUp(terms)


def corrections(terms):
    """{term: known word, as spelled in the content} for the terms that look like typos (see `LookUp`)."""
    fixes = look_up(terms).corrections
    return {term: fixes[normalise(term)] for term in terms if normalise(term) in fixes}
