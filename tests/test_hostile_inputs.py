"""Any input on the public read side gets a 2xx, a 3xx or a French 4xx, never a 500.

First the probes that answered 500 (issue 13) with the answer each now gets; then every public entry point
(pages and listings with their filters and `?page=`, feeds, sitemap, robots, iCal, /recherche/ and its
suggestions, the read API) walked with a set of hostile values in each parameter it reads.
"""

import html
import io
import re

from django.core.management import call_command

from tests.api.base import APITestCase

CONTROL_MESSAGE = (
    "L'adresse demandée contient un caractère de contrôle (par exemple %00), qu'aucun lien du site ne contient : "
    "elle ne peut pas être lue."
)
WORDS_150 = "+".join(f"mot{n}" for n in range(150))

# Raw query-string values (already percent-encoded, as a client may send them).
HOSTILE_VALUES = {
    "nul": "%00",
    "nul inside": "d%C3%A9cret%00",
    "escape": "%1b",
    "delete": "%7f",
    "c1 control": "%c2%85",
    "invalid utf-8": "%ff",
    "truncated utf-8": "%c3",
    "bad utf-8 pair": "%c3%28",
    "lone percent": "%",
    "150 words": WORDS_150,
    "10,000 characters": "a" * 10_000,
    "huge number": "9" * 30,
    "negative number": "-1",
    "float overflow": "1e400",
    "unknown operator": "xyz",
    "markup": "%3Cscript%3E%22%27",
    "empty": "",
}
ENGLISH = re.compile(r"\b(the|must|is|not|invalid|does|cannot|error|found|expected|value)\b", re.IGNORECASE)


class HostileInputCase(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())

    def assert_answer(self, url, response):
        """No 5xx; a 4xx says what went wrong in French (JSON `message` under /api/, the French error page)."""
        self.assertLess(response.status_code, 500, url[:200])
        if response.status_code < 400:
            return
        if url.startswith("/api/"):
            self.assertEqual(response["Content-Type"], "application/json", url[:200])
            message = response.json()["message"]
            self.assertTrue(message, url[:200])
            self.assertIsNone(ENGLISH.search(message), f"{url[:200]}: {message}")
        else:
            text = html.unescape(response.content.decode())
            self.assertIn('<html lang="fr-BE"', text, url[:200])
            self.assertRegex(text, r'class="error-page__title">[^<]*[a-zé]', url[:200])

    def get(self, url):
        response = self.client.get(url)
        self.assert_answer(url, response)
        return response


class ProbeTests(HostileInputCase):
    """The probes of issue 13, each with the answer it now gets."""

    def assert_control_character_refused(self, url):
        response = self.get(url)
        self.assertEqual(response.status_code, 400, url)
        if url.startswith("/api/"):
            self.assertEqual(response.json(), {"message": CONTROL_MESSAGE})
        else:
            text = html.unescape(response.content.decode())
            self.assertIn('<h1 class="error-page__title">Requête invalide</h1>', text)
            self.assertIn(CONTROL_MESSAGE, text)

    def test_a_nul_in_an_api_search_is_a_french_400_not_a_data_error(self):
        for url in (
            "/api/v2/pages/?search=%00",
            "/api/v2/documents/?search=%00",
            "/api/v2/images/?search=%00",
            "/api/v2/pages/?type=pages.ResourcePage&search=d%C3%A9cret%00",
            "/api/v2/search/?q=%00",
            "/api/v2/search/autocomplete/?q=carto%00graphie",
        ):
            with self.subTest(url):
                self.assert_control_character_refused(url)

    def test_a_nul_in_a_path_is_a_french_400(self):
        for url in ("/api/v2/pages/find/?html_path=/%00/", "/flux/%00/rss/", "/flux/%00/atom/", "/%00/"):
            with self.subTest(url):
                self.assert_control_character_refused(url)

    def test_other_control_characters_are_refused_too(self):
        for url in ("/recherche/?q=%1b[31m", "/?page=%07", "/recherche/suggestions/?q=%7f", "/?%00=1"):
            with self.subTest(url):
                self.assert_control_character_refused(url)

    def test_tabs_and_line_breaks_pasted_in_a_search_are_spaces(self):
        response = self.get("/recherche/?q=canevas%09analyse%0d%0a")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["search_query"], "canevas analyse")

    def test_an_api_address_nothing_answers_is_a_json_404(self):
        for url in ("/api/v2/nimporte-quoi/", "/api/v2/pages/%ff/", "/api/v2/documents/-1/"):
            with self.subTest(url):
                response = self.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"message": "Contenu introuvable."})
        response = self.get("/nimporte-quoi/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("Cette page est introuvable", response.content.decode())

    def test_150_words_are_a_french_400_on_the_api(self):
        for url in ("/api/v2/documents/?search=", "/api/v2/pages/?search=", "/api/v2/images/?search="):
            with self.subTest(url):
                response = self.get(url + WORDS_150)
                self.assertEqual(response.status_code, 400)
                self.assertIn(
                    "La recherche compte trop de mots : 32 au plus (elle en compte 150).",
                    response.json()["errors"]["search"],
                )

    def test_an_unknown_search_operator_is_a_french_400(self):
        for url in ("/api/v2/images/?search=a&search_operator=xyz", "/api/v2/pages/?search=a&search_operator=xyz"):
            with self.subTest(url):
                response = self.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    response.json()["errors"], {"search_operator": ["Opérateur inconnu : « xyz » (« and » ou « or »)."]}
                )


