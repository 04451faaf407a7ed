"""A page's `SearchEntry` columns, from what its type declares: the one code path of the single-page refresh
(search/indexing.py) and the bulk builder (search/bulk.py).

Each page type says what the search knows of it (pages/models: `search_kind`, `search_text_fields`,
`search_document()`, `search_themes()`, `searched_documents()`: the documents it lists and those its blocks and
rich-text links point to); the facets' columns come from their declarations
(search/facets.py). Nothing here knows a page type by name.
"""

from wagtail.documents import get_document_model
from wagtail.models import get_page_models

from search import facets
from search.models import SearchEntry

# The entry's columns that are not facets, then every facet's column.
TEXT_FIELDS = ("title", "summary", "body", "centre", "documents_text")
ENTRY_FIELDS = [*TEXT_FIELDS, "date", *facets.COLUMNS, "primary_theme"]


def is_searchable_type(model):
    return getattr(model, "search_kind", None) is not None


def searchable_models():
    """The page types with a search entry (`search_kind`)."""
    return tuple(model for model in get_page_models() if is_searchable_type(model))


def linked_themes(page):
    """The themes of the page's `search_themes_field` (prefetched by the bulk builder)."""
    return list(getattr(page, page.search_themes_field).all()) if page.search_themes_field else []


def entry_values(page, parent_theme, request=None):
    """(columns, themes, documents) of the entry of `page`: its columns as `SearchEntry` keeps them, and the
    themes and public documents its many-to-many relations get.

    `parent_theme`: the page's parent theme (or None) when its type takes it as primary theme
    (`search_parent_theme`); `request` keeps the restricted collections read once (`searched_documents`).
    """
    document = page.search_document()
    primary_theme, themes = page.search_themes(linked_themes(page), parent_theme)
    documents = page.searched_documents(request)
    values = {
        "title": document["title"],
        "summary": document["summary"],
        "body": document["body"],
        "centre": document["centre"],
        "documents_text": "\n".join(f"{doc.title}\n{doc.text_content}" for doc in documents),
        "date": document["date"],
        "primary_theme": primary_theme,
    }
    related = {"themes": themes}
    for facet in facets.FACETS:
        if facet.many:
            values[facet.column] = SearchEntry.theme_key(related[facet.relation])
        else:
            values[facet.column] = facet.value_of(document)
    return values, themes, documents


def load_content_documents(pages):
    """Read at once the documents the blocks and rich-text links of `pages` point to (each page's
    `content_documents()`): one query for a batch of pages, none if they point to none."""
    ids_by_page = {page.pk: page.content_document_ids() for page in pages}
    wanted = {pk for ids in ids_by_page.values() for pk in ids}
    found = get_document_model().objects.in_bulk(wanted) if wanted else {}
    for page in pages:
        page._content_documents = [found[pk] for pk in ids_by_page[page.pk] if pk in found]


def words_of(values):
    """The text whose words the lexicon learns (typo corrections, suggestions): the documents' text too, so that a
    word found only in a document is never taken for a typo."""
    return " ".join([values["title"], values["summary"], values["centre"], values["body"], values["documents_text"]])
