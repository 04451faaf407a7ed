"""« Voir aussi »: 3 to 5 pages close to a resource, a dossier or a rencontre, each with its reason in French.

Chosen among the search entries (search/models.py `SearchEntry`: live, public pages only, so never a draft, a
private page or the page itself) by what they share with the page:

- its keywords (resources): « Mots-clés communs : participation, territoire »;
- its themes: « Même thématique : L'analyse partagée »;
- its subject, as the search backend itself measures it: on PostgreSQL (its vectors) and SQLite (FTS5) the page's
  most telling words searched for any of them, on the engines their `more_like_this` from the page's own indexed
  document (search/backends.py `LikeThis`); of the best matches, those sharing at least two of the page's telling
  words are kept: « Sujet proche ».

Editors may pin a page (always proposed, first) or exclude one (never proposed) in the page's « Voir aussi » panel
(`related_choices`). Every step reads a bounded number of rows (`CANDIDATES` per kind of link), so the cost does
not grow with the site; the result is kept per generation of the page cache (cms/generation_cache.py), like the
menu, and is what the page shows and the API serves (`related`).
"""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from wagtail.search.backends import get_search_backend

from cms.generation_cache import per_generation
from pages.models import ResourcePage, ThemePage
from search.backends import ENGINE_ERRORS, like_this
from search.models import Kind, SearchEntry
from search.text import analyse, analysed_words, stem

logger = logging.getLogger(__name__)

LIMIT = 5
# What « Voir aussi » proposes: content to read, not the sections that list it (themes, standard pages).
PROPOSED_KINDS = (Kind.RESOURCE, Kind.DOSSIER, Kind.WORKSHOP, Kind.LINK)
CANDIDATES = 30  # rows read per kind of link
SUBJECT_WORDS = 8  # the page's most telling words searched for « Sujet proche »
SUBJECT_HITS = 10
SUBJECT_MIN_SHARED = 2
# What each shared thing weighs: a shared keyword says more than a shared theme (a theme holds hundreds of pages).
KEYWORD_WEIGHT = 3.0
THEME_WEIGHT = 2.0
PRIMARY_THEME_BONUS = 1.0
SUBJECT_WEIGHT = 2.5  # for the best match, decreasing with the rank
PINNED_REASON = "Proposé par l'équipe de la Plateforme"
SUBJECT_REASON = "Sujet proche"


@dataclass(frozen=True)
class RelatedItem:
    page_id: int
    title: str
    url: str
    kind: str
    kind_label: str
    summary: str
    reason: str

    def as_dict(self):
        return {
            "id": self.page_id,
            "title": self.title,
            "html_url": self.url,
            "type": self.kind,
            "type_label": self.kind_label,
            "summary": self.summary,
            "reason": self.reason,
        }


def related_items(page, limit=LIMIT):
    """The « Voir aussi » of `page` (its live version), kept per generation: [RelatedItem], best first."""
    return per_generation(f"related:{page.pk}:{limit}", lambda: compute_related(page, limit), usual=False)


def compute_related(page, limit=LIMIT):
    entry = SearchEntry.objects.filter(page_id=page.pk).first()
    if entry is None:  # a draft, a private page, a type the search does not know: nothing to relate
        return []
    pinned, excluded = _editors_choices(page)
    excluded |= {page.pk}
    scores = defaultdict(float)
    reasons = defaultdict(dict)  # {page id: {kind of reason: text}}
    _by_keywords(page, scores, reasons, excluded)
    _by_themes(entry, scores, reasons, excluded)
    _by_subject(entry, scores, reasons, excluded)
    ranked = sorted(scores, key=lambda pk: -scores[pk])
    chosen = [pk for pk in pinned if pk not in excluded] + [pk for pk in ranked if pk not in pinned]
    entries = {e.page_id: e for e in SearchEntry.objects.filter(page_id__in=chosen[: limit * 2]).select_related("page")}
    labels = dict(Kind.choices)
    items = []
    for pk in chosen:
        found = entries.get(pk)
        if found is None:  # a pinned page that is not (or no longer) live and public
            continue
        why = reasons.get(pk, {})
        reason = why.get("keywords") or why.get("theme") or why.get("subject") or PINNED_REASON
        items.append(
            RelatedItem(
                page_id=pk,
                title=found.title,
                url=found.page.url or "",
                kind=found.kind,
                kind_label=str(labels.get(found.kind, found.kind)),
                summary=found.summary[:300],
                reason=reason,
            )
        )
        if len(items) == limit:
            break
    return items


def _editors_choices(page):
    """(pinned page ids in the editor's order, excluded page ids) from the page's « Voir aussi » panel."""
    choices = getattr(page, "related_choices", None)
    if choices is None:
        return [], set()
    rows = [(choice.target_id, choice.mode) for choice in choices.all()]  # in memory too (a preview)
    pinned = [target for target, mode in rows if mode == "pin"]
    return pinned, {target for target, mode in rows if mode == "exclude"}


