"""What the public site receives, stored with no HTTP in the way: contributions and dossier requests.

- `submit_contribution` stores a contribution, its themes and all its files in one transaction: either all of
  it is saved, or nothing is (no row, no file left in PRIVATE_MEDIA_ROOT). The same submission token twice
  gives back the first contribution.
- `request_dossier` stores a request for a dossier shared « de personne à personne ».
- Mails go out once the transaction commits; a mail the server refused leaves its "sent at" field empty,
  and `send_pending_mails()` (command `send_pending_mails`) tries again.
- Mails are limited per recipient (pages/contributions/mail_limits.py): an acknowledgement held back is recorded on the
  submission ("withheld at"), never sent later; a notification held back ("deferred at") goes out in the
  moderators' digest (`send_notification_digest`) once the period ends. Every pending contribution is announced
  in exactly one mail, its own or a digest.
"""

import contextlib
import logging
import os
import secrets
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cms.outages import STORAGE_ERRORS, StorageUnavailable
from cms.storage import private_storage
from pages.contributions import tasks
from pages.contributions.mail_limits import (
    CONTRIBUTION_ACKNOWLEDGEMENT,
    NOTIFICATION,
    REQUEST_ACKNOWLEDGEMENT,
    forget_past_periods,
    give_back,
    settle_limited_mail,
    take_mail,
)
from pages.contributions.mails import send_and_stamp, send_platform_mail
from pages.contributions.moderation import send_refusal_mail
from pages.contributions.uploads import validate_uploads
from pages.models import (
    AccessMode,
    Contribution,
    ContributionFile,
    ContributionStatus,
    DossierRequest,
)
from pages.models.contributions import contribution_upload_to

logger = logging.getLogger(__name__)

CONTRIBUTION_FIELDS = (
    "kind",
    "title",
    "description",
    "url",
    "centre",
    "new_centre_name",
    "new_centre_commune",
    "new_centre_province",
    "dossier_status",
    "dossier_year",
    "access_mode",
    "contextualisation",
    "contributor_name",
    "contributor_email",
    "organisation",
    "role",
    "consent_licence",
    "consent_personal_data",
)
REQUEST_FIELDS = ("name", "email", "centre", "message", "consent_personal_data")


# --- Contributions ---------------------------------------------------------------------------------------------


def submit_contribution(*, data, files, submission_token):
    """Store a contribution with its themes and files, all or nothing; mails follow the commit.

    `data` holds the whitelisted fields (`CONTRIBUTION_FIELDS` and `themes`); anything else is ignored, so a
    status, a date or a moderator can never be set from outside. `files` are uploaded files (checked here by
    `pages.contributions.uploads` unless they are already `ValidatedUpload`s). Raises ValidationError for a refused file
    DatabaseError when the database fails and StorageUnavailable when a file cannot be written (the storage is
    down); in every case nothing is stored.
    """
    existing = Contribution.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing
    uploads = validate_uploads(files or [])
    values = {name: data.get(name) for name in CONTRIBUTION_FIELDS}
    for name, value in values.items():
        if value is None and name not in ("centre", "dossier_year"):
            values[name] = False if name.startswith("consent_") else ""
    written = []
    try:
        with transaction.atomic():
            contribution = Contribution.objects.create(submission_token=submission_token, **values)
            contribution.themes.set(data.get("themes") or [])
            for number, upload in enumerate(uploads, start=1):
                store_file(contribution, upload, number, written)
            transaction.on_commit(partial(tasks.send_contribution_mails.enqueue, contribution.pk), robust=True)
    except IntegrityError:
        delete_files(written)
        # Two requests with the same token at the same time: the other one won, and it is the same submission.
        existing = Contribution.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
        raise
    except BaseException:
        delete_files(written)
        raise
    return contribution


def store_file(contribution, upload, number, written):
    """Write one file under a generated name (the original name is only recorded), then its row."""
    generated = f"{number:02d}-{secrets.token_hex(8)}.{upload.extension}"
    name = contribution_upload_to(ContributionFile(contribution=contribution), generated)
    written.append(name)  # before writing: a write that fails halfway leaves a file to delete
    upload.file.seek(0)
    try:
        stored = private_storage.save(name, upload.file)
    except STORAGE_ERRORS as error:
        logger.exception("A contribution file could not be written to the private storage")
        raise StorageUnavailable(name) from error
    if stored != name:
        written.append(stored)
    return ContributionFile.objects.create(
        contribution=contribution,
        file=stored,
        original_name=upload.original_name[:255],
        file_type=upload.file_type,
        size=upload.size,
        sha256=upload.sha256,
    )


