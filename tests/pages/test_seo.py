"""What search engines and social networks read: sitemap.xml, robots.txt, meta description, Open Graph,
canonical URLs (JSON-LD: test_json_ld.py)."""

import datetime
import json

from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import BaseViewRestriction, CollectionViewRestriction, Page, PageViewRestriction

from pages import seo
from pages.listings import RESOURCES_PER_PAGE
from pages.models import (
    AccessMode,
    DossierPageDocument,
    ParticipantRole,
    ResourcePageDocument,
    WorkshopParticipant,
    WorkshopPhoto,
)
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)
from tests.factories.media import root_collection
from tests.pages.base import SiteTreeTestCase

ROOT = "http://localhost"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PRIVATE_EMAIL = "direction@cc-dinant.be"


def private_collection():
    collection = root_collection().add_child(name="Dossiers réservés")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=BaseViewRestriction.LOGIN)
    return collection


class SeoTestCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        decree, analysis = tree.theme["expliquer-le-decret"], tree.theme["analyse-partagee"]
        cls.public_document = DocumentFactory(title="Guide à télécharger")
        cls.private_document = DocumentFactory(title="Annexe réservée", collection=private_collection())
        cls.image = ImageFactory(title="Des participants en atelier", description="Une salle pleine de participants")
        cls.resource = ResourcePageFactory(
            parent=analysis,
            title="Guide de l'analyse partagée",
            summary="Un guide pour mener l'analyse partagée du territoire.",
            author="ASTRAC",
            date=datetime.date(2024, 3, 1),
            secondary_themes=[decree],
            listing_image=cls.image,
            external_url="https://www.centres-culturels.be/guide",
            documents=[
                ResourcePageDocument(document=cls.public_document),
                ResourcePageDocument(document=cls.private_document),
            ],
        )
        cls.resource.tags.add("territoire", "participation")
        cls.resource.save()
        cls.centre = CulturalCentreFactory(
            name="Centre culturel de Dinant", commune="Dinant", contact_email=PRIVATE_EMAIL
        )
        cls.dossier = DossierPageFactory(
            parent=tree.dossier_library,
            centre=cls.centre,
            title="Dossier du Centre culturel de Dinant",
            access_mode=AccessMode.DOWNLOAD,
            documents=[
                DossierPageDocument(document=cls.public_document),
                DossierPageDocument(document=cls.private_document),
            ],
            themes=[analysis],
        )
        cls.person_to_person = DossierPageFactory(
            parent=tree.dossier_library,
            title="Dossier sur demande",
            access_mode=AccessMode.PERSON_TO_PERSON,
            documents=[DossierPageDocument(document=cls.public_document)],
        )
        cls.link = LinkPageFactory(parent=tree.link_library, title="Le décret coordonné")
        cls.workshop = WorkshopReportPageFactory(
            parent=tree.workshop_index,
            title="Rencontre à Rochefort",
            date=datetime.date(2026, 3, 12),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(16, 0),
            place="Centre culturel de Rochefort",
            address="Rue Jacquet 4, 5580 Rochefort",
            summary="Une journée d'échanges sur l'analyse partagée.",
            themes=[analysis],
            photos=[WorkshopPhoto(image=cls.image, caption="La salle")],
            participants=[
                WorkshopParticipant(
                    name="Marie Dupont",
                    role=ParticipantRole.SPEAKER,
                    function="Directrice",
                    organisation="Centre culturel de Rochefort",
                ),
                WorkshopParticipant(name="Paul Lambert", role=ParticipantRole.WITNESS),
            ],
        )
        cls.standard = StandardPageFactory(parent=tree.home, title="Le projet", slug="le-projet")
        cls.draft = ResourcePageFactory(parent=decree, title="Un brouillon", live=False)
        cls.private = ResourcePageFactory(parent=decree, title="Une page réservée")
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="conseil"
        )

    def head(self, response):
        soup = self.get_soup(response.content)
        meta = {}
        for tag in soup.select("head meta[property], head meta[name]"):
            meta[tag.get("property") or tag.get("name")] = tag.get("content")
        canonical = soup.select_one('head link[rel="canonical"]')
        meta["canonical"] = canonical["href"] if canonical else None
        return meta

    def json_ld(self, response):
        """{@type: node} of the page's JSON-LD graph, parsed with json.loads."""
        soup = self.get_soup(response.content)
        scripts = soup.select('script[type="application/ld+json"]')
        self.assertLessEqual(len(scripts), 1)
        if not scripts:
            return {}
        data = json.loads(scripts[0].string)
        self.assertEqual(data["@context"], "https://schema.org")
        return {node["@type"]: node for node in data["@graph"]}


