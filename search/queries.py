"""The platform's search: one function for the public page and the API.

`search_content(params)` runs the query on `SearchEntry` (one row per live, public page), with the
facet filters applied in the search query itself, and returns hits with highlighted excerpts, facet
counts, typo corrections and editors' picks. Views only turn HTTP into `SearchParams` and back.
"""

import logging
import re
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Count, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText

from cms.middleware import has_control_characters
from pages.models import DossierStatus, Province, ResourceType, ThemePage
from search import facet_counts, fallback, highlight, lexicon, term_counts
from search.backends import ENGINE_ERRORS
from search.models import Kind, SearchEntry
from search.postgres import CompoundWord, EntryVectorSearchBackend, index_scans, parallel_counting
from search.text import WORD, normalise, query_terms, remove_elisions, words

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 32
RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
SORTS = {"relevance": _("Pertinence"), "date": _("Date (plus récent d'abord)")}
NO_WORDS_NOTICE = _(
    "Votre recherche ne contient aucun mot à chercher : les mots très courants (« le », « de », « et »…), "
    "la ponctuation et les émojis sont ignorés."
)

# Facets: parameter name → (SearchEntry field, labels). Themes are handled apart (many per entry).
FACETS = {
    "type": ("kind", dict(Kind.choices)),
    "resource_type": ("resource_type", dict(ResourceType.choices)),
    "status": ("status", dict(DossierStatus.choices)),
    "province": ("province", dict(Province.choices)),
    "year": ("year", None),
}
FACET_TITLES = {
    "type": _("Type de contenu"),
    "theme": _("Thématique"),
    "resource_type": _("Type de ressource"),
    "status": _("Statut du dossier"),
    "year": _("Année"),
    "province": _("Province / Région"),
}


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


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    type: str = ""
    theme: str = ""
    resource_type: str = ""
    status: str = ""
    year: int | None = None
    province: str = ""
    sort: str = "relevance"
    page: int | str = 1

    def filters(self):
        return {name: getattr(self, name) for name in ("type", "theme", "resource_type", "status", "year", "province")}

    @property
    def has_filters(self):
        return any(self.filters().values())


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


def _text_query(query, replacements):
    """Wagtail query objects: quoted parts are phrases, other words must all match.

    A word replaced by a typo correction matches either spelling.
    """
    parts = query.split('"')
    clauses = []
    for position, part in enumerate(parts):
        part = remove_elisions(part).strip()
        if not part:
            continue
        if position % 2:  # inside quotes
            clauses.append(CompoundWord(part) if CompoundWord.applies_to(part) else Phrase(part))
            continue
        for term in query_terms(part):
            if term in replacements:
                clauses.append(Or([PlainText(term), PlainText(replacements[term])]))
            else:
                clauses.append(PlainText(term))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else And(clauses)


def _filtered(params, themes, skip=None):
    """Entries narrowed by every facet filter of `params`, except the facet named `skip`.

    `themes` maps theme slugs to ids; an unknown theme finds nothing.
    """
    entries = SearchEntry.objects.all()
    for name, value in params.filters().items():
        if not value or name == skip:
            continue
        if name == "theme":
            in_theme = SearchEntry.themes.through.objects.filter(themepage_id=themes.get(value, 0))
            entries = entries.filter(pk__in=in_theme.values("searchentry_id"))
        else:
            entries = entries.filter(**{FACETS[name][0]: value})
    return entries


def _run(backend, params, text_query, themes, skip=None):
    entries = _filtered(params, themes, skip=skip)
    if text_query is None:
        return entries.order_by("-date", "-id")
    if params.sort == "date":
        return backend.search(text_query, entries.order_by("-date"), order_by_relevance=False)
    return backend.search(text_query, entries)


def _theme_pages():
    """The live themes, in tree order: the facet's options and the hits' themes (no query per hit)."""
    return list(ThemePage.objects.live().order_by("path"))


def _themes(pages=None):
    """[(slug, title, id)] of the live themes, in tree order."""
    return [(page.slug, page.title, page.pk) for page in (_theme_pages() if pages is None else pages)]


def _total(results, grouped):
    return grouped["total"].get("", 0) if grouped is not None else results.count()


