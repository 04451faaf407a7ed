"""Text helpers shared by indexing, corrections and highlighting: normalising, tokenising and stemming French.

The French analyser (`stem`, `index_stems`, `query_stems`, `analysed_words`) is what SQLite's full-text search
indexes and searches (search/sqlite.py) and what the lexicon compares words by (search/lexicon.py): Snowball's
French stemmer applied to the lowercased word as written, then accents folded (« partagées », « partagée » and
« partager » → « partag »). A word written without accents stems differently (« partagees » → « partage »), so
both stems of a word are indexed and searched when they differ: a query with or without accents finds the same
pages.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Elided articles and pronouns: « l'analyse » is searched as « analyse » by every backend.
ELISION = re.compile(r"\b(?:qu|[cdjlmnst])['’]", re.IGNORECASE)
WORD = re.compile(r"\w+", re.UNICODE)

# Short French words that carry no meaning for search (kept small: the engines have their own lists).
STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "est",
        "sont",
        "a",
        "c",
        "d",
        "j",
        "l",
        "m",
        "n",
        "s",
        "t",
        "y",
    ]
)


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(word):
    """Lowercase, without accents: « Décret » → « decret »."""
    return strip_accents(word).lower()


def remove_elisions(text):
    return ELISION.sub("", text)


def words(text):
    return WORD.findall(text or "")


def query_terms(query):
    """The meaningful words of a query, normalised, in order, without duplicates."""
    seen = []
    for word in words(remove_elisions(query)):
        term = normalise(word)
        if term not in STOP_WORDS and term not in seen:
            seen.append(term)
    return seen


def query_words(query):
    """The meaningful words of a query as typed (lowercased, accents kept: the stemmer reads them), in order,
    without duplicates: `query_terms` are the same words without accents."""
    seen, kept = set(), []
    for word in words(remove_elisions(query)):
        term = normalise(word)
        if term not in STOP_WORDS and term not in seen:
            seen.add(term)
            kept.append(word.lower())
    return kept


def root(term):
    """A crude French stem for highlighting only: « dossiers » and « dossier » share « dossie »."""
    if len(term) <= 4:
        return term
    return term[: max(4, len(term) - 2)]


# One stemmer for the process; Snowball's stemmers keep state while stemming, hence the lock.
_STEMMER = snowballstemmer.stemmer("french")
_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word):
    """Snowball's French stem of the word as written (lowercased), accents folded after: « Décrets » → « decret »."""
    with _STEMMER_LOCK:
        stemmed = _STEMMER.stemWord(word.lower())
    return strip_accents(stemmed)


def index_stems(word):
    """The stems a word is indexed (and searched) under: its stem, and its stem without accents when they differ
    (« partagées » → (« partag », « partage »), so that « partagees » typed without accents finds it)."""
    stemmed, folded = stem(word), stem(normalise(word))
    return (stemmed,) if stemmed == folded else (stemmed, folded)


query_stems = index_stems  # a query word is stemmed the same way: either of its stems matches


def analysed_words(text):
    """The words of `text` that search keeps, lowercased as written: elided articles removed (« l'analyse » →
    « analyse »), stop words out, hyphenated compounds split into their parts."""
    kept = []
    for word in words(remove_elisions(text or "")):
        if normalise(word) not in STOP_WORDS:
            kept.append(word.lower())
    return kept


def analyse(text):
    """The stems of `text`'s words in order (one per word: its stem as written), for phrases and positions."""
    return [stem(word) for word in analysed_words(text)]
