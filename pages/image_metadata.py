"""Images lose their metadata before they become public: EXIF (the GPS position, the camera and its serial
number, the date), XMP, IPTC and comments say more about a person than the picture shows.

`without_metadata(file)` returns the image re-encoded by Pillow with none of them, turned upright first (the
EXIF orientation applied, since it goes too), keeping only its colour profile (and a PNG's transparency); a
JPEG is written with its own quantization tables, so nothing visible is lost. It returns None for anything else: not an
image, an animation (APNG, animated WebP, GIF), or a file Pillow cannot read.

Where images become public:
- a contributed JPEG or PNG turned into a document by the moderation (`pages.contributions.drafts._publish_files`);
- images and image documents uploaded in the admin: `connect_receivers()` cleans the new file of a Wagtail
  image, a PlatformDocument or an upload the multiple uploader keeps for later, just before it is stored
  (whatever view saved it), and records its new size, hash and, for an image, dimensions.
"""

import io
import logging
import posixpath
import warnings

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from PIL import Image, ImageOps, JpegImagePlugin

logger = logging.getLogger(__name__)

# Pillow's format → the format written back.
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}


def without_metadata(file):
    """A ContentFile of the image without metadata, upright; None when `file` is not a still JPEG, PNG or WebP."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
        with image:
            written_as = FORMATS.get(image.format)
            if written_as is None or (image.format != "MPO" and getattr(image, "n_frames", 1) > 1):
                return None
            options = _options(image, written_as)
            clean = ImageOps.exif_transpose(image)  # a copy, turned upright when the EXIF says how
            clean.info = {}  # Pillow falls back on it (a JPEG's comment): only `options` are written
            out = io.BytesIO()
            clean.save(out, written_as, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        logger.warning("Could not remove the metadata of %s: kept as it is", getattr(file, "name", "an image"))
        return None
    finally:
        file.seek(0)
    return ContentFile(out.getvalue(), name=posixpath.basename(getattr(file, "name", "") or "image"))


def _options(image, written_as):
    options = {}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if written_as == "PNG" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    if written_as == "JPEG":
        # The original's quantization tables and subsampling: the same quality, nothing visible lost.
        options["qtables"] = image.quantization
        if (sampling := JpegImagePlugin.get_sampling(image)) != -1:
            options["subsampling"] = sampling
    if written_as == "WEBP":
        options["quality"] = 90
    return options


# --- Admin uploads ----------------------------------------------------------------------------------------------


def is_new_image_file(field_file):
    name = getattr(field_file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return bool(field_file) and not getattr(field_file, "_committed", True) and extension in IMAGE_EXTENSIONS


def _clean_new_file(sender, instance, raw=False, **kwargs):
    if raw or not is_new_image_file(instance.file):
        return
    clean = without_metadata(instance.file)
    if clean is None:
        return
    instance.file = clean  # an image's width and height follow (ImageField's dimension fields)
    if hasattr(instance, "_set_file_hash"):  # not on Wagtail's UploadedFile
        instance.file_size = clean.size
        instance._set_file_hash()


def connect_receivers():
    from wagtail.images import get_image_model
    from wagtail.models import UploadedFile

    from pages.models import PlatformDocument

    # UploadedFile: a file the multiple uploader keeps until its form is complete, then copies as it is.
    for model in (get_image_model(), PlatformDocument, UploadedFile):
        pre_save.connect(_clean_new_file, sender=model, dispatch_uid=f"image_metadata_{model._meta.label_lower}")