def _facets(backend, params, text_query, themes, grouped=None):
    theme_ids = {slug: theme_id for slug, _title, theme_id in themes}
    facets = []
    for name in ("type", "theme", "resource_type", "status", "year", "province"):
        if name == "theme":
            options = []
            for slug, title, theme_id in themes:
                if grouped is not None:
                    count = grouped["theme"].get(str(theme_id), 0)
                else:
                    count = _run(backend, replace(params, theme=slug), text_query, theme_ids).count()
                if count or params.theme == slug:
                    options.append(FacetOption(slug, title, count, params.theme == slug))
        else:
            field_name, labels = FACETS[name]
            if grouped is not None:
                counts = grouped[name]
            else:
                counts = _facet_counts(_run(backend, params, text_query, theme_ids, skip=name), field_name)
            selected = str(getattr(params, name) or "")
            options = [
                FacetOption(
                    str(value), str(labels.get(value, value)) if labels else str(value), n, str(value) == selected
                )
                for value, n in counts.items()
                if value not in ("", None)
            ]
            if name == "year":
                options.sort(key=lambda option: option.value, reverse=True)
        facets.append(Facet(name, str(FACET_TITLES[name]), options))
    return facets


def _matched_rows(backend, params, text_query, theme_ids):
    """The entries the text query matches, before any facet filter, as a query (None from a search engine)."""
    results = _run(backend, SearchParams(query=params.query, sort="date"), text_query, theme_ids)
    if hasattr(results, "get_queryset"):  # Wagtail's database backends: no ranking needed to count
        results = results.get_queryset()
    return results.order_by() if isinstance(results, QuerySet) else None


def _grouped_facet_counts(backend, params, text_query, theme_ids):
    """{facet: {value (text): count}} for every facet, themes included, and the total (search/facet_counts.py).

    The combinations of facet values are those PostgreSQL keeps (a frequent word, filters alone), or else the
    matches grouped by combination. None from a search engine: facets then come from the engine, one aggregation
    per facet.
    """
    wanted = {}
    for name, value in params.filters().items():
        if value:
            wanted[name] = str(theme_ids.get(value, 0)) if name == "theme" else str(value)
    combinations = _kept_combinations(backend, text_query)
    if combinations is not None:
        return facet_counts.in_sql(combinations, wanted)
    matched = _matched_rows(backend, params, text_query, theme_ids)
    if matched is None:
        return None
    columns = facet_counts.ROW[:-1]
    combinations = matched.values(*columns).annotate(n=Count("pk")).order_by().values_list(*columns, "n")
    if isinstance(backend, EntryVectorSearchBackend):
        with parallel_counting(SearchEntry.objects.db):
            return facet_counts.in_sql(combinations, wanted, cached=True)
    return facet_counts.in_python(combinations, wanted)


def _kept_combinations(backend, text_query):
    """The combinations of all entries (filters alone) or of a frequent word's matches, as PostgreSQL keeps them
    (search/term_counts.py); None when they are not kept: the caller counts the matches."""
    if not isinstance(backend, EntryVectorSearchBackend):
        return None
    if text_query is None:
        return term_counts.every_entry_combinations()
    if isinstance(text_query, PlainText):
        return term_counts.combinations(text_query.query_string, backend.config)
    if isinstance(text_query, CompoundWord):
        return term_counts.compound_combinations(text_query.query_string, backend.config)
    return None


def _facet_counts(results, field_name):
    if hasattr(results, "facet"):
        return results.facet(field_name)
    from django.db.models import Count

    return {row[field_name]: row["n"] for row in results.order_by().values(field_name).annotate(n=Count("id"))}


def _hits(entries, terms, theme_pages):
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
    from wagtail.models import Page

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


def _backend_names():
    names = ["default"]
    if fallback.has_fallback():
        names.append(fallback.FALLBACK_BACKEND)
    return names


def search_content(params, *, per_page=RESULTS_PER_PAGE, backend_name=None):
    """Run a search. Never raises for a bad query: a query that cannot be run finds nothing.

    The whole search (hits, facet counts) runs on one backend: the engine, or the database when the engine
    fails or already failed during this request (search/fallback.py), with the notice.
    """
    params = replace(params, query=clean_query(params.query))
    if params.sort not in SORTS:
        params = replace(params, sort="relevance")
    names = [backend_name] if backend_name else _backend_names()
    with fallback.watch() as outage:
        for position, name in enumerate(names):
            last = position == len(names) - 1
            if not last and outage.happened:  # the engine failed earlier in this request
                continue
            try:
                with outage.errors_raised():
                    outcome = _search_with(get_search_backend(name), params, per_page)
            except ENGINE_ERRORS as error:  # the engine is down, slow or refuses the query: the next backend answers
                if last:
                    raise
                outage.record(error)
                continue
            if position:
                outcome.notice = str(fallback.NOTICE)
            return outcome
    raise AssertionError("unreachable")


