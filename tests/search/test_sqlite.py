"""French search on the database backend (search/sqlite.py on SQLite, the embedded default; the same cases hold on
PostgreSQL): plurals, inflections, accents, elisions, compounds and phrases; then what only SQLite has: the
entries' own FTS table kept in step, and the ranking by weighted bm25()."""

import datetime
import io
import unittest

from django.core.management import call_command
from django.db import connection

from pages import models as m
from search import indexing
from search.models import SearchEntry
from search.queries import SearchParams, search_content
from tests.factories import DocumentFactory, DossierPageFactory, ResourcePageFactory
from tests.factories.pages import paragraph
from tests.pages.base import SiteTreeTestCase


def rebuild_entries():
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())


class FrenchSearchCase(SiteTreeTestCase):
    def found(self, query, **params):
        outcome = search_content(SearchParams(query=query, **params), per_page=50)
        return [hit.entry.page_id for hit in outcome.page.object_list]

    def assertFinds(self, query, *pages):
        found = self.found(query)
        for page in pages:
            self.assertIn(page.pk, found, f"{query!r} does not find {page.title!r}")
        return found

    @classmethod
    def resource(cls, title, summary="Une fiche.", body="Une page.", **kwargs):
        return ResourcePageFactory(
            parent=cls.tree.theme["autres"], title=title, summary=summary, body=[paragraph(body)], **kwargs
        )


class FrenchMatchingTests(FrenchSearchCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.checklist = cls.resource(
            "Liste de contrôle du dossier", "Ce que le dossier approuvée doit contenir.", "Une pièce par rubrique."
        )
        cls.decree = cls.resource("Le décret en bref", "Trois pages pour un premier regard.")
        cls.diagnostic = cls.resource(
            "Mener l'analyse partagée", "Habitants et partenaires lisent ensemble leur territoire."
        )
        cls.apart = cls.resource(
            "Le partage des rôles", "Une analyse du conseil, puis le budget est partagé entre les équipes."
        )
        cls.programme = cls.resource("Préparer son contrat-programme", "Les étapes d'une candidature.")
        cls.evaluation = cls.resource("Evaluation continue", "Un tableau de bord sans accents dans le titre.")
        cls.board = cls.resource("Le rôle du conseil", "Les statuts du conseil d'administration.")
        rebuild_entries()

    def test_plurals_find_the_singular(self):
        self.assertFinds("dossiers", self.checklist)
        self.assertFinds("décrets", self.decree)
        self.assertFinds("contrats", self.programme)

    def test_inflections_find_each_other(self):
        self.assertFinds("approuvés", self.checklist)
        self.assertFinds("partager", self.diagnostic, self.apart)

    def test_accents_typed_or_not_find_the_accented_page(self):
        self.assertFinds("analyse partagee", self.diagnostic)
        self.assertFinds("analyse partagée", self.diagnostic)
        self.assertFinds("évaluations", self.evaluation)
        self.assertFinds("DÉCRET", self.decree)

    def test_elided_articles_are_ignored(self):
        self.assertFinds("l'analyse partagée", self.diagnostic)
        self.assertFinds("d'administration", self.board)
        self.assertFinds("l’évaluation", self.evaluation)

    def test_hyphenated_compounds_find_their_plural_and_parts(self):
        self.assertFinds("contrats-programmes", self.programme)
        self.assertFinds("contrat programme", self.programme)
        self.assertEqual(self.found('"contrats-programmes"'), [self.programme.pk])

    def test_a_phrase_needs_its_words_side_by_side(self):
        found = self.found('"analyses partagées"')
        self.assertIn(self.diagnostic.pk, found)
        self.assertNotIn(self.apart.pk, found)  # « analyse » and « partagé » far apart
        self.assertIn(self.apart.pk, self.found("analyses partagées"))  # without quotes, anywhere


@unittest.skipUnless(
    connection.vendor == "sqlite", "search/sqlite.py is the SQLite backend (PostgreSQL: test_postgres)"
)
class SQLiteRankingTests(FrenchSearchCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        filler = " ".join(["Le centre accueille les habitants et les associations du quartier."] * 30)
        cls.titled = cls.resource("Le tamis des projets", "Une grille pour choisir.", date=datetime.date(2019, 1, 1))
        cls.summarised = cls.resource("Choisir ses projets", "Le tamis en quatre questions.")
        cls.short_body = cls.resource("Une grille courte", "Pour trier.", "Le tamis, pas à pas, en dix lignes.")
        cls.long_body = cls.resource("Rapport annuel", "Le rapport.", f"{filler} Un mot du tamis. {filler}")
        pdf = DocumentFactory(title="Annexe")
        m.PlatformDocument.objects.filter(pk=pdf.pk).update(
            text_content=f"{filler} Le tamis figure en annexe. {filler}"
        )
        pdf.refresh_from_db()
        cls.in_document = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Dossier de Ciney",
            summary="Un dossier.",
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=pdf)],
        )
        cls.together = cls.resource(
            "Atelier", "Une fanfare municipale ouvre la saison.", date=datetime.date(2020, 1, 1)
        )
        cls.apart = cls.resource(
            "Atelier",
            "Une fanfare joue. " + "Les bénévoles rangent les chaises et les tables. " * 3 + "La municipale suit.",
            date=datetime.date(2024, 1, 1),
            slug="atelier-bis",
        )
        rebuild_entries()

    def test_title_then_summary_then_body_then_documents(self):
        found = self.found("tamis")
        expected = [self.titled, self.summarised, self.short_body, self.long_body, self.in_document]
        self.assertEqual([pk for pk in found if pk in {p.pk for p in expected}], [p.pk for p in expected])

    def test_a_short_focused_body_comes_before_a_long_one(self):
        found = self.found("tamis")
        self.assertLess(found.index(self.short_body.pk), found.index(self.long_body.pk))

    def test_words_standing_together_come_first(self):
        # Same words, same fields; the older page has them side by side.
        found = self.found("fanfare municipale")
        self.assertEqual(found[:2], [self.together.pk, self.apart.pk])

    def test_sorting_by_date_ignores_the_score(self):
        found = search_content(SearchParams(query="tamis", sort="date"), per_page=50).page.object_list
        dates = [hit.entry.date for hit in found]
        self.assertEqual(dates, sorted(dates, reverse=True))


