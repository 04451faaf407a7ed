"""The words of the indexed content, for « vouliez-vous dire … » and typo-tolerant search.

A typo of one or two letters in a word of five letters or more is corrected towards the closest
known word (Levenshtein distance ≤ 2, the most frequent one on ties). On PostgreSQL, candidates
come from a pg_trgm index; elsewhere, from words of similar length.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length

from search.models import LexiconWord
from search.text import STOP_WORDS, normalise, words

MIN_CORRECTABLE_LENGTH = 5
MAX_DISTANCE = 2
MAX_WORD_LENGTH = 40


def lexicon_words(text):
    return {
        word
        for word in (normalise(w) for w in words(text))
        if 3 <= len(word) <= MAX_WORD_LENGTH and word not in STOP_WORDS and not word.isdigit()
    }


def add_words(text):
    new = lexicon_words(text)
    if new:
        LexiconWord.objects.bulk_create([LexiconWord(word=w) for w in new], ignore_conflicts=True, batch_size=500)


def rebuild(texts):
    """Recount the lexicon from scratch from an iterable of texts."""
    counts = {}
    for text in texts:
        for word in lexicon_words(text):
            counts[word] = counts.get(word, 0) + 1
    LexiconWord.objects.all().delete()
    LexiconWord.objects.bulk_create([LexiconWord(word=w, frequency=n) for w, n in counts.items()], batch_size=1000)


def distance(a, b, limit=MAX_DISTANCE):
    """Levenshtein distance between a and b, or limit + 1 as soon as it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
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
            .values_list("word", "frequency")
        )
    # Without trigrams, a typo keeps at least the first or the last two letters in most cases.
    return words_qs.filter(Q(word__startswith=term[:2]) | Q(word__endswith=term[-2:])).values_list("word", "frequency")


def correction(term):
    """The closest known word to an unknown `term`, or None when it is known or nothing is close."""
    term = normalise(term)
    if len(term) < MIN_CORRECTABLE_LENGTH or term.isdigit():
        return None
    if LexiconWord.objects.filter(word=term).exists():
        return None
    best = None
    for word, frequency in _candidates(term):
        d = distance(term, word)
        if d <= MAX_DISTANCE and (best is None or (d, -frequency) < (best[1], -best[2])):
            best = (word, d, frequency)
    return best[0] if best else None


def corrections(terms):
    """{unknown term: known word} for the terms of a query that look like typos."""
    found = {}
    for term in terms:
        fixed = correction(term)
        if fixed:
            found[term] = fixed
    return found
