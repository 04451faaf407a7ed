"""Text helpers shared by indexing, corrections and highlighting: normalising and tokenising French."""

import re
import unicodedata

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


def root(term):
    """A crude French stem for highlighting only: « dossiers » and « dossier » share « dossie »."""
    if len(term) <= 4:
        return term
    return term[: max(4, len(term) - 2)]
