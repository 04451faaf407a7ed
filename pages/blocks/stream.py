from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .links import CallToActionBlock
from .media import FigureBlock, VideoBlock
from .text import RICH_TEXT_FEATURES, HeadingBlock, IndexedRichTextBlock, KeyPointsBlock, TestimonyBlock


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = IndexedRichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraphe"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Du texte courant, avec gras, italique, listes, liens et intertitres."),
        preview_value=(
            "<p>La rencontre a réuni <b>douze centres culturels</b> autour de l'analyse partagée du territoire. "
            "Chacun est reparti avec des outils concrets.</p>"
        ),
    )
    testimony = TestimonyBlock()
    figure = FigureBlock()
    video = VideoBlock()
    key_points = KeyPointsBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        label = _("Contenu")
