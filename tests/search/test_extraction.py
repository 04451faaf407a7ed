"""Text extraction from PDF, DOCX and ODT files: real files, hostile or broken ones, and the limits."""

import io
import os
import random
import time
import zipfile

import pytest

from pages.demo.files import make_pdf
from search.extraction import MB, Limits, Status, extract_text
from tests.search.documents import (
    docx_bytes,
    docx_with_extra_member,
    encrypted_pdf_bytes,
    odt_bytes,
    pdf_bytes,
    slow_pdf_bytes,
)

PAGES = [
    "Le décret du 21 novembre 2013 relatif aux Centres culturels.",
    "L'analyse partagée du territoire, élaborée avec les habitants et les opérateurs culturels.",
    "Éducation permanente : où en est le contrat-programme ? Ça avance, l'été sera décisif.",
]


@pytest.fixture
def write(tmp_path):
    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


def assert_refused(result, status, *words):
    assert result.text == ""
    assert result.status == status
    for word in words:
        assert word in result.reason


# --- Real documents ---------------------------------------------------------------------------------------------


def test_pdf_of_several_pages_keeps_accents(write):
    result = extract_text(write("dossier.pdf", pdf_bytes(PAGES)), filename="dossier.pdf")
    assert result.status == Status.OK
    assert result.reason == ""
    for expected in ("décret du 21 novembre 2013", "analyse partagée", "Éducation permanente", "Ça avance, l'été"):
        assert expected in result.text


def test_demo_pdfs_yield_their_text(write):
    data = make_pdf(
        "Dossier de reconnaissance de Ciney",
        ["Une analyse partagée menée avec les écoles et les associations du quartier."],
        sections=[("Enjeux", ["Renforcer l'accès à la culture des aînés."])],
    )
    result = extract_text(write("ciney.pdf", data), filename="ciney.pdf")
    assert result.status == Status.OK
    for expected in ("Dossier de reconnaissance de Ciney", "analyse partagée", "écoles", "aînés"):
        assert expected in result.text


def test_docx_paragraphs_and_tables(write):
    data = docx_bytes(
        ["Projet d'action culturelle", "Un projet élaboré après l'analyse partagée."],
        table=[["Enjeu", "Opérateur"], ["Démocratie culturelle", "Centre culturel de Ciney"]],
    )
    result = extract_text(write("projet.docx", data), filename="projet.docx")
    assert result.status == Status.OK
    for expected in ("Projet d'action culturelle", "élaboré après l'analyse partagée", "Démocratie culturelle"):
        assert expected in result.text


def test_odt_paragraphs_headings_and_spaces(write):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text>"
        "<text:h>Rapport d'activités</text:h>"
        '<text:p>Une année <text:span>riche</text:span> en rencontres-ateliers<text:s text:c="3"/>à Liège.</text:p>'
        "<text:p>Deuxième ligne<text:line-break/>après un saut, côté <text:s/>théâtre.</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    result = extract_text(write("rapport.odt", odt_bytes([], content_xml=content)), filename="rapport.odt")
    assert result.status == Status.OK
    assert result.text.splitlines() == [
        "Rapport d'activités",
        "Une année riche en rencontres-ateliers à Liège.",
        "Deuxième ligne",
        "après un saut, côté théâtre.",
    ]


def test_simple_odt(write):
    result = extract_text(write("note.odt", odt_bytes(["Note d'intention", "Une démarche participative."])))
    assert result.status == Status.OK
    assert "Une démarche participative." in result.text


def test_file_object_is_read_as_well(write):
    result = extract_text(io.BytesIO(pdf_bytes(PAGES)), filename="dossier.pdf")
    assert result.status == Status.OK
    assert "analyse partagée" in result.text


def test_content_decides_not_the_name(write):
    result = extract_text(write("projet.pdf", docx_bytes(["Un DOCX nommé comme un PDF"])), filename="projet.pdf")
    assert result.status == Status.OK
    assert "Un DOCX nommé comme un PDF" in result.text


def test_pdf_without_text_is_empty_not_an_error(write):
    result = extract_text(write("scan.pdf", pdf_bytes([""])), filename="scan.pdf")
    assert_refused(result, Status.EMPTY, "no text")


# --- Hostile or broken files: an empty text and a reason, never an exception -----------------------------------


def test_random_bytes_named_pdf(write):
    data = random.Random(3).randbytes(20_000)
    assert_refused(extract_text(write("dossier.pdf", data), filename="dossier.pdf"), Status.UNSUPPORTED, "dossier.pdf")


def test_html_named_pdf(write):
    data = b"<!DOCTYPE html><html><body><p>Pas un PDF</p></body></html>"
    assert_refused(extract_text(write("page.pdf", data), filename="page.pdf"), Status.UNSUPPORTED, "neither a PDF")


