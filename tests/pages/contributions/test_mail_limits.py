"""Per-recipient mail counts (pages/contributions/mail_limits.py): normalised addresses, exact under concurrency,
bounded table."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test import override_settings

from pages.contributions import mail_limits
from pages.contributions import services as submissions
from pages.contributions.mail_limits import CONTRIBUTION_ACKNOWLEDGEMENT, NOTIFICATION, take_mail
from pages.models import MailQuota
from tests.factories.contributions import ContributionFactory

pytestmark = pytest.mark.django_db


def test_an_address_is_counted_trimmed_and_whatever_its_case_and_never_stored():
    assert take_mail(CONTRIBUTION_ACKNOWLEDGEMENT, "camille.dupont@cc-rochefort.be", 1).granted
    assert not take_mail(CONTRIBUTION_ACKNOWLEDGEMENT, "  Camille.Dupont@CC-Rochefort.BE ", 1).granted
    assert take_mail(CONTRIBUTION_ACKNOWLEDGEMENT, "sacha@cc-ciney.be", 1).granted
    assert take_mail(NOTIFICATION, "camille.dupont@cc-rochefort.be", 1).granted, "each purpose has its own count"

    key = mail_limits.recipient_key("camille.dupont@cc-rochefort.be")
    quota = MailQuota.objects.get(purpose=CONTRIBUTION_ACKNOWLEDGEMENT, recipient=key)
    assert (quota.sent, quota.held) == (1, 1)
    assert not MailQuota.objects.filter(recipient__icontains="camille").exists()


def test_a_new_period_starts_with_the_first_mail_after_the_last_one_ended():
    first = take_mail(NOTIFICATION, "plateforme@astrac.be", 2)
    assert [take_mail(NOTIFICATION, "plateforme@astrac.be", 2).granted for _ in range(3)] == [True, False, False]
    assert (first.period_end - MailQuota.objects.get().period_start) == mail_limits.period()

    MailQuota.objects.update(period_start=F("period_start") - mail_limits.period())
    allowance = take_mail(NOTIFICATION, "plateforme@astrac.be", 2)

    assert allowance.granted and allowance.held == 0
    assert allowance.period_end > first.period_end


def test_counts_of_past_periods_are_forgotten_and_the_others_kept():
    take_mail(NOTIFICATION, "plateforme@astrac.be", 1)
    take_mail(CONTRIBUTION_ACKNOWLEDGEMENT, "camille@cc.be", 1)
    MailQuota.objects.filter(purpose=NOTIFICATION).update(period_start=F("period_start") - mail_limits.period())

    assert mail_limits.forget_past_periods() == 1
    assert list(MailQuota.objects.values_list("purpose", flat=True)) == [CONTRIBUTION_ACKNOWLEDGEMENT]


def run_at_once(function, count):
    """`function()` in `count` threads released together, each with its own database connection."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent connections: SQLite's test database is in memory"
)
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@on_postgresql
@transactional
@pytest.mark.parametrize("limit", [1, 3])
def test_concurrent_senders_never_take_more_mails_than_the_limit(limit):
    results = run_at_once(lambda: take_mail(CONTRIBUTION_ACKNOWLEDGEMENT, "camille@cc.be", limit).granted, 12)

    assert results.count(True) == limit
    quota = MailQuota.objects.get()
    assert (quota.sent, quota.held) == (limit, 12 - limit)


@on_postgresql
@transactional
@override_settings(NOTIFICATION_MAIL_LIMIT=5)
def test_two_digests_at_once_list_each_waiting_contribution_once():
    contributions = [
        ContributionFactory(title=f"Contribution n° {n}", submission_token=uuid.uuid4()) for n in range(30)
    ]
    type(contributions[0]).objects.update(notification_deferred_at=F("created_at"))

    listed = run_at_once(submissions.send_notification_digest, 2)

    assert sum(listed) == 30
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == len([count for count in listed if count])
    for contribution in contributions:
        link = submissions.moderation_url(contribution)
        assert sum(link in body for body in bodies) == 1
    assert not submissions.digest_queue().exists()
