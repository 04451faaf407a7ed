"""The renditions of an image, declared once per use: what the site's templates show (`<picture>` with `srcset`,
pages/templatetags/responsive_images.py) and what the API gives front ends (pages/api/representations.py).

A use is a place an image appears: `card` (listings, the workshop gallery), `content` (an image in a text: the
figure block, photos) and `hero` (a wide banner at the top of a page: the API's front ends; the site has none). Each
use has a set of widths; every width comes in WebP and in the image's own format (Wagtail's output for it: JPEG and
PNG stay so, a GIF that does not move becomes PNG), the fallback of the `<img>`. A GIF gets its own format only (an
animation would not survive), a WebP original has no second WebP.

Never upscaled: a width the original cannot give is dropped. The next declared width is kept when the original is
clearly (`GROWTH`) wider than the largest width it can give: Wagtail does not upscale, so that rendition is the
original's own size (a 1200 px photo gives 768 and 1200 px heroes, not 768 only). An image smaller than every width
gets the smallest one, at its own size. A srcset gives each rendition's real width.

AVIF: Pillow 11.3+ encodes it (Willow's `save_as_avif`), but slowly: measured here (2 cores, Willow's settings,
libavif 1.4 speed 6), 210 ms at 320 px, 940 ms at 800 px and 3.5 s at 1600 px, where WebP takes 60, 130 and 210 ms.
Renditions are made on the first request that asks for them, so AVIF would make a list of new images wait for tens
of seconds: it is off unless `IMAGE_RENDITIONS_AVIF` is set (and Pillow can encode it), best with the renditions
made ahead (`manage.py generate_renditions`).
"""

import functools
import os
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

# How much wider than its largest declared width an original must be for the next width (rendered at the
# original's own size) to be worth a rendition.
GROWTH = 1.1

MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}
_EXTENSIONS = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "gif": "gif", "webp": "webp", "avif": "avif"}

# The formats of a use, in the order of the `<source>` elements; "original" is the `<img>`'s fallback.
FORMAT_KEYS = ("avif", "webp", "original")


@dataclass(frozen=True)
class Use:
    name: str
    widths: tuple[int, ...]
    # The aspect ratio the image is cropped to (around its focal point), or None for its own.
    ratio: tuple[int, int] | None
    # The `<img src>`: the largest rendition up to this width (browsers that read srcset never use it).
    default_width: int
    # The `sizes` attribute for the site's layout (templates may give their own).
    sizes: str

    def spec(self, width, image_format=None):
        if self.ratio:
            ratio_width, ratio_height = self.ratio
            base = f"fill-{width}x{width * ratio_height // ratio_width}"
        else:
            base = f"width-{width}"
        return f"{base}|format-{image_format}" if image_format else base

    def capacity(self, image):
        """The widest rendition the original gives for this use, without upscaling."""
        if self.ratio:
            ratio_width, ratio_height = self.ratio
            return min(image.width, image.height * ratio_width / ratio_height)
        return image.width

    def widths_for(self, image):
        """The declared widths this image gets (see the module's docstring)."""
        capacity = self.capacity(image)
        fitting = [width for width in self.widths if width <= capacity]
        larger = [width for width in self.widths if width > capacity]
        if larger and (not fitting or capacity >= fitting[-1] * GROWTH):
            fitting.append(larger[0])
        return fitting


USES = {
    use.name: use
    for use in (
        # 16:10, as the cards' CSS (`.card__media img`); 640 is the rendition listings always had.
        Use(
            "card",
            (320, 640, 960),
            (16, 10),
            640,
            "(min-width: 75rem) 23rem, (min-width: 60rem) 33vw, (min-width: 40rem) 50vw, 100vw",
        ),
        # The image's own proportions; the article column is 46rem wide at most.
        Use("content", (480, 800, 1200, 1600), None, 1200, "(min-width: 48rem) 46rem, 100vw"),
        Use("hero", (768, 1280, 1920), (2, 1), 1280, "100vw"),
    )
}

# Which uses each image of the API gives (the templates ask for theirs).
LISTING_IMAGE_USES = ("card", "hero")  # a page's image: its card in lists, its banner on its own page
PHOTO_USES = ("card", "content")  # a workshop's photos: a gallery's thumbnails, the photo opened
FIGURE_USES = ("content",)  # an image in a body
ALL_USES = tuple(USES)


@functools.cache
def can_encode_avif():
    from PIL import Image

    Image.init()
    return "AVIF" in Image.SAVE


def avif_enabled():
    return bool(getattr(settings, "IMAGE_RENDITIONS_AVIF", False)) and can_encode_avif()


def source_format(image):
    """The original's format, from its file name ('jpeg', 'png', 'gif', 'webp'; '' if unknown)."""
    extension = os.path.splitext(image.file.name or "")[1].lstrip(".").lower()
    return _EXTENSIONS.get(extension, "")


def formats_for(image):
    """{format key: the `format-*` of its specs (None: the original's)} for this image, in `FORMAT_KEYS` order."""
    original = source_format(image)
    formats = {}
    if original != "gif":
        if avif_enabled() and original != "avif":
            formats["avif"] = "avif"
        if original != "webp":
            formats["webp"] = "webp"
    formats["original"] = None
    return formats


def all_specs(*use_names):
    """Every spec these uses may ask for, whatever the image: what to prefetch (`prefetch_renditions`)."""
    image_formats = [*(["avif"] if avif_enabled() else []), "webp", None]
    return [
        USES[name].spec(width, image_format)
        for name in use_names
        for width in USES[name].widths
        for image_format in image_formats
    ]


