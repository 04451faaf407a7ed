"""The platform's search: one function for the public page and the API.

`search_content(params)` runs the query on `SearchEntry` (one row per live, public page), with the
facet filters applied in the search query itself, and returns hits with highlighted excerpts, facet
counts, typo corrections and editors' picks. Views only turn HTTP into `SearchParams` and back.
"""

import logging
from dataclasses import replace

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText

from pages.models import ResourcePage
from search import facet_counts, facets, fallback, lexicon, synonyms, term_counts
from search.backends import ENGINE_ERRORS
from search.models import Kind, SearchEntry
from search.params import AUTOCOMPLETE_LIMIT, NO_WORDS_NOTICE, RESULTS_PER_PAGE, SORTS, SearchParams, clean_query
from search.postgres import CompoundWord, EntryVectorSearchBackend, index_scans, parallel_counting
from search.results import Facet, FacetOption, SearchOutcome, hits, promotions
from search.text import WORD, normalise, query_terms, query_words, remove_elisions, words

logger = logging.getLogger(__name__)


def _either(word, others):
    """A word of the query, or any of the other words searched with it (its inflections, its correction)."""
    return Or([PlainText(w) for w in [word, *others]]) if others else PlainText(word)


def _text_query(query, alternatives):
    """Wagtail query objects: quoted parts are phrases, other words must all match.

    `alternatives`: {word without accents: other words it matches} (inflections the content holds, corrections); a
    word or words of the glossary « Synonymes et sigles » match any of their equivalents (search/synonyms.py).
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
        # As typed: SQLite stems the word with its accents (search/text.py).
        typed = query_words(part)
        clauses.extend(synonyms.clauses(typed, lambda word: _either(word, alternatives.get(normalise(word), []))))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else And(clauses)


def _filtered(params, page_ids, skip=None):
    """Entries narrowed by every facet filter of `params`, except the facet named `skip`, and by its keyword.

    `page_ids` maps each many-valued facet to {slug: page id} of its options; an unknown slug finds nothing.
    """
    entries = SearchEntry.objects.all()
    for name, value in params.filters().items():
        if not value or name == skip:
            continue
        facet = facets.BY_NAME[name]
        if facet.many:  # through the many-to-many table: one subquery
            relation = SearchEntry._meta.get_field(facet.relation)
            rows = relation.remote_field.through.objects.filter(
                **{f"{relation.m2m_reverse_field_name()}_id": page_ids[name].get(value, 0)}
            )
            entries = entries.filter(pk__in=rows.values(f"{relation.m2m_field_name()}_id"))
        else:
            entries = entries.filter(**{facet.column: value})
    if params.keyword:  # the pages carrying the keyword: one subquery, like a many-valued facet
        keyword_pages = SearchEntry.objects.filter(page_id__in=ResourcePage.ids_with_keyword(params.keyword))
        entries = entries.filter(pk__in=keyword_pages.values("pk"))
    return entries


def _run(backend, params, text_query, page_ids, skip=None):
    entries = _filtered(params, page_ids, skip=skip)
    if text_query is None:
        return entries.order_by("-date", "-id")
    if params.sort == "date":
        return backend.search(text_query, entries.order_by("-date"), order_by_relevance=False)
    return backend.search(text_query, entries)


def _option_pages():
    """{many-valued facet: its live option pages, in tree order}: its options and the hits' themes (no query per
    hit)."""
    return {facet.name: list(facet.pages.objects.live().order_by("path")) for facet in facets.MANY}


def _page_ids(option_pages):
    return {name: {page.slug: page.pk for page in pages} for name, pages in option_pages.items()}


def _total(results, grouped):
    return grouped["total"].get("", 0) if grouped is not None else results.count()


def _page_options(facet, backend, params, text_query, option_pages, grouped):
    """A many-valued facet's options: its live pages in tree order, those found or selected."""
    selected = getattr(params, facet.name)
    options = []
    for page in option_pages[facet.name]:
        if grouped is not None:
            count = grouped[facet.name].get(str(page.pk), 0)
        else:
            filtered = replace(params, **{facet.name: page.slug})
            count = _run(backend, filtered, text_query, _page_ids(option_pages)).count()
        if count or selected == page.slug:
            options.append(FacetOption(page.slug, page.title, count, selected == page.slug))
    return options