def _by_keywords(page, scores, reasons, excluded):
    if not isinstance(page, ResourcePage):
        return
    mine = {tag.pk: tag.name for tag in page.tags.all()}  # a preview's page holds its tags in memory
    if not mine:
        return
    rows = list(
        ResourcePage.tags.through.objects.filter(tag_id__in=mine)
        .exclude(content_object_id__in=excluded)
        .values_list("content_object_id", "tag_id")[: CANDIDATES * 4]
    )
    shared = defaultdict(list)
    for pk, tag_id in rows:
        shared[pk].append(mine[tag_id])
    for pk, names in sorted(shared.items(), key=lambda item: -len(item[1]))[:CANDIDATES]:
        scores[pk] += KEYWORD_WEIGHT * len(names)
        reasons[pk]["keywords"] = "Mots-clés communs : " + ", ".join(sorted(names, key=str.lower)[:3])


def _by_themes(entry, scores, reasons, excluded):
    theme_ids = [int(pk) for pk in entry.theme_ids.split(",") if pk]
    if not theme_ids:
        return
    titles = dict(ThemePage.objects.filter(pk__in=theme_ids).live().values_list("pk", "title"))
    rows = (
        SearchEntry.objects.filter(themes__in=theme_ids, kind__in=PROPOSED_KINDS)
        .exclude(page_id__in=excluded)
        .values("page_id", "primary_theme_id")
        .annotate(shared=Count("themes"))
        .order_by("-shared", "-date", "-id")[:CANDIDATES]
    )
    theme_of = _first_shared_theme(rows, theme_ids)
    for row in rows:
        pk = row["page_id"]
        same_primary = row["primary_theme_id"] is not None and row["primary_theme_id"] == entry.primary_theme_id
        scores[pk] += THEME_WEIGHT * row["shared"] + (PRIMARY_THEME_BONUS if same_primary else 0)
        title = titles.get(theme_of.get(pk))
        if title:
            reasons[pk]["theme"] = f"Même thématique : {title}"


def _first_shared_theme(rows, theme_ids):
    """{page id: the id of a theme it shares}: its primary theme if shared, else the first shared in `theme_ids`."""
    pages = [row["page_id"] for row in rows]
    shared = defaultdict(set)
    through = SearchEntry.themes.through.objects.filter(searchentry__page_id__in=pages, themepage_id__in=theme_ids)
    for pk, theme in through.values_list("searchentry__page_id", "themepage_id"):
        shared[pk].add(theme)
    first = {}
    for row in rows:
        pk = row["page_id"]
        if row["primary_theme_id"] in shared[pk]:
            first[pk] = row["primary_theme_id"]
        elif shared[pk]:
            first[pk] = next(theme for theme in theme_ids if theme in shared[pk])
    return first


def subject_words(entry, limit=SUBJECT_WORDS):
    """The page's most telling words: those of its title first, then the most frequent of its summary and text."""
    title = analysed_words(entry.title)
    counts = Counter(word for word in analysed_words(f"{entry.summary} {entry.body[:5000]}") if len(word) > 3)
    words = list(dict.fromkeys([*(w for w in title if len(w) > 2), *(w for w, _n in counts.most_common(limit * 2))]))
    return words[:limit]


def _text_of(entry):
    return f"{entry.title} {entry.summary} {entry.centre} {entry.body[:5000]}"


def _by_subject(entry, scores, reasons, excluded):
    words = subject_words(entry)
    if not words:
        return
    backend = get_search_backend()
    try:
        # The excluded pages (the page itself first) are left out of the best matches, not filtered by the backend.
        candidates = SearchEntry.objects.filter(kind__in=PROPOSED_KINDS)
        found = list(backend.search(like_this(backend, entry, words), candidates)[: SUBJECT_HITS + len(excluded)])
    except ENGINE_ERRORS as error:  # the engine is down: the other links still stand
        logger.warning("« Voir aussi » of page %s without « Sujet proche »: %s", entry.page_id, error)
        return
    # Close: at least SUBJECT_MIN_SHARED of the words, not any one of them (« territoire » alone is everywhere).
    stems = {stem(word) for word in words}
    found = [
        hit
        for hit in found
        if hit.page_id not in excluded and len(stems & set(analyse(_text_of(hit)))) >= SUBJECT_MIN_SHARED
    ][:SUBJECT_HITS]
    for rank, hit in enumerate(found):
        scores[hit.page_id] += SUBJECT_WEIGHT * (1 - rank / SUBJECT_HITS)
        reasons[hit.page_id]["subject"] = SUBJECT_REASON
