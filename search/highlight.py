"""Excerpts of a hit with the matched words marked, from its own text or from one of its documents.

A word matches when, lowercased and without accents, it begins with the root of a query term (search/text.py
`root`: « dossiers » marks « dossier »), or is that root when it has three letters or fewer (« AP », « CA »). The
first match is found by one regular expression that accepts every accented and capital form of each letter, so the
work is proportional to the text before that match and to the excerpt, not to the whole text: a document's
extracted text can run to hundreds of thousands of characters.
"""

import re
from functools import lru_cache
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.text import normalise, root

EXCERPT_WORDS = 36
WORDS_BEFORE = EXCERPT_WORDS // 3  # the excerpt starts this many words before the first match
TOKEN = re.compile(r"\w+|\W+")
WORD = re.compile(r"\w+")
WHOLE_WORD_LENGTH = 3  # shorter roots (sigles, short words) mark whole words only
# Combining marks left in decomposed text (« e » + U+0301): a word read without accents ignores them.
COMBINING = "[\u0300-\u036f]*"


@lru_cache(maxsize=1)
def _letter_forms():
    """{ascii letter: every character of the Latin alphabets that reads as it without accents}: « e » → « eéèêë… »."""
    forms = {}
    for code in range(0x00C0, 0x0250):
        folded = normalise(chr(code))
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            forms.setdefault(folded, []).append(chr(code))
    return {letter: "".join(sorted(set(chars))) for letter, chars in forms.items()}


def _letter(ch):
    accented = _letter_forms().get(ch, "")
    return (f"[{re.escape(ch)}{accented}]" if accented else re.escape(ch)) + COMBINING


@lru_cache(maxsize=512)
def _pattern(roots):
    """A regular expression matching, at the start of a word, any of `roots` (lowercase, without accents); a root
    of `WHOLE_WORD_LENGTH` letters or fewer (« ap », « art ») only as a whole word: « CA » never marks « cadre »."""
    alternatives = sorted({r for r in roots if r}, key=len, reverse=True)
    body = "|".join(
        "".join(_letter(ch) for ch in r) + (r"(?!\w)" if len(r) <= WHOLE_WORD_LENGTH else "") for r in alternatives
    )
    return re.compile(rf"(?<!\w)(?:{body})", re.IGNORECASE)


def _window_start(text, position):
    """Where the excerpt starts: `WORDS_BEFORE` words before `position`. (start, words before the start?)"""
    span = 16 * WORDS_BEFORE
    while True:
        low = max(0, position - span)
        while low > 0 and WORD.match(text, low - 1, low):  # never begin inside a word
            low -= 1
        starts = [word.start() for word in WORD.finditer(text, low, position)]
        if len(starts) > WORDS_BEFORE:
            return starts[-WORDS_BEFORE], True
        if low == 0:
            return (starts[0] if starts else position), False
        if len(starts) == WORDS_BEFORE:
            return starts[0], WORD.search(text, 0, low) is not None
        span *= 4


def _excerpt(text, pattern):
    """(html, found): a window of the text around the first match, matches wrapped in <mark>."""
    first = pattern.search(text or "")
    if first is None:
        return "", False
    start, words_before = _window_start(text, first.start())
    following = list(islice(WORD.finditer(text, start), EXCERPT_WORDS + 2))
    window, words_after = following[: EXCERPT_WORDS + 1], len(following) > EXCERPT_WORDS + 1
    parts = ["… " if words_before else ""]
    for token in TOKEN.findall(text, start, window[-1].end()):
        if WORD.match(token) and pattern.match(token):
            parts.append(f"<mark>{escape(token)}</mark>")
        else:
            parts.append(" " if not token.strip() else escape(token))
    if words_after:
        parts.append(" …")
    return "".join(parts), True


def _roots_pattern(terms):
    roots = tuple(root(normalise(t)) for t in terms if t)
    return _pattern(roots) if any(roots) else None


def own_excerpt(entry, terms):
    """The excerpt of the first of the entry's summary, body and centre where a term is found, or ""."""
    pattern = _roots_pattern(terms)
    if pattern is not None:
        for text in (entry.summary, entry.body, entry.centre):
            html, found = _excerpt(text, pattern)
            if found:
                return mark_safe(html)  # noqa: S308 - every piece of text is escaped in _excerpt
    return ""


def document_excerpt(documents, terms):
    """(excerpt, document title) of the first of `documents` whose text holds a term, or ("", "")."""
    pattern = _roots_pattern(terms)
    if pattern is not None:
        for document in documents:
            html, found = _excerpt(document.text_content, pattern)
            if found:
                return mark_safe(html), document.title  # noqa: S308
    return "", ""


def summary_excerpt(entry):
    """The start of the summary (or body): a hit's excerpt when no term is found in its texts."""
    words = (entry.summary or entry.body).split()
    return escape(" ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else ""))


def excerpt_for(entry, documents, terms):
    """(html excerpt, document title or ""): from the entry's own text, else from its documents, else the start of
    its summary. (The search reads the documents only of the hits it needs them for: search/queries.py.)"""
    own = own_excerpt(entry, terms)
    if own:
        return own, ""
    html, title = document_excerpt(documents, terms)
    return (html, title) if html else (summary_excerpt(entry), "")
