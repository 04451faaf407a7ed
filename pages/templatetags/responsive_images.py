"""`{% responsive_image image "card" %}`: an image as a `<picture>` of the renditions its use declares
(pages/renditions.py), a `<source>` per modern format (AVIF when on, WebP) and an `<img>` in the original's format.

    {% responsive_image workshop.listing_image "card" alt="" %}
    {% responsive_image value.image "content" alt=value.image.contextual_alt_text class="figure__image" %}

`sizes` defaults to the use's (the site's layout); `alt` to the image's default alternative text; the `<img>` is
lazy (`loading="lazy"`, `decoding="async"`) unless told otherwise (`loading="eager"` for an image at the top of a
page). Any other keyword becomes an attribute of the `<img>` (`class`, `fetchpriority`). No inline style. One query
at most per image (none when the image's renditions were prefetched with `renditions.prefetch`); nothing when the
image is missing or its file is.
"""

import logging

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from wagtail.images.models import SourceImageIOError

from pages import renditions

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def responsive_image(image, use, *, sizes=None, alt=None, loading="lazy", decoding="async", **attrs):
    if not image:
        return ""
    try:
        made = renditions.renditions_for(image, [use])[use]
    except SourceImageIOError:
        logger.warning("Image %s: its file is missing, no rendition shown.", image.pk)
        return ""
    sizes = sizes or made.use.sizes
    sources = [made.sources[key] for key in renditions.FORMAT_KEYS[:-1] if made.sources[key] is not None]
    default = made.default
    img_attrs = {
        "src": default.url,
        "srcset": made.original.srcset(),
        "sizes": sizes,
        "width": default.width,
        "height": default.height,
        "alt": image.default_alt_text if alt is None else alt,
        "loading": loading,
        "decoding": decoding,
        **attrs,
    }
    return format_html(
        "<picture>{}<img{}></picture>",
        format_html_join(
            "", '<source type="{}" srcset="{}" sizes="{}">', ((s.mime_type, s.srcset(), sizes) for s in sources)
        ),
        flatatt(img_attrs),
    )
