"""Importing resources (pages/importing.py, `manage.py import_resources`): the README's sample file imports, twice
without creating anything twice; --dry-run writes nothing and says what it would do; every problem is reported by
line in French while the good lines are imported; files are checked like contributions'; CSV and XLSX alike."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from pages import models as m
from search.models import SearchEntry
from tests.factories.media import minimal_pdf
from tests.pages.base import SiteTreeTestCase

SAMPLE = Path(settings.BASE_DIR) / "docs" / "import" / "exemple-ressources.csv"
SAMPLE_FILES = SAMPLE.parent / "fichiers"


def run(*args, **options):
    out = io.StringIO()
    call_command("import_resources", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


class ImportTests(SiteTreeTestCase):
    def test_the_sample_file_imports_drafts_with_their_keywords_document_and_links_and_twice_is_once(self):
        out = run(str(SAMPLE), files=str(SAMPLE_FILES))
        self.assertIn("4 ligne(s) : 4 ressource(s) créée(s), 0 déjà présente(s), 0 refusée(s).", out)
        guide = m.ResourcePage.objects.get(slug="decret-une-page")
        self.assertEqual(
            (guide.title, guide.get_parent().slug, guide.resource_type, str(guide.date), guide.live),
            ("Le décret en une page", "expliquer-le-decret", "guide", "2024-09-15", False),
        )
        self.assertEqual(sorted(tag.name for tag in guide.tags.all()), ["décret", "reconnaissance"])
        document = guide.documents.get().document
        self.assertEqual((document.title, document.collection.name), ("Decret en une page", "Documents"))
        self.assertTrue(document.file.read().startswith(b"%PDF-"))
        self.assertEqual(str(m.ResourcePage.objects.get(slug="grille-entretien-ap").date), "2025-03-12")  # 12/03/2025
        self.assertEqual(str(m.ResourcePage.objects.get(slug="video-droits-culturels").date), "2025-11-20")
        self.assertEqual(
            m.ResourcePage.objects.get(slug="calendrier-reconnaissance").external_url,
            "https://www.centresculturels.be/",
        )
        self.assertFalse(SearchEntry.objects.filter(page__slug="decret-une-page").exists())  # a draft is not found

        again = run(str(SAMPLE), files=str(SAMPLE_FILES))
        self.assertIn("4 ligne(s) : 0 ressource(s) créée(s), 4 déjà présente(s), 0 refusée(s).", again)
        self.assertEqual(m.ResourcePage.objects.count(), 4)
        self.assertEqual(m.PlatformDocument.objects.count(), 1)

    def test_a_dry_run_says_what_it_would_create_and_writes_nothing(self):
        out = run(str(SAMPLE), files=str(SAMPLE_FILES), dry_run=True)
        self.assertIn("Ligne 2 : créerait « Le décret en une page » dans « Expliquer le décret » (brouillon).", out)
        self.assertIn("4 ressource(s) à créer", out)
        self.assertFalse(m.ResourcePage.objects.exists())
        self.assertFalse(m.PlatformDocument.objects.exists())

    def test_publish_makes_them_live_and_searchable(self):
        run(str(SAMPLE), files=str(SAMPLE_FILES), publish=True)
        guide = m.ResourcePage.objects.get(slug="decret-une-page")
        self.assertTrue(guide.live)
        self.assertTrue(SearchEntry.objects.filter(page=guide).exists())

    def test_every_problem_is_reported_by_line_in_french_and_the_good_lines_are_imported(self):
        folder = Path(self.tmp_dir())
        (folder / "faux.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
        (folder / "vrai.pdf").write_bytes(minimal_pdf("Un vrai PDF"))
        table = folder / "ressources.csv"
        table.write_text(
            "Titre,Thématique,Type,Résumé,Date,Fichier,URL\n"
            "Bonne ligne,Autres,Outil,Un résumé.,2025-02-01,vrai.pdf,\n"
            "Thème inconnu,Culture,Outil,Un résumé.,2025-02-01,,\n"
            "Date fausse,Autres,Outil,Un résumé.,31/02/2025,,\n"
            ",Autres,Outil,,2025-02-01,,\n"
            "Type inconnu,Autres,Podcast,Un résumé.,,,\n"
            "Mauvaise adresse,Autres,,Un résumé.,,,ftp://exemple\n"
            "Fichier absent,Autres,,Un résumé.,,absent.pdf,\n"
            "Fichier déguisé,Autres,,Un résumé.,,faux.pdf,\n"
            "Chemin,Autres,,Un résumé.,,../../etc/passwd,\n",
            encoding="utf-8",
        )
        out = run(str(table), files=str(folder))
        for expected in (
            "Ligne 3 : thématique « Culture » inconnue (attendue : ",
            "Ligne 4 : date « 31/02/2025 » illisible (écrivez 2026-11-20 ou 20/11/2026).",
            "Ligne 5 : le titre est vide.",
            "Ligne 5 : le résumé est vide.",
            "Ligne 6 : type « Podcast » inconnu (attendu : ",
            "Ligne 7 : adresse « ftp://exemple » invalide (elle doit commencer par https://).",
            f"Ligne 8 : fichier « absent.pdf » introuvable dans {folder}.",
            "Ligne 9 : « faux.pdf »",
            f"Ligne 10 : fichier « ../../etc/passwd » introuvable dans {folder}.",
            "9 ligne(s) : 1 ressource(s) créée(s), 0 déjà présente(s), 8 refusée(s) (lignes 3, 4, 5, 6, 7, 8, 9, 10).",
        ):
            self.assertIn(expected, out)
        self.assertEqual(list(m.ResourcePage.objects.values_list("title", flat=True)), ["Bonne ligne"])
        self.assertEqual(m.PlatformDocument.objects.count(), 1)

    def test_an_xlsx_with_english_headers_imports_like_a_csv(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["Title", "Theme", "Type", "Summary", "Keywords", "Date"])
        sheet.append(["Un classeur", "analyse-partagee", "guide", "Importé d'Excel.", "excel; tableur", None])
        path = Path(self.tmp_dir()) / "ressources.xlsx"
        workbook.save(path)
        out = run(str(path))
        self.assertIn("1 ressource(s) créée(s)", out)
        page = m.ResourcePage.objects.get(title="Un classeur")
        self.assertEqual(page.get_parent().slug, "analyse-partagee")
        self.assertEqual(sorted(tag.name for tag in page.tags.all()), ["excel", "tableur"])

    def test_a_file_that_cannot_be_imported_is_refused_as_a_whole_in_french(self):
        folder = Path(self.tmp_dir())
        (folder / "sans-colonnes.csv").write_text("Auteur;Prénom\nA;B\n", encoding="utf-8")
        (folder / "notes.txt").write_text("rien", encoding="utf-8")
        with self.assertRaisesMessage(CommandError, "Colonnes manquantes : « Titre », « Thématique », « Résumé »."):
            run(str(folder / "sans-colonnes.csv"))
        with self.assertRaisesMessage(CommandError, "Le fichier doit être un tableau CSV (.csv) ou Excel (.xlsx)."):
            run(str(folder / "notes.txt"))

    def tmp_dir(self):
        import shutil
        import tempfile

        path = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, path, True)
        return path


DOSSIER_SAMPLE = SAMPLE.parent / "exemple-dossiers.csv"


def run_dossiers(*args, **options):
    out = io.StringIO()
    call_command("import_dossiers", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


class DossierImportTests(SiteTreeTestCase):
    def test_the_sample_dossiers_import_with_their_centres_and_twice_is_once(self):
        existing = m.CulturalCentre.objects.create(
            name="Centre culturel de la Vallée", commune="Vallée", province=m.Province.LIEGE
        )
        out = run_dossiers(str(DOSSIER_SAMPLE), files=str(SAMPLE_FILES))
        self.assertIn("2 ligne(s) : 2 dossier(s) créé(s), 0 déjà présent(s), 0 refusée(s).", out)
        example = m.DossierPage.objects.get(slug="exemple-2023")
        self.assertEqual(
            (example.centre.name, example.centre.commune, example.centre.province, example.status),
            ("Centre culturel de l'Exemple", "Exemple-sur-Meuse", "namur", "approuve"),
        )
        self.assertEqual(
            (example.submission_year, example.recognition_period, example.access_mode),
            (2023, "2024–2028", "telechargement"),
        )
        self.assertEqual(
            example.contextualisation,
            "<p>Un territoire rural, une équipe de quatre personnes, un premier contrat-programme.</p>",
        )
        self.assertEqual([theme.slug for theme in example.themes.all()], ["analyse-partagee"])
        self.assertEqual(example.documents.count(), 1)
        self.assertFalse(example.live)
        self.assertEqual(m.DossierPage.objects.get(slug="vallee-2025").centre, existing)  # matched by its name
        again = run_dossiers(str(DOSSIER_SAMPLE), files=str(SAMPLE_FILES))
        self.assertIn("2 ligne(s) : 0 dossier(s) créé(s), 2 déjà présent(s), 0 refusée(s).", again)
        self.assertEqual(m.CulturalCentre.objects.count(), 2)

    def test_dossier_problems_are_reported_by_line(self):
        folder = Path(self.tmp_dir())
        table = folder / "dossiers.csv"
        table.write_text(
            "Titre;Centre;Commune;Province;Statut;Année de dépôt;Début;Fin;Mode d'accès;Contextualisation\n"
            "Sans fichier;CC A;A;Namur;Approuvé;2023;;;Téléchargement direct;Un contexte.\n"
            "Centre inconnu;CC B;;;;2023;;;;Un contexte.\n"
            "Mauvaises années;CC C;C;Hainaut;Classé;vingt;2028;2024;;Un contexte.\n",
            encoding="utf-8",
        )
        out = run_dossiers(str(table), files=str(folder))
        for expected in (
            "Ligne 2 : un dossier en téléchargement direct doit avoir au moins un fichier (colonne « Fichiers »).",
            "Ligne 3 : centre « CC B » inconnu : donnez sa commune et sa province pour le créer.",
            "Ligne 4 : statut « Classé » inconnu (attendu : « Approuvé », « En cours de traitement »).",
            "Ligne 4 : l'année de dépôt « vingt » n'est pas une année (par ex. 2024).",
            "Ligne 4 : la fin de la reconnaissance précède son début.",
            "3 ligne(s) : 0 dossier(s) créé(s), 0 déjà présent(s), 3 refusée(s) (lignes 2, 3, 4).",
        ):
            self.assertIn(expected, out)
        self.assertFalse(m.DossierPage.objects.exists())
        self.assertFalse(m.CulturalCentre.objects.exists())

    tmp_dir = ImportTests.tmp_dir
