"""Moderation services, without HTTP: refuse, spam, and the refusal mail."""

import pytest
from django.core import mail
from django.test import override_settings

from pages.contributions.drafts import ModerationError, plain_text_to_html
from pages.contributions.moderation import mark_spam, refuse_contribution
from pages.contributions.services import send_pending_mails
from pages.models import (
    ContributionStatus,
)
from tests.factories.contributions import ContributionFactory
from tests.pages.base import SiteTreeTestCase
from tests.pages.contributions.moderation_base import ModerationTestCase


class RefuseAndSpamTests(ModerationTestCase):
    def test_refusing_mails_the_reason_to_the_contributor(self):
        contribution = ContributionFactory(contributor_email="camille@cc-rochefort.be", title="Mon canevas")
        with self.captureOnCommitCallbacks(execute=True):
            refuse_contribution(
                contribution, moderator=self.moderator, reason="Ce document est déjà dans la Boîte à outils."
            )

        contribution.refresh_from_db()
        self.assertEqual(contribution.status, ContributionStatus.REFUSED)
        self.assertEqual(contribution.refusal_reason, "Ce document est déjà dans la Boîte à outils.")
        self.assertEqual(contribution.processed_by, self.moderator)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["camille@cc-rochefort.be"])
        self.assertIn("Mon canevas", message.subject)
        self.assertIn("Ce document est déjà dans la Boîte à outils.", message.body)
        self.assertIn("Bonjour Camille Dupont", message.body)

    def test_the_refusal_mail_leaves_only_after_the_commit(self):
        contribution = ContributionFactory()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            refuse_contribution(contribution, moderator=self.moderator, reason="Hors sujet.")
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(len(callbacks), 1)

    def test_a_refusal_needs_a_reason(self):
        contribution = ContributionFactory()
        with self.assertRaisesMessage(ModerationError, "Indiquez le motif du refus"):
            refuse_contribution(contribution, moderator=self.moderator, reason="   ")
        contribution.refresh_from_db()
        self.assertEqual(contribution.status, ContributionStatus.PENDING)

    def test_spam_is_set_aside_without_any_mail(self):
        contribution = ContributionFactory()
        with self.captureOnCommitCallbacks(execute=True):
            mark_spam(contribution, moderator=self.moderator)

        contribution.refresh_from_db()
        self.assertEqual(contribution.status, ContributionStatus.SPAM)
        self.assertEqual(contribution.processed_by, self.moderator)
        self.assertEqual(mail.outbox, [])

    def test_an_accepted_contribution_can_be_neither_refused_nor_marked_as_spam(self):
        contribution = ContributionFactory()
        self.accept(contribution)
        with self.assertRaises(ModerationError):
            refuse_contribution(contribution, moderator=self.moderator, reason="Trop tard.")
        with self.assertRaises(ModerationError):
            mark_spam(contribution, moderator=self.moderator)
        contribution.refresh_from_db()
        self.assertEqual(contribution.status, ContributionStatus.ACCEPTED)
        self.assertEqual(mail.outbox, [])


class PlainTextToHtmlTests(SiteTreeTestCase):
    def test_paragraphs_line_breaks_and_escaping(self):
        self.assertEqual(plain_text_to_html("a\nb\n\n\nc & <d>"), "<p>a<br/>b</p><p>c &amp; &lt;d&gt;</p>")
        self.assertEqual(plain_text_to_html("  "), "")


@pytest.mark.django_db
def test_a_refusal_mail_that_failed_is_sent_by_send_pending_mails(django_capture_on_commit_callbacks):
    contribution = ContributionFactory(title="Mon canevas")
    with (
        override_settings(EMAIL_BACKEND="tests.pages.failing_mail.FailingEmailBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        refuse_contribution(contribution, moderator=None, reason="Déjà dans la Boîte à outils.")
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.REFUSED
    assert contribution.refusal_sent_at is None
    assert len(mail.outbox) == 0

    send_pending_mails()
    contribution.refresh_from_db()
    assert contribution.refusal_sent_at is not None
    assert len(mail.outbox) == 1
    assert "Déjà dans la Boîte à outils." in mail.outbox[0].body

    send_pending_mails()  # sent once only
    assert len(mail.outbox) == 1
