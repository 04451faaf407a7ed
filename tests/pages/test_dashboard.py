"""Dashboard panels: « Par où commencer ? », « Mes brouillons », « Modifications demandées », « En attente de ma
relecture » (pages/dashboard.py, pages/wagtail_hooks.py), contributions waiting, recent dossier requests, the
week's searches that found nothing; the help page « Écrire un compte rendu de rencontre ».

Each panel shows only to the roles that may read its data: editors see none of the moderation panels.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from pages import dashboard
from pages.models import DossierRequest
from pages.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, MODERATORS_GROUP
from search import analytics
from search.models import SearchQueryStat
from tests.factories import DossierPageFactory, ResourcePageFactory, WorkshopReportPageFactory
from tests.factories.contributions import ContributionFactory, DossierRequestFactory
from tests.pages.base import SiteTreeTestCase

# With more than SHOWN rows in every panel: a query per row would show here. « Les plus téléchargés » and
# « Liens à vérifier »: one query each.
QUERIES_MODERATOR = 30
QUERIES_EDITOR = 23
PANELS = ("Contributions à traiter", "Dernières demandes de dossiers", "Recherches sans résultat cette semaine")


class DashboardTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User = get_user_model()
        cls.users = {}
        for group in (EDITORS_GROUP, MODERATORS_GROUP, ADMINISTRATORS_GROUP):
            user = User.objects.create_user(f"u{len(cls.users)}", f"u{len(cls.users)}@astrac.be", "x")
            user.groups.add(Group.objects.get(name=group))
            cls.users[group] = user
        cls.dossier = DossierPageFactory(parent=cls.tree.dossier_library, title="Dossier du CC de Dinant")

    def dashboard(self, group):
        self.client.force_login(self.users[group])
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_editors_see_none_of_the_moderation_panels(self):
        DossierRequestFactory(dossier=self.dossier)
        ContributionFactory(title="Canevas d'entretien")
        self.assertDoesNotShow(self.dashboard(EDITORS_GROUP), *PANELS, "Dossier du CC de Dinant", "Canevas")

    def test_moderators_and_administrators_see_the_three_panels(self):
        for group in (MODERATORS_GROUP, ADMINISTRATORS_GROUP):
            with self.subTest(group):
                self.assertShows(self.dashboard(group), "Contributions à traiter (0)", *PANELS[1:])

    def test_recent_dossier_requests_show_the_dossier_the_date_and_whether_it_was_forwarded(self):
        forwarded = DossierRequestFactory(dossier=self.dossier, name="Sacha Lambert", email="sacha@cc-exemple.be")
        DossierRequest.objects.filter(pk=forwarded.pk).update(
            forwarded_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 0))
        )
        other = DossierPageFactory(parent=self.tree.dossier_library, title="Dossier du CC de Ciney")
        waiting = DossierRequestFactory(dossier=other, name="Alex Martin", email="alex@cc-exemple.be")
        response = self.dashboard(MODERATORS_GROUP)
        self.assertShows(
            response,
            "Dossier du CC de Dinant",
            "Transmise au centre le 04/03/2026",
            "Dossier du CC de Ciney",
            "Pas encore transmise au centre",
            "Voir toutes les demandes de dossiers",
        )
        self.assertContains(response, reverse("demandes-de-dossiers_modeladmin_inspect", args=[waiting.pk]))
        # Who asked stays on the request's own page: no name, no e-mail on the dashboard.
        for secret in ("Sacha Lambert", "Alex Martin", "sacha@cc-exemple.be", "alex@cc-exemple.be"):
            self.assertNeverInHtml(response, secret)

    def test_recent_dossier_requests_are_the_five_latest(self):
        for number in range(7):
            DossierRequestFactory(
                dossier=DossierPageFactory(parent=self.tree.dossier_library, title=f"Dossier n°{number}")
            )
        shown = self.visible_text(self.dashboard(MODERATORS_GROUP))
        self.assertEqual([f"Dossier n°{number}" in shown for number in range(7)], [False, False] + [True] * 5)

    def test_zero_result_searches_of_the_week_with_a_link_to_the_statistics(self):
        today = analytics.today()
        SearchQueryStat.objects.create(query="budget participatif", date=today, searches=4, zero_results=3)
        SearchQueryStat.objects.create(
            query="charte graphique", date=today - datetime.timedelta(days=6), searches=1, zero_results=1
        )
        SearchQueryStat.objects.create(query="analyse partagée", date=today, searches=9, zero_results=0)
        SearchQueryStat.objects.create(
            query="vieille recherche", date=today - datetime.timedelta(days=7), searches=2, zero_results=2
        )
        response = self.dashboard(MODERATORS_GROUP)
        shown = self.visible_text(response)
        self.assertIn("budget participatif 3 4", shown)
        self.assertIn("charte graphique 1 1", shown)
        self.assertNotIn("analyse partagée", shown)  # it found something
        self.assertNotIn("vieille recherche", shown)  # eight days ago
        self.assertLess(shown.index("budget participatif"), shown.index("charte graphique"))
        self.assertContains(response, f'href="{reverse("search_statistics")}?jours=7"')

    def test_a_week_without_empty_searches_says_so(self):
        self.assertShows(
            self.dashboard(ADMINISTRATORS_GROUP), "Toutes les recherches de la semaine ont trouvé au moins un résultat."
        )


class GuidingPanelsTests(SiteTreeTestCase):
    """What waits for each user: their drafts, their pages sent back, the pages they may approve."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User = get_user_model()
        cls.editor = User.objects.create_user("camille", "camille@astrac.be", "x", first_name="Camille")
        cls.colleague = User.objects.create_user("dominique", "dominique@astrac.be", "x")
        cls.moderator = User.objects.create_user("moderatrice", "moderatrice@astrac.be", "x", first_name="Nora")
        for user in (cls.editor, cls.colleague):
            user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    @pytest.fixture(autouse=True)
    def _query_counter(self, django_assert_max_num_queries):
        self.assert_max_queries = django_assert_max_num_queries

    def draft(self, title, user, parent=None):
        """A page never published, last saved by `user` as a draft (« Enregistrer le brouillon »)."""
        page = ResourcePageFactory(parent=parent or self.tree.themes[1], title=title, live=False)
        page.save_revision(user=user)
        return page

    def submit(self, page, user):
        Page.get_first_root_node().get_workflow().start(page, user)
        page.refresh_from_db()
        return page.current_workflow_state

    def dashboard(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        return response

    def panel_text(self, response, panel_id):
        soup = self.get_soup(response.content)
        panel = soup.find(id=f"{panel_id}-section")
        return None if panel is None else " ".join(panel.get_text(" ").split())

    def test_an_editor_sees_their_draft_and_not_a_colleagues(self):
        mine = self.draft("Grille d'entretien", self.editor)
        self.draft("Carnet du collègue", self.colleague)
        response = self.dashboard(self.editor)
        drafts = self.panel_text(response, "dashboard-my-drafts")
        self.assertIn("Grille d'entretien Ressource", drafts)
        self.assertIn("Brouillon", drafts)
        self.assertNotIn("Carnet du collègue", drafts)
        self.assertContains(response, f'href="{reverse("wagtailadmin_pages:edit", args=[mine.pk])}"')

    def test_drafts_are_newest_first_and_a_submitted_one_says_it_is_in_review(self):
        older = self.draft("Fiche plus ancienne", self.editor)
        self.draft("Fiche plus récente", self.editor)
        self.submit(older, self.editor)
        older.save_revision(user=self.editor)  # edited again since: now the newest
        drafts = self.panel_text(self.dashboard(self.editor), "dashboard-my-drafts")
        self.assertLess(drafts.index("Fiche plus ancienne"), drafts.index("Fiche plus récente"))
        self.assertIn("Fiche plus ancienne Ressource", drafts)
        self.assertRegex(drafts, r"Fiche plus ancienne Ressource \S+ \S+ En relecture")

    def test_a_published_page_is_not_a_draft(self):
        page = self.draft("Guide publié", self.editor)
        page.get_latest_revision().publish(user=self.moderator)
        self.assertShows(self.dashboard(self.editor), "Vous n'avez aucun brouillon en cours.")

    def test_a_page_sent_back_appears_in_its_authors_changes_requested_with_the_comment(self):
        page = self.draft("Compte rendu de Dinant", self.editor)
        state = self.submit(page, self.editor)
        state.current_task_state.reject(user=self.moderator, comment="Ajoutez la date dans le résumé.")
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)

        response = self.dashboard(self.editor)
        sent_back = self.panel_text(response, "dashboard-changes-requested")
        self.assertIn("Compte rendu de Dinant", sent_back)
        self.assertIn("Nora", sent_back)
        self.assertIn("Ajoutez la date dans le résumé.", sent_back)
        self.assertNotIn("Compte rendu de Dinant", self.panel_text(response, "dashboard-my-drafts"))
        self.assertContains(response, "?status=needs_changes&amp;requested_by=")
        # Not in a colleague's panel.
        colleagues = self.panel_text(self.dashboard(self.colleague), "dashboard-changes-requested")
        self.assertNotIn("Compte rendu de Dinant", colleagues)

    def test_the_see_all_links_lead_to_wagtails_workflow_report_of_those_pages(self):
        sent_back = self.draft("Compte rendu de Dinant", self.editor)
        self.submit(sent_back, self.editor).current_task_state.reject(user=self.moderator, comment="À revoir.")
        waiting = self.draft("Fiche en attente", self.colleague)
        self.submit(waiting, self.colleague)
        for user, url, shown, hidden in (
            (self.editor, dashboard.changes_requested_url(self.editor), sent_back, waiting),
            (self.moderator, dashboard.awaiting_review_url(), waiting, sent_back),
        ):
            with self.subTest(user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertShows(response, shown.title)
                self.assertDoesNotShow(response, hidden.title)

    def test_nothing_sent_back_says_so(self):
        self.assertShows(self.dashboard(self.editor), "Aucune page ne vous a été renvoyée : rien à corriger.")

    def test_a_moderator_sees_a_submitted_page_awaiting_their_review(self):
        page = self.draft("Retours d'expérience", self.editor)
        self.submit(page, self.editor)
        response = self.dashboard(self.moderator)
        awaiting = self.panel_text(response, "dashboard-awaiting-review")
        self.assertIn("Retours d'expérience Ressource", awaiting)
        self.assertIn("Camille", awaiting)  # who submitted it
        self.assertContains(response, f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"')
        self.assertContains(response, f"{reverse('wagtailadmin_reports:workflow')}?reviewable=true")

    def test_an_editor_has_no_review_panel(self):
        self.submit(self.draft("Retours d'expérience", self.colleague), self.colleague)
        response = self.dashboard(self.editor)
        self.assertIsNone(self.panel_text(response, "dashboard-awaiting-review"))
        self.assertDoesNotShow(response, "En attente de ma relecture", "En attente de votre relecture")

    def test_a_moderator_with_nothing_to_review_is_told_so(self):
        self.assertShows(self.dashboard(self.moderator), "Aucune page n'attend votre relecture.")

    def test_a_pending_contribution_is_in_contributions_to_handle_with_links(self):
        contribution = ContributionFactory(title="Canevas d'entretien")
        response = self.dashboard(self.moderator)
        self.assertIn("Canevas d'entretien", self.panel_text(response, "pending-contributions"))
        self.assertShows(response, "Contributions à traiter (1)", "Voir toute la file de modération")
        self.assertContains(response, reverse("contributions_modeladmin_inspect", args=[contribution.pk]))

    def test_wagtails_redundant_panels_are_gone(self):
        page = self.draft("Retours d'expérience", self.editor)
        self.submit(page, self.editor)
        for user in (self.editor, self.moderator):
            with self.subTest(user.username):
                html = self.dashboard(user).content.decode()
                for panel_id in ("recent-edits", "awaiting-review", "objects-in-workflow"):
                    self.assertNotIn(f'id="{panel_id}-section"', html)

    def test_start_here_links_the_help_and_a_new_rencontre_under_the_index(self):
        response = self.dashboard(self.editor)
        start = self.panel_text(response, "start-here")
        self.assertIn("Par où commencer ?", start)
        self.assertContains(response, f'href="{reverse("help_workshop_report")}"')
        new = reverse("wagtailadmin_pages:add", args=["pages", "workshopreportpage", self.tree.workshop_index.pk])
        self.assertContains(response, f'href="{new}"')
        html = response.content.decode()
        self.assertLess(html.index('id="start-here'), html.index('id="dashboard-my-drafts'))

    def test_the_help_page_answers_in_french_for_an_editor(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("help_workshop_report"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="fr-be"')
        self.assertShows(
            response,
            "Écrire un compte rendu de rencontre",
            "jj/mm/aaaa",
            "texte alternatif",
            "Témoignage",
            "Documents joints",
            "Soumettre à Relecture",
        )
        self.assertContains(response, "Rencontres-ateliers")  # the index's own title

    def test_the_dashboards_queries_do_not_grow_with_its_rows(self):
        WorkshopReportPageFactory(parent=self.tree.workshop_index)
        for number in range(12):
            self.draft(f"Brouillon n° {number}", self.editor)
            submitted = self.draft(f"Soumise n° {number}", self.colleague)
            state = self.submit(submitted, self.colleague)
            if number % 2:
                state.current_task_state.reject(user=self.moderator, comment="À revoir.")
            ContributionFactory()
        for user, most in ((self.moderator, QUERIES_MODERATOR), (self.editor, QUERIES_EDITOR)):
            self.client.force_login(user)
            self.client.get(reverse("wagtailadmin_home"))  # warm-up: content types, the session
            with self.subTest(user.username), self.assert_max_queries(most):
                self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
        shown = self.panel_text(self.dashboard(self.editor), "dashboard-my-drafts")
        self.assertEqual(shown.count("Brouillon n°"), 10)