def _value_options(facet, backend, params, text_query, option_pages, grouped):
    """A single-valued facet's options: the values found, labelled by its choices, the most frequent first (or the
    newest first)."""
    if grouped is not None:
        counts = grouped[facet.name]
    else:
        results = _run(backend, params, text_query, _page_ids(option_pages), skip=facet.name)
        counts = _facet_counts(results, facet.column)
    selected = str(getattr(params, facet.name) or "")
    labels = facet.labels
    options = [
        FacetOption(str(value), str(labels.get(value, value)) if labels else str(value), n, str(value) == selected)
        for value, n in counts.items()
        if value not in ("", None)
    ]
    if facet.newest_first:
        options.sort(key=lambda option: option.value, reverse=True)
    return options


def _facets(backend, params, text_query, option_pages, grouped=None):
    return [
        Facet(
            facet.name,
            str(facet.title),
            (_page_options if facet.many else _value_options)(
                facet, backend, params, text_query, option_pages, grouped
            ),
        )
        for facet in facets.FACETS
    ]


def _matched_rows(backend, params, text_query, page_ids):
    """The entries the text query matches (among the keyword's pages), before any facet filter, as a query (None
    from a search engine)."""
    results = _run(backend, SearchParams(query=params.query, keyword=params.keyword, sort="date"), text_query, page_ids)
    if hasattr(results, "get_queryset"):  # Wagtail's database backends: no ranking needed to count
        results = results.get_queryset()
    return results.order_by() if isinstance(results, QuerySet) else None


def _grouped_facet_counts(backend, params, text_query, page_ids):
    """{facet: {value (text): count}} for every facet, themes included, and the total (search/facet_counts.py).

    The combinations of facet values are those PostgreSQL keeps (a frequent word, filters alone), or else the
    matches grouped by combination. None from a search engine: facets then come from the engine, one aggregation
    per facet.
    """
    wanted = {}
    for name, value in params.filters().items():
        if value:
            wanted[name] = str(page_ids[name].get(value, 0)) if facets.BY_NAME[name].many else str(value)
    # The kept combinations count every entry: not those of a keyword's pages.
    combinations = None if params.keyword else _kept_combinations(backend, text_query)
    if combinations is not None:
        return facet_counts.in_sql(combinations, wanted)
    near = None if params.keyword else _near_combinations(backend, params, text_query, page_ids)
    if near is not None:
        return facet_counts.in_sql(near, wanted, cached=True)
    matched = _matched_rows(backend, params, text_query, page_ids)
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


def _near_combinations(backend, params, text_query, page_ids):
    """The combinations of a search of several frequent words from the kept counts of one of them
    (search/term_counts.py `near_combinations`); None when counting the matches is cheaper."""
    if not isinstance(backend, EntryVectorSearchBackend):
        return None
    return term_counts.near_combinations(
        text_query, backend.config, lambda query: _matched_rows(backend, params, query, page_ids)
    )


def _facet_counts(results, field_name):
    if hasattr(results, "facet"):
        return results.facet(field_name)
    return {row[field_name]: row["n"] for row in results.order_by().values(field_name).annotate(n=Count("id"))}


def _backend_names():
    names = ["default"]
    if fallback.has_fallback():
        names.append(fallback.FALLBACK_BACKEND)
    return names


