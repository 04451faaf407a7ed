"""Dashboard panels: contributions waiting, recent dossier requests, the week's searches that found nothing.

Each panel shows only to the roles that may read its data: editors see none of the three.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from pages.models import DossierRequest
from pages.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, MODERATORS_GROUP
from search import analytics
from search.models import SearchQueryStat
from tests.factories import DossierPageFactory
from tests.factories.contributions import ContributionFactory, DossierRequestFactory
from tests.pages.base import SiteTreeTestCase

PANELS = ("Contributions en attente", "Dernières demandes de dossiers", "Recherches sans résultat cette semaine")


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
                self.assertShows(self.dashboard(group), "Contributions en attente (0)", *PANELS[1:])

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
