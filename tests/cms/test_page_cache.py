"""The anonymous page cache (cms/page_cache.py): what it serves, what it never keeps, and invalidation.

A hit is observable twice: `X-Page-Cache: HIT` and no SQL query at all. Changes go through the same calls
as the admin (publish, unpublish, move, delete, snippet and document saves), then the next anonymous
request must show them.
"""

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from wagtail.models import Page, PageViewRestriction

from cms import page_cache
from search.models import SearchEntry
from tests.cms.page_cache_base import HEADER, PageCacheTestCase
from tests.pages.base import SiteTreeTestCase
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data


class WhatIsCachedTests(PageCacheTestCase):
    def test_every_page_type_is_served_from_the_cache_without_queries(self):
        for page in (
            self.tree.home,
            self.tree.theme_index,
            self.tree.theme["analyse-partagee"],
            self.resource,
            self.tree.dossier_library,
            self.downloadable,
            self.tree.link_library,
            self.tree.workshop_index,
            self.workshop,
            self.standard,
        ):
            with self.subTest(page=page.title):
                response = self.assertHit(page.get_url())
                self.assertEqual(response["Cache-Control"], "public, max-age=60")
                self.assertIn("Cookie", response["Vary"])

    def test_feeds_sitemap_and_robots_are_served_from_the_cache(self):
        for url in (
            "/flux/rss/",
            "/flux/atom/",
            "/flux/analyse-partagee/rss/",
            "/flux/rencontres.ics",
            "/sitemap.xml",
            "/robots.txt",
        ):
            with self.subTest(url):
                self.assertHit(url)

    def test_listing_filters_and_pages_are_cached_one_by_one(self):
        library = self.tree.dossier_library.get_url()
        self.assertHit(library + "?status=en-cours&access=telechargement")
        # The same parameters in another order are the same entry.
        self.assertEqual(self.get(library + "?access=telechargement&status=en-cours")[HEADER], "HIT")
        # Other values are another entry.
        self.assertHit(library + "?status=approuve")
        self.assertHit(library + "?status=approuve&page=1")

    def test_the_read_api_is_served_from_the_cache_per_accept_header(self):
        for url in (
            "/api/v2/pages/",
            f"/api/v2/pages/{self.resource.pk}/",
            "/api/v2/pages/?type=pages.ResourcePage&fields=summary",
            "/api/v2/documents/",
            "/api/v2/images/",
        ):
            with self.subTest(url):
                response = self.assertHit(url, HTTP_ACCEPT="application/json")
                # The API keeps its own headers (pages/api/caching.py).
                self.assertEqual(response["Cache-Control"], "public, max-age=60")
                self.assertTrue(response["ETag"])
        # The API varies on Accept: another Accept header is another entry.
        url = f"/api/v2/pages/{self.resource.pk}/"
        self.assertEqual(self.get(url, HTTP_ACCEPT="application/json")[HEADER], "HIT")
        self.assertEqual(self.get(url, HTTP_ACCEPT="*/*")[HEADER], "MISS")

    def test_a_cached_api_answer_still_answers_304_to_its_etag(self):
        url = f"/api/v2/pages/{self.resource.pk}/"
        etag = self.get(url)["ETag"]
        with self.assertNumQueries(0):
            response = self.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response[HEADER], "HIT")
        self.assertEqual(response.content, b"")

    def test_head_is_answered_from_the_cache_of_get(self):
        url = self.resource.get_url()
        self.get(url)
        with self.assertNumQueries(0):
            response = self.client.head(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response[HEADER], "HIT")

    def test_the_cache_is_off_when_page_cache_seconds_is_zero(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            for _ in range(2):
                response = self.get(self.resource.get_url())
                self.assertNotIn(HEADER, response)

    def test_a_lost_generation_never_brings_old_entries_back(self):
        url = self.resource.get_url()
        self.get(url)
        page_cache.get_cache().delete(page_cache.GENERATION_KEY)  # evicted, or Redis restarted empty
        self.assertEqual(self.get(url)[HEADER], "MISS")


class WhatIsNeverCachedTests(PageCacheTestCase):
    def test_a_logged_in_editor_never_gets_a_cached_page(self):
        url = self.resource.get_url()
        self.get(url)
        editor = Client()
        editor.force_login(get_user_model().objects.create_superuser("editrice", "e@example.be", "x"))
        response = self.get(url, editor)
        self.assertEqual(response[HEADER], "BYPASS")
        self.assertContains(response, "wagtail-userbar")
        self.assertIn("private", response["Cache-Control"])

    def test_a_logged_in_editor_never_leaves_a_page_in_the_cache(self):
        editor = Client()
        editor.force_login(get_user_model().objects.create_superuser("editrice", "e@example.be", "x"))
        url = self.resource.get_url()
        self.assertContains(self.get(url, editor), "wagtail-userbar")
        response = self.get(url)
        self.assertEqual(response[HEADER], "MISS")
        self.assertNotContains(response, "wagtail-userbar")
        self.assertEqual(self.get(url)[HEADER], "HIT")

    def test_requests_with_messages_or_credentials_bypass_the_cache(self):
        url = self.resource.get_url()
        self.get(url)
        self.client.cookies["messages"] = "quelque-chose"
        self.assertEqual(self.get(url)[HEADER], "BYPASS")
        del self.client.cookies["messages"]
        self.assertEqual(self.get(url, HTTP_AUTHORIZATION="Basic eDp4")[HEADER], "BYPASS")

    def test_the_person_to_person_dossier_and_its_csrf_form_are_never_cached(self):
        response = self.assertNeverHit(self.person_to_person.get_url())
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertIn("csrftoken", response.cookies)
        self.assertIn("private", response["Cache-Control"])

    def test_a_visitor_with_a_csrf_cookie_still_gets_cached_pages_without_forms(self):
        self.get(self.person_to_person.get_url())  # leaves the csrftoken cookie in the client
        self.assertIn("csrftoken", self.client.cookies)
        self.assertHit(self.resource.get_url())

    def test_not_found_and_redirects_are_not_cached(self):
        self.assertEqual(self.assertNeverHit("/nulle-part/").status_code, 404)
        # Without its trailing slash: CommonMiddleware redirects.
        self.assertEqual(self.assertNeverHit(self.resource.get_url().rstrip("/")).status_code, 301)

    def test_search_admin_preview_and_health_are_not_cached(self):
        for url in ("/recherche/?q=guide", "/api/v2/search/?q=guide", "/api/v2/preview/?token=x", "/healthz/"):
            with self.subTest(url):
                self.assertEqual(self.assertNeverHit(url)[HEADER], "BYPASS")

    def test_a_private_page_is_never_served_from_the_cache(self):
        url = self.resource.get_url()
        self.get(url)
        PageViewRestriction.objects.create(page=self.resource, restriction_type=PageViewRestriction.LOGIN)
        response = self.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(response[HEADER], "HIT")


class FormsTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_contribution_tree()

    @override_settings(PAGE_CACHE_SECONDS=600, CONTRIBUTION_MIN_FILL_SECONDS=0)
    def test_the_contribution_form_is_never_cached_and_its_post_is_never_stored(self):
        url = self.tree.contribution_page.get_url()
        for _ in range(2):
            response = self.client.get(url)
            self.assertEqual(response[HEADER], "MISS")
            self.assertContains(response, "csrfmiddlewaretoken")
            self.assertIn("private", response["Cache-Control"])
        data = contribution_data(
            themes=self.tree.themes[:1],
            kind="lien",
            url="www.culture.be/decret",
            new_centre_name="Centre culturel de Marchin",
            new_centre_commune="Marchin",
            new_centre_province="liege",
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(HEADER, response)
        thanks = self.client.get(response["Location"])
        self.assertEqual(thanks.status_code, 200)


class InvalidationTests(PageCacheTestCase):
    def assertCachedShows(self, url, text):
        """Prime the cache with `url` (which shows `text`) and check that the next request is a hit."""
        self.assertContains(self.get(url), text)
        response = self.get(url)
        self.assertEqual(response[HEADER], "HIT")
        self.assertContains(response, text)

    def test_publishing_a_change_shows_it_at_the_next_request(self):
        url = self.resource.get_url()
        theme_url = self.tree.theme["analyse-partagee"].get_url()
        self.assertCachedShows(url, "Guide de l&#x27;analyse partagée")
        self.assertCachedShows(theme_url, "Guide de l&#x27;analyse partagée")
        self.resource.title = "Guide révisé"
        self.resource.save_revision().publish()
        for cached in (url, theme_url, "/api/v2/pages/"):
            with self.subTest(cached):
                response = self.get(cached)
                self.assertEqual(response[HEADER], "MISS")
                self.assertContains(response, "Guide révisé")

    def test_saving_a_draft_keeps_the_cache(self):
        url = self.resource.get_url()
        self.assertCachedShows(url, "Guide de l&#x27;analyse partagée")
        self.resource.title = "Brouillon"
        self.resource.save_revision()
        response = self.get(url)
        self.assertEqual(response[HEADER], "HIT")
        self.assertNotContains(response, "Brouillon")

    def test_unpublishing_answers_404_at_the_next_request(self):
        url = self.resource.get_url()
        self.assertCachedShows(url, "Guide de l&#x27;analyse partagée")
        self.resource.unpublish()
        self.assertEqual(self.get(url).status_code, 404)
        self.assertNotContains(self.get(self.tree.theme["analyse-partagee"].get_url()), "Guide de l&#x27;analyse")

    def test_moving_serves_the_new_url_and_no_longer_the_old_one(self):
        old_url = self.resource.get_url()
        self.assertCachedShows(old_url, "Guide de l&#x27;analyse partagée")
        self.resource.move(self.tree.theme["autres"], pos="last-child")
        new_url = Page.objects.get(pk=self.resource.pk).specific.get_url()
        self.assertNotEqual(new_url, old_url)
        # Wagtail made a redirect from the old URL (WAGTAILREDIRECTS_AUTO_CREATE).
        self.assertRedirects(self.get(old_url), new_url, status_code=301)
        self.assertContains(self.get(new_url), "Guide de l&#x27;analyse partagée")

    def test_deleting_answers_404_at_the_next_request(self):
        url = self.resource.get_url()
        self.assertCachedShows(url, "Guide de l&#x27;analyse partagée")
        Page.objects.get(pk=self.resource.pk).delete()
        self.assertEqual(self.get(url).status_code, 404)
        # Not the page cache's concern: on PostgreSQL, deleting a page leaves its search entry behind, which
        # breaks the foreign key when the transaction commits (a bug of search/, reported). Drop it here.
        SearchEntry.objects.filter(page_id=self.resource.pk).delete()

    def test_a_snippet_change_shows_on_the_pages_that_show_it(self):
        url = self.downloadable.get_url()
        self.assertCachedShows(url, "Centre culturel de Rochefort")
        self.centre.name = "Centre culturel de Rochefort-Famenne"
        self.centre.save()
        self.assertContains(self.get(url), "Centre culturel de Rochefort-Famenne")

    def test_a_document_change_shows_on_the_pages_that_offer_it(self):
        url = self.downloadable.get_url()
        self.assertCachedShows(url, "Analyse partagée du territoire")
        self.document.title = "Diagnostic partagé du territoire"
        self.document.save()
        self.assertContains(self.get(url), "Diagnostic partagé du territoire")

    def test_an_image_change_and_a_site_change_invalidate(self):
        for change in (self.image.save, lambda: self.tree.home.get_site().save()):
            url = self.resource.get_url()
            self.get(url)
            self.assertEqual(self.get(url)[HEADER], "HIT")
            change()
            self.assertEqual(self.get(url)[HEADER], "MISS")

    def test_the_generation_changes_again_when_the_transaction_commits(self):
        """A request that read the old content during the publishing transaction cannot keep it."""
        with self.captureOnCommitCallbacks(execute=True):
            self.resource.save_revision().publish()
            during = page_cache.current_generation()
        self.assertNotEqual(page_cache.current_generation(), during)