class SitemapTests(SeoTestCase):
    def read_sitemap(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        root = ElementTree.fromstring(response.content)
        return {
            url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS).text
            for url in root.findall("s:url", SITEMAP_NS)
        }

    def test_sitemap_lists_exactly_the_live_public_pages(self):
        expected = {
            ROOT + page.url for page in Page.objects.descendant_of(self.tree.home, inclusive=True).live().public()
        }
        urls = self.read_sitemap()
        self.assertEqual(set(urls), expected)
        self.assertIn(ROOT + self.resource.url, urls)
        self.assertIn(ROOT + "/", urls)
        self.assertNotIn(ROOT + self.draft.get_url(), urls)
        self.assertNotIn(ROOT + self.private.url, urls)

    def test_sitemap_gives_the_date_of_last_publication(self):
        urls = self.read_sitemap()
        published = timezone.localtime(self.resource.last_published_at).date()  # the day in Brussels
        self.assertEqual(urls[ROOT + self.resource.url], published.isoformat())


class RobotsTests(SeoTestCase):
    def test_robots_txt_allows_the_site_and_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertEqual(lines[:2], ["User-agent: *", "Allow: /"])
        for path in ("/admin/", "/django-admin/", "/recherche/", "/*/merci/", "/*/demande-envoyee/"):
            self.assertIn(f"Disallow: {path}", lines)
        self.assertEqual(lines[-1], "Sitemap: http://localhost/sitemap.xml")
        self.assertNotIn("Disallow: /\n", response.content.decode())

    def test_robots_txt_refuses_other_methods(self):
        self.assertEqual(self.client.post("/robots.txt").status_code, 405)