def search_content(params, *, per_page=RESULTS_PER_PAGE, backend_name=None, offset=None):
    """Run a search. Never raises for a bad query: a query that cannot be run finds nothing.

    The hits: page `params.page` of `per_page` (the search page; past the end, the last page), or with `offset`
    (the API) the `per_page` hits from that position (past the end, none).

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
                    outcome = _search_with(get_search_backend(name), params, per_page, offset)
            except ENGINE_ERRORS as error:  # the engine is down, slow or refuses the query: the next backend answers
                if last:
                    raise
                outage.record(error)
                continue
            if position:
                outcome.notice = str(fallback.NOTICE)
            return outcome
    raise AssertionError("unreachable")


def _search_with(backend, params, per_page, offset=None):
    if not params.query:  # filters alone: no text to match, the planner's own choices stand
        return _search(backend, params, per_page, offset)
    with index_scans(SearchEntry.objects.db):  # every query below runs inside: results are lists, not lazy
        return _search(backend, params, per_page, offset)


def _page(results, total, params, per_page, offset):
    """The hits to show: page `params.page`, or the window from `offset` (see `search_content`)."""
    # Nothing found: no results to rank. The total is known from the facet counts: no second COUNT(*).
    paginator = Paginator(results if total else [], per_page)
    paginator.count = total
    if offset is None:
        return paginator.get_page(params.page)
    window = list(results[offset : offset + per_page]) if offset < total and per_page else []
    return PaginatorPage(window, offset // max(per_page, 1) + 1, paginator)


def _run_counted(backend, params, text_query, page_ids):
    """(results, grouped facet counts or None, total) of a text query."""
    results = _run(backend, params, text_query, page_ids)
    grouped = _grouped_facet_counts(backend, params, text_query, page_ids)
    return results, grouped, _total(results, grouped)


def _any_word_query(query, alternatives):
    """Pages with any of the query's words (each with its alternatives)."""
    return Or([_either(word, alternatives.get(normalise(word), [])) for word in query_words(query)])


def _first_found(backend, params, page_ids, words):
    """(text query, (results, grouped counts, total), corrected?, any word?) of the first search that finds
    something: every word as typed; corrected; then, for several words, any of them as typed; corrected.

    `words`: the query's words looked up in the lexicon (search/lexicon.py `LookUp`): their inflections, and their
    corrections, looked up only when the query as typed finds nothing. A correction is thus used only when the
    same search as typed found nothing and the corrected one finds pages. When nothing is found, the last search
    tried (no correction used).
    """
    text_query = _text_query(params.query, words.inflections)
    found = _run_counted(backend, params, text_query, page_ids)
    if text_query is None or found[2]:
        return text_query, found, False, False
    corrected = words.corrected
    attempts = []
    if corrected != words.inflections:
        attempts.append((_text_query(params.query, corrected), True, False))
    if len(query_words(params.query)) > 1:  # every word at once found nothing: pages with any of them, best first
        attempts.append((_any_word_query(params.query, words.inflections), False, True))
        if corrected != words.inflections:
            attempts.append((_any_word_query(params.query, corrected), True, True))
    last = (text_query, found, False, False)
    for query, with_corrections, any_word in attempts:
        found = _run_counted(backend, params, query, page_ids)
        if found[2]:
            return query, found, with_corrections, any_word
        last = (query, found, False, any_word)
    return last


def corrected_query(query, replacements):
    """The query as searched: each corrected word replaced where the visitor typed it, the rest as typed
    (« contrat-programe » → « contrat-programme »)."""
    return WORD.sub(lambda match: replacements.get(normalise(match.group()), match.group()), query)


def _search(backend, params, per_page, offset=None):
    outcome = SearchOutcome(params=params)
    if not params.query and not params.has_filters:
        return outcome
    option_pages = _option_pages()
    page_ids = _page_ids(option_pages)
    terms = query_terms(params.query)
    # A word the content holds only inflected is searched with its inflections; a word that looks like a typo
    # (neither it nor its stem in the content) is corrected only if the query as typed finds nothing.
    words = lexicon.look_up(query_words(params.query))
    if params.query and _text_query(params.query, {}) is None:  # « 😀 », « le de la »: nothing to look for
        outcome.notice = str(NO_WORDS_NOTICE)
        if not params.has_filters:
            return outcome
    text_query, (results, grouped, total), with_corrections, outcome.matched_any_word = _first_found(
        backend, params, page_ids, words
    )
    applied = words.corrections if with_corrections else {}
    page = _page(results, total, params, per_page, offset)
    marked = terms + list(applied.values()) + synonyms.equivalent_terms(terms)
    page.object_list = hits(page.object_list, marked, option_pages["theme"])
    outcome.page = page
    outcome.total = total
    outcome.facets = _facets(backend, params, text_query, option_pages, grouped)
    if applied:
        outcome.corrected_query = corrected_query(params.query, applied)
    if outcome.is_empty and words.corrections:  # « vouliez-vous dire » the closest known words
        outcome.suggestion = " ".join(words.corrections.get(t, t) for t in terms)
    if params.query:
        outcome.promotions = promotions(params.query)
    return outcome


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
