"""Serializer fields of the API, used in the models' `api_fields`.

Each field reads what the endpoint prefetched (`pages.api.endpoints.optimise`) through `.all()`,
so that a list of 100 pages costs the same number of queries as a list of 5.
"""

from rest_framework.fields import Field
from wagtail.api.utils import get_full_url

from pages import listings, renditions

from . import representations
from .shapes import array, nullable, ref, string, struct


class ImageField(Field):
    """An image as a rendition of `spec` with its size and alternative text, and its renditions for `uses`
    (pages/renditions.py), prefetched by the queryset (`renditions.prefetch`); without uses, the rendition alone."""

    def openapi_schema(self):
        if not self.uses:
            return nullable(ref("Rendition"))
        return nullable(ref("ResponsiveImage"))

    def __init__(self, spec=representations.CARD_SPEC, uses=renditions.LISTING_IMAGE_USES, **kwargs):
        self.spec = spec
        self.uses = uses
        super().__init__(**kwargs)

    def to_representation(self, image):
        if not self.uses:
            return representations.image_data(image, self.spec, self.context)
        return representations.responsive_image_data(image, self.uses, self.spec, self.context)


class RenditionsField(Field):
    """The images endpoint's `renditions`: every use (`renditions_data`); prefetched by the endpoint."""

    def openapi_schema(self):
        return nullable(ref("Renditions"))

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, image):
        return representations.renditions_data(image, renditions.ALL_USES, self.context)["renditions"]


class FocalPointField(Field):
    def openapi_schema(self):
        return nullable(ref("FocalPoint"))

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, image):
        return renditions.focal_point(image)


class DocumentField(Field):
    """One document (a link entry's file); null when it lies in a restricted collection."""

    def openapi_schema(self):
        return nullable(ref("Document"))

    def get_attribute(self, instance):
        document = super().get_attribute(instance)
        return document if representations.is_public_document(document, self.context) else None

    def to_representation(self, document):
        return representations.document_data(document, self.context)


class AttachedDocumentsField(Field):
    """The documents a page offers for download (`page.public_documents`): public collections only, and none for a
    dossier shared « de personne à personne » (its files are sent by the centre)."""

    def openapi_schema(self):
        return array(ref("Document"))

    def get_attribute(self, instance):
        return instance.public_documents((self.context or {}).get("request"))

    def to_representation(self, documents):
        return [representations.document_data(document, self.context) for document in documents]


class RelatedField(Field):
    """« Voir aussi » (search/related.py): 3 to 5 live, public pages close to this one, each with its reason in
    French; kept per generation, like the page's own « Voir aussi »."""

    def openapi_schema(self):
        item = struct(
            id={"type": "integer"},
            title=string(),
            html_url=string(format="uri"),
            type=string(),
            type_label=string(),
            summary=string(),
            reason=string(),
        )
        return array(item)

    def get_attribute(self, instance):
        from search.related import related_items  # imported here: search/ imports the models, which import this

        return related_items(instance)

    def to_representation(self, items):
        request = (self.context or {}).get("request")
        return [{**item.as_dict(), "html_url": get_full_url(request, item.url)} for item in items]


class ThemesField(Field):
    """A many-to-many of themes, as [{id, title, slug, html_url}] in the toolbox's order."""

    def openapi_schema(self):
        return array(ref("Theme"))

    def to_representation(self, themes):
        ordered = sorted(themes.all(), key=lambda theme: theme.path)
        return [representations.theme_data(theme, self.context) for theme in ordered]


class PrimaryThemeField(Field):
    """A resource's main theme: its parent page (set in bulk by `attach_primary_themes` on listings)."""

    def openapi_schema(self):
        return nullable(ref("Theme"))

    def get_attribute(self, instance):
        return instance

    def to_representation(self, resource):
        if not hasattr(resource, "primary_theme"):
            listings.attach_primary_themes([resource])
        theme = resource.primary_theme
        return representations.theme_data(theme, self.context) if theme else None


class CentreField(Field):
    """The dossier's cultural centre, without its private contact e-mail."""

    def openapi_schema(self):
        return nullable(ref("Centre"))

    def to_representation(self, centre):
        return representations.centre_data(centre)


class CategoryField(Field):
    def openapi_schema(self):
        return nullable(ref("LinkCategory"))

    def to_representation(self, category):
        return {"id": category.pk, "name": category.name, "slug": category.slug}


class TagNamesField(Field):
    """Tag names in alphabetical order, from the prefetched `tagged_items` (Wagtail's TagsField queries)."""

    def openapi_schema(self):
        return array(string())

    def to_representation(self, tagged_items):
        return sorted(item.tag.name for item in tagged_items.all())


class PrefetchedTagsField(Field):
    """A document's or image's tag names from the prefetched `tags` (Wagtail's TagsField queries per item)."""

    def openapi_schema(self):
        return array(string())

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())
