"""Page types and content of the platform, one module per page family.

Splitting models into modules produces no migration: Django only sees the app label.
"""

from .attachments import AttachedDocument, AttachedPhoto, attached_document_models
from .base import AbstractContentPage, ListingFields
from .contributions import (
    Contribution,
    ContributionFile,
    ContributionKind,
    ContributionPage,
    ContributionStatus,
    DossierRequest,
)
from .dossiers import (
    INSPIRATION_NOTICE,
    AccessMode,
    DossierLibraryPage,
    DossierPage,
    DossierPageDocument,
    DossierStatus,
)
from .downloads import DocumentDownloadDay
from .home import HomePage
from .link_checks import LinkCheck, LinkState
from .links import LinkLibraryPage, LinkPage
from .mail_limits import MailQuota
from .media import PlatformDocument
from .preview import HEADLESS_PREVIEW_MODE, HeadlessPreviewMixin, PagePreview
from .related import RELATED_TYPES, RelatedChoice, RelatedMode
from .resources import ResourcePage, ResourcePageDocument, ResourcePageTag, ResourceType
from .snippets import CulturalCentre, LinkCategory, Province, Synonym
from .standard import StandardPage, StandardPageDocument
from .subscriptions import Frequency, Subscription
from .themes import ThemeIndexPage, ThemePage, ThemePageDocument
from .workshops import (
    ParticipantRole,
    WorkshopDocument,
    WorkshopIndexPage,
    WorkshopParticipant,
    WorkshopPhoto,
    WorkshopReportPage,
)

__all__ = [
    "HEADLESS_PREVIEW_MODE",
    "INSPIRATION_NOTICE",
    "Frequency",
    "Subscription",
    "LinkCheck",
    "LinkState",
    "DocumentDownloadDay",
    "RELATED_TYPES",
    "RelatedChoice",
    "RelatedMode",
    "AbstractContentPage",
    "AccessMode",
    "AttachedDocument",
    "AttachedPhoto",
    "Contribution",
    "ContributionFile",
    "ContributionKind",
    "ContributionPage",
    "ContributionStatus",
    "CulturalCentre",
    "DossierRequest",
    "DossierLibraryPage",
    "DossierPage",
    "DossierPageDocument",
    "DossierStatus",
    "HeadlessPreviewMixin",
    "HomePage",
    "LinkCategory",
    "LinkLibraryPage",
    "LinkPage",
    "MailQuota",
    "ListingFields",
    "PagePreview",
    "ParticipantRole",
    "PlatformDocument",
    "Province",
    "ResourcePage",
    "ResourcePageDocument",
    "ResourcePageTag",
    "ResourceType",
    "StandardPage",
    "StandardPageDocument",
    "Synonym",
    "ThemeIndexPage",
    "ThemePage",
    "ThemePageDocument",
    "WorkshopDocument",
    "WorkshopIndexPage",
    "WorkshopParticipant",
    "WorkshopPhoto",
    "WorkshopReportPage",
    "attached_document_models",
]
