"""The anonymous page cache's keys (cms/page_cache_keys.py): only what a view reads makes a key."""

from tests.cms.page_cache_base import HEADER, PageCacheTestCase


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
