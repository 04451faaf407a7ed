"""Files are accepted by what they contain: every hostile upload is refused, named, and nothing is stored."""

import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image

from pages import uploads
from pages.models import Contribution, ContributionFile
from pages.uploads import display_name, validate_upload, validate_uploads
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data, files_on_disk, text_of
from tests.pages.upload_samples import (
    docx_bytes,
    docx_with,
    image_bytes,
    odf_bytes,
    ods_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)

ZEROS_MB = b"\0" * (1024 * 1024)


def refusal(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    (message,) = caught.value.messages
    return message


# --- Genuine files ---------------------------------------------------------------------------------------------

GENUINE = [
    ("canevas.pdf", pdf_bytes, "pdf"),
    ("grille.docx", docx_bytes, "docx"),
    ("budget.xlsx", xlsx_bytes, "xlsx"),
    ("projet.odt", odf_bytes, "odt"),
    ("tableau.ods", ods_bytes, "ods"),
    ("photo.jpg", lambda: image_bytes("JPEG"), "jpeg"),
    ("photo.JPEG", lambda: image_bytes("JPEG"), "jpeg"),
    ("affiche.png", image_bytes, "png"),
    ("Rapport d'activités 2023 v1.2 (final).pdf", pdf_bytes, "pdf"),
    ("Présentation été.odt", odf_bytes, "odt"),
]


@pytest.mark.parametrize(("name", "make", "file_type"), GENUINE, ids=[case[0] for case in GENUINE])
def test_genuine_files_are_accepted_with_their_type_size_and_hash(name, make, file_type):
    content = make()
    validated = validate_upload(upload(name, content))
    assert validated.file_type == file_type
    assert validated.original_name == name
    assert validated.size == len(content)
    assert len(validated.sha256) == 64


def test_a_long_pdf_whose_compressed_streams_contain_pk_bytes_by_chance_is_accepted():
    content = pdf_bytes() + b"\n% stream bytes PK\x03\x04\xff\xff\xff\xff\xff\xff\n"
    assert validate_upload(upload("rapport.pdf", content)).file_type == "pdf"


# --- Hostile contents ------------------------------------------------------------------------------------------

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


def macro_docx():
    return docx_with(
        extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")],
        content_types=lambda xml: xml.replace(
            "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
        ),
    )


def many_members_docx():
    return docx_with(extra=[(f"word/media/image{n}.bin", b"x") for n in range(uploads.MAX_MEMBERS + 1)])


def odt_bomb_by_total_size():
    # Each member stays under the ratio check (< 1 Mo), together they unpack to more than 100 Mo.
    member = b"\0" * (1024 * 1024 - 1)
    return odf_bytes(extra=[(f"Pictures/{n}.bin", member, zipfile.ZIP_DEFLATED) for n in range(101)])


def encrypted_flag_docx():
    data = bytearray(docx_bytes())
    # Set the "encrypted" flag of every entry in the central directory.
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


HOSTILE = [
    ("html-renamed-pdf", "facture.pdf", lambda: HTML, "n'est pas un PDF : c'est une page HTML"),
    ("svg-renamed-pdf", "logo.pdf", lambda: SVG, "n'est pas un PDF : c'est une image SVG"),
    ("script-renamed-pdf", "outil.pdf", lambda: b"#!/bin/sh\nrm -rf ~\n", "n'est pas un PDF : c'est un script"),
    ("exe-renamed-docx", "grille.docx", lambda: b"MZ\x90\x00" + b"\0" * 200, "c'est un programme"),
    ("svg-renamed-png", "logo.png", lambda: SVG, "n'est pas un PNG : c'est une image SVG"),
    (
        "pdf-with-html",
        "polyglotte.pdf",
        lambda: b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + pdf_bytes()[9:],
        "HTML ou du script en plus du PDF (fichier polyglotte)",
    ),
    ("pdf-plus-zip", "rapport.pdf", lambda: pdf_bytes() + zip_bytes(), "archive ZIP cachée dans le PDF"),
    ("jpeg-plus-zip", "photo.jpg", lambda: image_bytes("JPEG") + zip_bytes(), "archive ZIP cachée dans le JPEG"),
    ("png-plus-docx", "affiche.png", lambda: image_bytes() + docx_bytes(), "archive ZIP cachée dans le PNG"),
    (
        "pdf-with-javascript",
        "formulaire.pdf",
        lambda: pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>"),
        "le PDF contient du JavaScript",
    ),
    (
        "docx-bomb-ratio",
        "bombe.docx",
        lambda: docx_with(extra=[("word/media/zeros.bin", ZEROS_MB * 8)]),
        "bombe de décompression",
    ),
    ("odt-bomb-total", "bombe.odt", odt_bomb_by_total_size, "dépasse 100 Mo"),
    ("docx-many-members", "membres.docx", many_members_docx, "trop d'éléments"),
    (
        "docx-path-traversal",
        "traversee.docx",
        lambda: docx_with(extra=[("../../../etc/cron.d/evil", b"* * * * * root sh")]),
        "chemin de fichier dangereux",
    ),
    (
        "odt-absolute-path",
        "absolu.odt",
        lambda: odf_bytes(extra=[("/etc/passwd", b"root", zipfile.ZIP_DEFLATED)]),
        "chemin de fichier dangereux",
    ),
    ("docx-macros", "macro.docx", macro_docx, "contient des macros"),
    (
        "odt-macros",
        "macro.odt",
        lambda: odf_bytes(extra=[("Basic/Standard/Module1.xml", b"<script/>", zipfile.ZIP_DEFLATED)]),
        "contient des macros",
    ),
    ("docx-encrypted", "secret.docx", encrypted_flag_docx, "chiffré"),
    ("docx-named-odt", "projet.odt", docx_bytes, "l'extension « .odt » ne correspond pas au contenu"),
    ("odt-named-docx", "projet.docx", odf_bytes, "l'extension « .docx » ne correspond pas au contenu"),
    ("xlsx-named-docx", "budget.docx", xlsx_bytes, "l'extension « .docx » ne correspond pas au contenu"),
    ("plain-zip-named-docx", "archive.docx", zip_bytes, "n'est pas un document accepté"),
    (
        "odt-compressed-mimetype",
        "projet.odt",
        lambda: odf_bytes(mimetype_compressed=True),
        "n'est pas un document accepté",
    ),
    ("docx-plus-trailing-data", "suite.docx", lambda: docx_bytes() + HTML, "suivie d'autres données"),
    ("png-named-jpg", "photo.jpg", image_bytes, "n'est pas un JPEG : c'est une image PNG"),
    ("broken-png", "casse.png", lambda: image_bytes()[:60] + b"\0" * 200, "endommagée ou illisible"),
    ("empty-pdf", "vide.pdf", lambda: b"", "le fichier est vide"),
]


@pytest.mark.parametrize(("name", "make", "reason"), [case[1:] for case in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_content_is_refused_with_the_file_name_and_the_reason(name, make, reason):
    message = refusal(name, make())
    assert message.startswith(f"« {name} » : ")
    assert reason in message


def test_an_image_with_more_pixels_than_pillow_allows_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    message = refusal("panorama.png", image_bytes(size=(40, 40)))
    assert message == "« panorama.png » : l'image est trop grande (40 × 40 pixels)."
    # Twice the limit: Pillow itself refuses to open it (a decompression bomb).
    message = refusal("bombe.jpg", image_bytes("JPEG", size=(100, 100)))
    assert message == "« bombe.jpg » : l'image est trop grande (plus de 1000 pixels)."


def test_a_file_over_the_size_limit_is_refused():
    with override_settings(CONTRIBUTION_MAX_FILE_SIZE=1_000):
        message = refusal("gros.pdf", pdf_bytes(pages=3))
    assert message.startswith("« gros.pdf » : le fichier est trop volumineux (")
    assert "1000\xa0octets au maximum" in message


# --- Hostile names ---------------------------------------------------------------------------------------------

NAMES = [
    ("rapport.pdf.exe", "« rapport.pdf.exe » : ce type de fichier n'est pas accepté"),
    ("facture.exe.pdf", "double extension"),
    ("page.html.pdf", "double extension"),
    (".htaccess.pdf", "commence par un point"),
    ("CON.pdf", "« CON » est un nom réservé par Windows"),
    ("lpt1.docx", "nom réservé par Windows"),
    ("a" * 150 + ".pdf", "le nom du fichier est trop long (154 caractères, 120 au maximum)"),
    ("rap\x00port.pdf", "« rap?port.pdf » : le nom du fichier contient des caractères de contrôle"),
    ("retour\r\nBcc: x@y.be.pdf", "caractères de contrôle"),
    ("photo\u202egpj.exe.pdf", "caractères de contrôle ou invisibles"),
    ("..\\..\\windows\\evil.pdf", "chemin de dossier"),
    ("C:evil.pdf", "chemin de dossier"),
    ("rapport..pdf", "contient « .. »"),
    ("rapport.pdf.", "se termine par une espace ou un point"),
    (
        "sans-extension",
        "ce type de fichier n'est pas accepté. Formats acceptés : PDF, DOCX, ODT, XLSX, ODS, JPEG, PNG.",
    ),
    ("image.svg", "ce type de fichier n'est pas accepté"),
]


@pytest.mark.parametrize(("name", "reason"), NAMES, ids=[repr(case[0])[:40] for case in NAMES])
def test_hostile_names_are_refused_before_the_content_is_read(name, reason):
    assert reason in refusal(name, pdf_bytes())


def test_a_genuine_file_with_a_path_is_still_refused_when_it_reaches_the_checks_with_it():
    # Django's request parser keeps only the last part of a name; another caller could pass a path.
    file = ContentFile(pdf_bytes(), name="../../rapport.pdf")
    with pytest.raises(ValidationError, match="chemin de dossier"):
        validate_upload(file)


# --- A submission's files together -----------------------------------------------------------------------------


def test_more_than_five_files_are_refused():
    files = [upload(f"piece-{n}.pdf", pdf_bytes()) for n in range(6)]
    with pytest.raises(ValidationError) as caught:
        validate_uploads(files)
    assert caught.value.messages == ["Vous avez joint 6 fichiers : 5 au maximum par contribution."]


def test_every_refused_file_is_reported_not_only_the_first():
    files = [upload("ok.pdf", pdf_bytes()), upload("faux.pdf", HTML), upload("CON.png", image_bytes())]
    with pytest.raises(ValidationError) as caught:
        validate_uploads(files)
    messages = caught.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("« faux.pdf »") and messages[1].startswith("« CON.png »")


def test_files_over_the_total_limit_are_refused():
    content = pdf_bytes()
    with (
        override_settings(CONTRIBUTION_MAX_TOTAL_SIZE=len(content) * 2 - 1),
        pytest.raises(ValidationError, match="pèsent ensemble"),
    ):
        validate_uploads([upload("un.pdf", content), upload("deux.pdf", content)])


# --- Through the form: status 400, the message on the page, nothing stored -------------------------------------

HTTP_CASES = [case for case in HOSTILE if case[0] != "empty-pdf"] + [
    ("double-extension", "facture.exe.pdf", pdf_bytes, "double extension"),
    ("leading-dot", ".htaccess.pdf", pdf_bytes, "commence par un point"),
    ("reserved-name", "AUX.pdf", pdf_bytes, "nom réservé par Windows"),
    ("long-name", "r" * 130 + ".pdf", pdf_bytes, "le nom du fichier est trop long"),
    ("dots", "rapport..pdf", pdf_bytes, "contient « .. »"),
]


@pytest.fixture
def contribution_page(db, private_media):
    return build_contribution_tree().contribution_page


@pytest.mark.parametrize(("name", "make", "reason"), [case[1:] for case in HTTP_CASES], ids=[c[0] for c in HTTP_CASES])
def test_the_form_refuses_a_hostile_file_with_status_400_and_stores_nothing(
    client, contribution_page, private_media, name, make, reason
):
    data = contribution_data(kind="lien", url="https://www.exemple.be/outil")
    data["files"] = [upload("correct.pdf", pdf_bytes()), upload(name, make())]
    response = client.post(contribution_page.get_url(), data)
    assert response.status_code == 400
    page = text_of(response)
    assert f"« {display_name(name)} » : " in page
    assert reason in page
    assert Contribution.objects.count() == 0
    assert ContributionFile.objects.count() == 0
    assert files_on_disk(private_media) == []


@override_settings(CONTRIBUTION_MAX_FILE_SIZE=2_000)
def test_the_form_refuses_an_oversized_file_and_stores_nothing(client, contribution_page, private_media):
    data = contribution_data(kind="lien", url="https://www.exemple.be/", themes=[])
    data["files"] = [upload("gros.pdf", pdf_bytes(pages=4))]
    response = client.post(contribution_page.get_url(), data)
    assert response.status_code == 400
    assert "« gros.pdf » : le fichier est trop volumineux" in text_of(response)
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_the_form_refuses_six_files_and_stores_nothing(client, contribution_page, private_media):
    data = contribution_data(kind="lien", url="https://www.exemple.be/", themes=[])
    data["files"] = [upload(f"piece-{n}.pdf", pdf_bytes()) for n in range(6)]
    response = client.post(contribution_page.get_url(), data)
    assert response.status_code == 400
    assert "Vous avez joint 6 fichiers : 5 au maximum par contribution." in text_of(response)
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []
