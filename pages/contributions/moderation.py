"""What a moderator does with a contribution: accept it, refuse it, or mark it as spam. No HTTP here.

`accept_contribution` turns a pending contribution into a draft page of the right type under the right
parent, publishes its files as documents and submits the draft to the moderation workflow; the page is
never made live here. Accepting twice creates one page: the contribution row is locked and its `page`
checked inside the transaction.

The draft of each kind and its documents are built in `pages.contributions.drafts` (`DRAFT_BUILDERS`).
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.storage import document_storage
from pages.contributions import tasks
from pages.contributions.drafts import DRAFT_BUILDERS, ModerationError, moderators_group
from pages.contributions.mails import send_and_stamp
from pages.models import (
    Contribution,
    ContributionStatus,
)

logger = logging.getLogger(__name__)

EDITORS_GROUP = "Éditeurs"
DEFAULT_WORKFLOW_NAME = "Validation par les modérateurs"


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

            page = DRAFT_BUILDERS[locked.kind](locked, moderator, written)
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
    return send_and_stamp(
        contribution,
        "refusal_sent_at",
        subject=_("Votre contribution « %(title)s »") % {"title": contribution.title},
        template="mails/contribution_refused.txt",
        context={"contribution": contribution, "reason": contribution.refusal_reason},
        to=[contribution.contributor_email],
    )


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
