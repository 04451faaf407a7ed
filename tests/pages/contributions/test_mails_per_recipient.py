"""Mails per recipient of the contribution flow, and the stored files kept private."""

import uuid

import pytest
from django.core import mail
from django.db.models import F
from django.test import override_settings
from django.urls import reverse

from pages.contributions import mail_limits
from pages.contributions import services as submissions
from pages.contributions.services import send_pending_mails, submit_contribution
from pages.models import (
    Contribution,
    MailQuota,
)
from tests.pages.contribution_helpers import (
    contribution_data,
    text_of,
)
from tests.pages.contributions.submission_data import FAILING_MAIL_BACKEND, service_data
from tests.pages.upload_samples import pdf_bytes, upload

# --- Mails per recipient ----------------------------------------------------------------------------------------

FLOOD = 152
NOTIFICATION_LIMIT = 10  # NOTIFICATION_MAIL_LIMIT's default


def period_ends():
    """The hour of the mail limits passes: every count's period is moved back by it."""
    MailQuota.objects.update(period_start=F("period_start") - mail_limits.period())


def moderator_mails():
    return [message for message in mail.outbox if message.to == ["plateforme@astrac.be"]]


def test_one_address_from_152_clients_gets_one_acknowledgement_and_the_moderators_a_bounded_number_of_mails(
    client, page, tree, django_capture_on_commit_callbacks
):
    addresses = ["camille.dupont@cc-rochefort.be", "Camille.Dupont@CC-Rochefort.be", " CAMILLE.DUPONT@cc-rochefort.be"]
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(
                page.get_url(),
                contribution_data(
                    kind="lien", url=f"https://exemple.be/{n}", contributor_email=addresses[n % len(addresses)]
                ),
                REMOTE_ADDR=f"198.51.{n // 200}.{n % 200 + 1}",
            )
            for n in range(FLOOD)
        ]

    # Every contribution is stored and thanked the same way: nothing tells a submitter about the others.
    assert {(response.status_code, response["Location"]) for response in responses} == {(302, "/contribuer/merci/")}
    assert Contribution.objects.count() == FLOOD
    acknowledgements = [message for message in mail.outbox if message.to != ["plateforme@astrac.be"]]
    assert len(acknowledgements) == 1
    assert Contribution.objects.filter(acknowledgement_sent_at__isnull=False).count() == 1
    assert Contribution.objects.filter(acknowledgement_withheld_at__isnull=False).count() == FLOOD - 1
    # The moderators got one notification each for the first ten; the others wait for the digest.
    assert len(moderator_mails()) == NOTIFICATION_LIMIT
    assert Contribution.objects.filter(notification_deferred_at__isnull=False).count() == FLOOD - NOTIFICATION_LIMIT
    assert send_pending_mails() == (0, 0), "nothing to retry, and no digest before the hour ends"
    assert len(moderator_mails()) == NOTIFICATION_LIMIT

    period_ends()
    assert send_pending_mails() == (0, 0)

    digests = moderator_mails()[NOTIFICATION_LIMIT:]
    assert len(digests) == 1
    digest = digests[0]
    assert digest.subject == "[Plateforme ASTRAC] 142 nouvelles contributions à relire (récapitulatif)"
    assert digest.body.startswith("142 nouvelles contributions attendent votre relecture.")
    assert "au-delà de 10 notifications en 60 minutes" in digest.body
    # Each contribution is announced in exactly one mail, its own or the digest, with its moderation link.
    for contribution in Contribution.objects.all():
        link = submissions.moderation_url(contribution)
        assert link.endswith(f"/inspect/{contribution.pk}/")
        assert sum(link in message.body for message in moderator_mails()) == 1, contribution.title
    assert not Contribution.objects.filter(notification_sent_at__isnull=True).exists()
    assert send_pending_mails() == (0, 0)
    assert len(mail.outbox) == 1 + NOTIFICATION_LIMIT + 1, "nothing sent twice"


def test_an_address_gets_an_acknowledgement_again_once_the_hour_passed(tree, django_capture_on_commit_callbacks):
    def submit(email):
        with django_capture_on_commit_callbacks(execute=True):
            contribution = submit_contribution(
                data=service_data(tree, contributor_email=email), files=[], submission_token=uuid.uuid4()
            )
        contribution.refresh_from_db()
        return contribution

    first = submit("camille.dupont@cc-rochefort.be")
    second = submit("Camille.Dupont@cc-rochefort.be")
    other = submit("sacha.lambert@cc-ciney.be")
    period_ends()
    third = submit("camille.dupont@cc-rochefort.be")

    assert first.acknowledgement_sent_at and not first.acknowledgement_withheld_at
    assert second.acknowledgement_withheld_at and not second.acknowledgement_sent_at
    assert other.acknowledgement_sent_at, "the limit is per address"
    assert third.acknowledgement_sent_at
    assert [m.to for m in mail.outbox if m.to != ["plateforme@astrac.be"]] == [
        ["camille.dupont@cc-rochefort.be"],
        ["sacha.lambert@cc-ciney.be"],
        ["camille.dupont@cc-rochefort.be"],
    ]


@override_settings(NOTIFICATION_MAIL_LIMIT=1)
def test_a_digest_the_mail_server_refuses_is_sent_later_with_the_same_contributions(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            submit_contribution(
                data=service_data(tree, title=f"Contribution n° {number}", contributor_email=f"c{number}@cc.be"),
                files=[],
                submission_token=uuid.uuid4(),
            )
    period_ends()
    with override_settings(EMAIL_BACKEND=FAILING_MAIL_BACKEND):
        assert submissions.send_notification_digest() == 0
    assert submissions.digest_queue().count() == 2

    assert submissions.send_notification_digest() == 2
    (digest,) = [m for m in moderator_mails() if "récapitulatif" in m.subject]
    assert "Contribution n° 1" in digest.body and "Contribution n° 2" in digest.body
    assert "Contribution n° 0" not in digest.body, "announced by its own notification"
    assert not submissions.digest_queue().exists()


def test_the_moderation_queue_shows_what_was_withheld_and_what_went_in_a_digest(
    client, admin_user, tree, django_capture_on_commit_callbacks
):
    with override_settings(NOTIFICATION_MAIL_LIMIT=0), django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            contribution = submit_contribution(data=service_data(tree), files=[], submission_token=uuid.uuid4())
    client.force_login(admin_user)

    response = client.get(reverse("contributions_modeladmin_inspect", args=[contribution.pk]))

    text = text_of(response)
    assert "Accusé de réception retenu (limite par adresse) le" in text
    assert "Notification reportée au récapitulatif le" in text


# --- Files stay private ------------------------------------------------------------------------------------------


def test_stored_files_have_no_public_url_and_are_outside_media_root(client, tree, private_media, settings):
    contribution = submit_contribution(
        data=service_data(tree), files=[upload("canevas.pdf", pdf_bytes())], submission_token=uuid.uuid4()
    )
    record = contribution.files.get()
    with pytest.raises(ValueError):
        record.file.url  # noqa: B018 — the storage has no base URL
    media_root = str(settings.MEDIA_ROOT)
    assert not str(private_media).startswith(media_root)
    assert not record.file.path.startswith(media_root)
    for url in (
        f"/media/{record.file.name}",
        f"/media/../{private_media.name}/{record.file.name}",
        f"/private-media/{record.file.name}",
        f"/{record.file.name}",
        f"/documents/{record.pk}/canevas.pdf",
    ):
        assert client.get(url).status_code == 404, url
