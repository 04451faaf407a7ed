"""The anonymous page cache (cms/page_cache.py): what it serves, what it never keeps, and invalidation.

A hit is observable twice: `X-Page-Cache: HIT` and no SQL query at all. Changes go through the same calls
as the admin (publish, unpublish, move, delete, snippet and document saves), then the next anonymous
request must show them.
"""

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from wagtail.models import Page, PageViewRestriction

from cms import page_cache
from pages.models import AccessMode, DossierPageDocument
from search.models import SearchEntry
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
from tests.pages.base import SiteTreeTestCase
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data

HEADER = "X-Page-Cache"


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_CACHE_MAX_AGE=60)
class PageCacheTestCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.centre = CulturalCentreFactory(name="Centre culturel de Rochefort")
        cls.document = DocumentFactory(title="Analyse partagée du territoire")
        cls.image = ImageFactory()
        cls.resource = ResourcePageFactory(
            parent=cls.tree.theme["analyse-partagee"], title="Guide de l'analyse partagée", slug="guide"
        )
        cls.downloadable = DossierPageFactory(
            parent=cls.tree.dossier_library,
            centre=cls.centre,
            title="Dossier de Rochefort",
            slug="rochefort",
            access_mode=AccessMode.DOWNLOAD,
            documents=[DossierPageDocument(document=cls.document)],
        )
        cls.person_to_person = DossierPageFactory(
            parent=cls.tree.dossier_library, title="Dossier de Marchin", slug="marchin"
        )
        cls.link = LinkPageFactory(parent=cls.tree.link_library)
        cls.workshop = WorkshopReportPageFactory(parent=cls.tree.workshop_index)
        cls.standard = StandardPageFactory(parent=cls.tree.home, title="Le projet", slug="le-projet")

    def get(self, url, client=None, **extra):
        return (client or self.client).get(url, **extra)

    def assertHit(self, url, **extra):
        """A second request of `url` comes from the cache, without a single SQL query, with the same body."""
        first = self.get(url, **extra)
        self.assertEqual(first.status_code, 200, url)
        self.assertEqual(first[HEADER], "MISS", url)
        with self.assertNumQueries(0):
            second = self.get(url, **extra)
        self.assertEqual(second.status_code, 200, url)
        self.assertEqual(second[HEADER], "HIT", url)
        self.assertEqual(second.content, first.content, url)
        self.assertEqual(second["Content-Type"], first["Content-Type"], url)
        return second

    def assertNeverHit(self, url, client=None, **extra):
        responses = [self.get(url, client, **extra) for _ in range(2)]
        for response in responses:
            self.assertNotEqual(response.get(HEADER), "HIT", url)
        return responses[-1]


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


