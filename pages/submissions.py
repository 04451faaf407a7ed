"""What the public site receives, stored with no HTTP in the way: contributions and dossier requests.

- `submit_contribution` stores a contribution, its themes and all its files in one transaction: either all of
  it is saved, or nothing is (no row, no file left in PRIVATE_MEDIA_ROOT). The same submission token twice
  gives back the first contribution.
- `request_dossier` stores a request for a dossier shared « de personne à personne ».
- Mails go out once the transaction commits; a mail the server refused leaves its "sent at" field empty,
  and `send_pending_mails()` (command `send_pending_mails`) tries again.
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

from pages import tasks
from pages.mails import send_platform_mail
from pages.models import (
    AccessMode,
    Contribution,
    ContributionFile,
    ContributionStatus,
    DossierRequest,
    private_storage,
)
from pages.models.contributions import contribution_upload_to
from pages.storage import STORAGE_ERRORS, StorageUnavailable
from pages.uploads import validate_uploads

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
    `pages.uploads` unless they are already `ValidatedUpload`s). Raises ValidationError for a refused file
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
    """The acknowledgement to the contributor and the notification to the platform, each if not yet sent."""
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
    if contribution.acknowledgement_sent_at is None and send_platform_mail(
        subject=f"Votre contribution « {contribution.title} » a bien été reçue",
        template="mails/contribution_acknowledgement.txt",
        context=context,
        to=[contribution.contributor_email],
    ):
        Contribution.objects.filter(pk=contribution.pk).update(acknowledgement_sent_at=timezone.now())
    if contribution.notification_sent_at is None and send_platform_mail(
        subject=f"Nouvelle contribution : {contribution.title}",
        template="mails/contribution_notification.txt",
        context=context,
        to=[settings.PLATFORM_NOTIFICATION_EMAIL],
        reply_to=[contribution.contributor_email],
    ):
        Contribution.objects.filter(pk=contribution.pk).update(notification_sent_at=timezone.now())


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
    if dossier_request.forwarded_at is None and send_platform_mail(
        subject=f"Demande du dossier « {dossier.title} »",
        template="mails/dossier_request_forward.txt",
        context=context,
        to=[centre.contact_email or settings.PLATFORM_NOTIFICATION_EMAIL],
        reply_to=[dossier_request.email],
    ):
        DossierRequest.objects.filter(pk=dossier_request.pk).update(forwarded_at=timezone.now())
    if dossier_request.acknowledgement_sent_at is None and send_platform_mail(
        subject=f"Votre demande du dossier « {dossier.title} » a été transmise",
        template="mails/dossier_request_acknowledgement.txt",
        context=context,
        to=[dossier_request.email],
    ):
        DossierRequest.objects.filter(pk=dossier_request.pk).update(acknowledgement_sent_at=timezone.now())


# --- Retries ----------------------------------------------------------------------------------------------------


def pending_mails():
    """The contributions and dossier requests with a mail still to send (querysets)."""
    contributions = Contribution.objects.filter(personal_data_erased_at__isnull=True).filter(
        (Q(status=ContributionStatus.PENDING) & unsent("acknowledgement_sent_at", "notification_sent_at"))
        | Q(status=ContributionStatus.REFUSED, refusal_sent_at__isnull=True)
    )
    requests = DossierRequest.objects.filter(personal_data_erased_at__isnull=True).filter(
        unsent("forwarded_at", "acknowledgement_sent_at")
    )
    return contributions, requests


def send_pending_mails():
    """Send every mail a failing mail server left unsent. Returns (contributions, requests) tried."""
    contributions, requests = pending_mails()
    from pages.moderation import send_refusal_mail  # moderation builds on this module

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


def unsent(*fields):
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__isnull": True})
    return query
