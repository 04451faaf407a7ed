"""The moderation queue in the admin: accept, refuse, spam; the dashboard, the requests, the groups."""

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from pages.contributions.drafts import MODERATORS_GROUP
from pages.contributions.moderation import EDITORS_GROUP
from pages.models import Contribution, ContributionStatus, DossierRequest, ResourcePage
from tests.factories import DossierPageFactory
from tests.factories.contributions import ContributionFactory, DossierRequestFactory
from tests.pages.contributions.admin_queue import QueueTestCase, action_url, inspect_url, list_url


class ActionTests(QueueTestCase):
    def test_accepting_redirects_with_a_french_message_and_a_link_to_the_draft(self):
        self.login(self.moderator)
        response = self.client.post(action_url("accept", self.contribution), follow=True)
        self.contribution.refresh_from_db()
        self.assertContains(response, "acceptée : la page a été créée en brouillon et soumise à la validation")
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[self.contribution.page_id]))

    def test_actions_are_post_only(self):
        self.login(self.moderator)
        for action in ("accept", "spam"):
            self.assertEqual(self.client.get(action_url(action, self.contribution)).status_code, 405)
        self.assertUnchanged()

    def test_actions_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.moderator)
        for action in ("accept", "refuse", "spam"):
            response = client.post(action_url(action, self.contribution), {"reason": "Hors sujet."})
            self.assertEqual(response.status_code, 403, action)
        self.assertUnchanged()

    def assertUnchanged(self):
        self.contribution.refresh_from_db()
        self.assertEqual(self.contribution.status, ContributionStatus.PENDING)

    def test_refusing_without_a_reason_shows_the_form_again_with_a_french_error(self):
        self.login(self.moderator)
        response = self.client.post(action_url("refuse", self.contribution), {"reason": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Indiquez le motif du refus")
        self.assertUnchanged()
        self.assertEqual(mail.outbox, [])

    def test_refusing_mails_the_reason_and_says_so(self):
        self.login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                action_url("refuse", self.contribution), {"reason": "Déjà publié dans la Boîte à outils."}, follow=True
            )
        self.assertContains(response, "refusée : le motif a été envoyé au contributeur")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Déjà publié dans la Boîte à outils.", mail.outbox[0].body)

    def test_spam_says_so_and_sends_nothing(self):
        self.login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(action_url("spam", self.contribution), follow=True)
        self.assertContains(response, "classée comme indésirable")
        self.assertEqual(mail.outbox, [])

    def test_actions_on_a_processed_contribution_are_refused_in_french(self):
        self.login(self.moderator)
        self.client.post(action_url("spam", self.contribution))
        for action, data in (("accept", {}), ("refuse", {"reason": "x"}), ("spam", {})):
            with self.subTest(action):
                response = self.client.post(action_url(action, self.contribution), data, follow=True)
                self.assertContains(response, "Cette contribution a déjà été traitée (indésirable)")
        self.contribution.refresh_from_db()
        self.assertEqual(self.contribution.status, ContributionStatus.SPAM)
        self.assertFalse(ResourcePage.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_accepting_twice_over_http_creates_one_page(self):
        self.login(self.moderator)
        self.client.post(action_url("accept", self.contribution))
        response = self.client.post(action_url("accept", self.contribution), follow=True)
        self.assertContains(response, "déjà été traitée")
        self.assertEqual(ResourcePage.objects.count(), 1)


class DashboardAndRequestsTests(QueueTestCase):
    def test_moderators_see_the_pending_count_and_the_latest_contributions(self):
        ContributionFactory(title="Déjà traitée", status=ContributionStatus.REFUSED)
        ContributionFactory(title="Une autre proposition")
        self.login(self.moderator)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Contributions à traiter (2)")
        self.assertContains(response, inspect_url(self.contribution))
        self.assertContains(response, "Une autre proposition")
        self.assertNotContains(response, "Déjà traitée")

    def test_the_dossier_requests_are_listed_read_only(self):
        dossier = DossierPageFactory(parent=self.tree.dossier_library, title="Dossier de Marchin")
        request = DossierRequestFactory(dossier=dossier, name="Sacha Lambert", email="sacha@cc-dinant.be")
        self.login(self.moderator)
        response = self.client.get(reverse("demandes-de-dossiers_modeladmin_index"))
        text = self.visible_text(response)
        for expected in ("Dossier de Marchin", "Sacha Lambert", "sacha@cc-dinant.be", "Centre culturel de Dinant"):
            self.assertIn(expected, text)
        self.assertNotContains(response, reverse("demandes-de-dossiers_modeladmin_create"))
        inspect = self.client.get(reverse("demandes-de-dossiers_modeladmin_inspect", args=[request.pk]))
        self.assertContains(inspect, "aimerions voir comment vous avez mené")
        edit = reverse("demandes-de-dossiers_modeladmin_edit", args=[request.pk])
        self.assertNotEqual(self.client.post(edit, {"name": "X"}).status_code, 200)
        self.assertEqual(DossierRequest.objects.get().name, "Sacha Lambert")


class BidiTests(QueueTestCase):
    """A contribution stored with a bidi override (before the forms removed them, or by any other way in) is
    shown isolated in <bdi>: it cannot turn around the text that follows it in the admin."""

    TITLE = "Canevas \u202efdp.exe"

    def setUp(self):
        super().setUp()
        Contribution.objects.filter(pk=self.contribution.pk).update(
            title=self.TITLE, contributor_name="\u202eCamille", new_centre_name="\u202eChênée"
        )
        self.login(self.moderator)

    def isolated_texts(self, response):
        return [tag.get_text() for tag in self.get_soup(response.content).select("bdi")]

    def test_the_queue_the_detail_and_the_dashboard_isolate_contributed_texts(self):
        for url in (list_url(), inspect_url(self.contribution), reverse("wagtailadmin_home")):
            with self.subTest(url):
                texts = self.isolated_texts(self.client.get(url))
                self.assertIn(self.TITLE, texts)
                self.assertIn("\u202eChênée", texts)
        self.assertIn("\u202eCamille", self.isolated_texts(self.client.get(list_url())))
        detail = self.isolated_texts(self.client.get(inspect_url(self.contribution)))
        self.assertIn("\u202eCamille", detail)
        self.assertIn("canevas entretien.pdf", detail)

    def test_the_refusal_page_and_the_messages_isolate_the_title(self):
        refusal = self.client.get(action_url("refuse", self.contribution))
        self.assertIn(self.TITLE, self.isolated_texts(refusal))
        self.assertIn("\u202eCamille", self.isolated_texts(refusal))
        response = self.client.post(action_url("spam", self.contribution), follow=True)
        self.assertIn(self.TITLE, self.isolated_texts(response))

    def test_dossier_requests_isolate_the_name_and_the_centre(self):
        dossier = DossierPageFactory(parent=self.tree.dossier_library, title="Dossier de Marchin")
        request = DossierRequestFactory(dossier=dossier, name="\u202eSacha", centre="\u202eDinant")
        for url in (
            reverse("demandes-de-dossiers_modeladmin_index"),
            reverse("demandes-de-dossiers_modeladmin_inspect", args=[request.pk]),
        ):
            with self.subTest(url):
                texts = self.isolated_texts(self.client.get(url))
                self.assertIn("\u202eSacha", texts)
                self.assertIn("\u202eDinant", texts)


class GroupsTests(QueueTestCase):
    def test_moderators_have_the_contribution_permissions_and_editors_none(self):
        moderators = set(
            Group.objects.get(name=MODERATORS_GROUP).permissions.values_list("content_type__model", "codename")
        )
        editors = set(Group.objects.get(name=EDITORS_GROUP).permissions.values_list("content_type__model", "codename"))
        for expected in (
            ("admin", "access_admin"),
            ("contribution", "view_contribution"),
            ("contribution", "change_contribution"),
            ("dossierrequest", "view_dossierrequest"),
        ):
            self.assertIn(expected, moderators)
        self.assertIn(("admin", "access_admin"), editors)
        self.assertFalse({model for model, _codename in editors} & {"contribution", "dossierrequest"})
        self.assertFalse(self.editor.has_perm("pages.view_contribution"))
        self.assertTrue(self.moderator.has_perm("pages.change_contribution"))
        # Both edit pages: editors draft in the sections (not the home page, see pages/roles.py), moderators publish.
        theme = self.tree.themes[0]
        self.assertTrue(theme.permissions_for_user(self.editor).can_edit())
        self.assertFalse(theme.permissions_for_user(self.editor).can_publish())
        self.assertFalse(self.tree.home.permissions_for_user(self.editor).can_edit())
        self.assertTrue(self.tree.home.permissions_for_user(self.moderator).can_publish())
