"""Personal data of contributors and requesters (GDPR): erased after the retention period, exported on request.

Retention: settings.CONTRIBUTION_RETENTION_DAYS after a contribution was processed (accepted, refused,
spam), or after a dossier request was received. Pending contributions are kept whatever their age: a
moderator still has to answer them. Erasing never touches the pages that accepted contributions became.
Files of refused and spam contributions (never published) are deleted with the personal data. A subscription by
theme (pages/subscriptions.py) never confirmed within its link's validity is deleted; a confirmed one lives until
its subscriber unsubscribes, and is in the export.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms.storage import private_storage
from pages.models import Contribution, ContributionFile, ContributionStatus, DossierRequest, Subscription

ERASED_NAME = "(effacé)"
SUBSCRIPTION_CONFIRM_MAX_AGE = 7 * 24 * 3600  # how long a subscription's confirmation link is valid
PROCESSED = [ContributionStatus.ACCEPTED, ContributionStatus.REFUSED, ContributionStatus.SPAM]


def retention_limit(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=settings.CONTRIBUTION_RETENTION_DAYS)


def erase_expired_personal_data(now=None):
    """Erase what identifies a person in processed contributions and requests past the retention period.

    Returns the counts: {"contributions": n, "requests": n, "files": n, "subscriptions": n}. Running it twice erases
    nothing twice.
    """
    now = now or timezone.now()
    limit = retention_limit(now)
    with transaction.atomic():
        contributions = Contribution.objects.filter(
            status__in=PROCESSED, processed_at__lt=limit, personal_data_erased_at__isnull=True
        )
        unpublished_files = ContributionFile.objects.filter(
            contribution__in=contributions,
            contribution__status__in=[ContributionStatus.REFUSED, ContributionStatus.SPAM],
        ).exclude(file="")
        to_delete = list(unpublished_files.values_list("file", flat=True))
        unpublished_files.update(file="")
        contribution_count = contributions.update(
            contributor_name=ERASED_NAME,
            contributor_email="",
            organisation="",
            role="",
            personal_data_erased_at=now,
        )
        request_count = DossierRequest.objects.filter(
            created_at__lt=limit, personal_data_erased_at__isnull=True
        ).update(name=ERASED_NAME, email="", centre="", message="", personal_data_erased_at=now)
        transaction.on_commit(lambda: [private_storage.delete(name) for name in to_delete])
        unconfirmed = now - datetime.timedelta(seconds=SUBSCRIPTION_CONFIRM_MAX_AGE)
        expired = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=unconfirmed)
        subscription_count = expired.delete()[1].get(Subscription._meta.label, 0)  # not its themes' rows
    return {
        "contributions": contribution_count,
        "requests": request_count,
        "files": len(to_delete),
        "subscriptions": subscription_count,
    }


def export_contributor_data(email):
    """Everything the platform holds about the person writing from `email`, as JSON-able data."""
    email = (email or "").strip()
    contributions = (
        Contribution.objects.filter(contributor_email__iexact=email)
        .select_related("centre", "page")
        .prefetch_related("themes", "files")
        .order_by("created_at")
        if email
        else Contribution.objects.none()
    )
    requests = (
        DossierRequest.objects.filter(email__iexact=email).select_related("dossier").order_by("created_at")
        if email
        else DossierRequest.objects.none()
    )
    subscriptions = (
        Subscription.objects.filter(email__iexact=email).prefetch_related("themes")
        if email
        else Subscription.objects.none()
    )
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "contributions": [_contribution_data(c) for c in contributions],
        "dossier_requests": [_request_data(r) for r in requests],
        "subscriptions": [_subscription_data(s) for s in subscriptions.prefetch_related("themes")],
    }


def _subscription_data(subscription):
    return {
        "email": subscription.email,
        "themes": [theme.title for theme in subscription.themes.all()],
        "dossiers": subscription.dossiers,
        "workshops": subscription.workshops,
        "frequency": subscription.get_frequency_display(),
        "requested_at": _iso(subscription.created_at),
        "confirmed_at": _iso(subscription.confirmed_at),
        "last_digest_until": _iso(subscription.covered_until),
    }


def _iso(value):
    return value.isoformat() if value else None


def _contribution_data(contribution):
    return {
        "id": contribution.pk,
        "received_at": _iso(contribution.created_at),
        "kind": contribution.get_kind_display(),
        "title": contribution.title,
        "description": contribution.description,
        "themes": [theme.title for theme in contribution.themes.all()],
        "url": contribution.url,
        "centre": contribution.centre_label,
        "new_centre_commune": contribution.new_centre_commune,
        "new_centre_province": contribution.new_centre_province,
        "dossier_status": contribution.dossier_status,
        "dossier_year": contribution.dossier_year,
        "access_mode": contribution.access_mode,
        "contextualisation": contribution.contextualisation,
        "contributor_name": contribution.contributor_name,
        "contributor_email": contribution.contributor_email,
        "organisation": contribution.organisation,
        "role": contribution.role,
        "consent_licence": contribution.consent_licence,
        "consent_personal_data": contribution.consent_personal_data,
        "status": contribution.get_status_display(),
        "refusal_reason": contribution.refusal_reason,
        "processed_at": _iso(contribution.processed_at),
        "page": contribution.page.title if contribution.page_id else None,
        "files": [
            {"name": f.original_name, "type": f.file_type, "size": f.size, "sha256": f.sha256}
            for f in contribution.files.all()
        ],
        "acknowledgement_sent_at": _iso(contribution.acknowledgement_sent_at),
    }


def _request_data(request):
    return {
        "id": request.pk,
        "received_at": _iso(request.created_at),
        "dossier": request.dossier.title,
        "name": request.name,
        "email": request.email,
        "centre": request.centre,
        "message": request.message,
        "consent_personal_data": request.consent_personal_data,
        "forwarded_at": _iso(request.forwarded_at),
        "acknowledgement_sent_at": _iso(request.acknowledgement_sent_at),
    }
