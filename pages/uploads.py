"""The admin's uploads of documents and images: they go to the collection « Documents » unless the editor chooses
another, and a document (or image) sent without a title gets one cleaned from its file name
(`title_from_filename`; static/js/admin-uploads.js does the same in the browser, through Wagtail's
`wagtail:documents-upload` and `wagtail:images-upload` events)."""

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views import multiple as document_views
from wagtail.images.forms import BaseImageForm
from wagtail.images.views import multiple as image_views

from pages.models.media import default_collection, title_from_filename

REQUIRED = _("Donnez un titre (ou envoyez un fichier : son nom en deviendra le titre).")


def allowed_default_collection(collections):
    """The « Documents » collection if it is among `collections` (those the user may add to), else None."""
    collection = default_collection()
    return collection if any(item.pk == collection.pk for item in collections) else None


class UploadFormMixin:
    """Wagtail's document and image forms (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILIMAGES_IMAGE_FORM_BASE): a new
    upload is in « Documents » by default; its title, left empty or given as the raw file name (Wagtail's multiple
    upload sends that when its script did not name it), is cleaned from the file's name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("collection")
        if field is not None and not self.instance.pk and not self.is_bound:
            collection = allowed_default_collection(field.queryset)
            if collection is not None:
                self.initial["collection"] = collection.pk  # the instance's default (the root) otherwise
        if "title" in self.fields and "file" in self.fields:
            self.fields["title"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if "title" not in self.fields or "file" not in self.fields:
            return cleaned_data
        upload = cleaned_data.get("file")
        title = (cleaned_data.get("title") or "").strip()
        name = getattr(upload, "name", "") or ""
        if upload and (not title or title == name):
            cleaned_data["title"] = title_from_filename(name)[:255]
        elif not title and "title" not in self.errors:
            self.add_error("title", REQUIRED)
        return cleaned_data


class DocumentForm(UploadFormMixin, BaseDocumentForm):
    pass


class ImageForm(UploadFormMixin, BaseImageForm):
    pass


class DefaultCollectionMixin:
    """Wagtail's « Ajouter des documents / images » page (multiple upload): « Documents » preselected, unless the
    link names a collection (`?collection_id=`, from a collection's listing)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context.get("selected_collection_id") and context.get("collections"):
            collection = allowed_default_collection(context["collections"])
            if collection is not None:
                context["selected_collection_id"] = str(collection.pk)
        return context


class MultipleDocumentsAddView(DefaultCollectionMixin, document_views.AddView):
    pass


class MultipleImagesAddView(DefaultCollectionMixin, image_views.AddView):
    pass
