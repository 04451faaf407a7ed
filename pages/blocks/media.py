import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from pages.api.representations import LARGE_SPEC, responsive_image_data
from pages.api.shapes import nullable, ref, string, struct, with_properties
from pages.renditions import FIGURE_USES, prefetch_when_asked


class PreviewFromLibrary:
    """A block previewed with real items of the library (its `get_preview_value`), not a fixed `preview_value`:
    Wagtail would not offer its preview otherwise."""

    @cached_property
    def is_previewable(self):
        return True


class FigureImageBlock(ImageBlock):
    """Wagtail's ImageBlock (deconstructed as such: no migration), whose images get the renditions the figure shows
    and the API gives in one query for a whole body, when the first one is shown (none when the body is only read
    for its text)."""

    def bulk_to_python(self, values):
        images = super().bulk_to_python(values)
        prefetch_when_asked(images, *FIGURE_USES, extra=[LARGE_SPEC])
        return images


class FigureBlock(PreviewFromLibrary, blocks.StructBlock):
    """An image with its alternative text, caption and credit."""

    image = FigureImageBlock(
        label=_("Image"),
        help_text=_("Décrivez l'image dans son texte alternatif, ou cochez « décorative » si elle n'apporte rien."),
    )
    caption = blocks.CharBlock(
        label=_("Légende"), max_length=250, required=False, help_text=_("Une phrase affichée sous l'image.")
    )
    credit = blocks.CharBlock(
        label=_("Crédit photo"), max_length=120, required=False, help_text=_("Par ex. « © CC de Dinant »")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure_block.html"
        description = _("Une photo ou une illustration, avec sa légende et son crédit.")

    def get_preview_value(self):
        # The latest image of the library: a preview needs a real image, and the picker has no other.
        image = get_image_model().objects.order_by("-created_at").first()
        return self.normalize({"image": image, "caption": "Rencontre-atelier à Namur", "credit": "© ASTRAC"})

    def render(self, value, context=None):
        if not value.get("image"):
            return ""
        return super().render(value, context)

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        alt = "" if getattr(image, "decorative", False) else getattr(image, "contextual_alt_text", None)
        return {
            "image": responsive_image_data(image, FIGURE_USES, LARGE_SPEC, context, alt=alt) if image else None,
            "caption": value.get("caption") or "",
            "credit": value.get("credit") or "",
        }

    def api_schema(self, base):
        return struct(image=nullable(ref("ResponsiveImage")), caption=string(), credit=string())


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


class VideoValue(blocks.StructValue):
    """Knows which provider a video URL belongs to and the address of its player.

    The player is only loaded when the visitor asks for it: nothing is fetched from a third party
    when the page is rendered (the site works offline and sets no third-party cookie by default).
    """

    def _parsed(self):
        return urlparse(self.get("url") or "")

    def provider(self):
        host = self._parsed().netloc.lower().removeprefix("www.").removeprefix("m.")
        if host in ("youtube.com", "youtu.be", "youtube-nocookie.com"):
            return "YouTube"
        if host in ("vimeo.com", "player.vimeo.com"):
            return "Vimeo"
        return ""

    def embed_url(self):
        parsed = self._parsed()
        provider = self.provider()
        if provider == "YouTube":
            if parsed.netloc.endswith("youtu.be"):
                video_id = parsed.path.strip("/")
            elif parsed.path.startswith(("/embed/", "/shorts/")):
                video_id = parsed.path.split("/")[2]
            else:
                video_id = parse_qs(parsed.query).get("v", [""])[0]
            if _YOUTUBE_ID.match(video_id):
                return f"https://www.youtube-nocookie.com/embed/{video_id}"
        if provider == "Vimeo":
            video_id = parsed.path.strip("/").split("/")[-1]
            if video_id.isdigit():
                return f"https://player.vimeo.com/video/{video_id}"
        return ""


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Adresse de la vidéo"),
        help_text=_("Lien YouTube ou Vimeo, par ex. https://www.youtube.com/watch?v=…"),
        search_index=False,  # an address, not words of the page
    )
    title = blocks.CharBlock(
        label=_("Titre de la vidéo"),
        max_length=200,
        help_text=_("Affiché avant la lecture : les visiteurs savent ce qu'ils vont voir."),
    )
    caption = blocks.CharBlock(
        label=_("Description courte"),
        max_length=300,
        required=False,
        help_text=_("Une phrase sous la vidéo : qui parle, à quelle occasion."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.embed_url():
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Cette adresse n'est pas une vidéo YouTube ou Vimeo reconnue."))}
            )
        return value

    class Meta:
        icon = "media"
        label = _("Vidéo")
        template = "blocks/video_block.html"
        value_class = VideoValue
        description = _("Une vidéo YouTube ou Vimeo, chargée seulement quand le visiteur clique (pas de cookie avant).")
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "Retour sur la rencontre-atelier de Namur",
            "caption": "Trois centres racontent leur analyse partagée.",
        }

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data.update(provider=value.provider(), embed_url=value.embed_url())
        return data

    def api_schema(self, base):
        return with_properties(
            base,
            provider=string(description="« YouTube », « Vimeo », ou vide pour un autre hébergeur."),
            embed_url=string(description="Adresse à intégrer (iframe), vide si l'hébergeur n'est pas reconnu."),
        )
