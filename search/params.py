"""What a search is asked: the query, cleaned and bounded, and the filters of the declared facets (`SearchParams`).

The page (search/forms.py) and the API (search/api.py) read their parameters into `SearchParams`; the search
itself is search/queries.py.
"""

import dataclasses
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.middleware import has_control_characters
from search import facets
from search.text import WORD, words

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 32
RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
SORTS = {"relevance": _("Pertinence"), "date": _("Date (plus récent d'abord)")}
NO_WORDS_NOTICE = _(
    "Votre recherche ne contient aucun mot à chercher : les mots très courants (« le », « de », « et »…), "
    "la ponctuation et les émojis sont ignorés."
)

# Space- or hyphen-separated pieces: the database backends make one term of each (« contrat-programme »: two).
PIECE = re.compile(r"[^\s-]+")


def _piece_words(piece):
    """The words of one piece (« l'an »: two); a piece without letters or digits (« ! ») counts as one."""
    return max(1, len(words(piece)))


def word_count(text):
    """The words of a query as the backends count them: at most MAX_QUERY_WORDS may be searched.

    Each word is one more term nested in the query a backend compiles: about 150 of them exhaust Python's
    recursion limit in Django's PostgreSQL compiler.
    """
    return sum(_piece_words(piece) for piece in PIECE.findall(text or ""))


def _first_words(text, limit):
    """`text` cut after its first `limit` words (as `word_count` counts them)."""
    count = 0
    for piece in PIECE.finditer(text):
        n = _piece_words(piece.group())
        if count + n > limit:
            inside = list(WORD.finditer(piece.group()))[: limit - count]
            return text[: piece.start() + inside[-1].end()] if inside else text[: piece.start()].rstrip(" -")
        count += n
    return text


def query_errors(raw):
    """French reasons why `raw` cannot be searched as it is: the API refuses such a query with a 400
    (`?search=`, /api/v2/search/); the search page shortens it (`clean_query`) and says so."""
    raw = raw or ""
    errors = []
    if has_control_characters(raw):
        errors.append(_("La recherche contient un caractère de contrôle (par exemple un octet nul)."))
    if len(raw) > MAX_QUERY_LENGTH:
        errors.append(
            _("La recherche est trop longue : %(max)s caractères au plus (elle en compte %(length)s).")
            % {"max": MAX_QUERY_LENGTH, "length": len(raw)}
        )
    if word_count(raw) > MAX_QUERY_WORDS:
        errors.append(
            _("La recherche compte trop de mots : %(max)s au plus (elle en compte %(count)s).")
            % {"max": MAX_QUERY_WORDS, "count": word_count(raw)}
        )
    return errors


def validate_query(raw):
    """A form field's validator: `query_errors` as a ValidationError."""
    errors = query_errors(raw)
    if errors:
        raise ValidationError(errors)


class QueryField(forms.CharField):
    """A search query the API refuses (`validate_query`, a 400) when it cannot be searched as it is."""

    def __init__(self, **kwargs):
        super().__init__(required=False, validators=[validate_query], **kwargs)

    def openapi_schema(self):
        """Its shape in the OpenAPI schema (pages/api/form_schemas.py): `validate_query`'s length."""
        return {"type": "string", "maxLength": MAX_QUERY_LENGTH}


def is_shortened(raw):
    """Whether `clean_query` keeps only the start of `raw` (too many characters or words)."""
    raw = raw or ""
    return len(raw) > MAX_QUERY_LENGTH or word_count(raw) > MAX_QUERY_WORDS


def clean_query(raw):
    """A query safe for every backend: printable characters only, at most MAX_QUERY_WORDS words and
    MAX_QUERY_LENGTH characters, balanced quotes."""
    # Tabs and line breaks (pasted text) separate words; other characters that do not print are dropped.
    text = "".join(" " if ch.isspace() else ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    text = _first_words(" ".join(text.split())[:MAX_QUERY_LENGTH], MAX_QUERY_WORDS)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return " ".join(text.split())


def _params_class():
    """`SearchParams`: the query, every declared facet's filter (search/facets.py), the keyword, the sort and the
    page."""
    fields = [
        ("query", str, dataclasses.field(default="")),
        *((facet.name, Any, dataclasses.field(default=facet.empty)) for facet in facets.FACETS),
        # A keyword's slug (/mots-cles/<slug>/): narrows the search to the pages carrying it. Not a facet: a page
        # has many keywords and the site hundreds, so it has no options nor counts of its own.
        ("keyword", str, dataclasses.field(default="")),
        ("sort", str, dataclasses.field(default="relevance")),
        ("page", int | str, dataclasses.field(default=1)),
    ]

    def filters(self):
        """{facet: the value it filters on, or its empty value}, in the facets' order."""
        return {name: getattr(self, name) for name in facets.NAMES}

    def has_filters(self):
        """Whether a facet or the keyword narrows the search."""
        return bool(self.keyword) or any(self.filters().values())

    namespace = {"filters": filters, "has_filters": property(has_filters), "__module__": __name__}
    return dataclasses.make_dataclass("SearchParams", fields, frozen=True, namespace=namespace)


SearchParams = _params_class()
