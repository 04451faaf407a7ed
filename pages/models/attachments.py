"""Documents and photos attached to pages through inline panels."""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from pages.document_visibility import public_only

from .panels import InlinePanel

DOCUMENTS_HEADING = _("Documents joints")
DOCUMENTS_HELP = _(
    "Les documents à télécharger : ils sont listés en bas de la page, proposés au téléchargement et trouvés par la "
    "recherche."
)


def documents_panel(heading=DOCUMENTS_HEADING, help_text=DOCUMENTS_HELP):
    """A page's inline of documents: the one way editors attach documents to a page (its body has no documents
    block), listed by its template, its JSON-LD and the API, and read by the search."""
    return InlinePanel("documents", heading=heading, help_text=help_text)


def attached_documents_prefetch(inline_model):
    """A page type's inline of documents, with the documents, as its own queries read them (one query for many
    pages: search/bulk.py)."""
    return Prefetch("documents", queryset=inline_model.objects.select_related("document"))


class AttachedDocumentsMixin:
    """For page types with a `documents` inline of `AttachedDocument`s: which of them visitors may download."""

    def attached_documents(self):
        """Every document of the inline, in its order: one query (none when the API prefetched them).

        Kept on the page instance: its template, its JSON-LD and its API representation all list them.
        """
        if "_attached_documents" not in self.__dict__:
            if self.__dict__.get("has_attached_documents") is False:  # read with the page (`detail_annotations`)
                self._attached_documents = []
                return self._attached_documents
            items = self.documents.all()
            if "documents" not in getattr(self, "_prefetched_objects_cache", {}):
                items = items.select_related("document")
            self._attached_documents = [item.document for item in items]
        return self._attached_documents

    @classmethod
    def detail_annotations(cls):
        """Whether the page has attached documents, read with the page it serves (pages/routing.py): a page without
        any lists none without a query."""
        rows = cls.documents.rel.related_model.objects.filter(page=OuterRef("pk"))
        return {**super().detail_annotations(), "has_attached_documents": Exists(rows)}

    def public_documents(self, request=None):
        return public_only(self.attached_documents(), request)

    def offered_documents(self):
        known = super().offered_documents()
        return [*self.attached_documents(), *(doc for doc in known if doc not in self.attached_documents())]


def attached_item(model, verbose_name, help_text):
    """The library item (a document, an image) a row of a page's inline attaches; deleting the item deletes the row."""
    return models.ForeignKey(
        model, verbose_name=verbose_name, on_delete=models.CASCADE, related_name="+", help_text=help_text
    )


class AttachedItem(Orderable):
    """A row of a page's inline of library items, in the editor's order."""

    class Meta(Orderable.Meta):
        abstract = True
        # The editor's order; the oldest first among equals (items made outside the editor have no order), so that
        # every reader (the page, the API, the search entries one by one or in bulk) lists them alike.
        ordering = ["sort_order", "pk"]


class AttachedDocument(AttachedItem):
    document = attached_item(
        "pages.PlatformDocument",
        _("Document"),
        _("Choisissez un document de la médiathèque ou envoyez-en un nouveau (PDF de préférence)."),
    )

    panels = [FieldPanel("document")]
    add_label = _("Ajouter un document")

    class Meta(AttachedItem.Meta):
        abstract = True
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")


def attached_document_models():
    """Every page type's inline of documents (each concrete `AttachedDocument`)."""
    return [model for model in apps.get_models() if issubclass(model, AttachedDocument)]


class AttachedPhoto(AttachedItem):
    image = attached_item(
        "wagtailimages.Image",
        _("Photo"),
        _("Une photo de la rencontre ; décrivez-la dans son texte alternatif pour les personnes aveugles."),
    )
    caption = models.CharField(
        _("Légende"), max_length=250, blank=True, help_text=_("Une phrase affichée sous la photo : qui, où, quoi.")
    )
    credit = models.CharField(
        _("Crédit photo"),
        max_length=120,
        blank=True,
        help_text=_("L'auteur de la photo ou son centre, par ex. « © CC de Dinant »."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]
    add_label = _("Ajouter une photo")

    class Meta(AttachedItem.Meta):
        abstract = True
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
