"""Search logic shared by the public search page and, later, the API."""

from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """A query safe to hand to any backend: no NUL or control characters, bounded length.

    Double quotes are dropped: an unbalanced one is a syntax error for SQLite's FTS5 (wagtail#13227).
    """
    text = "".join(ch for ch in (raw or "") if ch.isprintable() and ch != '"')
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_content(query):
    """Live, public pages matching `query`, best first."""
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().not_type(_root_types()).specific().search(query)


def _root_types():
    from pages.models import HomePage

    return (HomePage,)
