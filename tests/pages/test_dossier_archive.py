"""« Télécharger tout le dossier (ZIP) » (pages/dossier_archive.py, `<dossier URL>telecharger/`): the archive opened
and its members checked; only for a directly downloadable dossier and only its public documents; built once per
version of its documents, written a chunk at a time (never whole in memory)."""

import io
import os
import tempfile
import tracemalloc
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.models import PageViewRestriction

from pages import dossier_archive
from pages import models as m
from tests.factories import CulturalCentreFactory, DocumentFactory, DossierPageFactory
from tests.pages.base import SiteTreeTestCase, normalise
from tests.pages.test_restricted_documents import restricted_collection

SECRET = "Budget confidentiel du centre"


def archive_url(dossier):
    return dossier.url + "telecharger/"


def members(response):
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def stored_archives(dossier):
    try:
        _folders, files = default_storage.listdir(dossier_archive.ARCHIVE_FOLDER)
    except FileNotFoundError:
        return []
    return sorted(name for name in files if name.startswith(f"{dossier.pk}-"))


class DossierArchiveTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        centre = CulturalCentreFactory(name="Centre culturel de Marchin", commune="Marchin", province=m.Province.LIEGE)
        cls.project = DocumentFactory(
            title="Projet d'action culturelle", file=ContentFile(b"%PDF-1 projet", "projet.pdf")
        )
        cls.analysis = DocumentFactory(title="Analyse partagée", file=ContentFile(b"%PDF-1 analyse", "analyse.pdf"))
        cls.same_name = DocumentFactory(title="Annexe", file=ContentFile(b"%PDF-1 annexe", "analyse.pdf"))
        cls.secret = DocumentFactory(
            title=SECRET, file=ContentFile(b"%PDF-1 comptes", "comptes.pdf"), collection=restricted_collection("CA")
        )
        cls.dossier = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Contrat-programme du Centre culturel de Marchin",
            centre=centre,
            status=m.DossierStatus.APPROVED,
            submission_year=2019,
            recognition_start=2020,
            recognition_end=2024,
            access_mode=m.AccessMode.DOWNLOAD,
            contextualisation="<p>Un territoire rural en bord de Meuse.</p><p>Une équipe de six personnes.</p>",
            documents=[
                m.DossierPageDocument(document=d) for d in (cls.project, cls.analysis, cls.same_name, cls.secret)
            ],
        )

    def tearDown(self):
        for name in stored_archives(self.dossier):
            default_storage.delete(f"{dossier_archive.ARCHIVE_FOLDER}/{name}")
        super().tearDown()

    def test_the_dossier_page_offers_the_whole_dossier_in_one_download(self):
        soup = self.get_soup(self.get_page(self.dossier).content)
        link = soup.select_one(".document-archive a")
        self.assertEqual(normalise(link.get_text()), "Télécharger tout le dossier (ZIP)")
        self.assertEqual(link["href"], archive_url(self.dossier))
        self.assertIn("3 documents et une fiche LISEZ-MOI", normalise(soup.select_one(".document-archive").get_text()))

    def test_the_archive_holds_the_public_documents_and_a_french_readme(self):
        response = self.client.get(archive_url(self.dossier))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertIn(
            'attachment; filename="dossier-centre-culturel-de-marchin-2019.zip"', response["Content-Disposition"]
        )
        files = members(response)
        self.assertEqual(
            list(files),
            ["LISEZ-MOI.txt", "01 - Projet d'action culturelle.pdf", "02 - Analyse partagée.pdf", "03 - Annexe.pdf"],
        )
        self.assertEqual(files["01 - Projet d'action culturelle.pdf"], b"%PDF-1 projet")
        self.assertEqual(files["03 - Annexe.pdf"], b"%PDF-1 annexe")
        readme = files["LISEZ-MOI.txt"].decode("utf-8")
        for expected in (
            "Contrat-programme du Centre culturel de Marchin",
            "Centre culturel : Centre culturel de Marchin (Marchin, Liège)",
            "Statut : Approuvé",
            "Année de dépôt : 2019",
            "Période de reconnaissance : 2020–2024",
            "comme des sources d'inspiration, pas comme des modèles à suivre",
            "Un territoire rural en bord de Meuse.",
            "Une équipe de six personnes.",
            "- 03 - Annexe.pdf",
            f"Le dossier en ligne : http://localhost{self.dossier.url}",
        ):
            self.assertIn(expected, readme)
        self.assertNotIn("<p>", readme)
        self.assertNotIn("comptes", " ".join(files))
        self.assertNotIn(SECRET, readme)

    def test_a_person_to_person_dossier_has_no_archive(self):
        self.dossier.access_mode = m.AccessMode.PERSON_TO_PERSON
        self.dossier.save_revision().publish()
        self.assertEqual(self.client.get(archive_url(self.dossier)).status_code, 404)
        self.assertIsNone(self.get_soup(self.get_page(self.dossier).content).select_one(".document-archive"))

    def test_a_dossier_whose_only_documents_are_restricted_has_no_archive(self):
        dossier = DossierPageFactory(
            parent=self.tree.dossier_library,
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=self.secret)],
        )
        self.assertEqual(self.client.get(archive_url(dossier)).status_code, 404)

    def test_a_dossier_behind_a_login_keeps_its_archive_behind_it(self):
        PageViewRestriction.objects.create(page=self.dossier, restriction_type=PageViewRestriction.LOGIN)
        response = self.client.get(archive_url(self.dossier))
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.assertEqual(stored_archives(self.dossier), [])

    def test_a_draft_dossier_has_no_archive(self):
        draft = DossierPageFactory(
            parent=self.tree.dossier_library,
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=self.project)],
            live=False,
        )
        self.assertEqual(self.client.get(draft.url + "telecharger/").status_code, 404)

    def test_the_archive_is_built_once_per_version_and_revalidated_by_its_etag(self):
        first = self.client.get(archive_url(self.dossier))
        members(first)
        kept = stored_archives(self.dossier)
        self.assertEqual(len(kept), 1)
        again = self.client.get(archive_url(self.dossier))
        members(again)
        self.assertEqual(stored_archives(self.dossier), kept)
        self.assertEqual(again["ETag"], first["ETag"])
        self.assertEqual(self.client.get(archive_url(self.dossier), HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 304)

        # A document replaced: a new version, the old archive removed.
        self.project.file.save("projet-v2.pdf", ContentFile(b"%PDF-1 projet, version 2"))
        self.project._set_document_file_metadata()
        self.project.save()
        changed = self.client.get(archive_url(self.dossier))
        self.assertNotEqual(changed["ETag"], first["ETag"])
        self.assertEqual(members(changed)["01 - Projet d'action culturelle.pdf"], b"%PDF-1 projet, version 2")
        self.assertEqual(len(stored_archives(self.dossier)), 1)
        self.assertNotEqual(stored_archives(self.dossier), kept)

    def test_a_missing_file_is_left_out_rather_than_failing_the_download(self):
        lost = DocumentFactory(title="Document perdu", file=ContentFile(b"%PDF-1 perdu", "perdu.pdf"))
        self.dossier.documents.create(document=lost)
        self.dossier.save_revision().publish()
        lost.file.storage.delete(lost.file.name)
        with self.assertLogs("pages.dossier_archive", "WARNING"):
            files = members(self.client.get(archive_url(self.dossier)))
        self.assertEqual(len(files), 4)
        self.assertNotIn("Document perdu", " ".join(files))

    def test_titles_become_safe_file_names(self):
        self.project.title = 'Budget 2024/2025 : "prévisions"?'
        self.assertEqual(dossier_archive.member_names([self.project]), ["01 - Budget 2024 2025 prévisions.pdf"])

    def test_a_large_document_is_written_in_chunks_not_held_in_memory(self):
        size = 24 * 1024 * 1024
        large = DocumentFactory(title="Annexes scannées", file=ContentFile(os.urandom(size), "annexes.pdf"))
        self.dossier.documents.create(document=large)
        with tempfile.TemporaryFile() as sink:
            tracemalloc.start()
            try:
                dossier_archive.write_archive(self.dossier, [large], sink)
                _current, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        self.assertLess(peak, 4 * 1024 * 1024)