@unittest.skipUnless(connection.vendor == "sqlite", "search/sqlite.py is the SQLite backend")
class SQLiteIndexTests(FrenchSearchCase):
    def fts_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, title FROM platform_search_entry_fts ORDER BY rowid")
            return cursor.fetchall()

    def test_publishing_editing_and_unpublishing_keep_the_fts_table_in_step(self):
        page = self.resource("Les décrets expliqués", "Une synthèse.")
        indexing.refresh_entry(page)
        entry = SearchEntry.objects.get(page=page)
        self.assertIn((entry.pk, "decret expliqu"), self.fts_rows())
        page.title = "Les budgets expliqués"
        page.save()
        indexing.refresh_entry(page)
        self.assertIn((entry.pk, "budget expliqu"), self.fts_rows())
        self.assertEqual(self.found("décret"), [p for p in self.found("décret") if p != page.pk])
        self.assertIn(page.pk, self.found("budgets"))
        page.unpublish()
        indexing.refresh_entry(page)
        self.assertNotIn(entry.pk, [rowid for rowid, _title in self.fts_rows()])

    def test_rebuilding_writes_one_row_per_entry_and_drops_stale_ones(self):
        self.resource("Le tamis des projets")
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO platform_search_entry_fts (rowid, title) VALUES (999999, 'x')")
        rebuild_entries()
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(
            sorted(rowid for rowid, _title in self.fts_rows()), sorted(SearchEntry.objects.values_list("pk", flat=True))
        )

    def test_autocomplete_still_completes_titles(self):
        from search.queries import autocomplete

        self.resource("Décret et territoire")
        rebuild_entries()
        self.assertIn("Décret et territoire", [item["title"] for item in autocomplete("déc")])
