"""What a moderator does with a contribution: accept it, refuse it, or mark it as spam. No HTTP here.

`accept_contribution` turns a pending contribution into a draft page of the right type under the right
parent, publishes its files as documents and submits the draft to the moderation workflow; the page is
never made live here. Accepting twice creates one page: the contribution row is locked and its `page`
checked inside the transaction.

Files: each private file is copied into a `PlatformDocument` (collection « Contributions », or, for a dossier
shared « de personne à personne », a collection only moderators can open); a JPEG or PNG without its metadata
(EXIF with the GPS position, XMP, IPTC, comments: `pages.image_metadata`). The private copy is deleted once
the transaction has committed: the document is the one copy left, and a rollback never loses the file.
"""

import logging
import re
from functools import partial
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
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from pages.contributions import tasks
from pages.contributions.mails import send_platform_mail
from pages.image_metadata import without_metadata
from pages.models import (
    AccessMode,
    Contribution,
    ContributionKind,
    ContributionStatus,
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
    private_storage,
)
from pages.models.media import document_storage

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Modérateurs"
EDITORS_GROUP = "Éditeurs"
PUBLIC_COLLECTION = "Contributions"
PRIVATE_COLLECTION = "Contributions – dossiers de personne à personne"
UNSORTED_LINK_CATEGORY = ("À classer", "a-classer")
DEFAULT_WORKFLOW_NAME = "Validation par les modérateurs"


class ModerationError(Exception):
    """A moderation action that cannot be done; its message is French and shown to the moderator."""


# --- Accept ----------------------------------------------------------------------------------------------------


def accept_contribution(contribution, *, moderator):
    """Create the draft page a pending contribution becomes, submitted to the moderation workflow.

    Returns the page (specific). Called again on an accepted contribution, returns the page created the
    first time: one contribution never makes two pages.
    """
    written = []  # public files written so far, deleted again if the transaction fails
    try:
        with transaction.atomic():
            locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
            if locked.page_id:
                return locked.page.specific
            if locked.status != ContributionStatus.PENDING:
                raise ModerationError(_("Cette contribution a déjà été traitée : elle ne peut plus être acceptée."))

            builder = {
                ContributionKind.RESOURCE: _build_resource_page,
                ContributionKind.LINK: _build_link_page,
                ContributionKind.DOSSIER: _build_dossier_page,
            }[locked.kind]
            page = builder(locked, moderator, written)
            page.save_revision(user=moderator, log_action=True)
            _workflow_for(page).start(page, moderator)

            locked.status = ContributionStatus.ACCEPTED
            locked.processed_at = timezone.now()
            locked.processed_by = moderator
            locked.page = page
            locked.save(update_fields=["status", "processed_at", "processed_by", "page"])
    except BaseException:
        for name in written:
            try:
                document_storage.delete(name)
            except Exception:  # the storage may be what failed: the original error goes on
                logger.exception("Could not delete the document file %s of a failed acceptance", name)
        raise

    _sync(contribution, locked)
    return page


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


# --- Workflow ---------------------------------------------------------------------------------------------------


def _workflow_for(page):
    """The workflow that applies to the page (Wagtail's « Moderators approval » on the root by default).

    Where none applies (a database without Wagtail's default workflow), one is created and assigned to the
    root, with one task for the « Modérateurs » group.
    """
    workflow = page.get_workflow()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME, active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=DEFAULT_WORKFLOW_NAME, active=True)
        task = GroupApprovalTask.objects.create(name=DEFAULT_WORKFLOW_NAME, active=True)
        task.groups.set([moderators_group()])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow


# --- Refuse, spam -------------------------------------------------------------------------------------------------


def refuse_contribution(contribution, *, moderator, reason):
    """Refuse a pending contribution and tell the contributor why, by e-mail once the refusal is committed."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Indiquez le motif du refus : il est envoyé au contributeur."))
    with transaction.atomic():
        locked = _lock_pending(
            contribution, _("Cette contribution a déjà été traitée : elle ne peut plus être refusée.")
        )
        locked.status = ContributionStatus.REFUSED
        locked.refusal_reason = reason
        locked.processed_at = timezone.now()
        locked.processed_by = moderator
        locked.save(update_fields=["status", "refusal_reason", "processed_at", "processed_by"])
        transaction.on_commit(partial(tasks.send_refusal_mail.enqueue, locked.pk), robust=True)
    _sync(contribution, locked)
    return contribution


def send_refusal_mail(contribution_id):
    """Tell the contributor why their contribution was refused, once; a failure is retried later
    by `send_pending_mails` (refusal_sent_at stays empty)."""
    contribution = Contribution.objects.filter(
        pk=contribution_id,
        status=ContributionStatus.REFUSED,
        refusal_sent_at__isnull=True,
        personal_data_erased_at__isnull=True,
    ).first()
    if contribution is None:
        return False
    sent = send_platform_mail(
        subject=_("Votre contribution « %(title)s »") % {"title": contribution.title},
        template="mails/contribution_refused.txt",
        context={"contribution": contribution, "reason": contribution.refusal_reason},
        to=[contribution.contributor_email],
    )
    if sent:
        Contribution.objects.filter(pk=contribution.pk).update(refusal_sent_at=timezone.now())
    return sent


def mark_spam(contribution, *, moderator):
    """Set a pending contribution aside as spam. Nobody is told."""
    with transaction.atomic():
        locked = _lock_pending(contribution, _("Cette contribution a déjà été traitée."))
        locked.status = ContributionStatus.SPAM
        locked.processed_at = timezone.now()
        locked.processed_by = moderator
        locked.save(update_fields=["status", "processed_at", "processed_by"])
    _sync(contribution, locked)
    return contribution


def _lock_pending(contribution, message):
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status != ContributionStatus.PENDING:
        raise ModerationError(message)
    return locked


def _sync(contribution, locked):
    """The caller's instance reflects what was saved."""
    for field in ("status", "refusal_reason", "processed_at", "processed_by_id", "page_id"):
        setattr(contribution, field, getattr(locked, field))
