"""Factories for every page type, snippet and media of the platform (wagtail-factories, factory_boy)."""

from .media import DocumentFactory, ImageFactory, minimal_pdf
from .pages import (
    DossierLibraryPageFactory,
    DossierPageFactory,
    HomePageFactory,
    LinkLibraryPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
    WorkshopIndexPageFactory,
    WorkshopReportPageFactory,
)
from .snippets import CulturalCentreFactory, LinkCategoryFactory
from .tree import THEMES, build_home, build_site_tree

__all__ = [
    "THEMES",
    "CulturalCentreFactory",
    "DocumentFactory",
    "DossierLibraryPageFactory",
    "DossierPageFactory",
    "HomePageFactory",
    "ImageFactory",
    "LinkCategoryFactory",
    "LinkLibraryPageFactory",
    "LinkPageFactory",
    "ResourcePageFactory",
    "StandardPageFactory",
    "ThemeIndexPageFactory",
    "ThemePageFactory",
    "WorkshopIndexPageFactory",
    "WorkshopReportPageFactory",
    "build_home",
    "build_site_tree",
    "minimal_pdf",
]
