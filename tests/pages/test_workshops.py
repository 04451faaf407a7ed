"""« Rencontres-ateliers »: upcoming ones announced with how to register, past ones as write-ups."""

import datetime

from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages.listings import WORKSHOPS_PER_PAGE
from pages.models import ParticipantRole, WorkshopDocument, WorkshopParticipant, WorkshopPhoto
from tests.factories import DocumentFactory, ImageFactory, WorkshopReportPageFactory
from tests.pages.base import SiteTreeTestCase


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class WorkshopIndexTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index = cls.tree.workshop_index
        cls.later = WorkshopReportPageFactory(parent=index, title="Rencontre à Bastogne", date=in_days(60))
        cls.soon = WorkshopReportPageFactory(
            parent=index,
            title="Rencontre à Rochefort",
            date=in_days(10),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(16, 0),
            registration_url="https://www.astrac.be/inscription-rochefort",
        )
        cls.today = WorkshopReportPageFactory(parent=index, title="Rencontre d'aujourd'hui", date=in_days(0))
        cls.past = WorkshopReportPageFactory(
            parent=index,
            title="Rencontre à Marchin",
            date=in_days(-90),
            listing_image=ImageFactory(),
            summary="Retour sur une journée consacrée à l'analyse partagée.",
        )
        cls.older = WorkshopReportPageFactory(parent=index, title="Rencontre à Ath", date=in_days(-400))

    def test_upcoming_rencontres_are_announced_soonest_first(self):
        response = self.get_page(self.tree.workshop_index)
        self.assertEqual(list(response.context["upcoming"]), [self.today, self.soon, self.later])
        self.assertShows(response, "Prochaines rencontres-ateliers", "À venir", "Rencontre à Rochefort")

    def test_announcements_show_when_where_and_how_to_register(self):
        response = self.get_page(self.tree.workshop_index)
        self.assertShows(response, "9h30–16h00", "Centre culturel de Rochefort", "S'inscrire")
        self.assertContains(response, 'href="https://www.astrac.be/inscription-rochefort"')

    def test_past_rencontres_are_write_ups_most_recent_first(self):
        response = self.get_page(self.tree.workshop_index)
        self.assertEqual(list(response.context["past"]), [self.past, self.older])
        self.assertShows(
            response,
            "Comptes rendus des rencontres passées",
            "Compte rendu",
            "Rencontre à Marchin",
            "Retour sur une journée consacrée à l'analyse partagée.",
        )

    def test_write_up_card_shows_its_image(self):
        response = self.get_page(self.tree.workshop_index)
        self.assertEqual(len(self.get_soup(response.content).select("main img")), 1)

    def test_unpublished_rencontre_is_not_listed(self):
        draft = WorkshopReportPageFactory(parent=self.tree.workshop_index, live=False, date=in_days(5))
        response = self.get_page(self.tree.workshop_index)
        self.assertNotIn(draft, response.context["upcoming"])
        self.get_page(draft, status=404)

    def test_index_is_previewable(self):
        self.assertPreviewable(self.tree.workshop_index)


class EmptyWorkshopIndexTests(SiteTreeTestCase):
    def test_without_rencontres_the_index_says_so_in_french(self):
        response = self.get_page(self.tree.workshop_index)
        self.assertShows(
            response,
            "Aucune rencontre-atelier n'est programmée pour le moment.",
            "Les comptes rendus des rencontres seront publiés ici.",
        )


class WorkshopPaginationTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.past = [
            WorkshopReportPageFactory(parent=cls.tree.workshop_index, date=in_days(-10 - n))
            for n in range(WORKSHOPS_PER_PAGE + 1)
        ]

    def test_write_ups_are_paginated(self):
        first = self.get_page(self.tree.workshop_index)
        self.assertEqual(len(first.context["past"]), WORKSHOPS_PER_PAGE)
        self.assertShows(first, "Page 1 sur 2")
        for page in ("2", "99999", "-1"):
            with self.subTest(page=page):
                last = self.get_page(self.tree.workshop_index, {"page": page})
                self.assertEqual(list(last.context["past"]), [self.past[-1]])
        self.assertEqual(self.get_page(self.tree.workshop_index, {"page": "abc"}).context["past"].number, 1)