def _search_with(backend, params, per_page):
    if not params.query:  # filters alone: no text to match, the planner's own choices stand
        return _search(backend, params, per_page)
    with index_scans(SearchEntry.objects.db):  # every query below runs inside: results are lists, not lazy
        return _search(backend, params, per_page)


def _search(backend, params, per_page):
    outcome = SearchOutcome(params=params)
    if not params.query and not params.has_filters:
        return outcome
    theme_pages = _theme_pages()
    themes = _themes(theme_pages)
    theme_ids = {slug: theme_id for slug, _title, theme_id in themes}
    terms = query_terms(params.query)
    replacements = lexicon.corrections(terms)
    text_query = _text_query(params.query, replacements)
    if params.query and text_query is None:  # « 😀 », « le de la »: nothing to look for, not everything
        outcome.notice = str(NO_WORDS_NOTICE)
        if not params.has_filters:
            return outcome
    results = _run(backend, params, text_query, theme_ids)
    grouped = _grouped_facet_counts(backend, params, text_query, theme_ids)
    total = _total(results, grouped)
    if text_query is not None and not total and len(terms) > 1:
        # Every word at once found nothing: accept pages with any of them (corrections included), best first.
        text_query = Or(
            [Or([PlainText(t), PlainText(replacements[t])]) if t in replacements else PlainText(t) for t in terms]
        )
        outcome.matched_any_word = True
        results = _run(backend, params, text_query, theme_ids)
        grouped = _grouped_facet_counts(backend, params, text_query, theme_ids)
        total = _total(results, grouped)
    # Nothing found: no results to rank. The total is known from the facet counts: no second COUNT(*).
    paginator = Paginator(results if total else [], per_page)
    paginator.count = total
    page = paginator.get_page(params.page)
    page.object_list = _hits(page.object_list, terms + list(replacements.values()), theme_pages)
    outcome.page = page
    outcome.total = paginator.count
    outcome.facets = _facets(backend, params, text_query, themes, grouped)
    if replacements:
        outcome.corrected_query = " ".join(replacements.get(normalise(w), w) for w in params.query.split())
    if outcome.is_empty and replacements:  # « vouliez-vous dire » the closest known words
        outcome.suggestion = " ".join(replacements.get(t, t) for t in terms)
    if params.query:
        outcome.promotions = _promotions(params.query)
    return outcome


def _promotions(query):
    """Editors' picks for `query`: live, public pages only, in the editors' order.

    Read only (no Query row is created per search); a pick of a draft or private page is never shown,
    title included. External-link picks are not shown (the page lists pages). Each page carries the
    pick's description as `promotion_description`.
    """
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page
    from wagtail.search.utils import normalise_query_string

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


def autocomplete(raw, *, limit=AUTOCOMPLETE_LIMIT):
    """Titles, centres and themes starting with what the visitor is typing."""
    # « l'an » completes « an »; an elided article or punctuation alone suggests nothing.
    query = " ".join(remove_elisions(clean_query(raw)).split())
    if len("".join(words(query))) < 2:
        return []
    results = []
    try:  # the engine's results answer from the database if it fails (search/fallback.py)
        entries = list(get_search_backend().autocomplete(query, SearchEntry.objects.all())[:limit])
    except ENGINE_ERRORS:  # an engine without a fallback backend: no suggestions
        logger.exception("Autocomplete failed")
        entries = []
    from wagtail.models import Page

    urls = {page.pk: page.url for page in Page.objects.filter(pk__in=[e.page_id for e in entries])}
    labels = dict(Kind.choices)
    for entry in entries:
        results.append(
            {
                "title": entry.title,
                "type": entry.kind,
                "type_label": str(labels.get(entry.kind, entry.kind)),
                "centre": entry.centre,
                "url": urls.get(entry.page_id, ""),
            }
        )
    return results