def prefetch(image_queryset, *use_names, extra=()):
    """`image_queryset` with the renditions of these uses (and the `extra` specs) fetched in one query."""
    return image_queryset.prefetch_renditions(*all_specs(*use_names), *extra)


def prefetch_through(image_lookup, *use_names, extra=()):
    """For a queryset that joins its images (`select_related(image_lookup)`): their renditions of these uses in one
    query, where Wagtail's `get_rendition` looks for them first (`prefetched_renditions`)."""
    from wagtail.images import get_image_model

    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=[*all_specs(*use_names), *extra])
    )
    return Prefetch(f"{image_lookup}__renditions", queryset=renditions, to_attr="prefetched_renditions")


def images_with_renditions(image_ids, *use_names):
    """{id: image} of these images, each with its renditions of these uses (`prefetched_renditions`): one query (the
    renditions, their images joined) once they have renditions; one more for those that have none yet."""
    image_ids = {pk for pk in image_ids if pk}
    if not image_ids:
        return {}
    from wagtail.images import get_image_model

    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    found = {}
    rows = rendition_model.objects.filter(image_id__in=image_ids, filter_spec__in=all_specs(*use_names))
    for rendition in rows.select_related("image"):
        image = found.setdefault(rendition.image_id, rendition.image)
        image.__dict__.setdefault("prefetched_renditions", []).append(rendition)
    missing = image_ids - set(found)
    if missing:
        found.update(prefetch(image_model.objects, *use_names).in_bulk(missing))
    return found


def prefetch_objects(images, *use_names, extra=()):
    """The same for images already read: one query for all of them."""
    images = [image for image in images if image is not None]
    if images:
        specs = [*all_specs(*use_names), *extra]
        rendition_model = images[0].get_rendition_model()
        queryset = rendition_model.objects.filter(filter_spec__in=specs)
        prefetch_related_objects(images, Prefetch("renditions", queryset=queryset, to_attr="prefetched_renditions"))
    return images


class _Batch:
    def __init__(self, images, use_names, extra):
        self.images, self.use_names, self.extra = images, use_names, extra

    def load(self):
        for image in self.images:
            image.__dict__.pop("_renditions_batch", None)
        prefetch_objects(self.images, *self.use_names, extra=self.extra)


def prefetch_when_asked(images, *use_names, extra=()):
    """Images read together (a StreamField's, read in bulk): the first one asked for its renditions
    (`renditions_for`) fetches those of all of them, in one query. Nothing is read when none is asked (a body read
    for the search's text)."""
    images = [image for image in images if image is not None]
    batch = _Batch(images, use_names, extra)
    for image in images:
        image._renditions_batch = batch
    return images


def focal_point(image):
    """{x, y, width, height} in the original's pixels (x and y: its centre), or None when none is set."""
    point = image.get_focal_point()
    if point is None:
        return None
    return {
        "x": image.focal_point_x,
        "y": image.focal_point_y,
        "width": image.focal_point_width,
        "height": image.focal_point_height,
    }


def rendition_format(rendition):
    extension = os.path.splitext(rendition.file.name)[1].lstrip(".").lower()
    return _EXTENSIONS.get(extension, extension)


@dataclass(frozen=True)
class Source:
    """One format of a use: its renditions, narrowest first, each width once."""

    format: str
    renditions: tuple

    @property
    def mime_type(self):
        return MIME_TYPES.get(self.format, f"image/{self.format}")

    def srcset(self, url=None):
        """« url 320w, url 640w »; `url` turns a rendition's URL into the one to give (absolute, for the API)."""
        url = url or (lambda value: value)
        return ", ".join(f"{url(rendition.url)} {rendition.width}w" for rendition in self.renditions)


@dataclass(frozen=True)
class UseRenditions:
    use: Use
    # FORMAT_KEYS → Source, or None for a format this image does not get.
    sources: dict

    @property
    def original(self):
        return self.sources["original"]

    @property
    def default(self):
        """The rendition of the `<img src>` (and of its width and height attributes)."""
        renditions = self.original.renditions
        fitting = [rendition for rendition in renditions if rendition.width <= self.use.default_width]
        return fitting[-1] if fitting else renditions[0]


def renditions_for(image, use_names, extra=()):
    """{use name: UseRenditions} for this image, from one `get_renditions` call (one query at most, none when
    prefetched), which also makes the `extra` specs. Raises SourceImageIOError when the file is missing."""
    if (batch := getattr(image, "_renditions_batch", None)) is not None:
        batch.load()
    image_formats = formats_for(image)
    wanted = {
        (name, key): [USES[name].spec(width, image_format) for width in USES[name].widths_for(image)]
        for name in use_names
        for key, image_format in image_formats.items()
    }
    made = image.get_renditions(*extra, *(spec for specs in wanted.values() for spec in specs))
    result = {}
    for name in use_names:
        sources = dict.fromkeys(FORMAT_KEYS)
        for key in image_formats:
            ordered = []
            for rendition in sorted((made[spec] for spec in wanted[name, key]), key=lambda r: r.width):
                if not ordered or rendition.width != ordered[-1].width:  # a srcset gives each width once
                    ordered.append(rendition)
            sources[key] = Source(rendition_format(ordered[0]), tuple(ordered))
        result[name] = UseRenditions(USES[name], sources)
    return result
