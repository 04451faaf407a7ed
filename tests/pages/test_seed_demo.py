"""The demo content (`seed_demo`) and the synthetic content at scale (`generate_content`)."""

import io
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from pages import models as m
from pages.demo import content
from pages.demo.builders import dossier_document_title
from search.queries import SearchParams, search_content

CONTENT_TYPES = (
    m.HomePage,
    m.ThemeIndexPage,
    m.ThemePage,
    m.ResourcePage,
    m.DossierLibraryPage,
    m.DossierPage,
    m.LinkLibraryPage,
    m.LinkPage,
    m.WorkshopIndexPage,
    m.WorkshopReportPage,
    m.StandardPage,
    m.ContributionPage,
)


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Everything a rerun must leave unchanged: pages by type and path, files, snippets."""
    pages = Page.objects.filter(depth__gt=1).select_related("content_type")
    return {
        "pages": sorted((page.content_type.model, page.url_path, page.live) for page in pages),
        "per_type": Counter(page.content_type.model for page in pages),
        "documents": sorted(get_document_model().objects.values_list("title", "file_hash")),
        "images": sorted(get_image_model().objects.values_list("title", "file_hash")),
        "centres": sorted(m.CulturalCentre.objects.values_list("name", flat=True)),
        "categories": sorted(m.LinkCategory.objects.values_list("slug", flat=True)),
        "synonyms": sorted(m.Synonym.objects.values_list("term", "equivalents")),
    }


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = seed()
        cls.first = snapshot()
        cls.second_output = seed()
        cls.second = snapshot()

    def test_running_twice_gives_the_same_tree_files_and_snippets(self):
        self.assertEqual(self.first, self.second)
        self.assertEqual(Page.objects.filter(depth__gt=1).count(), len(self.first["pages"]))

    def test_the_glossary_is_seeded_and_a_sigle_finds_what_it_stands_for(self):
        glossary = dict(self.first["synonyms"])
        self.assertEqual(set(glossary), {"AP", "CC", "FWB", "CP", "ACI", "CA", "CO"})
        self.assertEqual(glossary["CA"], "conseil d'administration")
        outcome = search_content(SearchParams(query="AP"))
        titles = [hit.entry.title.lower() for hit in outcome.page.object_list[:10]]
        self.assertTrue(any("analyse partagée" in title for title in titles), titles)

    def test_every_page_is_live_with_a_published_latest_revision(self):
        hidden = [spec["title"] for spec in content.HIDDEN_PAGES]
        for page in Page.objects.filter(depth__gt=1).exclude(title__in=hidden):
            with self.subTest(page=page.url_path):
                self.assertTrue(page.live)
                self.assertIsNotNone(page.latest_revision_id)
                self.assertEqual(page.latest_revision_id, page.live_revision_id)
                self.assertFalse(page.has_unpublished_changes)

    def test_the_hidden_pages_are_a_draft_never_published_and_a_page_behind_a_password(self):
        draft, private = (m.ResourcePage.objects.get(title=spec["title"]) for spec in content.HIDDEN_PAGES)
        self.assertFalse(draft.live)
        self.assertIsNone(draft.live_revision_id)
        self.assertTrue(private.live)
        self.assertEqual(
            list(private.view_restrictions.values_list("restriction_type", flat=True)),
            [PageViewRestriction.PASSWORD],
        )
        self.assertEqual(self.client.get(draft.url or f"{draft.get_parent().url}{draft.slug}/").status_code, 404)
        self.assertNotContains(self.client.get(private.url), private.summary)

    def test_home_page_is_the_default_site_root_and_the_welcome_page_is_gone(self):
        home = m.HomePage.objects.get()
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_page_id, home.pk)
        self.assertEqual(home.title, "Accueil")
        self.assertTrue(home.hero_title and home.intro and home.contribute_text and home.community_text)
        self.assertFalse(Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists())
        self.assertEqual(Page.objects.filter(depth=2).count(), 1)

    def test_the_site_keeps_its_address_unless_given_one(self):
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("localhost", 80))
        self.assertNotIn("Site :", self.first_output)

    def test_make_run_gives_the_site_the_served_host_and_port(self):
        """`make run` runs `seed_demo --hostname 127.0.0.1 --port $(PORT)`: absolute URLs and the API's find
        redirects point to the running server, port included."""
        out = io.StringIO()
        call_command("seed_demo", "--hostname", "127.0.0.1", "--port", "8123", stdout=out)
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_url, "http://127.0.0.1:8123")
        self.assertIn("Site : http://127.0.0.1:8123/", out.getvalue())
        self.assertEqual(Site.objects.count(), 1)
        dossier = m.DossierPage.objects.live().first()
        self.assertEqual(dossier.get_full_url(), "http://127.0.0.1:8123" + dossier.url)
        response = self.client.get("/api/v2/pages/find/", {"html_path": dossier.url})
        self.assertEqual(response["Location"].rstrip("?"), f"http://127.0.0.1:8123/api/v2/pages/{dossier.pk}/")
        # Run again without an address: the Site keeps the one it was given.
        seed()
        self.assertEqual(Site.objects.get(is_default_site=True).root_url, "http://127.0.0.1:8123")

    def test_an_address_taken_by_another_site_is_refused(self):
        Site.objects.create(hostname="127.0.0.1", port=8124, root_page=Page.get_first_root_node())
        with self.assertRaisesMessage(CommandError, "Un autre Site a déjà l'adresse 127.0.0.1:8124"):
            call_command("seed_demo", "--hostname", "127.0.0.1", "--port", "8124", stdout=io.StringIO())
        self.assertEqual(Site.objects.get(is_default_site=True).root_url, "http://localhost")

    def test_the_tree_has_the_expected_sections_and_slugs(self):
        home = m.HomePage.objects.get()
        children = [(page.slug, page.show_in_menus) for page in home.get_children()]
        self.assertEqual(
            children,
            [
                ("boite-a-outils", True),
                ("dossiers", True),
                ("liens", True),
                ("rencontres", True),
                ("le-projet", True),
                ("communaute", True),
                ("contribuer", True),
                ("contact", False),
                ("mentions-legales", False),
                ("vie-privee", False),
            ],
        )
        themes = m.ThemePage.objects.child_of(m.ThemeIndexPage.objects.get()).order_by("path")
        self.assertEqual(
            [theme.slug for theme in themes],
            ["expliquer-le-decret", "analyse-partagee", "constituer-son-dossier", "autres"],
        )

    def test_the_main_menu_shows_the_community_page_between_the_project_and_contributing(self):
        soup = BeautifulSoup(self.client.get("/").content, "html.parser")
        entries = [(a.get_text(strip=True), a["href"]) for a in soup.select(".main-nav__link")]
        self.assertEqual(
            entries,
            [
                ("Boîte à outils", "/boite-a-outils/"),
                ("Dossiers", "/dossiers/"),
                ("Liens", "/liens/"),
                ("Rencontres", "/rencontres/"),
                ("Le projet", "/le-projet/"),
                ("Communauté", "/communaute/"),
                ("Contribuer", "/contribuer/"),
            ],
        )

    def test_counts_meet_the_minimums(self):
        self.assertGreaterEqual(m.ResourcePage.objects.count(), 30)
        self.assertGreaterEqual(m.DossierPage.objects.count(), 12)
        self.assertGreaterEqual(m.DossierPage.objects.values("centre__province").distinct().count(), 5)
        self.assertGreaterEqual(m.LinkPage.objects.count(), 20)
        self.assertGreaterEqual(m.WorkshopReportPage.objects.count(), 6)
        today = timezone.localdate()
        self.assertGreaterEqual(m.WorkshopReportPage.objects.filter(date__gte=today).count(), 2)
        self.assertEqual(m.StandardPage.objects.count(), 5)

    def test_contribuer_is_the_contribution_form_linking_the_privacy_page(self):
        page = m.ContributionPage.objects.get()
        self.assertEqual(page.get_parent().specific, m.HomePage.objects.get())
        self.assertEqual((page.slug, page.title, page.show_in_menus), ("contribuer", "Contribuer", True))
        self.assertTrue(page.intro and page.thank_you_text)
        self.assertEqual(page.privacy_page.specific, m.StandardPage.objects.get(slug="vie-privee"))
        self.assertFalse(m.StandardPage.objects.filter(slug="contribuer").exists())

    def test_content_is_varied(self):
        resources = m.ResourcePage.objects.all()
        self.assertGreaterEqual(resources.values("resource_type").distinct().count(), 6)
        self.assertTrue(resources.exclude(secondary_themes=None).exists())
        self.assertTrue(resources.exclude(tagged_items=None).exists())
        self.assertTrue(resources.exclude(documents=None).exists())
        self.assertTrue(resources.exclude(external_url="").exists())
        dossiers = m.DossierPage.objects.all()
        self.assertEqual(set(dossiers.values_list("status", flat=True)), set(m.DossierStatus.values))
        self.assertEqual(set(dossiers.values_list("access_mode", flat=True)), set(m.AccessMode.values))
        self.assertEqual(set(m.CulturalCentre.objects.values_list("province", flat=True)), set(m.Province.values))
        for centre in m.CulturalCentre.objects.all():
            self.assertTrue(centre.contact_email.endswith(".example.org"), centre.contact_email)
        for dossier in dossiers.filter(access_mode=m.AccessMode.DOWNLOAD):
            self.assertTrue(dossier.documents.exists(), dossier.title)

    def test_past_workshops_have_participants_photos_and_documents(self):
        today = timezone.localdate()
        for workshop in m.WorkshopReportPage.objects.filter(date__lt=today):
            with self.subTest(workshop=workshop.title):
                self.assertTrue(workshop.participants.exists())
                self.assertTrue(workshop.photos.exists())
                self.assertTrue(workshop.documents.exists())
                self.assertIn("testimony", [block.block_type for block in workshop.body])
        for workshop in m.WorkshopReportPage.objects.filter(date__gte=today):
            self.assertTrue(workshop.registration_info)

    def test_each_downloadable_dossier_pdf_contains_its_distinctive_word(self):
        Document = get_document_model()
        downloadable = [d for d in content.DOSSIERS if d["access"] == m.AccessMode.DOWNLOAD]
        self.assertGreaterEqual(len(downloadable), 8)
        for dossier in downloadable:
            with self.subTest(dossier=dossier["centre"]):
                document = Document.objects.get(title=dossier_document_title(dossier))
                with document.file.open("rb") as pdf:
                    data = pdf.read()
                self.assertTrue(data.startswith(b"%PDF"))
                self.assertIn(dossier["keyword"].encode("latin-1"), data)
                # Found only in the PDF: a search for it can only match through the document's text.
                page = m.DossierPage.objects.get(documents__document=document)
                self.assertNotIn(dossier["keyword"], page.title + page.summary + page.contextualisation)

    def test_no_admin_account_outside_the_dev_settings(self):
        self.assertFalse(get_user_model().objects.exists())
        self.assertNotIn("admin / admin", self.first_output)

    def test_seeded_pages_render(self):
        for page in Page.objects.filter(depth__gt=1).live().specific():
            with self.subTest(page=page.url_path):
                response = self.client.get(page.get_url())
                self.assertEqual(response.status_code, 200)


class SeedDemoUpgradeTests(TestCase):
    def test_an_older_standard_page_contribuer_is_replaced_in_place_by_the_contribution_page(self):
        seed()
        home = m.HomePage.objects.get()
        m.ContributionPage.objects.get().delete()
        # As an older seed left it: a StandardPage « Contribuer » between « Communauté » and « Contact ».
        old = m.StandardPage(title="Contribuer", slug="contribuer", show_in_menus=True)
        m.StandardPage.objects.get(slug="contact").add_sibling(pos="left", instance=old)
        old.save_revision().publish()
        order = [page.slug for page in home.get_children()]
        output = seed()
        self.assertIn("page de contribution", output)
        self.assertEqual([page.slug for page in home.get_children()], order)
        page = m.ContributionPage.objects.get()
        self.assertEqual(page.slug, "contribuer")
        self.assertTrue(page.live)
        self.assertEqual(page.privacy_page.slug, "vie-privee")
        self.assertFalse(m.StandardPage.objects.filter(slug="contribuer").exists())
        self.assertEqual([len(problems) for problems in Page.find_problems()], [0, 0, 0, 0, 0])
        self.assertEqual(self.client.get("/contribuer/").status_code, 200)


class GenerateContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed()

    def test_adds_exactly_n_pages_of_each_type_that_are_live_and_render(self):
        models = (m.ResourcePage, m.DossierPage, m.WorkshopReportPage)
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
        call_command("generate_content", resources=5, dossiers=4, workshops=3, seed=7, stdout=io.StringIO())
        for model, expected in zip(models, (5, 4, 3), strict=True):
            new = model.objects.exclude(pk__in=before[model])
            self.assertEqual(new.count(), expected, model.__name__)
            for page in new:
                with self.subTest(page=page.url_path):
                    self.assertTrue(page.live)
                    self.assertEqual(page.latest_revision_id, page.live_revision_id)
                    self.assertEqual(page.url_path, page.get_parent().url_path + page.slug + "/")
                    self.assertEqual(self.client.get(page.get_url()).status_code, 200)
        self.assertEqual([len(problems) for problems in Page.find_problems()], [0, 0, 0, 0, 0])
        for parent in Page.objects.filter(depth__lte=3):
            self.assertEqual(parent.numchild, parent.get_children().count(), parent.url_path)

    def test_new_pages_are_searchable_and_keep_their_relations_in_their_revision(self):
        call_command("generate_content", resources=3, seed=3, stdout=io.StringIO())
        resource = m.ResourcePage.objects.order_by("-pk").first()
        self.assertIn(resource, m.ResourcePage.objects.live().search(resource.title.split(" : ")[1]))
        revised = resource.latest_revision.as_object()
        self.assertEqual(sorted(revised.tags.names()), sorted(resource.tags.names()))
        self.assertEqual(len(resource.tags.names()), 2)

    def test_the_same_seed_gives_the_same_titles(self):
        def titles(seed):
            out = io.StringIO()
            call_command("generate_content", resources=4, dossiers=2, seed=seed, stdout=out)
            return list(Page.objects.order_by("-pk").values_list("title", flat=True)[:6])

        self.assertEqual(titles(11), titles(11))


@pytest.mark.django_db
def test_generate_content_creates_the_missing_tree():
    call_command("generate_content", resources=2, dossiers=1, workshops=1, seed=1, stdout=io.StringIO())
    home = m.HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert m.ThemePage.objects.count() == 4
    assert m.ResourcePage.objects.count() == 2
    assert m.DossierPage.objects.child_of(m.DossierLibraryPage.objects.get()).count() == 1
    assert m.WorkshopReportPage.objects.child_of(m.WorkshopIndexPage.objects.get()).count() == 1
