"""Values kept per generation (cms/generation_cache.py): a publication, an unpublication, a menu or a restriction
change is seen by the very next request, with the page cache off, with a dummy cache and with Redis down."""

from django.test import override_settings
from wagtail.models import Page, PageViewRestriction, Site

from cms import generation_cache, page_cache
from pages.models import ResourcePage, StandardPage
from tests.cms.redis_servers import cache_settings, closed_port
from tests.factories import ResourcePageFactory, StandardPageFactory
from tests.pages.base import SiteTreeTestCase

DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


class FreshAfterChangeTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.about = StandardPageFactory(parent=cls.tree.home, title="À propos", slug="a-propos", show_in_menus=True)
        cls.resource = ResourcePageFactory(parent=cls.tree.themes[0], title="Guide de l'animation")

    def tearDown(self):
        page_cache._pending_invalidation = False

    def menu(self):
        soup = self.get_soup(self.client.get("/").content)
        return [link.get_text(" ", strip=True) for link in soup.select("nav a")]

    def api_titles(self):
        return [item["title"] for item in self.client.get("/api/v2/pages/?limit=50").json()["items"]]

    def publish(self, page, **changes):
        page = type(page).objects.get(pk=page.pk)
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page

    def assertFreshAfterEveryChange(self):
        self.assertIn("À propos", self.menu())
        self.assertIn("Guide de l'animation", self.api_titles())
        # A menu entry renamed, then taken out of the menu, then unpublished.
        self.publish(self.about, title="Qui sommes-nous ?")
        self.assertIn("Qui sommes-nous ?", self.menu())
        self.publish(self.about, show_in_menus=False)
        self.assertNotIn("Qui sommes-nous ?", self.menu())
        self.publish(self.about, show_in_menus=True)
        StandardPage.objects.get(pk=self.about.pk).unpublish()
        self.assertNotIn("Qui sommes-nous ?", self.menu())
        self.assertEqual(self.client.get(self.about.get_url()).status_code, 404)
        # A resource renamed, then restricted, then unpublished.
        resource = self.publish(self.resource, title="Guide revu")
        self.assertContains(self.client.get(resource.get_url()), "Guide revu")
        self.assertIn("Guide revu", self.api_titles())
        restriction = PageViewRestriction.objects.create(page=resource, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(self.client.get(resource.get_url()).status_code, 302)  # to the login page
        self.assertNotIn("Guide revu", self.api_titles())
        self.assertEqual(self.client.get(f"/api/v2/pages/{resource.pk}/").status_code, 404)
        self.assertNotContains(self.client.get(self.tree.themes[0].get_url()), "Guide revu")
        restriction.delete()
        self.assertContains(self.client.get(self.tree.themes[0].get_url()), "Guide revu")
        ResourcePage.objects.get(pk=resource.pk).unpublish()
        self.assertEqual(self.client.get(resource.get_url()).status_code, 404)
        self.assertNotIn("Guide revu", self.api_titles())

    def test_changes_are_seen_by_the_next_request(self):
        self.assertFreshAfterEveryChange()

    def test_changes_are_seen_with_a_cache_that_keeps_nothing(self):
        with override_settings(CACHES=DUMMY_CACHE):
            self.assertFreshAfterEveryChange()

    def test_changes_are_seen_with_redis_down(self):
        with override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{closed_port()}/0")):
            self.assertFreshAfterEveryChange()

    def test_changes_are_seen_with_the_page_cache_on(self):
        with override_settings(PAGE_CACHE_SECONDS=600):
            self.assertFreshAfterEveryChange()

    def test_a_new_site_root_is_routed_at_once(self):
        self.assertEqual(self.client.get("/").status_code, 200)
        site = Site.objects.get(is_default_site=True)
        site.root_page = Page.objects.get(pk=self.tree.theme_index.pk)
        site.save()
        self.assertContains(self.client.get("/"), self.tree.themes[0].title)
        self.assertEqual(self.client.get(self.tree.dossier_library.url_path.removeprefix("/home")).status_code, 404)

    def test_outside_requests_public_reads_the_database(self):
        """A script or a task gets no value of the generation: .public() sees a restriction made a moment ago."""
        self.assertTrue(ResourcePage.objects.public().filter(pk=self.resource.pk).exists())
        PageViewRestriction.objects.create(page=self.resource, restriction_type=PageViewRestriction.LOGIN)
        self.assertFalse(ResourcePage.objects.public().filter(pk=self.resource.pk).exists())
        self.assertFalse(generation_cache.in_request())
