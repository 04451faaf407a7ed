"""Uploads: hostile names, a submission's files together, and refusals through the form."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings

from pages.contributions.uploads import display_name, validate_upload, validate_uploads
from pages.models import Contribution, ContributionFile
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data, files_on_disk, text_of
from tests.pages.contributions.test_uploads import HOSTILE, HOSTILE_PDFS, HTML, refusal
from tests.pages.upload_samples import (
    image_bytes,
    pdf_bytes,
    upload,
)

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

PDF_CASES = {case[0]: case for case in HOSTILE_PDFS}
HTTP_CASES = [case for case in HOSTILE if case[0] != "empty-pdf"] + [
    ("pdf-hex-escaped-javascript", "formulaire.pdf", *PDF_CASES["hex-escaped-names"][1:]),
    ("pdf-javascript-in-object-stream", "formulaire.pdf", *PDF_CASES["action-in-an-object-stream"][1:]),
    ("pdf-header-then-garbage", "faux.pdf", *PDF_CASES["header-then-garbage"][1:]),
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
