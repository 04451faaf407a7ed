"""What a search finds, as the page and the API show it: hits with their excerpt, URL and themes, facets with
their options, editors' picks (search/queries.py fills a `SearchOutcome`)."""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError
from django.db.models import prefetch_related_objects
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from search import highlight
from search.models import Kind, SearchEntry
from search.params import SearchParams

logger = logging.getLogger(__name__)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    title: str
    options: list[FacetOption]


@dataclass
class Hit:
    entry: SearchEntry
    kind_label: str
    url: str
    themes: list
    excerpt: str
    excerpt_document: str = ""


@dataclass
class SearchOutcome:
    params: SearchParams
    page: object = None  # a Paginator page of Hit
    total: int = 0
    facets: list[Facet] = field(default_factory=list)
    corrected_query: str = ""  # the query actually run when typos were corrected
    suggestion: str = ""  # « vouliez-vous dire » when nothing was found
    promotions: list = field(default_factory=list)
    notice: str = ""  # e.g. the search engine is down and the database answered
    matched_any_word: bool = False  # no page had every word: the hits have at least one of them

    @property
    def is_empty(self):
        return self.total == 0


def hits(entries, terms, theme_pages):
    entries = list(entries)
    pages = {e.page_id: e for e in entries}
    # An excerpt from the hit's own text, else from its documents, else the start of its summary. Documents are
    # read only for the hits whose own text lacks the words (one query, often none; none without words).
    excerpts = {entry.pk: (highlight.own_excerpt(entry, terms), "") for entry in entries}
    elsewhere = [entry for entry in entries if terms and not excerpts[entry.pk][0]]
    prefetch_related_objects(elsewhere, "documents")
    for entry in elsewhere:
        excerpts[entry.pk] = highlight.document_excerpt(entry.documents.all(), terms)
    for entry in entries:
        if not excerpts[entry.pk][0]:
            excerpts[entry.pk] = (highlight.summary_excerpt(entry), "")
    # An entry's themes from its `theme_ids` copy and the live themes already read, in tree order.
    themes = {
        entry.pk: [page for page in theme_pages if str(page.pk) in entry.theme_ids.split(",")] for entry in entries
    }
    urls = {page.pk: page.url for page in Page.objects.filter(pk__in=pages)}
    hits = []
    labels = dict(Kind.choices)
    for entry in entries:
        excerpt, document_title = excerpts[entry.pk]
        hits.append(
            Hit(
                entry=entry,
                kind_label=str(labels.get(entry.kind, entry.kind)),
                url=urls.get(entry.page_id) or "",
                themes=themes.get(entry.pk, []),
                excerpt=excerpt,
                excerpt_document=document_title,
            )
        )
    return hits


def promotions(query):
    """Editors' picks for `query`: live, public pages only, in the editors' order.

    Read only (no Query row is created per search); a pick of a draft or private page is never shown,
    title included. External-link picks are not shown (the page lists pages). Each page carries the
    pick's description as `promotion_description`.
    """
    try:
        picks = list(
            SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(query), page__isnull=False
            ).order_by("sort_order", "pk")
        )
        if not picks:  # most queries: no page query, no privacy check
            return []
        pages = Page.objects.filter(pk__in=[pick.page_id for pick in picks]).live().public().specific()
        pages = {page.pk: page for page in pages}
    except DatabaseError:  # a broken pick never breaks the search
        logger.exception("Editors' picks failed for %r", query)
        return []
    promoted = []
    for pick in picks:
        page = pages.get(pick.page_id)
        if page is not None:
            page.promotion_description = pick.description
            promoted.append(page)
    return promoted
