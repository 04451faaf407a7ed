"""GDPR: personal data erased after the retention period (pages kept), and one contributor's data exported."""

import datetime
import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cms.storage import private_storage
from pages.contributions.moderation import accept_contribution
from pages.contributions.privacy import erase_expired_personal_data, export_contributor_data
from pages.models import Contribution, ContributionStatus, DossierRequest, ResourcePage
from tests.factories import DossierPageFactory
from tests.factories.contributions import ContributionFactory, ContributionFileFactory, DossierRequestFactory
from tests.pages.base import SiteTreeTestCase

DAY = datetime.timedelta(days=1)


@override_settings(CONTRIBUTION_RETENTION_DAYS=30)
class ErasureTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.moderator = get_user_model().objects.create_superuser("admin", "admin@astrac.be", "x")
        cls.dossier = DossierPageFactory(parent=cls.tree.dossier_library)

    def setUp(self):
        self.now = timezone.now()
        self.old = self.now - 31 * DAY
        self.recent = self.now - 29 * DAY

    def processed(self, status, processed_at, **kwargs):
        contribution = ContributionFactory(status=status, **kwargs)
        Contribution.objects.filter(pk=contribution.pk).update(processed_at=processed_at)
        return contribution

    def request(self, created_at):
        request = DossierRequestFactory(dossier=self.dossier)
        DossierRequest.objects.filter(pk=request.pk).update(created_at=created_at)
        return request

    def assertErased(self, contribution):
        contribution.refresh_from_db()
        self.assertEqual(contribution.contributor_name, "(effacé)")
        self.assertEqual((contribution.contributor_email, contribution.organisation, contribution.role), ("", "", ""))
        self.assertIsNotNone(contribution.personal_data_erased_at)

    def assertKept(self, contribution):
        contribution.refresh_from_db()
        self.assertEqual(contribution.contributor_name, "Camille Dupont")
        self.assertTrue(contribution.contributor_email)
        self.assertIsNone(contribution.personal_data_erased_at)

    def test_processed_contributions_past_the_retention_are_erased_and_their_pages_kept(self):
        accepted = ContributionFactory()
        with self.captureOnCommitCallbacks(execute=True):
            page = accept_contribution(accepted, moderator=self.moderator)
        Contribution.objects.filter(pk=accepted.pk).update(processed_at=self.old)
        refused = self.processed(ContributionStatus.REFUSED, self.old, refusal_reason="Hors sujet.")
        spam = self.processed(ContributionStatus.SPAM, self.old)

        with self.captureOnCommitCallbacks(execute=True):
            counts = erase_expired_personal_data(now=self.now)

        self.assertEqual(counts["contributions"], 3)
        for contribution in (accepted, refused, spam):
            self.assertErased(contribution)
        accepted.refresh_from_db()
        self.assertEqual(accepted.page_id, page.pk)
        self.assertTrue(ResourcePage.objects.filter(pk=page.pk).exists())
        # What is not personal stays, for the moderators' history.
        refused.refresh_from_db()
        self.assertTrue(refused.title.startswith("Canevas d'analyse partagée"))
        self.assertEqual(refused.refusal_reason, "Hors sujet.")

    def test_recent_and_pending_contributions_are_kept(self):
        recent = self.processed(ContributionStatus.REFUSED, self.recent)
        pending = ContributionFactory()
        Contribution.objects.filter(pk=pending.pk).update(created_at=self.now - 400 * DAY)

        counts = erase_expired_personal_data(now=self.now)

        self.assertEqual(counts["contributions"], 0)
        self.assertKept(recent)
        self.assertKept(pending)

    def test_unpublished_files_of_refused_and_spam_contributions_are_deleted(self):
        refused = self.processed(ContributionStatus.REFUSED, self.old)
        contribution_file = ContributionFileFactory(contribution=refused)
        name = contribution_file.file.name
        self.assertTrue(private_storage.exists(name))

        with self.captureOnCommitCallbacks(execute=True):
            counts = erase_expired_personal_data(now=self.now)

        self.assertEqual(counts["files"], 1)
        self.assertFalse(private_storage.exists(name))
        contribution_file.refresh_from_db()
        self.assertEqual(contribution_file.file.name, "")

    def test_requests_past_the_retention_are_erased(self):
        old = self.request(self.old)
        recent = self.request(self.recent)

        counts = erase_expired_personal_data(now=self.now)

        self.assertEqual(counts["requests"], 1)
        old.refresh_from_db()
        self.assertEqual((old.name, old.email, old.centre, old.message), ("(effacé)", "", "", ""))
        self.assertIsNotNone(old.personal_data_erased_at)
        self.assertEqual(old.dossier, self.dossier)
        recent.refresh_from_db()
        self.assertEqual(recent.name, "Sacha Lambert")

    def test_a_second_run_erases_nothing_more(self):
        self.processed(ContributionStatus.SPAM, self.old)
        self.request(self.old)
        erase_expired_personal_data(now=self.now)
        self.assertEqual(
            erase_expired_personal_data(now=self.now + DAY),
            {"contributions": 0, "requests": 0, "files": 0, "subscriptions": 0},
        )

    def test_the_command_prints_the_counts(self):
        self.processed(ContributionStatus.SPAM, self.old)
        self.processed(ContributionStatus.REFUSED, self.old)
        self.request(self.old)
        out = io.StringIO()
        call_command("purge_contribution_personal_data", stdout=out)
        self.assertIn("2 contribution(s), 1 demande(s) de dossier", out.getvalue())
        self.assertIn("30 jours", out.getvalue())