class EntryPointTests(HostileInputCase):
    """Every public entry point, each parameter it reads, each hostile value: never a 5xx."""

    def entry_points(self):
        c = self.content
        theme = self.tree.theme["constituer-son-dossier"]
        listing_filters = ["page", "type", "status", "year", "province", "access", "category", "theme"]
        search = ["q", "type", "theme", "resource_type", "status", "year", "province", "sort", "page"]
        api_list = ["search", "search_operator", "limit", "offset", "fields", "order"]
        return [
            ("/", ["page"]),
            (self.tree.theme_index.url, ["page"]),
            (theme.url, listing_filters),
            (self.tree.dossier_library.url, listing_filters),
            (self.tree.link_library.url, listing_filters),
            (self.tree.workshop_index.url, listing_filters),
            (c.resource.url, ["page"]),
            ("/flux/rss/", ["page"]),
            ("/flux/atom/", ["page"]),
            ("/flux/rencontres.ics", ["page"]),
            (f"/flux/{theme.slug}/rss/", ["page"]),
            (f"/flux/{theme.slug}/atom/", ["page"]),
            ("/sitemap.xml", ["p", "page"]),
            ("/robots.txt", ["page"]),
            ("/recherche/", search),
            ("/recherche/suggestions/", ["q"]),
            (
                "/api/v2/pages/",
                [*api_list, "type", "child_of", "descendant_of", "ancestor_of", "theme", "year", "period", "title"],
            ),
            (f"/api/v2/pages/{c.resource.pk}/", ["fields", "rich_text_format"]),
            ("/api/v2/pages/find/", ["html_path"]),
            ("/api/v2/images/", api_list),
            ("/api/v2/documents/", api_list),
            ("/api/v2/search/", [*search, "limit", "offset"]),  # `page` refused there: still no 5xx
            ("/api/v2/search/autocomplete/", ["q"]),
        ]

    def test_no_hostile_value_in_any_parameter_gives_a_5xx(self):
        for path, parameters in self.entry_points():
            for parameter in parameters:
                for name, value in HOSTILE_VALUES.items():
                    url = f"{path}?{parameter}={value}"
                    with self.subTest(url=url[:120], value=name):
                        self.get(url)

    def test_repeated_parameters_give_no_5xx(self):
        for path, parameters in self.entry_points():
            for parameter in parameters:
                url = f"{path}?{parameter}=1&{parameter}=%ff&{parameter}={WORDS_150}"
                with self.subTest(url=url[:120]):
                    self.get(url)

    def test_hostile_path_segments_give_no_5xx(self):
        theme = self.tree.theme["constituer-son-dossier"]
        for segment in ("%00", "%ff", "%c3", "%", "a" * 2_000, "9" * 30, "-1", ".."):
            for template in (
                "/{}/",
                f"{theme.url}{{}}/",
                "/flux/{}/rss/",
                "/flux/{}/atom/",
                "/api/v2/pages/{}/",
                "/api/v2/images/{}/",
                "/api/v2/documents/{}/",
                "/api/v2/pages/find/?html_path=/{}/",
            ):
                url = template.format(segment)
                with self.subTest(url=url[:120]):
                    self.get(url)
