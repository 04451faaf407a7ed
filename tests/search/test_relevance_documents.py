"""The French relevance suite (tests/search/test_relevance.py), continued on the same corpus and backends: the
documents' contents, what is never found (drafts, private pages and documents), autocomplete, the public page."""

from search.queries import autocomplete
from tests.search.relevance_support import FrenchRelevanceCorpus, backend_test_classes, needs, needs_stemming


class DocumentsPrivacyAutocompleteCases(FrenchRelevanceCorpus):
    """Documents' contents, drafts and private content, autocomplete, the public page."""

    # Documents' contents

    def test_word_only_in_an_attached_pdf_finds_its_dossier(self):
        outcome = self.search("bibliobus")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_rochefort.pk])
        hit = outcome.page.object_list[0]
        self.assertEqual(hit.excerpt_document, self.bibliobus_pdf.title)
        self.assertIn("<mark>bibliobus</mark>", hit.excerpt)

    @needs_stemming
    def test_inflected_word_of_an_attached_pdf(self):
        self.assertFinds("village", self.dossier_rochefort)

    # Never found: drafts, private pages, private documents (titles included)

    def test_drafts_are_never_found(self):
        self.assertEqual(self.found("brouillon"), [])
        self.assertEqual(self.found("réforme"), [])
        self.assertNotIn(self.draft.pk, self.found("decret"))

    def test_private_pages_are_never_found(self):
        self.assertEqual(self.found("calendrier"), [])
        self.assertNotIn(self.private.pk, self.found("decret"))

    def test_private_documents_are_never_found(self):
        self.assertEqual(self.found("zythologie"), [])
        self.assertEqual(self.found("annexes budgétaires"), [])
        # The dossier itself is found by its own words, without an excerpt of the private document.
        outcome = self.search("Marchin")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.dossier_marchin.pk])
        self.assertEqual(outcome.page.object_list[0].excerpt_document, "")

    def test_autocomplete_never_offers_drafts_or_private_pages(self):
        titles = [result["title"] for result in autocomplete("note interne")] + [
            result["title"] for result in autocomplete("brouillon")
        ]
        self.assertNotIn(self.private.title, titles)
        self.assertNotIn(self.draft.title, titles)

    # Autocomplete

    def test_autocomplete_title_prefix(self):
        titles = [result["title"] for result in autocomplete("expliq")]
        self.assertIn(self.decret.title, titles)
        self.assertIn(self.decret.title, [result["title"] for result in autocomplete("Expliquer le déc")])
        titles = [result["title"] for result in autocomplete("Expliquer le décret à son conseil d'adm")]
        self.assertEqual(titles[:1], [self.decret.title])

    @needs("unaccented_autocomplete")
    def test_autocomplete_without_accents(self):
        self.assertIn(self.decret.title, [result["title"] for result in autocomplete("expliquer le dec")])

    def test_autocomplete_centre(self):
        results = autocomplete("Rochef")
        self.assertIn(self.dossier_rochefort.title, [result["title"] for result in results])
        result = next(r for r in results if r["title"] == self.dossier_rochefort.title)
        self.assertEqual(result["type"], "dossier")
        self.assertIn("Rochefort", result["centre"])
        self.assertEqual(result["url"], self.dossier_rochefort.url)

    def test_autocomplete_theme(self):
        results = autocomplete("constituer son")
        self.assertIn(("Constituer son dossier", "thematique"), [(r["title"], r["type"]) for r in results])

    def test_autocomplete_after_an_elided_article(self):
        self.assertIn(self.analyse.title, [result["title"] for result in autocomplete("l'analyse part")])

    # The public page

    def test_search_page_shows_the_results(self):
        response = self.client.get("/recherche/", {"q": "decret"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.decret.url)
        self.assertEqual(response.context["outcome"].notice, "")


globals().update(backend_test_classes(DocumentsPrivacyAutocompleteCases, "FrenchRelevanceDocuments", __name__))
