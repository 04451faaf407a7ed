"""The « Bibliothèque de dossiers »: the inspiration notice, privacy of the centres' e-mails, filters."""

from pages.listings import DOSSIERS_PER_PAGE
from pages.models import AccessMode, DossierPageDocument, DossierStatus, Province
from tests.factories import CulturalCentreFactory, DocumentFactory, DossierPageFactory
from tests.pages.base import SiteTreeTestCase

INSPIRATION = "sources d'inspiration, pas comme des modèles à suivre"


class DossierPagesTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        library = cls.tree.dossier_library
        cls.rochefort = CulturalCentreFactory(
            name="Centre culturel de Rochefort",
            commune="Rochefort",
            province=Province.NAMUR,
            contact_email="direction@cc-rochefort.be",
        )
        cls.marchin = CulturalCentreFactory(
            name="Centre culturel de Marchin", province=Province.LIEGE, contact_email="secretariat@cc-marchin.be"
        )
        cls.document = DocumentFactory(title="Analyse partagée du territoire de Rochefort")
        cls.downloadable = DossierPageFactory(
            parent=library,
            centre=cls.rochefort,
            title="Dossier de reconnaissance de Rochefort",
            access_mode=AccessMode.DOWNLOAD,
            documents=[DossierPageDocument(document=cls.document)],
            themes=[cls.tree.theme["constituer-son-dossier"]],
            contextualisation="<p>Une commune rurale de la Famenne, une équipe de six personnes.</p>",
        )
        cls.hidden_document = DocumentFactory(title="Document réservé aux échanges")
        cls.person_to_person = DossierPageFactory(
            parent=library,
            centre=cls.marchin,
            title="Dossier de reconnaissance de Marchin",
            status=DossierStatus.PENDING,
            recognition_start=None,
            recognition_end=None,
            access_mode=AccessMode.PERSON_TO_PERSON,
            # Attached but not to be offered: the centre shares it person to person.
            documents=[DossierPageDocument(document=cls.hidden_document)],
        )

    def test_library_shows_the_inspiration_notice(self):
        self.assertShows(self.get_page(self.tree.dossier_library), INSPIRATION)

    def test_every_dossier_page_shows_the_inspiration_notice(self):
        for dossier in (self.downloadable, self.person_to_person):
            with self.subTest(dossier=dossier.title):
                self.assertShows(self.get_page(dossier), INSPIRATION)

    def test_centre_contact_email_never_appears_on_the_library(self):
        response = self.get_page(self.tree.dossier_library)
        self.assertNeverInHtml(response, self.rochefort.contact_email)
        self.assertNeverInHtml(response, self.marchin.contact_email)

    def test_centre_contact_email_never_appears_on_a_dossier_page(self):
        for dossier in (self.downloadable, self.person_to_person):
            with self.subTest(dossier=dossier.title):
                self.assertNeverInHtml(self.get_page(dossier), dossier.centre.contact_email)

    def test_library_lists_dossiers_with_their_centre_status_and_access(self):
        response = self.get_page(self.tree.dossier_library)
        self.assertShows(
            response,
            "2 dossiers",
            "Centre culturel de Rochefort",
            "Rochefort",
            "Namur",
            "Approuvé",
            "Téléchargement direct",
            "Centre culturel de Marchin",
            "En cours de traitement",
            "De personne à personne",
            "2024–2028",
        )

    def test_downloadable_dossier_offers_its_documents_with_format_and_size(self):
        response = self.get_page(self.downloadable)
        self.assertShows(
            response,
            "Dossier de reconnaissance de Rochefort",
            "Une commune rurale de la Famenne, une équipe de six personnes.",
            "Documents du dossier",
            "Analyse partagée du territoire de Rochefort",
            "PDF",
            self.french_size(self.document),
            "Période de reconnaissance",
            "2024–2028",
            "Constituer son dossier",
        )
        self.assertContains(response, self.document.url)

    def test_person_to_person_dossier_explains_how_to_ask_and_offers_no_download(self):
        response = self.get_page(self.person_to_person)
        self.assertShows(response, "Un dossier partagé de personne à personne", "En cours de traitement")
        self.assertDoesNotShow(response, self.hidden_document.title)
        self.assertNotContains(response, self.hidden_document.url)
        # Requests go through the platform's own address, which forwards them to the centre.
        self.assertContains(response, "mailto:plateforme@astrac.be")

    def test_unpublished_dossier_is_neither_listed_nor_served(self):
        draft = DossierPageFactory(parent=self.tree.dossier_library, live=False, title="Dossier pas encore publié")
        self.get_page(draft, status=404)
        response = self.get_page(self.tree.dossier_library)
        self.assertNotIn(draft, list(response.context["dossiers"]))

    def test_dossier_pages_are_renderable_and_previewable(self):
        for dossier in (self.downloadable, self.person_to_person):
            with self.subTest(dossier=dossier.title):
                self.assertPageIsRenderable(dossier)
                self.assertPreviewable(dossier)

    def test_library_is_previewable(self):
        self.assertPreviewable(self.tree.dossier_library)


class DossierFilterTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        library = cls.tree.dossier_library
        namur = CulturalCentreFactory(name="Centre culturel de Dinant", province=Province.NAMUR)
        liege = CulturalCentreFactory(name="Centre culturel de Chênée", province=Province.LIEGE)
        brussels = CulturalCentreFactory(name="Centre culturel de Jette", province=Province.BRUXELLES)
        document = DocumentFactory()

        def dossier(centre, status, year, access):
            documents = [DossierPageDocument(document=document)] if access == AccessMode.DOWNLOAD else []
            return DossierPageFactory(
                parent=library,
                centre=centre,
                status=status,
                submission_year=year,
                access_mode=access,
                documents=documents,
            )

        cls.dinant_2019 = dossier(namur, DossierStatus.APPROVED, 2019, AccessMode.DOWNLOAD)
        cls.dinant_2023 = dossier(namur, DossierStatus.PENDING, 2023, AccessMode.PERSON_TO_PERSON)
        cls.chenee_2019 = dossier(liege, DossierStatus.APPROVED, 2019, AccessMode.PERSON_TO_PERSON)
        cls.jette_2023 = dossier(brussels, DossierStatus.APPROVED, 2023, AccessMode.DOWNLOAD)

    def listed(self, params):
        response = self.get_page(self.tree.dossier_library, params)
        return response, set(response.context["dossiers"])

    def test_filter_by_status(self):
        _, dossiers = self.listed({"status": DossierStatus.PENDING})
        self.assertEqual(dossiers, {self.dinant_2023})

    def test_filter_by_year(self):
        _, dossiers = self.listed({"year": "2019"})
        self.assertEqual(dossiers, {self.dinant_2019, self.chenee_2019})

    def test_filter_by_province(self):
        _, dossiers = self.listed({"province": Province.NAMUR})
        self.assertEqual(dossiers, {self.dinant_2019, self.dinant_2023})

    def test_filter_by_access_mode(self):
        _, dossiers = self.listed({"access": AccessMode.DOWNLOAD})
        self.assertEqual(dossiers, {self.dinant_2019, self.jette_2023})

    def test_filters_combine(self):
        _, dossiers = self.listed({"status": DossierStatus.APPROVED, "year": "2023", "access": AccessMode.DOWNLOAD})
        self.assertEqual(dossiers, {self.jette_2023})
        _, dossiers = self.listed({"province": Province.NAMUR, "year": "2019", "status": DossierStatus.APPROVED})
        self.assertEqual(dossiers, {self.dinant_2019})

    def test_filters_with_no_match_show_a_french_message(self):
        response, dossiers = self.listed({"province": Province.HAINAUT})
        self.assertEqual(dossiers, set())
        self.assertShows(response, "Aucun dossier ne correspond à ce filtre.")

    def test_year_choices_are_the_years_of_published_dossiers(self):
        response, _ = self.listed({})
        choices = [value for value, _label in response.context["filter_form"].fields["year"].choices]
        self.assertEqual(choices, ["", "2023", "2019"])

    def test_unknown_filter_values_are_refused_in_french_and_list_everything(self):
        for params in ({"status": "nimporte"}, {"year": "abc"}, {"year": "1850"}, {"province": "paris"}):
            with self.subTest(params=params):
                response, dossiers = self.listed(params)
                self.assertEqual(len(dossiers), 4)
                self.assertShows(response, "Sélectionnez un choix valide")

    def test_bad_page_numbers_never_fail(self):
        for page in ("abc", "99999", "-1", "0", "1e3"):
            with self.subTest(page=page):
                response, dossiers = self.listed({"page": page})
                self.assertEqual(response.context["dossiers"].number, 1)
                self.assertEqual(len(dossiers), 4)


class DossierPaginationTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        centre = CulturalCentreFactory()
        cls.dossiers = [
            DossierPageFactory(parent=cls.tree.dossier_library, centre=centre, submission_year=2000 + n)
            for n in range(DOSSIERS_PER_PAGE + 2)
        ]

    def test_dossiers_are_paginated_most_recent_year_first(self):
        first = self.get_page(self.tree.dossier_library)
        self.assertEqual(len(first.context["dossiers"]), DOSSIERS_PER_PAGE)
        self.assertEqual(first.context["dossiers"][0], self.dossiers[-1])
        self.assertShows(first, "Page 1 sur 2")
        last = self.get_page(self.tree.dossier_library, {"page": "99999"})
        self.assertEqual(list(last.context["dossiers"]), [self.dossiers[1], self.dossiers[0]])

    def test_pagination_keeps_the_filters(self):
        response = self.get_page(self.tree.dossier_library, {"status": DossierStatus.APPROVED})
        self.assertContains(response, "?status=approuve&amp;page=2")
