"""The public search page's tests' corpus (tests/search/test_search_page*.py)."""

import io
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command

from tests.pages.base import SiteTreeTestCase, normalise

SEARCH_URL = "/recherche/"


def rebuild_entries():
    """What publishing does: one search entry per live public page (factories do not publish)."""
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())


class SearchPageCase(SiteTreeTestCase):
    def search(self, query=None, **params):
        if query is not None:
            params["q"] = query
        response = self.client.get(SEARCH_URL, params)
        self.assertEqual(response.status_code, 200, repr(params)[:120])
        return response

    def hits(self, response):
        """[(title, url)] of the hits, in the page's order."""
        soup = self.get_soup(response.content)
        return [(normalise(a.get_text()), a["href"]) for a in soup.select(".search-hit__title a")]

    def hit_titles(self, response):
        return [title for title, _url in self.hits(response)]

    def hit(self, response, page):
        soup = self.get_soup(response.content)
        link = soup.select_one(f'.search-hit__title a[href="{page.url}"]')
        self.assertIsNotNone(link, f"{page.title} is not among the hits")
        return link.find_parent("li")

    def facet_counts(self, response, name):
        """{label: count} of one facet of the sidebar."""
        soup = self.get_soup(response.content)
        section = soup.find(id=f"facet-{name}")
        if section is None:
            return {}
        counts = {}
        for option in section.find_parent("section").select(".facet__option"):
            label = normalise(option.select_one(".facet__label").find(string=True, recursive=False))
            count = option.select_one(".facet__count").get_text()
            counts[label] = int("".join(ch for ch in count if ch.isdigit()))
        return counts

    def facet_link(self, response, name, label):
        soup = self.get_soup(response.content)
        for option in soup.find(id=f"facet-{name}").find_parent("section").select(".facet__option"):
            if normalise(option.select_one(".facet__label").get_text()).startswith(label):
                return option["href"]
        self.fail(f"no option {label!r} in facet {name!r}")

    def assertParams(self, url, **expected):
        params = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
        for name, value in expected.items():
            self.assertEqual(params.get(name), value, f"{name} in {url}")
        return params
