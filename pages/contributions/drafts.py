"""The draft page an accepted contribution becomes, and its files turned into documents. No HTTP here.

`DRAFT_BUILDERS` holds one builder per kind of contribution (resource, link, dossier): each adds the draft page
of its type under the right parent, never live, and publishes the contribution's files as documents.
`pages.contributions.moderation.accept_contribution` picks the builder by the contribution's kind.

Files: each private file is copied into a `PlatformDocument` (collection « Contributions », or, for a dossier
shared « de personne à personne », a collection only moderators can open); a JPEG or PNG without its metadata
(EXIF with the GPS position, XMP, IPTC, comments: `pages.image_metadata`). The private copy is deleted once
the transaction has committed: the document is the one copy left, and a rollback never loses the file.
"""

import logging
import re
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, get_valid_filename, slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
)

from cms.storage import private_storage
from pages.image_metadata import without_metadata
from pages.models import (
    AccessMode,
    ContributionKind,
    CulturalCentre,
    DossierLibraryPage,
    DossierPage,
    DossierPageDocument,
    DossierStatus,
    LinkCategory,
    LinkLibraryPage,
    LinkPage,
    PlatformDocument,
    ResourcePage,
    ResourcePageDocument,
    ResourceType,
    ThemePage,
)

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Modérateurs"
PUBLIC_COLLECTION = "Contributions"
PRIVATE_COLLECTION = "Contributions – dossiers de personne à personne"
UNSORTED_LINK_CATEGORY = ("À classer", "a-classer")


class ModerationError(Exception):
    """A moderation action that cannot be done; its message is French and shown to the moderator."""


# --- Drafts, by kind -------------------------------------------------------------------------------------------


def _build_resource_page(contribution, moderator, written):
    themes = _themes_of(contribution)
    parent = themes[0] if themes else _fallback_theme()
    if parent is None:
        raise ModerationError(_("Aucune thématique n'existe dans la Boîte à outils : créez-en une d'abord."))
    page = ResourcePage(
        title=contribution.title,
        summary=Truncator(contribution.description).chars(600),
        resource_type=ResourceType.OTHER,
        external_url=contribution.url,
        author=_author_of(contribution),
        date=timezone.localdate(),
        body=_description_body(contribution),
    )
    _add_child(parent, page, moderator)
    page.secondary_themes.set([theme for theme in themes if theme.pk != parent.pk])
    for order, document in enumerate(_publish_files(contribution, moderator, written, private=False)):
        ResourcePageDocument.objects.create(page=page, document=document, sort_order=order)
    return page


def _build_link_page(contribution, moderator, written):
    parent = LinkLibraryPage.objects.order_by("path").first()
    if parent is None:
        raise ModerationError(_("La bibliothèque de liens n'existe pas encore : créez-la d'abord."))
    files = list(contribution.files.all())
    if not contribution.url and not files:
        raise ModerationError(_("Ce lien n'a ni adresse ni fichier : il ne peut pas devenir une page."))
    documents = _publish_files(contribution, moderator, written, private=False)
    page = LinkPage(
        title=contribution.title,
        link_url=contribution.url,
        document=None if contribution.url else documents[0],
        description=Truncator(contribution.description).chars(800),
        source=_author_of(contribution),
        category=_unsorted_link_category(),
    )
    _add_child(parent, page, moderator)
    page.themes.set(_themes_of(contribution))
    return page


def _build_dossier_page(contribution, moderator, written):
    parent = DossierLibraryPage.objects.order_by("path").first()
    if parent is None:
        raise ModerationError(_("La bibliothèque de dossiers n'existe pas encore : créez-la d'abord."))
    access_mode = contribution.access_mode or AccessMode.DOWNLOAD
    page = DossierPage(
        title=contribution.title,
        centre=_centre_of(contribution),
        status=contribution.dossier_status or DossierStatus.PENDING,
        submission_year=contribution.dossier_year or timezone.localdate().year,
        access_mode=access_mode,
        summary=Truncator(contribution.description).chars(600),
        contextualisation=plain_text_to_html(contribution.contextualisation or contribution.description),
    )
    _add_child(parent, page, moderator)
    page.themes.set(_themes_of(contribution))
    private = access_mode == AccessMode.PERSON_TO_PERSON
    for order, document in enumerate(_publish_files(contribution, moderator, written, private=private)):
        DossierPageDocument.objects.create(page=page, document=document, sort_order=order)
    return page


