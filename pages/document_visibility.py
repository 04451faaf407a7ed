"""Which documents are public: one rule for every place that shows a document to visitors.

Page templates, the dossier's context, StreamField blocks, link entries, the API, JSON-LD and search all ask it: a
document is public when an anonymous visitor may download it, i.e. when neither its collection nor any collection
above it has a view restriction (login, password or groups). It needs Wagtail's collections only, not the
platform's models, so that the API's representations (imported by the models) can read it.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.translation import ngettext
from wagtail.models import Collection, CollectionViewRestriction

from cms.generation_cache import per_generation

_RESTRICTED_IDS = "_restricted_collection_ids"


def restricted_collections():
    """The collections an anonymous visitor cannot open: each one with a view restriction and every one below it."""
    covering = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    return Collection.objects.filter(Exists(covering))


def restricted_collection_ids(request=None):
    """The ids of `restricted_collections()`: one query, kept on `request` when one is given (for one request, every
    list of documents it shows costs that query once), and read once per generation of the page cache while a
    request runs (cms/generation_cache.py: a collection or a restriction saved starts a new one)."""
    holder = getattr(request, "_request", request)  # DRF wraps Django's request
    if holder is not None and hasattr(holder, _RESTRICTED_IDS):
        return getattr(holder, _RESTRICTED_IDS)
    ids = per_generation(
        "restricted_collection_ids", lambda: frozenset(restricted_collections().values_list("pk", flat=True))
    )
    if holder is not None:
        setattr(holder, _RESTRICTED_IDS, ids)
    return ids


def public_only(documents, request=None):
    """The documents of `documents` (None entries dropped) that anonymous visitors may download, in their order.

    No query when the list is empty; otherwise `restricted_collection_ids(request)`.
    """
    documents = [document for document in documents if document is not None]
    if not documents:
        return []
    restricted = restricted_collection_ids(request)
    return [document for document in documents if document.collection_id not in restricted]


def is_public_document(document, request=None):
    return bool(public_only([document], request))


def restricted_only(documents):
    """The documents of `documents` that anonymous visitors may not download (the complement of `public_only`)."""
    public = {document.pk for document in public_only(documents)}
    return [document for document in documents if document is not None and document.pk not in public]


def restricted_documents_warning(documents):
    """What the admin tells an editor whose page offers `documents` from a restricted collection."""
    titles = ", ".join(f"« {document.title} »" for document in documents)
    return ngettext(
        "Le document %(titles)s est dans une collection à accès restreint : les visiteurs ne le verront ni sur la "
        "page publique, ni dans l'API, ni dans la recherche. Pour le proposer au téléchargement, placez-le dans une "
        "collection publique (Documents → le document → Collection).",
        "Les documents %(titles)s sont dans une collection à accès restreint : les visiteurs ne les verront ni sur "
        "la page publique, ni dans l'API, ni dans la recherche. Pour les proposer au téléchargement, placez-les "
        "dans une collection publique (Documents → chaque document → Collection).",
        len(documents),
    ) % {"titles": titles}
