"""« Synonymes et sigles »: the sector's equivalences, applied to queries on every backend alike.

Editors keep the glossary in the admin (pages/models/snippets.py `Synonym`: a term and its equivalents, one per
line). A search expands its query (search/queries.py `_text_query`): a word or a run of words of the query that is
one of a glossary entry's forms becomes « that, or any other form »: « AP » finds the pages saying « analyse
partagée », and « analyse partagée » those saying « AP ». Nothing is indexed differently, so the same expansion
runs on PostgreSQL, SQLite and the engines, and a new entry counts from the next search, without reindexing.

Forms are compared as the query's words are (search/text.py `query_terms`: lowercase, without accents, elisions
and short function words): only whole words match, « CA » never inside « cadre ». Words of four letters or more
also match by their French stem, so a plural or another inflection finds its entry (« contrats-programmes »,
« analyses partagées »); shorter words, sigles first, only as written. The glossary is read once and kept in the
cache; saving or deleting an entry forgets it (search/signals.py).
"""

from django.core.cache import cache
from wagtail.search.query import And, Or, Phrase, PlainText

from pages.models import Synonym
from search.postgres import CompoundWord
from search.text import normalise, query_terms, query_words, remove_elisions, stem

CACHE_KEY = "search:synonyms"
CACHE_SECONDS = 24 * 3600  # forgotten at once when an entry changes; the timeout only bounds a missed signal


STEMMED = "~"  # the first item of a key made of stems
MIN_STEMMED_LENGTH = 4


def stem_key(terms):
    """The key of a run of words by their French stems, or None when one of them is short (a sigle, « ça »: only
    as written)."""
    if any(len(term) < MIN_STEMMED_LENGTH for term in terms):
        return None
    return (STEMMED, *(stem(normalise(term)) for term in terms))


def build_glossary(entries):
    """{form's words (a tuple of query terms), and their stems (`stem_key`): every form of its entries, as written},
    from (term, equivalents) pairs. A form listed in two entries gets the forms of both."""
    glossary = {}
    for term, equivalents in entries:
        forms = {}  # one form per key: « Analyse partagée » and « analyse partagee » are the same words
        for form in Synonym(term=term, equivalents=equivalents).forms():
            forms.setdefault(tuple(query_terms(form)), form)
        forms.pop((), None)
        for key in [*forms, *filter(None, map(stem_key, forms))]:
            known = glossary.setdefault(key, [])
            known.extend(other for other in forms.values() if other not in known)
    return glossary


def glossary():
    """The glossary (`build_glossary`): one query when it is not in the cache, none otherwise."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = build_glossary(Synonym.objects.values_list("term", "equivalents"))
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget():
    """The glossary changed: the next search reads it again."""
    cache.delete(CACHE_KEY)


def spans(terms, known):
    """`terms` (the query's words, with or without accents) cut into runs: (words, forms) where a run of words is a
    glossary form, as written or by its stems (the longest first, from the left), ((word,), None) for the others."""
    longest = max((len(key) - (key[0] == STEMMED) for key in known), default=0)
    position, runs = 0, []
    while position < len(terms):
        for size in range(min(longest, len(terms) - position), 0, -1):
            run = terms[position : position + size]
            key = tuple(normalise(term) for term in run)
            found = known.get(key) or known.get(stem_key(key))
            if found and (stem_key(key) or _same_accents(run, found)):
                runs.append((key, found))
                position += size
                break
        else:
            runs.append(((terms[position],), None))
            position += 1
    return runs


def _same_accents(run, forms):
    """A run with a short word (a sigle) is one of the forms with its accents too: « ça » is not « CA »."""
    typed = " ".join(run).lower()
    return typed == normalise(typed) or any(" ".join(query_words(form)) == typed for form in forms)


def form_query(form):
    """The query of one form: a word, a hyphenated compound, or a phrase (elisions kept: PostgreSQL counts the
    elided article's position in « conseil d'administration »)."""
    text = " ".join(form.split())
    word = remove_elisions(text).strip()
    if CompoundWord.applies_to(word):
        return CompoundWord(word)
    terms = query_terms(text)
    return PlainText(terms[0]) if len(terms) == 1 and len(word.split()) == 1 else Phrase(text)


def expanded(words, forms, word_query):
    """The clause of a run of query `words`: as typed (`word_query(word)` for each, all required), or any other
    form of the glossary."""
    typed = [word_query(word) for word in words]
    typed = typed[0] if len(typed) == 1 else And(typed)
    others = [form_query(form) for form in forms if tuple(query_terms(form)) != tuple(map(normalise, words))]
    return Or([typed, *others]) if others else typed


def clauses(terms, word_query):
    """The clauses of a part of the query outside quotes: one per word, or one per run of words in the glossary."""
    known = glossary() if terms else {}
    return [
        expanded(words, forms, word_query) if forms else word_query(words[0]) for words, forms in spans(terms, known)
    ]


def equivalent_terms(terms):
    """The words of the other forms of the glossary runs of `terms`, for highlighting what was found."""
    found = []
    for _words, forms in spans(terms, glossary() if terms else {}):
        for form in forms or ():
            found.extend(term for term in query_terms(form) if term not in terms and term not in found)
    return found
