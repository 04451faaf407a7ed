"""How images, documents, themes and centres look in the API, wherever they appear.

Plain functions shared by the serializer fields (`pages.api.fields`) and the blocks'
`get_api_representation`, so that a document is the same object in a page's `documents`, in a
StreamField block and in a link entry. Nothing here reads a private field: a centre's contact
e-mail, a document in a restricted collection or its extracted text never leave this module.
"""

from wagtail.api.utils import get_full_url
from wagtail.images.models import SourceImageIOError

from pages import renditions
from pages.document_visibility import is_public_document as is_public
from pages.document_visibility import public_only

from .shapes import nullable, ref, string, struct

# The single rendition of an image's `url`, `width` and `height` (kept for clients that read them): a card (listings)
# and a large image (bodies, photos). Its sets of renditions per use come from pages/renditions.py.
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


def responsive_image_data(image, uses, spec=LARGE_SPEC, context=None, alt=None):
    """`image_data`, plus what a front end needs for `<picture>` and `srcset`: the original's size, its focal point
    and, for each use (pages/renditions.py), its renditions in each format (`renditions_data`)."""
    extra = renditions_data(image, uses, context, spec=spec)  # first: `spec` is made with the others, in one go
    return {**image_data(image, spec, context, alt=alt), **extra}


def renditions_data(image, uses, context=None, spec=None):
    """{original_width, original_height, focal_point, renditions}: `renditions` gives each use
    {avif, webp, original}, each format {format, mime_type, srcset, images: [{url, width, height}]} (absolute
    URLs, narrowest first) or None when the image does not get it; `renditions` is None when the file is missing."""
    data = {
        "original_width": image.width,
        "original_height": image.height,
        "focal_point": renditions.focal_point(image),
    }
    try:
        made = renditions.renditions_for(image, uses, extra=(spec,) if spec else ())
    except SourceImageIOError:
        data["renditions"] = None
        return data
    data["renditions"] = {
        name: {key: _source_data(source, context) for key, source in use.sources.items()} for name, use in made.items()
    }
    return data


def _source_data(source, context):
    if source is None:
        return None
    return {
        "format": source.format,
        "mime_type": source.mime_type,
        "srcset": source.srcset(lambda url: _full_url(context, url)),
        "images": [
            {"url": _full_url(context, rendition.url), "width": rendition.width, "height": rendition.height}
            for rendition in source.renditions
        ],
    }


def openapi_components():
    """The schemas of `responsive_image_data` and `renditions_data`, from the declaration of the uses and formats
    (pages/renditions.py): added to the generated schema by pages/api/openapi.py."""
    integer = {"type": "integer"}

    def described(use):
        crop = f"{use.ratio[0]}:{use.ratio[1]}" if use.ratio else "proportions de l'original"
        return f"`{use.name}` : {crop}, {', '.join(str(width) for width in use.widths)} px"

    uses = "; ".join(described(use) for use in renditions.USES.values())
    image = struct(url=string(format="uri"), width={**integer, "minimum": 1}, height={**integer, "minimum": 1})
    source = struct(
        format=string(enum=list(renditions.MIME_TYPES)),
        mime_type=string(enum=list(renditions.MIME_TYPES.values())),
        srcset=string(
            description="La valeur de l'attribut `srcset` : chaque rendu et sa largeur réelle (« URL 320w »)."
        ),
        images={"type": "array", "minItems": 1, "description": "Du plus étroit au plus large.", "items": image},
    )
    use = struct(
        **{key: nullable(ref("RenditionSource")) for key in renditions.FORMAT_KEYS if key != "original"},
        original=ref("RenditionSource"),
    )
    use["description"] = (
        "Un usage dans chaque format : `avif` et `webp` pour les `<source>` (null quand l'image ne les a pas : AVIF "
        "désactivé, GIF, image déjà en WebP), `original` (le format de l'image) pour l'`<img>`. Jamais "
        "d'agrandissement : une largeur que l'original ne peut pas donner manque."
    )
    by_use = {
        "type": "object",
        "description": f"Les rendus par usage ({uses}) ; seuls ceux que le champ donne sont présents (docs/api.md).",
        "additionalProperties": False,
        "properties": {name: ref("RenditionUse") for name in renditions.USES},
    }
    focal_point = struct(x=integer, y=integer, width=integer, height=integer)
    focal_point["description"] = "Le point d'intérêt, en pixels de l'original ; `x` et `y` sont son centre."
    responsive_image = struct(
        id=integer,
        title=string(),
        alt=string(),
        url=nullable(string(description="Adresse absolue du rendu unique (celui d'avant les usages).")),
        full_url=nullable(string(description="La même adresse que `url`.")),
        width=nullable(integer),
        height=nullable(integer),
        original_width=integer,
        original_height=integer,
        focal_point=nullable(ref("FocalPoint")),
        renditions=nullable(ref("Renditions")),
    )
    responsive_image["description"] = (
        "Une image : son rendu unique (`url`, `width`, `height`), la taille de l'original, son point d'intérêt et "
        "ses rendus pour `<picture>` et `srcset` par usage ; `renditions` est null quand le fichier manque."
    )
    return {
        "FocalPoint": focal_point,
        "RenditionSource": source,
        "RenditionUse": use,
        "Renditions": by_use,
        "ResponsiveImage": responsive_image,
    }
