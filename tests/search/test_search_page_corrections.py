"""Corrections that are never wrong about correct words (/recherche/ and `search_content`): a word of the content,
of its documents, or an inflection of one, is searched as typed; a correction is used only when the query as typed
finds nothing, and the notice shows the query as it was searched."""

from pages import models as m
from search.models import LexiconWord
from search.queries import SearchParams, search_content
from tests.factories import DocumentFactory, DossierPageFactory, ResourcePageFactory
from tests.factories.pages import paragraph
from tests.search.search_page_base import SearchPageCase, rebuild_entries


class CorrectionNoticeTests(SearchPageCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        theme = cls.tree.theme["autres"]
        for n, title in enumerate(["De quelle manière animer", "Une autre manière de faire", "La manière douce"]):
            ResourcePageFactory(
                parent=theme,
                title=title,
                summary="Une manière de travailler avec les habitants.",
                body=[paragraph("Chacun à sa manière.")],
                slug=f"maniere-{n}",
            )
        cls.report = DocumentFactory(title="Histoire industrielle de Verviers")
        m.PlatformDocument.objects.filter(pk=cls.report.pk).update(
            text_content="La filature lainiere de la vallée employait trois cents ouvriers en 1900."
        )
        cls.report.refresh_from_db()
        cls.verviers = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Dossier du Centre culturel de Verviers",
            summary="Un projet sur la mémoire ouvrière.",
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=cls.report)],
        )
        cls.approved = ResourcePageFactory(
            parent=theme,
            title="Exemples de dossier",
            summary="Une demande de reconnaissance approuvée par la Fédération.",
            body=[paragraph("Trois exemples commentés.")],
        )
        cls.programme = ResourcePageFactory(
            parent=theme,
            title="Rédiger son contrat-programme",
            summary="Les rubriques du contrat-programme, une par une.",
            body=[paragraph("Un canevas commenté.")],
        )
        rebuild_entries()

    def test_a_word_only_in_a_document_is_found_as_typed_with_the_document_excerpt(self):
        for query in ("lainiere", "lainières"):
            with self.subTest(query=query):
                response = self.search(query)
                self.assertNotIn("correction de", self.visible_text(response))
                self.assertEqual(self.hits(response)[0][1], self.verviers.url)
                excerpt = self.hit(response, self.verviers).select_one(".search-hit__excerpt")
                self.assertIn("Dans le document « Histoire industrielle de Verviers » :", self.visible_text_of(excerpt))
                self.assertEqual([mark.get_text() for mark in excerpt.find_all("mark")], ["lainiere"])

    def test_an_inflection_of_a_word_of_the_content_is_not_corrected(self):
        response = self.search("dossiers approuvés")
        self.assertNotIn("correction de", self.visible_text(response))
        self.assertNotIn("Aucune page ne contient tous ces mots", self.visible_text(response))
        self.assertIn(self.approved.url, [url for _title, url in self.hits(response)])

    def test_the_notice_shows_a_corrected_hyphenated_word_as_searched(self):
        response = self.search("contrat-programe")
        self.assertShows(response, "pour « contrat-programme »", "(correction de « contrat-programe »)")
        self.assertEqual(self.hits(response)[0][1], self.programme.url)
        outcome = search_content(SearchParams(query="l'contrat-programe"))
        self.assertEqual(outcome.corrected_query, "l'contrat-programme")

    def test_a_correction_is_not_used_when_the_query_as_typed_finds_pages(self):
        # A vocabulary out of step (the word not learnt yet): « lainiere » looks like a typo of « manière »,
        # but the query as typed finds the dossier, so it is searched as typed.
        LexiconWord.objects.filter(word="lainiere").delete()
        outcome = search_content(SearchParams(query="lainiere"))
        self.assertEqual(outcome.corrected_query, "")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.verviers.pk])

    def test_a_typo_is_corrected_when_the_query_as_typed_finds_nothing(self):
        outcome = search_content(SearchParams(query="filature lainere"))
        self.assertEqual(outcome.corrected_query, "filature lainiere")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.verviers.pk])

    def test_with_no_page_holding_every_word_any_word_is_searched_as_typed_before_corrected(self):
        # « manufacture » is nowhere: no page has both words; « filature » alone finds the dossier, uncorrected.
        outcome = search_content(SearchParams(query="filature manufacture lainere"))
        self.assertTrue(outcome.matched_any_word)
        self.assertEqual(outcome.corrected_query, "")
        outcome = search_content(SearchParams(query="manufacture lainere"))
        self.assertTrue(outcome.matched_any_word)
        self.assertEqual(outcome.corrected_query, "manufacture lainiere")
        self.assertEqual([hit.entry.page_id for hit in outcome.page.object_list], [self.verviers.pk])

    def visible_text_of(self, tag):
        from tests.pages.base import normalise

        return normalise(tag.get_text(" "))