class CanonicalKeysTests(PageCacheTestCase):
    """Only what a view reads makes a key: any other query string is served as usual but never stored."""

    def assertServedNeverStored(self, url, status=200, **extra):
        """`url` answers `status` twice, computed each time: a first request left nothing in the cache."""
        for _ in range(2):
            response = self.get(url, **extra)
            self.assertEqual(response.status_code, status, url)
            self.assertEqual(response[HEADER], "MISS", url)
        return response

    def test_junk_query_strings_on_a_page_are_served_but_never_stored(self):
        home = self.get("/")
        for number in range(5):
            response = self.assertServedNeverStored(f"/?junk={number}")
            self.assertEqual(response.content, home.content)
        self.assertServedNeverStored(self.resource.get_url() + "?utm_source=lettre&utm_medium=courriel")
        # The page itself is still stored and served from the cache.
        self.assertEqual(self.get("/")[HEADER], "HIT")

    def test_feeds_sitemap_and_robots_read_no_parameter(self):
        for url in ("/flux/rss/?v=1", "/flux/rencontres.ics?x=y", "/sitemap.xml?page=1", "/robots.txt?a"):
            with self.subTest(url):
                self.assertServedNeverStored(url)

    def test_a_filter_value_the_form_refuses_shows_its_french_error_and_is_not_stored(self):
        library = self.tree.dossier_library.get_url()
        response = self.assertServedNeverStored(library + "?status=approved")
        self.assertContains(response, "Sélectionnez un choix valide.")
        self.assertServedNeverStored(library + "?year=1850")
        self.assertServedNeverStored(library + "?year=02023")
        # A parameter sent twice: the form reads the last one, the query says two.
        self.assertServedNeverStored(library + "?status=approuve&status=en-cours")
        theme = self.tree.theme["analyse-partagee"].get_url()
        self.assertServedNeverStored(theme + "?type=inconnu")
        self.assertServedNeverStored(self.tree.link_library.get_url() + "?theme=pas-une-thematique")

    def test_the_filter_form_as_a_browser_sends_it_blank_fields_included_is_cached(self):
        library = self.tree.dossier_library.get_url()
        self.assertHit(library + "?status=&year=2023&province=&access=")
        self.assertHit(self.tree.link_library.get_url() + "?category=&theme=analyse-partagee")
        self.assertHit(self.tree.theme["analyse-partagee"].get_url() + "?type=")

    def test_a_page_number_the_list_does_not_show_as_asked_is_not_stored(self):
        theme = self.tree.theme["analyse-partagee"].get_url()
        self.assertHit(theme + "?page=1")
        # One page only: page 2 and 999 show page 1, « x » shows page 1, « 01 » is page 1 written otherwise.
        for page in ("2", "999", "x", "01", "-1"):
            with self.subTest(page=page):
                self.assertServedNeverStored(f"{theme}?page={page}")

    def test_unknown_parameters_beside_known_ones_are_not_stored(self):
        library = self.tree.dossier_library.get_url()
        self.assertServedNeverStored(library + "?status=approuve&junk=1")
        self.assertServedNeverStored(library + "?status=approuve&page=1&_=1700000000")

    def test_a_host_written_in_capitals_is_served_but_not_stored(self):
        self.assertServedNeverStored(self.resource.get_url(), HTTP_HOST="TestServer")
        self.assertHit(self.resource.get_url(), HTTP_HOST="testserver")

    def test_the_api_stores_its_parameters_written_canonically_only(self):
        resource = f"/api/v2/pages/{self.resource.pk}/"
        self.assertHit("/api/v2/pages/?type=pages.ResourcePage&fields=date,summary")
        self.assertHit(f"/api/v2/pages/?child_of={self.tree.theme['analyse-partagee'].pk}")
        self.assertHit("/api/v2/pages/?slug=guide")
        self.assertHit("/api/v2/pages/?limit=2&offset=2&order=-title")
        self.assertHit(resource + "?fields=-body")
        for url in (
            "/api/v2/pages/?_=1700000000",  # a cache-buster Wagtail accepts
            "/api/v2/pages/?type=pages.resourcepage",  # the same type, written otherwise
            "/api/v2/pages/?type=pages.ResourcePage&fields=summary,date",  # the same fields in another order
            "/api/v2/pages/?type=pages.ResourcePage&fields=date,date",
            "/api/v2/pages/?limit=020",
            "/api/v2/pages/?offset=3",  # not the start of a page
            "/api/v2/pages/?offset=9000",  # past the end of the list
            "/api/v2/pages/?order=title,title",
            "/api/v2/pages/?order=random",
            "/api/v2/pages/?slug=aucune-page-de-ce-nom",  # a field filter that finds nothing: any value would do
            "/api/v2/pages/?id=0005",
            f"/api/v2/pages/?child_of=0{self.tree.home.pk}",
            "/api/v2/pages/?search=guide",  # search terms are unbounded
            "/api/v2/documents/?search=analyse",
            resource + "?junk=1",  # the detail view ignores what it does not read
        ):
            with self.subTest(url):
                self.assertServedNeverStored(url)

    def test_api_filters_are_stored_as_the_filter_form_reads_them(self):
        theme = self.tree.theme["analyse-partagee"].slug
        self.assertHit(f"/api/v2/pages/?theme={theme}&year=2023")
        self.assertServedNeverStored("/api/v2/pages/?year=02023")
        self.assertServedNeverStored(f"/api/v2/pages/?theme={theme}&theme={theme}")

    def test_unknown_api_parameters_are_a_400_and_never_stored(self):
        response = self.assertServedNeverStored("/api/v2/pages/?junk=1", status=400)
        self.assertIn("junk", response.json()["message"])

    def test_an_api_variant_is_stored_for_the_accept_headers_front_ends_send_only(self):
        url = f"/api/v2/pages/{self.resource.pk}/"
        for accept in ("application/json", "*/*"):
            with self.subTest(accept):
                self.assertHit(url, HTTP_ACCEPT=accept)
        for accept in ("application/json, text/x-junk-1", "text/html", "application/json;q=0.9"):
            with self.subTest(accept):
                self.assertServedNeverStored(url, HTTP_ACCEPT=accept)


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
