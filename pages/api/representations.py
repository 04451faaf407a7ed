"""How images, documents, themes and centres look in the API, wherever they appear.

Plain functions shared by the serializer fields (`pages.api.fields`) and the blocks'
`get_api_representation`, so that a document is the same object in a page's `documents`, in a
StreamField block and in a link entry. Nothing here reads a private field: a centre's contact
e-mail, a document in a restricted collection or its extracted text never leave this module.
"""

from wagtail.api.utils import get_full_url
from wagtail.images.models import SourceImageIOError

from pages.document_visibility import is_public_document as is_public
from pages.document_visibility import public_only

# Renditions the API serves: a card (listings) and a large image (bodies, photos).
CARD_SPEC = "fill-640x400"
LARGE_SPEC = "max-1200x1200"


def is_public_document(document, context=None):
    return is_public(document, (context or {}).get("request"))


def _full_url(context, url):
    """`url` made absolute on the Wagtail Site serving the request (Wagtail's own rule for the API's URLs: the Site's
    scheme, host and port, or WAGTAILAPI_BASE_URL); as it is without a request."""
    request = (context or {}).get("request")
    return get_full_url(request, url) if request is not None else url


def document_data(document, context=None):
    """A downloadable document: title, description, URL, size in bytes and format ('PDF')."""
    return {
        "id": document.pk,
        "title": document.title,
        "description": getattr(document, "description", ""),
        "url": _full_url(context, document.url),
        "file_size": document.file_size,
        "format": (document.file_extension or "").upper(),
    }


def public_documents_data(documents, context=None):
    """The documents of a list (a StreamField block's) that anonymous visitors may download."""
    return [document_data(doc, context) for doc in public_only(documents, (context or {}).get("request"))]


def image_data(image, spec=LARGE_SPEC, context=None, alt=None):
    """An image as a rendition: absolute URL (`url`, and `full_url` as Wagtail names it), width, height and
    alternative text."""
    data = {"id": image.pk, "title": image.title, "alt": image.default_alt_text if alt is None else alt}
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        # The file is missing on disk: the front end still gets the image's text, without a picture.
        data.update(url=None, full_url=None, width=None, height=None)
        return data
    url = _full_url(context, rendition.url)
    data.update(
        url=url,
        full_url=url,
        width=rendition.width,
        height=rendition.height,
    )
    return data


def theme_data(theme, context=None):
    request = (context or {}).get("request")
    return {
        "id": theme.pk,
        "title": theme.title,
        "slug": theme.slug,
        "html_url": theme.get_full_url(request),
    }


def centre_data(centre):
    """A cultural centre's public facts. Its contact e-mail is private: it is not read here."""
    return {
        "id": centre.pk,
        "name": centre.name,
        "commune": centre.commune,
        "province": centre.province,
        "province_label": centre.get_province_display(),
        "website": centre.website,
    }
