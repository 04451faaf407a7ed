"""Values kept per generation (cms/generation_cache.py) cost one round trip per request: the generation and the
values the requests of the site (or of the API) usually need are read together, with the page cache off too."""

from unittest import mock

from django.test import override_settings

from cms import generation_cache, page_cache
from tests.cms.test_page_cache_round_trips import RecordingCache
from tests.factories import ResourcePageFactory
from tests.pages.base import SiteTreeTestCase


@override_settings(PAGE_CACHE_SECONDS=0)
class OneRoundTripTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.resources = [ResourcePageFactory(parent=cls.tree.themes[0]) for _ in range(5)]

    def setUp(self):
        generation_cache._usual_names.clear()  # a process that has served nothing yet

    def recorded_get(self, url):
        recording = RecordingCache(page_cache.get_cache())
        with mock.patch.object(page_cache, "get_cache", return_value=recording):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return recording.calls

    def test_a_page_reads_the_generation_and_its_values_in_one_round_trip_once_the_process_knows_them(self):
        for url in ("/", self.tree.themes[0].get_url()):
            with self.subTest(url):
                self.client.get(url)  # the first request learns which values the site needs, and stores them
                self.assertEqual(self.recorded_get(url), ["get_many"])

    def test_a_page_with_voir_aussi_reads_it_in_a_second_round_trip(self):
        # « Voir aussi » is a value of one page among thousands (search/related.py): not among the values every
        # request reads at once, so as not to fill them with other pages' values.
        url = self.resources[0].get_url()
        self.client.get(url)
        self.assertEqual(self.recorded_get(url), ["get_many", "get"])

    def test_an_api_list_reads_the_site_root_paths_once_not_once_per_page(self):
        url = "/api/v2/pages/?type=pages.ResourcePage&limit=20"
        self.client.get(url)
        self.assertEqual(self.recorded_get(url), ["get_many"])

    def test_a_value_stored_under_an_older_generation_is_computed_again(self):
        self.client.get("/")
        generation = page_cache.current_generation()
        page_cache.get_cache().set(generation_cache.value_key("sites"), ("an older generation", []), 60)
        response = self.client.get(self.resources[0].get_url())  # routed: the sites were read again
        self.assertEqual(response.status_code, 200)
        stored = page_cache.get_cache().get(generation_cache.value_key("sites"))
        self.assertEqual(stored[0], generation)
        self.assertTrue(stored[1])

    def test_the_names_a_process_remembers_are_bounded(self):
        for n in range(generation_cache.USUAL_NAMES_SIZE + 10):
            generation_cache.remember_name("site", f"value-{n}")
        self.assertEqual(len(generation_cache.usual_names("site")), generation_cache.USUAL_NAMES_SIZE)