class WorkshopFilterTests(SiteTreeTestCase):
    """/rencontres/ filters its past rencontres by theme and year, as the dossier library filters its dossiers."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index, theme = cls.tree.workshop_index, cls.tree.theme
        decree, analysis = theme["expliquer-le-decret"], theme["analyse-partagee"]
        cls.namur = WorkshopReportPageFactory(parent=index, date=datetime.date(2023, 5, 10), themes=[decree])
        cls.huy = WorkshopReportPageFactory(parent=index, date=datetime.date(2024, 3, 1), themes=[decree, analysis])
        cls.ath = WorkshopReportPageFactory(parent=index, date=datetime.date(2024, 10, 1))
        # Neither the theme of an upcoming rencontre, nor the year of a draft, nor those of a private one is a choice.
        cls.next = WorkshopReportPageFactory(parent=index, date=in_days(30), themes=[theme["autres"]])
        WorkshopReportPageFactory(parent=index, date=datetime.date(2019, 1, 1), live=False)
        private = WorkshopReportPageFactory(
            parent=index, date=datetime.date(2018, 1, 1), themes=[theme["constituer-son-dossier"]]
        )
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    def listed(self, params):
        response = self.get_page(self.tree.workshop_index, params)
        return response, list(response.context["past"])

    def test_choices_are_the_themes_and_years_of_past_rencontres(self):
        form = self.listed({})[0].context["filter_form"]
        self.assertEqual(
            list(form.fields["theme"].choices),
            [
                ("", "Toutes"),
                ("expliquer-le-decret", "Expliquer le décret"),
                ("analyse-partagee", "L'analyse partagée"),
            ],
        )
        self.assertEqual([value for value, _ in form.fields["year"].choices], ["", "2024", "2023"])

    def test_the_form_has_french_labels(self):
        response, _ = self.listed({})
        self.assertShows(response, "Filtrer", "Thématique", "Année", "Toutes")

    def test_filter_by_theme_by_year_and_both(self):
        cases = [
            ({"theme": "expliquer-le-decret"}, [self.huy, self.namur]),
            ({"theme": "analyse-partagee"}, [self.huy]),
            ({"year": "2024"}, [self.ath, self.huy]),
            ({"year": "2023", "theme": "expliquer-le-decret"}, [self.namur]),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                response, past = self.listed(params)
                self.assertEqual(past, expected)
                self.assertEqual(response.context["upcoming"], [self.next])  # announcements are never filtered

    def test_a_filter_matching_nothing_says_so_in_french(self):
        response, past = self.listed({"year": "2023", "theme": "analyse-partagee"})
        self.assertEqual(past, [])
        self.assertShows(response, "Aucune rencontre passée ne correspond à ce filtre.", "0 rencontre")

    def test_bad_values_are_refused_in_french_and_every_past_rencontre_is_listed(self):
        bad = ({"theme": "autres"}, {"theme": "inconnue"}, {"year": "abc"}, {"year": "2018"}, {"year": "9" * 40})
        for params in bad:
            with self.subTest(params=params):
                response, past = self.listed(params)
                self.assertEqual(past, [self.ath, self.huy, self.namur])
                self.assertShows(response, "Sélectionnez un choix valide")

    def test_pagination_keeps_the_filters(self):
        in_2022 = [
            WorkshopReportPageFactory(parent=self.tree.workshop_index, date=datetime.date(2022, 1, 1 + n))
            for n in range(WORKSHOPS_PER_PAGE + 1)
        ]
        response, past = self.listed({"year": "2022"})
        self.assertEqual(len(past), WORKSHOPS_PER_PAGE)
        self.assertContains(response, "?year=2022&amp;page=2")
        self.assertEqual(self.listed({"year": "2022", "page": "2"})[1], [in_2022[0]])


class WorkshopReportPageTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index = cls.tree.workshop_index
        cls.upcoming = WorkshopReportPageFactory(
            parent=index,
            title="Rencontre-atelier : l'analyse partagée en pratique",
            date=in_days(20),
            start_time=datetime.time(9, 30),
            registration_info="<p>Gratuit pour les membres. Inscription avant le 1er octobre.</p>",
            registration_url="https://www.astrac.be/inscription",
            participants=[
                WorkshopParticipant(
                    name="Jean Dupont", role=ParticipantRole.SPEAKER, function="Directeur", organisation="CC de Huy"
                ),
                WorkshopParticipant(name="Sophie Martin", role=ParticipantRole.FACILITATOR, organisation="ASTRAC"),
            ],
            themes=[cls.tree.theme["analyse-partagee"]],
        )
        cls.document = DocumentFactory(title="Synthèse de la journée")
        cls.past = WorkshopReportPageFactory(
            parent=index,
            title="Rencontre-atelier de Marchin",
            date=in_days(-30),
            registration_info="<p>Inscriptions closes depuis longtemps.</p>",
            participants=[WorkshopParticipant(name="Anne Lejeune", role=ParticipantRole.WITNESS, organisation="CC")],
            photos=[WorkshopPhoto(image=ImageFactory(), caption="Les participants en atelier", credit="© ASTRAC")],
            documents=[WorkshopDocument(document=cls.document)],
        )

    def test_upcoming_rencontre_shows_registration_information(self):
        response = self.get_page(self.upcoming)
        self.assertShows(
            response,
            "À venir",
            "Inscription",
            "Gratuit pour les membres. Inscription avant le 1er octobre.",
            "S'inscrire à la rencontre",
            "À partir de 9h30",
            "Centre culturel de Rochefort",
            "L'analyse partagée",
        )
        self.assertContains(response, 'href="https://www.astrac.be/inscription"')

    def test_upcoming_rencontre_lists_its_speakers_by_role(self):
        response = self.get_page(self.upcoming)
        self.assertShows(
            response, "Intervenant·es", "Jean Dupont", "Directeur, CC de Huy", "Animation", "Sophie Martin"
        )

    def test_past_rencontre_is_a_write_up_without_registration(self):
        response = self.get_page(self.past)
        self.assertShows(
            response,
            "Compte rendu",
            "Le compte rendu de la journée et les témoignages.",
            "Ils et elles ont témoigné",
            "Témoins",
            "Anne Lejeune",
        )
        self.assertDoesNotShow(response, "Inscriptions closes depuis longtemps.", "S'inscrire")

    def test_past_rencontre_shows_its_photos_and_documents(self):
        response = self.get_page(self.past)
        self.assertShows(
            response,
            "En images",
            "Les participants en atelier",
            "© ASTRAC",
            "Synthèse de la journée",
            "PDF",
            self.french_size(self.document),
        )
        self.assertEqual(len(self.get_soup(response.content).select("main img")), 1)

    def test_rencontre_of_today_is_still_announced(self):
        today = WorkshopReportPageFactory(parent=self.tree.workshop_index, date=in_days(0))
        self.assertTrue(today.is_upcoming)
        self.assertShows(self.get_page(today), "À venir", "S'inscrire à la rencontre")

    def test_rencontres_are_renderable_and_previewable(self):
        for rencontre in (self.upcoming, self.past):
            with self.subTest(rencontre=rencontre.title):
                self.assertPageIsRenderable(rencontre)
                self.assertPreviewable(rencontre, "body")
