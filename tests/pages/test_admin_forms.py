"""Editors create every page type through the admin forms, and the forms refuse bad content in French."""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.blocks import RICH_TEXT_FEATURES
from pages.models import (
    AccessMode,
    CulturalCentre,
    DossierLibraryPage,
    DossierPage,
    HomePage,
    LinkCategory,
    LinkLibraryPage,
    LinkPage,
    ResourcePage,
    ResourceType,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
    WorkshopIndexPage,
    WorkshopReportPage,
)
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    LinkCategoryFactory,
    StandardPageFactory,
    build_home,
    build_site_tree,
)

NO_DOCUMENTS = {"documents": inline_formset([])}  # a page's « Documents joints » panel, left empty


def rich(html):
    return rich_text(html, features=RICH_TEXT_FEATURES)


def page_form(data):
    """Admin POST data: nested_form_data for fields, formsets and streams; lists stay multi-valued fields."""
    multi_valued = {key: value for key, value in data.items() if isinstance(value, list)}
    flat = nested_form_data({key: value for key, value in data.items() if key not in multi_valued})
    flat.update(multi_valued)
    return flat


def error_text(error_list):
    """Every message of a form field's errors, including those nested in StreamField blocks."""
    messages = []
    for error in error_list.as_data():
        if hasattr(error, "as_json_data"):
            messages.append(json.dumps(error.as_json_data(), ensure_ascii=False))
        else:
            messages.extend(error.messages)
    return " ".join(messages)


class EditorTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser(
            username="claire.dubois", email="claire.dubois@astrac.be", password="motdepasse-de-test"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def post_new_page(self, parent, model, data):
        """POST the admin's creation form and return the response (no redirect on validation errors)."""
        data = {"slug": "nouvelle-page", **data, "action-publish": "action-publish"}
        url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        return self.client.post(url, data)

    def assertRefusedWith(self, response, field, message):
        self.assertEqual(response.status_code, 200, "the form should be shown again with its errors")
        form = response.context["form"]
        self.assertIn(field, form.errors, f"no error on {field!r}; errors: {form.errors.as_json()}")
        self.assertIn(message, error_text(form.errors[field]))


class AdminInFrenchTests(EditorTestCase):
    def test_admin_dashboard_is_in_french(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="fr')
        self.assertContains(response, "Tableau de bord")

    def test_page_creation_form_uses_the_french_labels(self):
        home = build_home()
        url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
        response = self.client.get(url)
        self.assertContains(response, "Introduction")
        self.assertContains(response, "Publier")


class CreateHomePageTests(EditorTestCase):
    def test_editor_can_create_the_home_page_under_the_root(self):
        self.assertCanCreate(
            Page.get_first_root_node(),
            HomePage,
            page_form(
                {
                    "title": "Accueil",
                    "slug": "accueil",
                    "hero_title": "Découvrir et conjuguer des expériences",
                    "intro": rich("<p>Bienvenue sur la Plateforme.</p>"),
                    "contribute_title": "Aidez-nous à faire vivre la Plateforme",
                    "contribute_text": "Envoyez-nous vos outils.",
                    "community_text": "Rejoignez le groupe Facebook.",
                }
            ),
        )
        self.assertTrue(HomePage.objects.filter(slug="accueil", live=True).exists())


class CreateSectionPagesTests(EditorTestCase):
    """The four sections are created once, under the home page."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.home = build_home()

    def test_editor_can_create_the_toolbox(self):
        data = {"title": "Boîte à outils", "intro": rich("<p>Les ressources par thématique.</p>")}
        self.assertCanCreate(self.home, ThemeIndexPage, page_form(data))

    def test_editor_can_create_the_dossier_library(self):
        data = {"title": "Bibliothèque de dossiers", "intro": rich("<p>Les dossiers partagés.</p>")}
        self.assertCanCreate(self.home, DossierLibraryPage, page_form(data))

    def test_editor_can_create_the_link_library(self):
        data = {"title": "Bibliothèque de liens", "intro": rich("<p>Des adresses utiles.</p>")}
        self.assertCanCreate(self.home, LinkLibraryPage, page_form(data))

    def test_editor_can_create_the_workshop_index(self):
        data = {"title": "Rencontres-ateliers", "intro": rich("<p>Nos journées d'échanges.</p>")}
        self.assertCanCreate(self.home, WorkshopIndexPage, page_form(data))

    def test_editor_can_create_a_standard_page_with_a_body(self):
        data = {
            "title": "Le projet",
            "intro": "La Plateforme est un projet de l'ASTRAC.",
            "body": streamfield(
                [
                    ("heading", {"text": "Nos objectifs", "level": "h2"}),
                    ("paragraph", rich("<p>Échanger et partager entre collègues.</p>")),
                    (
                        "key_points",
                        {"title": "À retenir", "points": streamfield([("item", "Un réseau"), ("item", "Des outils")])},
                    ),
                ]
            ),
            **NO_DOCUMENTS,
        }
        self.assertCanCreate(self.home, StandardPage, page_form(data))
        page = StandardPage.objects.get(slug="le-projet")
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph", "key_points"])
        self.assertEqual(list(page.body[2].value["points"]), ["Un réseau", "Des outils"])

    def test_editor_can_nest_a_standard_page_under_another(self):
        parent = StandardPageFactory(parent=self.home, title="Mentions légales")
        data = {"title": "Vie privée", "intro": "Ce que nous faisons de vos données.", "body": streamfield([])}
        self.assertCanCreate(parent, StandardPage, page_form({**data, **NO_DOCUMENTS}))


class CreateContentPagesTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tree = build_site_tree()
        cls.centre = CulturalCentreFactory()
        cls.category = LinkCategoryFactory()
        cls.document = DocumentFactory()

    def dossier_data(self, **overrides):
        data = {
            "title": "Dossier du Centre culturel de Rochefort",
            "centre": str(self.centre.pk),
            "status": "approuve",
            "submission_year": "2023",
            "recognition_start": "2024",
            "recognition_end": "2028",
            "summary": "Un projet construit avec les habitants.",
            "contextualisation": rich("<p>Un territoire rural et une petite équipe.</p>"),
            "access_mode": AccessMode.DOWNLOAD,
            "documents": inline_formset([{"document": str(self.document.pk)}]),
            "related_choices": inline_formset([]),
            "themes": [str(self.tree.theme["constituer-son-dossier"].pk)],
        }
        data.update(overrides)
        return page_form(data)

    def link_data(self, **overrides):
        data = {
            "title": "Le décret du 21 novembre 2013",
            "link_url": "https://www.gallilex.cfwb.be/document/pdf/39909_000.pdf",
            "document": "",
            "description": "Le texte du décret relatif aux Centres culturels.",
            "source": "Fédération Wallonie-Bruxelles",
            "category": str(self.category.pk),
            "themes": [str(self.tree.theme["expliquer-le-decret"].pk)],
        }
        data.update(overrides)
        return page_form(data)

    def resource_data(self, body):
        return page_form(
            {
                "title": "Guide de l'analyse partagée",
                "summary": "Mener l'analyse partagée du territoire.",
                "resource_type": ResourceType.VIDEO,
                "author": "ASTRAC",
                "date": "2024-03-15",
                "body": streamfield(body),
                "documents": inline_formset([]),
                "related_choices": inline_formset([]),
                "external_url": "",
                "secondary_themes": [],
                "tags": "",
            }
        )

    def test_editor_can_create_a_theme(self):
        data = {"title": "Nouvelle thématique", "intro": "Une thématique de plus.", "body": streamfield([])}
        self.assertCanCreate(self.tree.theme_index, ThemePage, page_form({**data, **NO_DOCUMENTS}))

    def test_editor_can_create_a_resource_with_documents_and_secondary_themes(self):
        data = page_form(
            {
                "title": "Canevas de l'analyse partagée",
                "summary": "Un canevas pour structurer l'analyse partagée.",
                "resource_type": ResourceType.TEMPLATE,
                "author": "Centre culturel de Dinant",
                "date": "2024-03-15",
                "body": streamfield(
                    [
                        ("paragraph", rich("<p>Comment utiliser ce canevas.</p>")),
                        (
                            "testimony",
                            {
                                "quote": "Ce canevas nous a fait gagner des semaines.",
                                "person": "Marie Lambert",
                                "role": "Directrice",
                                "centre": "Centre culturel de Marchin",
                            },
                        ),
                        ("video", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "Présentation"}),
                    ]
                ),
                "documents": inline_formset([{"document": str(self.document.pk)}]),
                "related_choices": inline_formset([]),
                "external_url": "",
                "secondary_themes": [str(self.tree.theme["constituer-son-dossier"].pk)],
                "tags": "canevas, territoire",
            }
        )
        self.assertCanCreate(self.tree.theme["analyse-partagee"], ResourcePage, data)
        resource = ResourcePage.objects.get(slug="canevas-de-lanalyse-partagee")
        self.assertEqual(list(resource.secondary_themes.all()), [self.tree.theme["constituer-son-dossier"]])
        self.assertEqual(resource.documents.get().document, self.document)
        self.assertEqual(sorted(tag.name for tag in resource.tags.all()), ["canevas", "territoire"])

    def test_editor_can_create_a_downloadable_dossier(self):
        self.assertCanCreate(self.tree.dossier_library, DossierPage, self.dossier_data())
        dossier = DossierPage.objects.get(slug="dossier-du-centre-culturel-de-rochefort")
        self.assertEqual(dossier.documents.get().document, self.document)

    def test_editor_can_create_a_person_to_person_dossier_without_document(self):
        data = self.dossier_data(access_mode=AccessMode.PERSON_TO_PERSON, documents=inline_formset([]))
        self.assertCanCreate(self.tree.dossier_library, DossierPage, data)

    def test_downloadable_dossier_without_document_is_refused_in_french(self):
        data = self.dossier_data(documents=inline_formset([]))
        response = self.post_new_page(self.tree.dossier_library, DossierPage, data)
        self.assertRefusedWith(
            response, "access_mode", "Un dossier en téléchargement direct doit avoir au moins un document."
        )
        self.assertFalse(DossierPage.objects.exists())

    def test_downloadable_dossier_whose_only_document_is_deleted_is_refused(self):
        documents = inline_formset([{"document": str(self.document.pk), "DELETE": "1"}])
        response = self.post_new_page(self.tree.dossier_library, DossierPage, self.dossier_data(documents=documents))
        self.assertRefusedWith(response, "access_mode", "doit avoir au moins un document")

    def test_recognition_ending_before_it_starts_is_refused_in_french(self):
        data = self.dossier_data(recognition_start="2028", recognition_end="2024")
        response = self.post_new_page(self.tree.dossier_library, DossierPage, data)
        self.assertRefusedWith(response, "recognition_end", "La fin de la période de reconnaissance précède son début.")

    def test_editor_can_create_a_link_to_an_address(self):
        self.assertCanCreate(self.tree.link_library, LinkPage, self.link_data())

    def test_editor_can_create_a_link_to_a_document(self):
        data = self.link_data(link_url="", document=str(self.document.pk))
        self.assertCanCreate(self.tree.link_library, LinkPage, data)
        self.assertEqual(LinkPage.objects.get().document, self.document)

    def test_link_with_both_an_address_and_a_document_is_refused_in_french(self):
        data = self.link_data(document=str(self.document.pk))
        response = self.post_new_page(self.tree.link_library, LinkPage, data)
        self.assertRefusedWith(response, "link_url", "Indiquez soit une adresse, soit un document (un seul des deux).")

    def test_link_with_neither_address_nor_document_is_refused_in_french(self):
        response = self.post_new_page(self.tree.link_library, LinkPage, self.link_data(link_url=""))
        self.assertRefusedWith(response, "link_url", "Indiquez soit une adresse, soit un document")
        self.assertFalse(LinkPage.objects.exists())

    def test_editor_can_create_a_rencontre_with_participants(self):
        data = page_form(
            {
                "title": "Rencontre-atelier à Rochefort",
                "date": "2025-10-14",
                "start_time": "09:30",
                "end_time": "16:00",
                "place": "Centre culturel de Rochefort",
                "address": "Rue Jacquet 4, 5580 Rochefort",
                "summary": "Une journée sur l'analyse partagée.",
                "registration_info": rich("<p>Gratuit, sur inscription.</p>"),
                "registration_url": "https://www.astrac.be/inscription",
                "participants": inline_formset(
                    [{"name": "Jean Dupont", "role": "intervenant", "function": "Animateur", "organisation": "ASTRAC"}]
                ),
                "body": streamfield([("paragraph", rich("<p>Le compte rendu.</p>"))]),
                "photos": inline_formset([]),
                "documents": inline_formset([]),
                "related_choices": inline_formset([]),
                "themes": [str(self.tree.theme["analyse-partagee"].pk)],
            }
        )
        self.assertCanCreate(self.tree.workshop_index, WorkshopReportPage, data)
        rencontre = WorkshopReportPage.objects.get()
        self.assertEqual(rencontre.participants.get().name, "Jean Dupont")

    def test_video_block_with_an_address_that_is_not_a_video_is_refused_in_french(self):
        body = [("video", {"url": "https://www.astrac.be/plateforme", "title": "Pas une vidéo", "caption": ""})]
        response = self.post_new_page(self.tree.theme["autres"], ResourcePage, self.resource_data(body))
        self.assertRefusedWith(response, "body", "Cette adresse n'est pas une vidéo YouTube ou Vimeo reconnue.")
        self.assertFalse(ResourcePage.objects.exists())

    def test_call_to_action_with_both_a_page_and_an_address_is_refused_in_french(self):
        cta = {
            "title": "Partagez votre dossier",
            "text": "",
            "button_label": "Contribuer",
            "page": str(self.tree.dossier_library.pk),
            "external_url": "https://www.astrac.be",
        }
        response = self.post_new_page(
            self.tree.theme["autres"], ResourcePage, self.resource_data([("call_to_action", cta)])
        )
        self.assertRefusedWith(
            response, "body", "Choisissez soit une page du site, soit une adresse externe (une seule des deux)."
        )

    def test_call_to_action_with_neither_page_nor_address_is_refused(self):
        cta = {"title": "Partagez", "text": "", "button_label": "Contribuer", "page": "", "external_url": ""}
        response = self.post_new_page(
            self.tree.theme["autres"], ResourcePage, self.resource_data([("call_to_action", cta)])
        )
        self.assertRefusedWith(response, "body", "Choisissez soit une page du site, soit une adresse externe")

    def test_call_to_action_towards_a_page_is_accepted(self):
        cta = {
            "title": "Partagez votre dossier",
            "text": "Aidez vos collègues.",
            "button_label": "Contribuer",
            "page": str(self.tree.dossier_library.pk),
            "external_url": "",
        }
        self.assertCanCreate(self.tree.theme["autres"], ResourcePage, self.resource_data([("call_to_action", cta)]))


class SnippetAdminTests(EditorTestCase):
    def test_editor_can_add_a_cultural_centre(self):
        url = reverse("wagtailsnippets_pages_culturalcentre:add")
        self.assertContains(self.client.get(url), "E-mail de contact (privé)")
        data = {
            "name": "Centre culturel de Rochefort",
            "commune": "Rochefort",
            "province": "namur",
            "website": "https://www.ccrochefort.be",
            "contact_email": "direction@ccrochefort.be",
        }
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("wagtailsnippets_pages_culturalcentre:list"))
        self.assertTrue(CulturalCentre.objects.filter(name="Centre culturel de Rochefort").exists())

    def test_editor_can_add_a_link_category(self):
        url = reverse("wagtailsnippets_pages_linkcategory:add")
        response = self.client.post(url, {"name": "Textes légaux", "slug": "textes-legaux", "sort_order": "1"})
        self.assertRedirects(response, reverse("wagtailsnippets_pages_linkcategory:list"))
        self.assertTrue(LinkCategory.objects.filter(slug="textes-legaux").exists())
