"""Excerpts of a hit with the matched words marked, from its own text or from one of its documents."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.text import normalise, root

EXCERPT_WORDS = 36
TOKEN = re.compile(r"\w+|\W+", re.UNICODE)


@lru_cache(maxsize=50_000)
def _normalised(token):
    """Words repeat from one hit to the next: each is normalised once per process."""
    return normalise(token)


def _matches(token, roots):
    word = _normalised(token)
    return any(word.startswith(r) for r in roots)


def _excerpt(text, roots):
    """(html, found): a window of the text around the first match, matches wrapped in <mark>."""
    tokens = TOKEN.findall(text or "")
    word_positions = [i for i, tok in enumerate(tokens) if tok[:1].isalnum() or tok[:1] == "_"]
    first = next((i for i in word_positions if _matches(tokens[i], roots)), None)
    if first is None:
        return "", False
    index = word_positions.index(first)
    start_word = max(0, index - EXCERPT_WORDS // 3)
    end_word = min(len(word_positions) - 1, start_word + EXCERPT_WORDS)
    start, end = word_positions[start_word], word_positions[end_word] + 1
    parts = ["… " if start_word > 0 else ""]
    for tok in tokens[start:end]:
        if (tok[:1].isalnum() or tok[:1] == "_") and _matches(tok, roots):
            parts.append(f"<mark>{escape(tok)}</mark>")
        else:
            parts.append(" " if not tok.strip() else escape(tok))
    if end_word < len(word_positions) - 1:
        parts.append(" …")
    return "".join(parts), True


def excerpt_for(entry, documents, terms):
    """(html excerpt, document title or ""). Falls back to the start of the summary."""
    roots = [root(normalise(t)) for t in terms if t]
    if roots:
        for text in (entry.summary, entry.body, entry.centre):
            html, found = _excerpt(text, roots)
            if found:
                return mark_safe(html), ""  # noqa: S308 - every piece of text is escaped above
        for document in documents:
            html, found = _excerpt(document.text_content, roots)
            if found:
                return mark_safe(html), document.title  # noqa: S308
    summary = entry.summary or entry.body
    words = summary.split()
    short = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
    return escape(short), ""
