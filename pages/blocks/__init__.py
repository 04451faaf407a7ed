"""StreamField blocks of the platform, one module per family, re-exported here."""

from .links import CallToActionBlock, CallToActionValue
from .media import FigureBlock, VideoBlock, VideoValue
from .stream import BodyStreamBlock
from .text import RICH_TEXT_FEATURES, HeadingBlock, KeyPointsBlock, TestimonyBlock

__all__ = [
    "RICH_TEXT_FEATURES",
    "BodyStreamBlock",
    "CallToActionBlock",
    "CallToActionValue",
    "FigureBlock",
    "HeadingBlock",
    "KeyPointsBlock",
    "TestimonyBlock",
    "VideoBlock",
    "VideoValue",
]