def test_truncated_pdf(write):
    data = pdf_bytes(PAGES)
    result = extract_text(write("coupe.pdf", data[: len(data) // 3]), filename="coupe.pdf")
    assert_refused(result, Status.INVALID, "coupe.pdf", "unreadable")


def test_password_protected_pdf(write):
    data = encrypted_pdf_bytes("Un texte confidentiel", user_password="secret")
    assert_refused(extract_text(write("prive.pdf", data), filename="prive.pdf"), Status.ENCRYPTED, "password")


def test_pdf_with_only_an_owner_password_is_read(write):
    data = encrypted_pdf_bytes("Un texte protégé contre la copie", user_password="")
    result = extract_text(write("protege.pdf", data), filename="protege.pdf")
    assert result.status == Status.OK
    assert "protégé contre la copie" in result.text


def test_docx_zip_bomb(write):
    # 40 MB of zeros deflate to about 40 KB: a ratio of 1000.
    data = docx_with_extra_member("word/media/image1.png", 40 * MB)
    assert len(data) < MB
    result = extract_text(write("bombe.docx", data), filename="bombe.docx")
    assert_refused(result, Status.UNSAFE, "compression ratio", "image1.png")


def test_archive_larger_than_the_uncompressed_limit(write):
    # Poorly compressible content: no suspicious ratio, but more than the limit once inflated.
    data = docx_with_extra_member("word/media/image1.png", 3 * MB, pattern=random.Random(1).randbytes(MB))
    limits = Limits(max_uncompressed=2 * MB)
    result = extract_text(write("gros.docx", data), filename="gros.docx", limits=limits)
    assert_refused(result, Status.UNSAFE, "larger than 2 MB")


def test_archive_with_path_traversal(write):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("../../etc/cron.d/evil", "* * * * * root true")
    result = extract_text(write("traversal.docx", out.getvalue()), filename="traversal.docx")
    assert_refused(result, Status.UNSAFE, "suspicious file name")


def test_odt_with_an_entity_bomb(write):
    content = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><text:p>&lol2;</text:p>'
        "</office:document-content>"
    )
    result = extract_text(write("lol.odt", odt_bytes([], content_xml=content)), filename="lol.odt")
    assert_refused(result, Status.INVALID, "EntitiesForbidden")


def test_other_office_archives_are_not_read(write):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert_refused(extract_text(write("budget.odt", out.getvalue())), Status.UNSUPPORTED, "neither a DOCX nor an ODT")


def test_file_over_the_size_limit(write, settings):
    settings.SEARCH_EXTRACTION_MAX_BYTES = 1 * MB
    data = pdf_bytes(PAGES) + b"%" + b"x" * MB
    assert_refused(extract_text(write("gros.pdf", data), filename="gros.pdf"), Status.TOO_LARGE, "larger than 1 MB")
    # A file object (a remote storage) is not read past the limit either.
    assert_refused(extract_text(io.BytesIO(data), filename="gros.pdf"), Status.TOO_LARGE, "gros.pdf")


def test_missing_file():
    assert_refused(extract_text("/nonexistent/dossier.pdf", filename="dossier.pdf"), Status.FAILED, "cannot read")


# --- Limits ------------------------------------------------------------------------------------------------------


def test_only_the_first_pages_are_read(write, settings):
    settings.SEARCH_EXTRACTION_MAX_PAGES = 2
    result = extract_text(write("long.pdf", pdf_bytes(PAGES)), filename="long.pdf")
    assert result.status == Status.TRUNCATED
    assert "only the first 2 of 3 pages" in result.reason
    assert "analyse partagée" in result.text
    assert "Éducation permanente" not in result.text


def test_text_is_cut_at_the_character_limit(write):
    result = extract_text(write("long.pdf", pdf_bytes(PAGES)), filename="long.pdf", limits=Limits(max_chars=40))
    assert result.status == Status.TRUNCATED
    assert "40 characters" in result.reason
    assert 0 < len(result.text) <= 40


def test_docx_text_is_cut_at_the_character_limit(write):
    data = docx_bytes(["Compte rendu"] + [f"Paragraphe {n} de la rencontre-atelier." for n in range(200)])
    result = extract_text(write("long.docx", data), filename="long.docx", limits=Limits(max_chars=100))
    assert result.status == Status.TRUNCATED
    assert "100 characters" in result.reason
    assert result.text.startswith("Compte rendu\nParagraphe 0")
    assert len(result.text) <= 100


def test_a_slow_document_is_stopped_at_the_timeout(write):
    path = write("lent.pdf", slow_pdf_bytes())
    assert os.path.getsize(path) < 100_000
    start = time.monotonic()
    result = extract_text(path, filename="lent.pdf", limits=Limits(timeout=0.5))
    assert time.monotonic() - start < 5
    assert_refused(result, Status.TIMEOUT, "lent.pdf", "0.5 s")


def test_the_memory_limit_ends_the_parser_not_the_caller(write):
    # Its million text operators also make pypdf need hundreds of megabytes.
    path = write("gourmand.pdf", slow_pdf_bytes())
    result = extract_text(path, filename="gourmand.pdf", limits=Limits(max_memory=128 * MB, timeout=60))
    assert_refused(result, Status.FAILED, "memory limit")
    # The caller is unharmed: the next document is read normally.
    assert extract_text(write("suivant.pdf", pdf_bytes(PAGES))).status == Status.OK