def _add_child(parent, page, moderator):
    page.slug = find_available_slug(parent, slugify(page.title)[:200] or "contribution")
    page.live = False
    page.owner = moderator
    parent.add_child(instance=page)


def _themes_of(contribution):
    return list(contribution.themes.order_by("path"))


def _fallback_theme():
    return ThemePage.objects.filter(slug="autres").first() or ThemePage.objects.order_by("path").first()


def _author_of(contribution):
    return (contribution.centre_label or contribution.organisation)[:200]


def _description_body(contribution):
    """The whole description in the body when the summary had to cut it."""
    if len(contribution.description) <= 600:
        return []
    return [("paragraph", plain_text_to_html(contribution.description))]


def plain_text_to_html(text):
    """A contributor's plain text as rich text: one <p> per paragraph, line breaks kept, everything escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + "<br/>".join(escape(line.strip()) for line in p.splitlines()) + "</p>" for p in paragraphs)


def _centre_of(contribution):
    if contribution.centre_id:
        return contribution.centre
    name = contribution.new_centre_name.strip()
    if not name:
        raise ModerationError(_("Ce dossier n'indique aucun centre culturel : il ne peut pas devenir une page."))
    existing = CulturalCentre.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return CulturalCentre.objects.create(
        name=name, commune=contribution.new_centre_commune, province=contribution.new_centre_province
    )


def _unsorted_link_category():
    name, slug = UNSORTED_LINK_CATEGORY
    category = LinkCategory.objects.filter(slug=slug).first() or LinkCategory.objects.filter(name=name).first()
    return category or LinkCategory.objects.create(name=name, slug=slug, sort_order=999)


# The draft each kind of contribution becomes: one builder per kind, each returning the page it added (unsaved
# revision) under its parent. A new kind of contribution adds its builder here.
DRAFT_BUILDERS = {
    ContributionKind.RESOURCE: _build_resource_page,
    ContributionKind.LINK: _build_link_page,
    ContributionKind.DOSSIER: _build_dossier_page,
}


# --- Files → documents ---------------------------------------------------------------------------------------


def _publish_files(contribution, moderator, written, *, private):
    files = list(contribution.files.order_by("pk"))
    collection = _private_collection() if private else _public_collection()
    documents = []
    for contribution_file in files:
        if contribution_file.document_id:
            documents.append(contribution_file.document)
            continue
        title = contribution.title if len(files) == 1 else f"{contribution.title} – {contribution_file.original_name}"
        document = PlatformDocument(
            title=title[:255],
            collection=collection,
            uploaded_by_user=moderator,
            description=contribution.description,
        )
        name = (
            get_valid_filename(Path(contribution_file.original_name).name) or f"document.{contribution_file.file_type}"
        )
        with contribution_file.file.open("rb") as handle:
            # A photo loses its EXIF (GPS position…), XMP, IPTC and comments when it becomes public.
            clean = without_metadata(handle) if contribution_file.file_type in ("jpeg", "png") else None
            document.file.save(name, clean or File(handle), save=False)
        written.append(document.file.name)
        document._set_document_file_metadata()
        document.save()
        documents.append(document)

        private_name = contribution_file.file.name
        contribution_file.document = document
        contribution_file.file = ""
        contribution_file.save(update_fields=["document", "file"])
        transaction.on_commit(lambda private_name=private_name: _delete_private_file(private_name))
    return documents


def _delete_private_file(name):
    try:
        private_storage.delete(name)
    except Exception:
        logger.exception("Could not delete the private copy %s of an accepted contribution", name)


def _public_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=PUBLIC_COLLECTION).first() or root.add_child(name=PUBLIC_COLLECTION)


def _private_collection():
    """Documents of « de personne à personne » dossiers: served only to moderators, never to the public."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PRIVATE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION)
    if not collection.view_restrictions.exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
        restriction.groups.set([moderators_group()])
    return collection


def moderators_group():
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    return group