class ExportTests(SiteTreeTestCase):
    def test_the_export_holds_every_contribution_and_request_of_the_address_and_nothing_else(self):
        dossier = DossierPageFactory(parent=self.tree.dossier_library, title="Dossier de Marchin")
        mine = ContributionFactory(
            contributor_email="camille@cc-rochefort.be", title="Mon canevas", themes=[self.tree.theme["autres"]]
        )
        ContributionFileFactory(contribution=mine, original_name="canevas.pdf")
        ContributionFactory(contributor_email="CAMILLE@cc-rochefort.be", title="Mon second envoi")
        ContributionFactory(contributor_email="autre@example.org", title="Pas à moi")
        DossierRequestFactory(dossier=dossier, email="camille@cc-rochefort.be", message="Pour notre dossier.")
        DossierRequestFactory(dossier=dossier, email="autre@example.org")

        data = export_contributor_data("camille@cc-rochefort.be")

        json.dumps(data)  # JSON-able as it is
        self.assertEqual([c["title"] for c in data["contributions"]], ["Mon canevas", "Mon second envoi"])
        first = data["contributions"][0]
        self.assertEqual(first["contributor_name"], "Camille Dupont")
        self.assertEqual(first["themes"], ["Autres"])
        self.assertEqual(first["files"][0]["name"], "canevas.pdf")
        self.assertEqual(first["status"], "En attente")
        self.assertEqual(len(data["dossier_requests"]), 1)
        self.assertEqual(data["dossier_requests"][0]["dossier"], "Dossier de Marchin")
        self.assertEqual(data["dossier_requests"][0]["message"], "Pour notre dossier.")

    def test_an_unknown_or_empty_address_exports_nothing(self):
        ContributionFactory(contributor_email="camille@cc-rochefort.be")
        for email in ("personne@example.org", "", "   "):
            data = export_contributor_data(email)
            self.assertEqual((data["contributions"], data["dossier_requests"]), ([], []))

    def test_the_command_prints_json(self):
        ContributionFactory(contributor_email="camille@cc-rochefort.be", title="Mon canevas « partagé »")
        out = io.StringIO()
        call_command("export_contributor_data", "camille@cc-rochefort.be", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(data["email"], "camille@cc-rochefort.be")
        self.assertEqual(data["contributions"][0]["title"], "Mon canevas « partagé »")
