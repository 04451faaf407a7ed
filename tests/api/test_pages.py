"""The pages, images and documents endpoints: every page type's public fields, as a front end reads them."""

from pages import models as m
from tests.api.base import APITestCase

PAGE_TYPES = [
    "pages.HomePage",
    "pages.ThemeIndexPage",
    "pages.ThemePage",
    "pages.ResourcePage",
    "pages.DossierLibraryPage",
    "pages.DossierPage",
    "pages.LinkLibraryPage",
    "pages.LinkPage",
    "pages.WorkshopIndexPage",
    "pages.WorkshopReportPage",
    "pages.StandardPage",
]


class PageDetailTests(APITestCase):
    def block(self, data, block_type):
        return next(block["value"] for block in data["body"] if block["type"] == block_type)

    def test_resource_body_is_structured_json(self):
        data = self.detail(self.content.resource)
        self.assertEqual(
            self.block(data, "heading"), {"text": "Pourquoi ce guide ?", "level": "h2", "anchor": "pourquoi-ce-guide"}
        )
        self.assertIn("<b>singulier</b>", self.block(data, "paragraph"))
        self.assertEqual(
            self.block(data, "testimony"),
            {
                "quote": "L'analyse partagée a changé notre manière de travailler.",
                "person": "Marie Lambert",
                "role": "Directrice",
                "centre": "Centre culturel de Rochefort",
            },
        )
        video = self.block(data, "video")
        self.assertEqual(video["provider"], "YouTube")
        self.assertEqual(video["embed_url"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")

    def test_figure_is_a_rendition_with_size_and_alternative_text(self):
        figure = self.block(self.detail(self.content.resource), "figure")
        image = figure["image"]
        self.assertEqual(image["alt"], "Les habitants autour d'une table")
        self.assertEqual((image["width"], image["height"]), (800, 500))  # max-1200x1200 keeps a smaller image
        self.assertIn("max-1200x1200", image["url"])
        self.assertTrue(image["full_url"].startswith("http"))
        self.assertEqual(figure["caption"], "Atelier d'analyse partagée")
        self.assertEqual(figure["credit"], "© CC de Rochefort")

    def test_resource_names_its_main_and_secondary_themes_tags_and_documents(self):
        data = self.detail(self.content.resource)
        self.assertEqual(data["primary_theme"]["slug"], "analyse-partagee")
        self.assertEqual([t["slug"] for t in data["secondary_themes"]], ["constituer-son-dossier"])
        self.assertEqual(data["tags"], ["participation", "territoire"])
        self.assertEqual([d["title"] for d in data["documents"]], ["Canevas d'analyse partagée"])
        self.assertEqual(data["resource_type"], "modele")
        self.assertEqual(data["resource_type_label"], "Modèle / canevas")
        self.assertEqual(data["date"], "2024-03-14")
        self.assertEqual(data["listing_image"]["width"], 640)
        self.assertEqual(data["listing_image"]["height"], 400)

    def test_dossier_shows_its_centre_status_years_and_documents(self):
        data = self.detail(self.content.dossier)
        self.assertEqual(
            data["centre"],
            {
                "id": self.content.centre.pk,
                "name": "Centre culturel de Marchin",
                "commune": "Marchin",
                "province": "liege",
                "province_label": "Liège",
                "website": self.content.centre.website,
            },
        )
        self.assertEqual((data["status"], data["status_label"]), ("approuve", "Approuvé"))
        self.assertEqual((data["submission_year"], data["recognition_period"]), (2023, "2024–2028"))
        self.assertEqual(data["access_mode"], "telechargement")
        self.assertTrue(data["is_downloadable"])
        self.assertEqual(
            [d["title"] for d in data["documents"]], ["Canevas d'analyse partagée", "Grille d'auto-évaluation"]
        )
        self.assertTrue(all(d["url"].endswith(".pdf") and d["format"] == "PDF" for d in data["documents"]))
        self.assertEqual([t["slug"] for t in data["themes"]], ["constituer-son-dossier"])

    def test_person_to_person_dossier_lists_no_document(self):
        data = self.detail(self.content.person_dossier)
        self.assertEqual(data["access_mode"], "personne-a-personne")
        self.assertFalse(data["is_downloadable"])
        self.assertEqual(data["documents"], [])

    def test_workshop_shows_participants_photos_documents_and_whether_it_is_upcoming(self):
        past = self.detail(self.content.past)
        self.assertFalse(past["is_upcoming"])
        self.assertEqual(past["participants"][0]["name"], "Jeanne Dubois")
        self.assertEqual(past["participants"][0]["role"], "temoin")
        self.assertEqual(past["photos"][0]["caption"], "La journée")
        self.assertEqual(past["photos"][0]["image"]["width"], 800)
        self.assertEqual([d["title"] for d in past["documents"]], ["Grille d'auto-évaluation"])
        self.assertTrue(self.detail(self.content.upcoming)["is_upcoming"])

    def test_link_to_a_document_gives_the_document(self):
        data = self.detail(self.content.document_link)
        self.assertEqual(data["document"]["title"], "Canevas d'analyse partagée")
        self.assertEqual(
            data["category"], {"id": self.content.category.pk, "name": "Textes légaux", "slug": "textes-legaux"}
        )
        link = self.detail(self.content.link)
        self.assertTrue(link["link_url"].startswith("https://"))
        self.assertEqual([t["slug"] for t in link["themes"]], ["expliquer-le-decret", "constituer-son-dossier"])

    def test_unknown_page_is_a_french_404(self):
        data = self.get_json("pages/999999/", status=404)
        self.assertEqual(data, {"message": "Contenu introuvable."})


class PageListTests(APITestCase):
    def test_every_page_type_lists_with_all_its_fields(self):
        for page_type in PAGE_TYPES:
            with self.subTest(page_type):
                data = self.list_pages(type=page_type, fields="*")
                self.assertGreaterEqual(data["meta"]["total_count"], 1)
                self.assertTrue(all(item["meta"]["type"] == page_type for item in data["items"]))

    def test_stream_bodies_are_in_the_detail_only(self):
        data = self.list_pages(type="pages.ResourcePage", fields="*")
        self.assertTrue(all("body" not in item for item in data["items"]))
        self.assertIn("body", self.detail(self.content.resource))

    def test_listing_can_ask_for_a_few_fields_and_keeps_each_items_id_and_type(self):
        data = self.list_pages(type="pages.DossierPage", fields="_,title,status,centre")
        item = data["items"][0]
        self.assertEqual(sorted(item), ["centre", "id", "meta", "status", "title"])
        self.assertEqual(item["meta"], {"type": "pages.DossierPage"})

    def test_id_and_type_cannot_be_removed(self):
        for endpoint, params in [
            ("pages/", {"fields": "-id,-type"}),
            ("pages/", {"fields": "_"}),
            ("images/", {"fields": "_,title"}),
            ("documents/", {"fields": "-id,-type"}),
            (f"pages/{self.content.dossier.pk}/", {"fields": "_,title"}),
        ]:
            with self.subTest(endpoint=endpoint, **params):
                data = self.get_json(endpoint, params)
                for item in data.get("items", [data]):
                    self.assertIsInstance(item["id"], int)
                    self.assertTrue(item["meta"]["type"])

    def test_unknown_type_field_or_parameter_is_a_french_400(self):
        cases = [
            ({"type": "pages.Nope"}, "Ce type de page n'existe pas"),
            ({"type": "pages.ResourcePage", "fields": "nope"}, "Champ inconnu : nope."),
            ({"nope": "1"}, "Paramètre inconnu : nope."),
            ({"limit": "1000"}, "« limit » ne peut pas dépasser 100."),
            ({"offset": "-1"}, "« offset » doit être un entier positif."),
            ({"offset": "99999999999999999999"}, "« offset » ne peut pas dépasser 100000."),
            ({"type": "pages.ResourcePage", "order": "nope"}, "Tri impossible sur ce champ."),
            ({"type": "pages.ResourcePage", "date": "pas-une-date"}, "Valeur de filtre invalide pour ce champ."),
        ]
        for params, message in cases:
            with self.subTest(params):
                data = self.get_json("pages/", params, status=400)
                self.assertIn(message, data["message"])

    def test_find_redirects_from_a_site_path_to_the_api_detail(self):
        response = self.client.get("/api/v2/pages/find/", {"html_path": self.content.dossier.url})
        self.assertEqual(response.status_code, 302)
        self.assertIn(f"/api/v2/pages/{self.content.dossier.pk}/", response["Location"])


class MediaEndpointTests(APITestCase):
    def test_documents_endpoint_gives_download_url_size_and_format(self):
        data = self.get_json("documents/", {"fields": "*"})
        titles = {item["title"] for item in data["items"]}
        self.assertEqual(titles, {"Canevas d'analyse partagée", "Grille d'auto-évaluation"})
        item = data["items"][0]
        self.assertEqual(item["format"], "PDF")
        self.assertGreater(item["file_size"], 0)
        self.assertTrue(item["meta"]["download_url"].startswith("http://localhost/documents/"))
        self.assertNotIn("text_content", item)

    def test_images_endpoint_gives_a_rendition_with_alternative_text(self):
        data = self.get_json(f"images/{self.content.image.pk}/")
        self.assertEqual(data["alt"], "Atelier à Rochefort")
        self.assertEqual(data["rendition"]["width"], 800)
        self.assertIn("max-1200x1200", data["rendition"]["url"])

    def test_every_page_type_is_exposed(self):
        types = {model._meta.label for model in m.AbstractContentPage.__subclasses__()}
        self.assertTrue(set(PAGE_TYPES) <= types | {"pages.HomePage"})
