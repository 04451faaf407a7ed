"""The listing of a keyword's pages (pages/views.py `keyword_pages`, pages/listings.py `keyword_listing`): only
live, public pages, a 404 that does not tell a private keyword from an unknown one, a fixed number of queries."""

from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from pages.listings import KEYWORD_PAGES_PER_PAGE
from search.indexing import refresh_entry
from tests.cms.page_cache_base import PageCacheTestCase
from tests.factories import ResourcePageFactory
from tests.pages.base import SiteTreeTestCase, normalise

# An uncached request, the generation's values (site, restrictions, menu, themes) already read: the keyword, the
# count of its pages and the page of them.
KEYWORD_LISTING_QUERIES = 3


def tagged(*names, **kwargs):
    resource = ResourcePageFactory(**kwargs)
    resource.tags.add(*names)
    resource.save()
    return resource


def keyword_url(slug):
    return reverse("keyword_pages", args=[slug])


class KeywordListingTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        themes = cls.tree.theme
        cls.public = tagged("territoire", "participation", parent=themes["analyse-partagee"], title="Carte du pays")
        cls.other = tagged("territoire", parent=themes["expliquer-le-decret"], title="Le décret en bref")
        cls.untagged = ResourcePageFactory(parent=themes["analyse-partagee"], title="Sans mot-clé")
        cls.draft = tagged("territoire", "secret-brouillon", parent=themes["autres"], title="Brouillon", live=False)
        cls.private_theme = themes["constituer-son-dossier"]
        PageViewRestriction.objects.create(page=cls.private_theme, restriction_type=PageViewRestriction.LOGIN)
        cls.private = tagged("territoire", "secret-reserve", parent=cls.private_theme, title="Ressource réservée")

    def test_a_resource_links_each_of_its_keywords_to_their_listing(self):
        soup = self.get_soup(self.get_page(self.public).content)
        links = {a.get_text(strip=True): a["href"] for a in soup.select(".tag-list a.tag--link")}
        expected = {name: keyword_url(name) for name in ("territoire", "participation")}
        self.assertEqual(links, expected)

    def test_the_listing_shows_the_live_public_pages_with_the_keyword_under_a_french_title(self):
        response = self.client.get(keyword_url("territoire"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["resources"]), [self.other, self.public])  # newest first
        self.assertShows(response, "Pages avec le mot-clé « territoire »", "2 ressources", "Carte du pays")
        self.assertDoesNotShow(response, "Sans mot-clé", "Brouillon", "Ressource réservée")

    def test_drafts_and_restricted_pages_are_never_listed(self):
        response = self.client.get(keyword_url("territoire"))
        listed = {page.pk for page in response.context["resources"]}
        self.assertNotIn(self.draft.pk, listed)
        self.assertNotIn(self.private.pk, listed)
        self.assertNotIn(self.draft.get_url(), response.content.decode())
        self.assertNotIn(self.private.get_url(), response.content.decode())

    def test_a_keyword_only_private_or_draft_pages_carry_is_a_404_like_an_unknown_one(self):
        for slug in ("secret-brouillon", "secret-reserve", "inconnu", "x" * 300):
            with self.subTest(slug=slug[:20]):
                response = self.client.get(keyword_url(slug))
                self.assertEqual(response.status_code, 404)
                self.assertShows(response, "Page introuvable")
                self.assertNotIn("secret", response.content.decode().replace(keyword_url(slug), ""))

    def test_the_listing_offers_a_search_among_its_pages_and_the_search_narrowed_by_its_keyword(self):
        soup = self.get_soup(self.client.get(keyword_url("participation")).content)
        form = soup.select_one("form.listing__search")
        self.assertEqual(form["action"], reverse("search"))
        self.assertEqual(normalise(form.label.get_text()), "Chercher parmi les pages avec le mot-clé « participation »")
        self.assertEqual(
            form.select_one('input[type="hidden"]').attrs | {},
            {"type": "hidden", "name": "keyword", "value": "participation"},
        )
        link = soup.select_one(".listing__search-link a")
        url = urlsplit(link["href"])
        self.assertEqual((url.path, parse_qs(url.query)), (reverse("search"), {"keyword": ["participation"]}))

    def test_the_search_it_offers_finds_only_the_keywords_pages(self):
        for page in (self.public, self.other, self.untagged):
            refresh_entry(page)  # as publishing it does
        soup = self.get_soup(self.client.get(keyword_url("participation")).content)
        response = self.client.get(soup.select_one(".listing__search-link a")["href"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual([hit.entry.page_id for hit in response.context["outcome"].page], [self.public.pk])
        form = soup.select_one("form.listing__search")
        response = self.client.get(form["action"], {"keyword": "territoire", "q": "décret"})
        self.assertEqual([hit.entry.page_id for hit in response.context["outcome"].page], [self.other.pk])

    def test_the_listing_is_paginated_and_bad_page_numbers_never_fail(self):
        for n in range(KEYWORD_PAGES_PER_PAGE):
            tagged("nombreux", parent=self.tree.theme["autres"], title=f"Ressource nombreuse {n}")
        tagged("nombreux", parent=self.tree.theme["autres"], title="La plus ancienne", date="2001-01-01")
        second = self.client.get(keyword_url("nombreux"), {"page": "2"})
        self.assertEqual([page.title for page in second.context["resources"]], ["La plus ancienne"])
        self.assertShows(second, "Page 2 sur 2")
        for page in ("abc", "0", "-1", "99999"):
            with self.subTest(page=page):
                self.assertEqual(self.client.get(keyword_url("nombreux"), {"page": page}).status_code, 200)

    def test_the_listing_runs_a_fixed_number_of_queries_whatever_its_size(self):
        counts = []
        for start, stop in ((0, 3), (3, 30)):
            for n in range(start, stop):
                tagged("compte", parent=self.tree.themes[n % 2], title=f"Compte {n}", listing_image=None)
            self.client.get(keyword_url("compte"))  # the generation's values
            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get(keyword_url("compte")).status_code, 200)
            counts.append(len(context))
        self.assertEqual(counts, [KEYWORD_LISTING_QUERIES, KEYWORD_LISTING_QUERIES])


class KeywordListingCacheTests(PageCacheTestCase):
    """The listing is kept by the page cache (cms/page_cache.py) and changes with the next publication."""

    def test_the_listing_is_cached_and_shows_a_publication_or_an_unpublication_at_once(self):
        self.resource.tags.add("mobilite")
        self.resource.save_revision().publish()
        self.assertHit(keyword_url("mobilite"))
        self.assertHit(keyword_url("mobilite") + "?page=1")
        newcomer = tagged("mobilite", parent=self.tree.theme["autres"], title="Se déplacer ensemble", live=False)
        newcomer.save_revision().publish()
        self.assertShows(self.client.get(keyword_url("mobilite")), "Se déplacer ensemble", "2 ressources")
        for page in (newcomer, self.resource):
            page.refresh_from_db()  # as published
            page.unpublish()
        self.assertEqual(self.client.get(keyword_url("mobilite")).status_code, 404)