class MetaTagsTests(SeoTestCase):
    def assertSharedTags(self, page, meta, *, og_type, description):
        url = ROOT + page.url
        self.assertEqual(meta["canonical"], url)
        self.assertEqual(meta["og:url"], url)
        self.assertEqual(meta["og:type"], og_type)
        self.assertEqual(meta["og:title"], page.seo_title or page.title)
        self.assertEqual(meta["og:locale"], "fr_BE")
        self.assertEqual(meta["og:site_name"], "Plateforme d'Échange et de Partage")
        self.assertEqual(meta["description"], description)
        self.assertEqual(meta["og:description"], description)
        self.assertEqual(meta["twitter:title"], meta["og:title"])
        self.assertIn(meta["twitter:card"], ("summary", "summary_large_image"))

    def test_every_page_type_has_description_open_graph_and_canonical_url(self):
        tree = self.tree
        cases = [
            (tree.home, "website", tree.home.hero_title),
            (tree.theme_index, "website", seo.DEFAULT_DESCRIPTION),
            (tree.theme["analyse-partagee"], "website", tree.theme["analyse-partagee"].intro),
            (self.resource, "article", self.resource.summary),
            (tree.dossier_library, "website", seo.DEFAULT_DESCRIPTION),
            (self.dossier, "article", self.dossier.summary),
            (tree.link_library, "website", seo.DEFAULT_DESCRIPTION),
            (self.link, "article", self.link.description),
            (tree.workshop_index, "website", seo.DEFAULT_DESCRIPTION),
            (self.workshop, "article", self.workshop.summary),
            (self.standard, "article", self.standard.intro),
        ]
        for page, og_type, description in cases:
            with self.subTest(page=page.title):
                meta = self.head(self.get_page(page))
                self.assertSharedTags(page, meta, og_type=og_type, description=description)

    def test_search_description_takes_precedence_and_is_plain_text(self):
        self.resource.search_description = "Le guide <b>de référence</b> pour l'analyse partagée."
        self.resource.save_revision().publish()
        meta = self.head(self.get_page(self.resource))
        self.assertEqual(meta["description"], "Le guide de référence pour l'analyse partagée.")

    def test_article_tags_give_publication_dates(self):
        meta = self.head(self.get_page(self.resource))
        published = datetime.datetime.fromisoformat(meta["article:published_time"])
        self.assertEqual(published, self.resource.first_published_at)

    def test_page_with_an_image_shares_an_absolute_rendition(self):
        meta = self.head(self.get_page(self.resource))
        self.assertTrue(meta["og:image"].startswith(ROOT + "/media/images/"), meta["og:image"])
        self.assertIn("fill-1200x630", meta["og:image"])
        # Wagtail never enlarges: an 800 px wide photo gives an 800 × 420 crop in the 1.91:1 ratio.
        rendition = self.image.get_rendition(seo.SHARE_IMAGE_SPEC)
        self.assertEqual(
            (meta["og:image:width"], meta["og:image:height"]), (str(rendition.width), str(rendition.height))
        )
        self.assertEqual(meta["og:image"], ROOT + rendition.url)
        self.assertEqual(meta["og:image:alt"], "Une salle pleine de participants")
        self.assertEqual(meta["twitter:card"], "summary_large_image")
        self.assertEqual(meta["twitter:image"], meta["og:image"])

    def test_the_share_image_is_found_once_per_request_and_not_written_back_to_the_cache(self):
        from unittest import mock

        from wagtail.images import get_image_model

        from tests.cms.test_page_cache_round_trips import RecordingCache

        rendition_model = get_image_model().get_rendition_model()
        self.get_page(self.workshop)  # the rendition exists and is in the cache
        recording = RecordingCache(rendition_model.cache_backend)
        with mock.patch.object(rendition_model, "cache_backend", new=recording):
            meta = self.head(self.get_page(self.workshop))  # the head and the event's JSON-LD both show it
        self.assertIn("fill-1200x630", meta["og:image"])
        self.assertFalse({"set", "set_many"} & set(recording.calls), recording.calls)
        self.assertLessEqual(len(recording.calls), 1, recording.calls)  # at most one read, for both

    def test_rencontre_shares_its_first_photo(self):
        meta = self.head(self.get_page(self.workshop))
        self.assertIn("fill-1200x630", meta["og:image"])

    def test_page_whose_image_file_is_missing_still_renders_without_image(self):
        image = ImageFactory(title="Photo perdue")
        resource = ResourcePageFactory(parent=self.tree.theme["autres"], listing_image=image)
        image.file.storage.delete(image.file.name)
        meta = self.head(self.get_page(resource))
        self.assertNotIn("og:image", meta)
        self.assertEqual(meta["twitter:card"], "summary")

    def test_page_without_image_has_a_summary_card_and_no_image(self):
        meta = self.head(self.get_page(self.link))
        self.assertNotIn("og:image", meta)
        self.assertEqual(meta["twitter:card"], "summary")

    def test_canonical_url_drops_filters_and_keeps_the_listing_page_number(self):
        theme = self.tree.theme["expliquer-le-decret"]
        ResourcePageFactory.create_batch(RESOURCES_PER_PAGE + 1, parent=theme)
        url = ROOT + theme.url
        self.assertEqual(self.head(self.get_page(theme, {"page": "2", "type": "guide"}))["canonical"], url + "?page=2")
        self.assertEqual(self.head(self.get_page(theme, {"page": "1"}))["canonical"], url)
        self.assertEqual(self.head(self.get_page(theme, {"utm_source": "x"}))["canonical"], url)
        # Beyond the last page, the listing shows the last one: so does the canonical URL.
        self.assertEqual(self.head(self.get_page(theme, {"page": "99"}))["canonical"], url + "?page=2")

    def test_pages_not_to_be_indexed_say_so(self):
        for url, params in [("/recherche/", {"q": "décret"}), (self.person_to_person.url + "demande-envoyee/", {})]:
            response = self.client.get(url, params)
            self.assertEqual(response.status_code, 200, url)
            soup = self.get_soup(response.content)
            self.assertEqual(soup.select_one('meta[name="robots"]')["content"], "noindex", url)
        self.assertIsNone(self.get_soup(self.get_page(self.person_to_person).content).select_one('meta[name="robots"]'))


class SeoQueryCountTests(SeoTestCase):
    """The head's metadata costs the same number of queries whatever the number of documents and themes."""

    def count_queries(self, page):
        self.get_page(page)
        with CaptureQueriesContext(connection) as context:
            self.get_page(page)
        return len(context.captured_queries)

    def test_resource_and_dossier_pages_cost_a_fixed_number_of_queries(self):
        resource = ResourcePageFactory(parent=self.tree.theme["autres"], title="Ressource aux nombreux documents")
        dossier = DossierPageFactory(parent=self.tree.dossier_library, access_mode=AccessMode.DOWNLOAD)

        def attach(count):
            for _ in range(count):
                document = DocumentFactory()
                ResourcePageDocument.objects.create(page=resource, document=document)
                DossierPageDocument.objects.create(page=dossier, document=document)

        attach(5)
        small = (self.count_queries(resource), self.count_queries(dossier))
        attach(95)
        resource.secondary_themes.set(self.tree.themes[:3])
        dossier.themes.set(self.tree.themes)
        resource.save()
        dossier.save()
        large = (self.count_queries(resource), self.count_queries(dossier))
        self.assertEqual(small, large)
        graph = self.json_ld(self.get_page(resource))
        self.assertEqual(len(graph["CreativeWork"]["associatedMedia"]), 100)
