"""Files are accepted by what they contain: every hostile upload is refused, named, and nothing is stored."""

import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import override_settings
from PIL import Image

from pages import pdf_inspection
from pages.contributions import file_checks
from pages.contributions.uploads import validate_upload
from tests.pages.upload_samples import (
    docx_bytes,
    docx_with,
    image_bytes,
    odf_bytes,
    ods_bytes,
    pdf_bytes,
    pdf_document,
    upload,
    xlsx_bytes,
    zip_bytes,
)
from tests.search.documents import encrypted_pdf_bytes

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

JS_ACTION = b"<< /S /JavaScript /JS (app.alert(document.cookie)) >>"
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
    return docx_with(extra=[(f"word/media/image{n}.bin", b"x") for n in range(file_checks.MAX_MEMBERS + 1)])


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
    ("html-renamed-pdf", "facture.pdf", lambda: HTML, "l'extension « .pdf », mais c'est en réalité une page HTML"),
    ("svg-renamed-pdf", "logo.pdf", lambda: SVG, "l'extension « .pdf », mais c'est en réalité une image SVG"),
    ("script-renamed-pdf", "outil.pdf", lambda: b"#!/bin/sh\nrm -rf ~\n", "mais c'est en réalité un script"),
    ("exe-renamed-docx", "grille.docx", lambda: b"MZ\x90\x00" + b"\0" * 200, "c'est en réalité un programme"),
    ("svg-renamed-png", "logo.png", lambda: SVG, "l'extension « .png », mais c'est en réalité une image SVG"),
    (
        "text-renamed-pdf",
        "notes.pdf",
        lambda: b"Des notes en texte brut.\n",
        "« notes.pdf » : ce fichier porte l'extension « .pdf », mais son contenu n'est pas celui d'un fichier PDF.",
    ),
    (
        "pdf-with-html",
        "polyglotte.pdf",
        lambda: b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + pdf_bytes()[9:],
        "ce PDF cache du HTML ou un script : il n'est pas accepté.",
    ),
    ("pdf-plus-zip", "rapport.pdf", lambda: pdf_bytes() + zip_bytes(), "ce PDF cache une archive ZIP"),
    ("jpeg-plus-zip", "photo.jpg", lambda: image_bytes("JPEG") + zip_bytes(), "ce JPEG cache une archive ZIP"),
    ("png-plus-docx", "affiche.png", lambda: image_bytes() + docx_bytes(), "ce PNG cache une archive ZIP"),
    (
        "pdf-with-javascript",
        "formulaire.pdf",
        lambda: pdf_document(catalog=b"/OpenAction " + JS_ACTION),
        "le PDF contient du JavaScript",
    ),
    (
        "docx-bomb-ratio",
        "bombe.docx",
        lambda: docx_with(extra=[("word/media/zeros.bin", ZEROS_MB * 8)]),
        "le document est anormalement compressé",
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
    (
        "docx-named-odt",
        "projet.odt",
        docx_bytes,
        "l'extension « .odt » ne correspond pas au contenu du fichier, qui est au format DOCX (Word) : "
        "renommez-le en « .docx ».",
    ),
    ("odt-named-docx", "projet.docx", odf_bytes, "l'extension « .docx » ne correspond pas au contenu"),
    ("xlsx-named-docx", "budget.docx", xlsx_bytes, "l'extension « .docx » ne correspond pas au contenu"),
    ("plain-zip-named-docx", "archive.docx", zip_bytes, "n'est pas un document accepté"),
    (
        "odt-compressed-mimetype",
        "projet.odt",
        lambda: odf_bytes(mimetype_compressed=True),
        "n'est pas un document accepté",
    ),
    ("docx-plus-trailing-data", "suite.docx", lambda: docx_bytes() + HTML, "suivi de données qui n'en font pas partie"),
    ("png-named-jpg", "photo.jpg", image_bytes, "l'extension « .jpg », mais c'est en réalité une image PNG"),
    ("broken-png", "casse.png", lambda: image_bytes()[:60] + b"\0" * 200, "endommagée ou illisible"),
    ("empty-pdf", "vide.pdf", lambda: b"", "le fichier est vide"),
]


