import logging
import posixpath
import re
import urllib.parse

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import CharField
from wagtail.api import APIField
from wagtail.documents.models import AbstractDocument, DocumentQuerySet
from wagtail.documents.models import Document as WagtailDocument
from wagtail.models import Collection, CollectionViewRestriction

from cms.storage import RESTRICTED_DOCUMENTS, document_storage, get_document_storage, is_restricted_name
from pages.document_visibility import restricted_collections

logger = logging.getLogger(__name__)

# Which documents are public: one rule, in pages/document_visibility.py (no model of ours needed, so that the API's
# representations and the templates read it without importing the models).


# Where the admin's uploads (documents and images) go unless the editor chooses another collection (pages/uploads.py);
# created by migration 0014 if missing.
DEFAULT_COLLECTION_NAME = "Documents"


def default_collection():
    """The collection « Documents » under the root (created if someone deleted it)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=DEFAULT_COLLECTION_NAME).first()
    return existing or root.add_child(name=DEFAULT_COLLECTION_NAME)


def title_from_filename(filename):
    """A title read from a file's name: « compte-rendu_rencontre_2026-03.pdf » → « Compte rendu rencontre 2026-03 »
    (no folder, no extension, underscores and dashes between words as spaces, the first letter capitalised).
    static/js/admin-uploads.js applies the same rule in the admin's upload forms."""
    name = posixpath.basename(str(filename).replace("\\", "/"))
    stem, dot, _extension = name.rpartition(".")
    name = stem if dot and stem else name
    name = " ".join(re.sub(r"(?<!\d)-|-(?!\d)", " ", name.replace("_", " ")).split())
    return name[:1].upper() + name[1:]


class PlatformDocumentQuerySet(DocumentQuerySet):
    def public(self):
        """The documents anonymous visitors may download (see `restricted_collections`)."""
        return self.exclude(collection__in=restricted_collections())


def in_restricted_collection(document):
    return bool(document.collection_id) and document.collection.get_view_restrictions().exists()


def document_upload_to(instance, filename):
    """`documents/<name>`, or `restricted-documents/<name>` for a collection with a view restriction."""
    folder = RESTRICTED_DOCUMENTS if in_restricted_collection(instance) else "documents"
    return posixpath.join(folder, filename)


class PlatformDocument(AbstractDocument):
    """A document of the library, with a description and room for its extracted text."""

    title = models.CharField(
        _("Titre"),
        max_length=255,
        help_text=_("Le titre que les visiteurs liront à côté du lien de téléchargement."),
    )
    file = models.FileField(
        _("Fichier"),
        storage=get_document_storage,
        upload_to=document_upload_to,
        help_text=_("PDF de préférence (lisible partout) ; aussi Word, OpenDocument, tableurs, présentations, images."),
    )
    description = models.TextField(
        _("Description"),
        blank=True,
        help_text=_("Une ou deux phrases sur le contenu du document ; elles aident aussi la recherche."),
    )
    # Filled by text extraction (search issue); kept here so that search can index it.
    text_content = models.TextField(_("Texte extrait"), blank=True, editable=False)
    open_in_browser = models.BooleanField(
        _("Ouvrir dans le navigateur"),
        default=False,
        help_text=_(
            "Coché, un PDF s'ouvre dans le navigateur du visiteur au lieu d'être téléchargé. À réserver aux "
            "documents de confiance : un document reçu de l'extérieur reste plus sûr en téléchargement."
        ),
    )

    objects = PlatformDocumentQuerySet.as_manager()

    admin_form_fields = WagtailDocument.admin_form_fields + ("description", "open_in_browser")
    # The extracted text stays out of the API: it is the search's, and can be long.
    api_fields = [
        APIField("description"),
        APIField("file_size"),
        APIField("format", serializer=CharField(source="format_label")),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def save(self, *args, **kwargs):
        if not self.title.strip() and self.file:
            self.title = title_from_filename(self.file.name)[:255]
        update_fields = kwargs.get("update_fields")
        relocating = update_fields is None or "collection" in update_fields
        if relocating and self.relocate_file() and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "file"}
        super().save(*args, **kwargs)

    def relocate_file(self):
        """Move a stored file to the storage its collection calls for (public media, or private). True if moved.

        A document moved into a restricted collection (or whose collection became restricted) must stop being
        public at once; the old copy is deleted once the transaction commits, so a rollback loses nothing.
        """
        name = self.file.name if self.file else ""
        if not name or not getattr(self.file, "_committed", True):
            return False  # no file, or a new upload that upload_to places correctly
        if is_restricted_name(name) == in_restricted_collection(self):
            return False
        with document_storage.open(name, "rb") as handle:
            new_name = document_storage.save(document_upload_to(self, posixpath.basename(name)), handle)
        self.file.name = new_name
        self._relocated_from = name  # the same file: no new text extraction (search.signals)
        transaction.on_commit(lambda: _delete_quietly(name))
        return True

    @property
    def content_disposition(self):
        """A download (attachment) unless an editor chose « Ouvrir dans le navigateur »: then Wagtail's rule,
        inline for WAGTAILDOCS_INLINE_CONTENT_TYPES (PDF). Wagtail's serve view sends it with local files;
        `remote_download_url` hands it to S3."""
        if self.open_in_browser:
            return super().content_disposition
        return "attachment; filename={0}; filename*=UTF-8''{0}".format(urllib.parse.quote(self.filename))

    def remote_download_url(self, expire):
        """For a file on S3: a signed URL, valid `expire` seconds, at which S3 serves it with this document's
        Content-Disposition and Content-Type (S3 honours them on signed requests only). None for a local file."""
        return document_storage.download_url(
            self.file.name,
            expire=expire,
            ResponseContentDisposition=self.content_disposition,
            ResponseContentType=self.content_type,
        )

    @property
    def format_label(self):
        """'PDF', 'DOCX'… as a visitor reads it next to a download link."""
        return (self.file_extension or "").upper()


def _delete_quietly(name):
    try:
        document_storage.delete(name)
    except Exception:
        logger.exception("Could not delete the old copy %s of a relocated document", name)


def relocate_collection_documents(collection):
    """After a view restriction was added to or removed from `collection`: move its documents' files (and those
    of the collections below it) to the storage their restriction now calls for."""
    moved = 0
    collections = collection.get_descendants(inclusive=True)
    for document in PlatformDocument.objects.filter(collection__in=collections).select_related("collection"):
        if document.relocate_file():
            PlatformDocument.objects.filter(pk=document.pk).update(file=document.file.name)
            moved += 1
    return moved


# --- Documents follow their collection's restriction -----------------------------------------------------------


def _restriction_changed(sender, instance, **kwargs):
    try:
        collection = instance.collection
    except Exception:  # noqa: BLE001 - the collection itself is being deleted
        return
    moved = relocate_collection_documents(collection)
    if moved:
        logger.info("%s document file(s) of collection %s moved after a restriction change", moved, collection)


def connect_restriction_receivers():
    """A view restriction added to or removed from a collection moves its documents' files to the private or the
    public storage (`relocate_collection_documents`); called from PagesConfig.ready()."""
    post_save.connect(_restriction_changed, sender=CollectionViewRestriction, dispatch_uid="storage_restriction_saved")
    post_delete.connect(
        _restriction_changed, sender=CollectionViewRestriction, dispatch_uid="storage_restriction_deleted"
    )
