"""Keeping `SearchEntry` rows in step with the pages they describe.

`refresh_entry(page)` is the one place that decides what of a page is searchable; the signal
handlers (search/signals.py) and the `rebuild_search_entries` command call it.
"""

import datetime

from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from pages import models as m
from search.lexicon import add_words
from search.models import Kind, SearchEntry

KINDS = {
    m.ResourcePage: Kind.RESOURCE,
    m.DossierPage: Kind.DOSSIER,
    m.LinkPage: Kind.LINK,
    m.WorkshopReportPage: Kind.WORKSHOP,
    m.ThemePage: Kind.THEME,
    m.StandardPage: Kind.PAGE,
    m.ContributionPage: Kind.PAGE,
}
SEARCHABLE_MODELS = tuple(KINDS)


def _stream_text(page, field_name):
    value = getattr(page, field_name, None)
    if not value:
        return ""
    field = page._meta.get_field(field_name)
    if hasattr(field, "get_searchable_content"):  # StreamField: text of every block, testimonies included
        return " ".join(strip_tags(str(chunk)) for chunk in field.get_searchable_content(value))
    return strip_tags(str(value))


def _body_text(page):
    parts = []
    for name in ("intro", "body", "contextualisation", "description", "registration_info", "place", "address"):
        if hasattr(page, name):
            parts.append(_stream_text(page, name))
    if isinstance(page, m.ResourcePage):
        parts.append(page.author)
        parts.extend(sorted(tag.name for tag in page.tags.all()))  # in a stable order, whatever the query
    if isinstance(page, m.WorkshopReportPage):
        parts.extend(f"{p.name} {p.function} {p.organisation}" for p in page.participants.all())
    if isinstance(page, m.LinkPage):
        parts.append(page.source)
    return "\n".join(part for part in parts if part)


def _themes(page):
    if isinstance(page, m.ThemePage):
        return page, [page]
    if isinstance(page, m.ResourcePage):
        primary = m.ThemePage.objects.filter(path=page.path[: -page.steplen]).first()
        secondary = list(page.secondary_themes.all())
        return primary, ([primary] if primary else []) + [t for t in secondary if t != primary]
    if hasattr(page, "themes"):
        return None, list(page.themes.all())
    return None, []


def _dates(page):
    if isinstance(page, m.DossierPage):
        return datetime.date(page.submission_year, 1, 1), page.submission_year
    # Only content with a date of its own has one: themes and standard pages are timeless.
    date = getattr(page, "date", None)
    return date, (date.year if date else None)


def centre_label(centre):
    """« Centre culturel de la Gaume (Virton) »: the centre as hits and suggestions show it."""
    return f"{centre.name} ({centre.commune})" if centre.commune else centre.name


def is_searchable(page):
    return isinstance(page, SEARCHABLE_MODELS) and page.live and not page.get_view_restrictions().exists()


@transaction.atomic
def refresh_entry(page):
    """Create, update or delete the search entry of `page`. Returns the entry, or None."""
    page = page.specific
    if not is_searchable(page):
        remove_entry(page)
        return None
    primary_theme, themes = _themes(page)
    documents = page.public_documents()
    date, year = _dates(page)
    centre = centre_label(page.centre) if isinstance(page, m.DossierPage) else ""
    values = {
        "kind": KINDS[type(page)],
        "title": page.title,
        "summary": page.card_summary or "",
        "body": _body_text(page),
        "centre": centre,
        "documents_text": "\n".join(f"{doc.title}\n{doc.text_content}" for doc in documents),
        "date": date,
        "year": year,
        "resource_type": getattr(page, "resource_type", ""),
        "status": getattr(page, "status", ""),
        "province": page.centre.province if isinstance(page, m.DossierPage) else "",
        "primary_theme": primary_theme,
        "theme_ids": SearchEntry.theme_key(themes),
    }
    entry, _ = SearchEntry.objects.update_or_create(page_id=page.pk, defaults=values)
    entry.themes.set(themes)
    entry.documents.set(documents)
    add_words(" ".join([values["title"], values["summary"], values["centre"], values["body"]]))
    # Index again now that the many-to-many relations are set (post_save ran before them).
    index.insert_or_update_object(entry)
    return entry


def remove_entry(page):
    for entry in SearchEntry.objects.filter(page_id=page.pk):
        entry.delete()


def refresh_subtree(page):
    for descendant in page.get_descendants(inclusive=True).live().specific().iterator():
        refresh_entry(descendant)
    for entry in SearchEntry.objects.filter(page__path__startswith=page.path, page__live=False):
        entry.delete()


def pages_attaching(document):
    """Ids of the pages that show `document`: attached to them, or the target of a link entry."""
    page_ids = set(m.LinkPage.objects.filter(document=document).values_list("pk", flat=True))
    for attachment in (m.ResourcePageDocument, m.DossierPageDocument, m.WorkshopDocument):
        page_ids.update(attachment.objects.filter(document=document).values_list("page_id", flat=True))
    page_ids.update(SearchEntry.objects.filter(documents=document).values_list("page_id", flat=True))
    return page_ids


def refresh_entries_for_document(document):
    """Refresh the pages showing `document`: its text, title or privacy (collection) may have changed."""
    for page in Page.objects.filter(pk__in=pages_attaching(document)).specific():
        refresh_entry(page)


def refresh_entries_for_centre(centre):
    for dossier in m.DossierPage.objects.filter(centre=centre):
        refresh_entry(dossier)


def searchable_pages():
    return Page.objects.live().type(*SEARCHABLE_MODELS)
