"""The home page: the four themes, latest resources and dossiers, rencontres, the Facebook community."""

import datetime

from django.utils import timezone

from tests.factories import (
    CulturalCentreFactory,
    DossierPageFactory,
    ResourcePageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.base import SiteTreeTestCase

FACEBOOK = "https://www.facebook.com/plateformeAstrac"


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class HomePageTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        start = datetime.date(2024, 1, 1)
        cls.resources = [
            ResourcePageFactory(
                parent=tree.themes[n % 4], title=f"Ressource récente n° {n}", date=start + datetime.timedelta(n)
            )
            for n in range(7)
        ]
        ResourcePageFactory(
            parent=tree.themes[0], title="Ressource non publiée", date=start.replace(year=2030), live=False
        )
        now = timezone.now()
        cls.dossiers = [
            DossierPageFactory(
                parent=tree.dossier_library,
                centre=CulturalCentreFactory(name=f"Centre culturel de Jette {n}"),
                first_published_at=now - datetime.timedelta(days=10 - n),
            )
            for n in range(5)
        ]
        cls.upcoming = WorkshopReportPageFactory(
            parent=tree.workshop_index, title="Prochaine rencontre à Dinant", date=in_days(15)
        )
        cls.past = WorkshopReportPageFactory(parent=tree.workshop_index, title="Rencontre passée", date=in_days(-15))

    def test_home_is_the_site_root(self):
        self.assertEqual(self.tree.home.get_url(), "/")
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page"], self.tree.home)

    def test_home_shows_its_hero_and_the_four_themes(self):
        response = self.get_page(self.tree.home)
        self.assertShows(
            response,
            self.tree.home.hero_title,
            "La boîte à outils",
            "Expliquer le décret",
            "L'analyse partagée",
            "Constituer son dossier",
            "Autres",
        )

    def test_home_shows_the_six_latest_resources(self):
        response = self.get_page(self.tree.home)
        latest = list(reversed(self.resources[1:]))
        self.assertEqual(list(response.context["latest_resources"]), latest)
        self.assertShows(response, "Dernières ressources", *[resource.title for resource in latest])
        self.assertDoesNotShow(response, self.resources[0].title, "Ressource non publiée")

    def test_home_shows_the_four_latest_dossiers(self):
        response = self.get_page(self.tree.home)
        latest = list(reversed(self.dossiers[1:]))
        self.assertEqual(list(response.context["latest_dossiers"]), latest)
        self.assertShows(response, "Bibliothèque de dossiers", *[dossier.centre.name for dossier in latest])
        self.assertDoesNotShow(response, "Centre culturel de Jette 0")

    def test_home_announces_upcoming_rencontres_with_registration(self):
        response = self.get_page(self.tree.home)
        self.assertShows(response, "Prochaines rencontres-ateliers", "Prochaine rencontre à Dinant", "S'inscrire")
        self.assertDoesNotShow(response, "Rencontre passée")

    def test_home_links_to_the_facebook_community(self):
        response = self.get_page(self.tree.home)
        self.assertShows(response, "La communauté Facebook", self.tree.home.community_text)
        self.assertContains(response, f'href="{FACEBOOK}"')

    def test_home_invites_to_contribute(self):
        response = self.get_page(self.tree.home)
        self.assertShows(response, "Aidez-nous à faire vivre la Plateforme", "Contribuer à la Plateforme")
        self.assertContains(response, 'href="/contribuer/"')

    def test_home_never_shows_a_centre_contact_email(self):
        response = self.get_page(self.tree.home)
        for dossier in self.dossiers:
            self.assertNeverInHtml(response, dossier.centre.contact_email)

    def test_home_is_renderable_and_previewable(self):
        self.assertPageIsRenderable(self.tree.home)
        self.assertPreviewable(self.tree.home)


class HomeWithoutUpcomingRencontreTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.past = WorkshopReportPageFactory(
            parent=cls.tree.workshop_index, title="Rencontre-atelier de Ciney", date=in_days(-20)
        )

    def test_home_shows_the_latest_write_ups_when_nothing_is_upcoming(self):
        response = self.get_page(self.tree.home)
        self.assertEqual(response.context["upcoming_workshops"], [])
        self.assertShows(response, "Les dernières rencontres-ateliers", "Rencontre-atelier de Ciney", "Compte rendu")


class EmptyHomeTests(SiteTreeTestCase):
    def test_home_renders_before_any_content_exists(self):
        response = self.get_page(self.tree.home)
        self.assertShows(response, "Aucune rencontre-atelier n'est programmée pour le moment.")
        self.assertContains(response, f'href="{FACEBOOK}"')