def delete_files(names):
    """Remove files written by a submission that was not saved, and the directories left empty."""
    directories = set()
    for name in names:
        try:
            private_storage.delete(name)
        except Exception:  # the storage may be the one that failed: log, the submission's error goes on
            logger.exception("Could not delete the orphan contribution file %s", name)
        directories.add(os.path.dirname(name))
    for directory in directories:
        if not directory:
            continue
        # Not empty or already gone; or an object store (S3), which has no directories.
        with contextlib.suppress(OSError, NotImplementedError):
            os.rmdir(private_storage.path(directory))


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def moderation_url(contribution):
    """The contribution in the admin's moderation queue (or the queue, or the admin, whichever exists)."""
    for name, args in (
        ("contributions_modeladmin_inspect", [contribution.pk]),
        ("contributions_modeladmin_index", []),
        ("wagtailadmin_home", []),
    ):
        try:
            return admin_url(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return admin_url("/admin/")


def send_contribution_mails(contribution_id):
    """The acknowledgement to the contributor and the notification to the platform, each if not yet sent or held.

    Each within its recipient's allowance (pages/contributions/mail_limits.py): an acknowledgement past it is withheld
    for good, a notification past it waits for the digest, which the first one held back schedules for the period's
    end.
    """
    contribution = (
        Contribution.objects.filter(pk=contribution_id).select_related("centre").prefetch_related("files").first()
    )
    if (
        contribution is None
        or contribution.personal_data_erased_at
        or contribution.status != ContributionStatus.PENDING
    ):
        return
    context = {
        "contribution": contribution,
        "files": list(contribution.files.all()),
        "themes": list(contribution.themes.all()),
        "moderation_url": moderation_url(contribution),
    }
    settle_limited_mail(contribution, CONTRIBUTION_ACKNOWLEDGEMENT, context, to=[contribution.contributor_email])
    allowance = settle_limited_mail(
        contribution,
        NOTIFICATION,
        context,
        to=[settings.PLATFORM_NOTIFICATION_EMAIL],
        reply_to=[contribution.contributor_email],
    )
    if allowance is not None and not allowance.granted and allowance.held == 1:
        schedule_notification_digest(allowance.period_end)


def digest_queue():
    """The pending contributions whose notification waits for the moderators' digest."""
    return Contribution.objects.filter(
        status=ContributionStatus.PENDING,
        personal_data_erased_at__isnull=True,
        notification_sent_at__isnull=True,
        notification_deferred_at__isnull=False,
    )


def schedule_notification_digest(when):
    """Queue the digest for `when` when the tasks backend can defer (TASKS_BACKEND=database); otherwise the
    digest goes with `send_pending_mails`, to run regularly (cron)."""
    if tasks.send_notification_digest.get_backend().supports_defer:
        tasks.send_notification_digest.using(run_after=when).enqueue()


def send_notification_digest():
    """One mail to the platform listing every contribution in `digest_queue()`, with its moderation link.

    Sent only when the notification allowance has room again (the busy period ended), and counted in it. The
    contributions are marked as notified in the same transaction as the mail is sent: a mail the server refuses
    leaves them waiting for the next digest; two digests at once list each contribution once (rows locked and
    skipped on PostgreSQL). Returns how many contributions the mail listed (0: none sent).
    """
    address = settings.PLATFORM_NOTIFICATION_EMAIL
    if not digest_queue().exists():
        return 0
    allowance = take_mail(NOTIFICATION, address, settings.NOTIFICATION_MAIL_LIMIT)
    if not allowance.granted:  # a new busy period began: the digest waits for its end
        schedule_notification_digest(allowance.period_end)
        return 0
    listed = []
    with transaction.atomic():
        waiting = digest_queue().select_for_update(skip_locked=True, of=("self",))
        listed = list(waiting.select_related("centre").order_by("created_at", "pk"))
        if listed:
            Contribution.objects.filter(pk__in=[c.pk for c in listed]).update(notification_sent_at=timezone.now())
            count = len(listed)
            sent = send_platform_mail(
                subject=f"{count} nouvelle{pluralize(count)} contribution{pluralize(count)} à relire (récapitulatif)",
                template="mails/contribution_digest.txt",
                context={
                    "items": [(contribution, moderation_url(contribution)) for contribution in listed],
                    "limit": settings.NOTIFICATION_MAIL_LIMIT,
                    "window_minutes": settings.MAIL_LIMIT_WINDOW_MINUTES,
                    "queue_url": moderation_queue_url(),
                },
                to=[address],
            )
            if not sent:
                transaction.set_rollback(True)
                listed = []
    if not listed:
        give_back(NOTIFICATION, address)
    return len(listed)


def pluralize(count):
    return "s" if count > 1 else ""


def moderation_queue_url():
    """The moderation queue's pending contributions in the admin."""
    try:
        return admin_url(f"{reverse('contributions_modeladmin_index')}?status={ContributionStatus.PENDING}")
    except NoReverseMatch:
        return admin_url("/admin/")


# --- Dossier requests -------------------------------------------------------------------------------------------


class NotPersonToPerson(ValueError):
    """Only a dossier shared « de personne à personne » can be requested."""


def request_dossier(*, dossier, data, submission_token):
    """Store a request for a person-to-person dossier; the centre and the requester are e-mailed after commit."""
    if dossier.access_mode != AccessMode.PERSON_TO_PERSON:
        raise NotPersonToPerson(dossier.pk)
    existing = DossierRequest.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing
    values = {name: data.get(name) or ("" if name != "consent_personal_data" else False) for name in REQUEST_FIELDS}
    try:
        with transaction.atomic():
            dossier_request = DossierRequest.objects.create(
                dossier=dossier, submission_token=submission_token, **values
            )
            transaction.on_commit(partial(tasks.send_dossier_request_mails.enqueue, dossier_request.pk), robust=True)
    except IntegrityError:
        existing = DossierRequest.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
        raise
    return dossier_request


def send_dossier_request_mails(request_id):
    """The request to the centre's private contact (reply-to: the requester), and the acknowledgement."""
    dossier_request = DossierRequest.objects.filter(pk=request_id).select_related("dossier__centre").first()
    if dossier_request is None or dossier_request.personal_data_erased_at:
        return
    dossier = dossier_request.dossier
    centre = dossier.centre
    context = {
        "request": dossier_request,
        "dossier": dossier,
        "centre": centre,
        "dossier_url": dossier.get_full_url() or "",
        "centre_has_contact": bool(centre.contact_email),
    }
    if dossier_request.forwarded_at is None:
        send_and_stamp(
            dossier_request,
            "forwarded_at",
            subject=f"Demande du dossier « {dossier.title} »",
            template="mails/dossier_request_forward.txt",
            context=context,
            to=[centre.contact_email or settings.PLATFORM_NOTIFICATION_EMAIL],
            reply_to=[dossier_request.email],
        )
    settle_limited_mail(dossier_request, REQUEST_ACKNOWLEDGEMENT, context, to=[dossier_request.email])


# --- Retries ----------------------------------------------------------------------------------------------------


def pending_mails():
    """The contributions and dossier requests with a mail still to send on its own (querysets).

    Neither a withheld acknowledgement (never sent) nor a notification waiting for the digest (`digest_queue`).
    """
    acknowledgement_unsent = Q(acknowledgement_sent_at__isnull=True, acknowledgement_withheld_at__isnull=True)
    contributions = Contribution.objects.filter(personal_data_erased_at__isnull=True).filter(
        (
            Q(status=ContributionStatus.PENDING)
            & (acknowledgement_unsent | Q(notification_sent_at__isnull=True, notification_deferred_at__isnull=True))
        )
        | Q(status=ContributionStatus.REFUSED, refusal_sent_at__isnull=True)
    )
    requests = DossierRequest.objects.filter(personal_data_erased_at__isnull=True).filter(
        Q(forwarded_at__isnull=True) | acknowledgement_unsent
    )
    return contributions, requests


def send_pending_mails():
    """Send every mail a failing mail server left unsent, and the moderators' digest when its time came.

    Returns (contributions, requests) tried one by one. Also forgets the mail counts of past periods.
    """
    forget_past_periods()
    send_notification_digest()
    contributions, requests = pending_mails()
    contribution_ids = list(contributions.values_list("pk", "status"))
    request_ids = list(requests.values_list("pk", flat=True))
    for pk, status in contribution_ids:
        if status == ContributionStatus.REFUSED:
            send_refusal_mail(pk)
        else:
            send_contribution_mails(pk)
    for pk in request_ids:
        send_dossier_request_mails(pk)
    return len(contribution_ids), len(request_ids)