@pytest.mark.parametrize(("name", "make", "reason"), [case[1:] for case in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_content_is_refused_with_the_file_name_and_the_reason(name, make, reason):
    message = refusal(name, make())
    assert message.startswith(f"« {name} » : ")
    assert reason in message


# --- PDFs, read by a real parser -------------------------------------------------------------------------------

JAVASCRIPT = "le PDF contient du JavaScript, qui n'est pas accepté."
LAUNCH = "le PDF contient une action qui lance un programme (« Launch »), qui n'est pas acceptée."
EMBEDDED = (
    "le PDF contient des fichiers incorporés (pièces jointes), qui ne sont pas acceptés : envoyez ces fichiers "
    "séparément."
)
UNREADABLE = "le fichier n'est pas un PDF lisible (structure endommagée ou incomplète)."
TOO_COMPLEX = "le PDF est trop complexe pour être vérifié : enregistrez-le à nouveau, plus léger."


def link(action):
    return b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A " + action + b" >>"


HOSTILE_PDFS = [
    ("open-action", lambda: pdf_document(catalog=b"/OpenAction " + JS_ACTION), JAVASCRIPT),
    (
        "hex-escaped-names",
        lambda: pdf_document(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        JAVASCRIPT,
    ),
    (
        "action-in-an-object-stream",
        lambda: pdf_document(catalog=b"/OpenAction 6 0 R", extra=[JS_ACTION], compressed={6}),
        JAVASCRIPT,
    ),
    (
        "names-tree",
        lambda: pdf_document(catalog=b"/Names << /JavaScript << /Names [(init) 6 0 R] >> >>", extra=[JS_ACTION]),
        JAVASCRIPT,
    ),
    ("document-additional-action", lambda: pdf_document(catalog=b"/AA << /WC " + JS_ACTION + b" >>"), JAVASCRIPT),
    ("page-additional-action", lambda: pdf_document(page=b"/AA << /O " + JS_ACTION + b" >>"), JAVASCRIPT),
    (
        "annotation-action-compressed",
        lambda: pdf_document(
            page=b"/Annots [6 0 R]",
            extra=[link(b"7 0 R"), b"<< /S /JavaScript /JS 8 0 R >>", b"<< /Length 5 >>\nstream\nalert\nendstream"],
            compressed={6, 7},
        ),
        JAVASCRIPT,
    ),
    (
        "javascript-link",
        lambda: pdf_document(page=b"/Annots [6 0 R]", extra=[link(b"<< /S /URI /URI (Java\tScript:alert(1)) >>")]),
        JAVASCRIPT,
    ),
    (
        "unreferenced-compressed-object",
        lambda: pdf_document(extra=[b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"], compressed={6}),
        JAVASCRIPT,
    ),
    (
        "object-no-cross-reference-lists",  # the parser never sees it: the raw bytes are looked at too
        lambda: pdf_document() + b"9 0 obj\n" + JS_ACTION + b"\nendobj\n",
        "le PDF contient du JavaScript ou une action de lancement, qui ne sont pas acceptés.",
    ),
    ("launch", lambda: pdf_document(catalog=b"/OpenAction << /S /L#61unch /F (cmd.exe) >>"), LAUNCH),
    (
        "embedded-files",
        lambda: pdf_document(
            catalog=b"/Names << /EmbeddedFiles << /Names [(facture.exe) 6 0 R] >> >>",
            extra=[
                b"<< /Type /Filespec /F (facture.exe) /EF << /F 7 0 R >> >>",
                b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
            ],
        ),
        EMBEDDED,
    ),
    (
        "file-attachment-annotation",
        lambda: pdf_document(
            page=b"/Annots [6 0 R]",
            extra=[b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS (facture.exe) >>"],
        ),
        EMBEDDED,
    ),
    (
        "go-to-embedded",
        lambda: pdf_document(catalog=b"/OpenAction << /S /GoToE /T << /R /C /N (a.pdf) >> >>"),
        EMBEDDED,
    ),
    (
        "duplicate-key",
        lambda: pdf_document(catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >> /OpenAction " + JS_ACTION),
        "le PDF est mal formé (une même information y est définie deux fois) : enregistrez-le à nouveau depuis "
        "votre logiciel.",
    ),
    (
        "password",
        lambda: encrypted_pdf_bytes("Budget confidentiel", user_password="secret"),
        "le PDF est protégé par un mot de passe : envoyez-le sans protection.",
    ),
    ("header-then-garbage", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, UNREADABLE),
    ("truncated", lambda: pdf_bytes()[: len(pdf_bytes()) // 2], UNREADABLE),
    ("no-page", lambda: pdf_document().replace(b"/Kids [3 0 R] /Count 1", b"/Kids []     /Count 0"), UNREADABLE),
    ("nested-5000-deep", lambda: pdf_document(catalog=b"/X " + b"[" * 5000 + b"]" * 5000), UNREADABLE),
]


@pytest.mark.parametrize(("make", "reason"), [case[1:] for case in HOSTILE_PDFS], ids=[c[0] for c in HOSTILE_PDFS])
def test_a_pdf_with_active_content_or_that_does_not_parse_is_refused_with_the_reason(make, reason):
    assert refusal("document.pdf", make()) == f"« document.pdf » : {reason}"


GENUINE_PDFS = [
    ("written-by-fpdf2", pdf_bytes),
    ("hand-written", pdf_document),
    ("objects-compressed", lambda: pdf_document(compressed={1, 2, 3, 5})),
    (
        "with-a-web-link",
        lambda: pdf_document(page=b"/Annots [6 0 R]", extra=[link(b"<< /S /URI /URI (https://www.astrac.be/) >>")]),
    ),
    ("owner-password-only", lambda: encrypted_pdf_bytes("Budget", user_password="")),
]


@pytest.mark.parametrize("make", [case[1] for case in GENUINE_PDFS], ids=[case[0] for case in GENUINE_PDFS])
def test_a_normal_pdf_passes_the_parser(make):
    assert validate_upload(upload("rapport.pdf", make())).file_type == "pdf"


def test_a_big_benign_pdf_is_read_whole_and_accepted():
    content = pdf_bytes(pages=2000)  # about 6,000 objects
    assert len(content) > 800_000
    assert validate_upload(upload("actes-du-colloque.pdf", content)).file_type == "pdf"


def test_a_pdf_with_more_objects_than_the_check_reads_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_inspection, "MAX_OBJECTS", 100)
    assert refusal("actes.pdf", pdf_bytes(pages=50)) == f"« actes.pdf » : {TOO_COMPLEX}"


def test_a_pdf_whose_check_runs_out_of_memory_is_refused_and_the_caller_is_unharmed(monkeypatch):
    # An 8 MB stream the check must read, under an address-space limit below what the child already uses: every
    # allocation that size needs new memory, so the child cannot read it, whatever its heap held before.
    size = 8 * 1024 * 1024
    heavy = pdf_document(extra=(b"<< /Length %d >>\nstream\n%s\nendstream" % (size, b" " * size),))
    monkeypatch.setattr(pdf_inspection, "MAX_MEMORY", 16 * 1024 * 1024)
    assert refusal("actes.pdf", heavy) == f"« actes.pdf » : {TOO_COMPLEX}"
    monkeypatch.undo()
    assert validate_upload(upload("suivant.pdf", heavy)).file_type == "pdf"


def test_a_spooled_pdf_is_read_from_its_temporary_file(tmp_path):
    spooled = TemporaryUploadedFile("formulaire.pdf", "application/pdf", 0, None)
    spooled.write(pdf_document(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"))
    spooled.size = spooled.tell()
    with pytest.raises(ValidationError, match="JavaScript"):
        validate_upload(spooled)
    spooled.close()


def test_a_9400_by_9400_png_is_refused_by_its_header_naming_the_file_and_the_limit():
    content = image_bytes(size=(9400, 9400), mode="1")  # a few kilobytes, 88 million pixels
    assert refusal("plan.png", content) == (
        "« plan.png » : l'image est trop grande (9400 × 9400 pixels ; 40\u202f000\u202f000\u202fpixels au maximum)."
    )


def png_with_garbage_pixels(size):
    """A PNG whose header is sound and whose pixel data is not: only decoding it finds the damage."""
    content = image_bytes(size=size, mode="1")
    return content[:33] + b"\0\0\0\x10IDAT" + b"\xff" * 16 + b"\0\0\0\0" + content[-12:]


def test_an_oversized_image_is_refused_before_any_pixel_is_decoded():
    assert "l'image est endommagée ou illisible" in refusal("plan.png", png_with_garbage_pixels((40, 40)))
    # The same damage at 9400 × 9400: refused for its size, so its pixels were never decoded.
    assert "l'image est trop grande (9400 × 9400 pixels" in refusal("plan.png", png_with_garbage_pixels((9400, 9400)))


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000)
def test_the_pixel_limit_is_the_setting_and_pillows_own_limit_still_applies(monkeypatch):
    message = refusal("panorama.png", image_bytes(size=(40, 40)))
    assert message == "« panorama.png » : l'image est trop grande (40 × 40 pixels ; 1\u202f000\u202fpixels au maximum)."
    # Twice Pillow's limit: Pillow itself refuses to open it (a decompression bomb).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    message = refusal("bombe.jpg", image_bytes("JPEG", size=(100, 100)))
    assert message == "« bombe.jpg » : l'image est trop grande (plus de 1\u202f000\u202fpixels)."


def test_a_file_over_the_size_limit_is_refused():
    with override_settings(CONTRIBUTION_MAX_FILE_SIZE=1_000):
        message = refusal("gros.pdf", pdf_bytes(pages=3))
    assert message.startswith("« gros.pdf » : le fichier est trop volumineux (")
    assert "1000\xa0octets au maximum" in message
