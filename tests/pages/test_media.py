"""Documents and images uploaded or served through Wagtail: a full temporary directory, downloads, metadata."""

import html
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import UploadedFile
from wagtail.utils.file import hash_filelike

from cms.outages import ADMIN_UNAVAILABLE_MESSAGE
from pages.models import PlatformDocument
from tests.factories.media import DocumentFactory
from tests.pages.contribution_helpers import big_pdf_upload, full_upload_directory
from tests.pages.upload_samples import PRIVATE_WORDS, image_bytes, is_red, photo_with_metadata, upload


@pytest.fixture
def spool(tmp_path):
    directory = tmp_path / "spool"
    directory.mkdir()
    return directory


# --- A full temporary directory ---------------------------------------------------------------------------------


def test_an_editor_uploading_into_a_full_temporary_directory_gets_a_french_503_and_no_file_stays(editor_client, spool):
    with full_upload_directory(spool):
        response = editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": big_pdf_upload("programme.pdf")},
            headers={"X-Requested-With": "XMLHttpRequest"},
        )
    assert response.status_code == 503
    assert response.json() == {"message": ADMIN_UNAVAILABLE_MESSAGE}
    assert list(spool.iterdir()) == []
    assert PlatformDocument.objects.count() == 0


# --- Metadata of images uploaded in the admin -------------------------------------------------------------------


def stored_bytes(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def assert_without_metadata(published, size):
    for private in PRIVATE_WORDS:
        assert private not in published
    assert b"Exif\x00\x00" not in published
    with Image.open(io.BytesIO(published)) as image:
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "comment", "photoshop", "Author"} & set(image.info)
        assert image.size == size
        pixels = image.convert("RGB")
        assert is_red(pixels.getpixel((size[0] - 1, 0)))  # upright: the EXIF orientation was applied


@pytest.mark.parametrize(("name", "image_format"), [("reunion.jpg", "JPEG"), ("affiche.png", "PNG")])
def test_an_image_uploaded_in_the_admin_is_stored_upright_without_its_metadata(editor_client, name, image_format):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Réunion du comité", "file": upload(name, photo_with_metadata(image_format)), "collection": 1},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Réunion du comité")
    published = stored_bytes(image.file)
    assert_without_metadata(published, (48, 64))
    assert (image.width, image.height) == (48, 64)
    assert image.file_size == len(published)
    assert image.file_hash == hash_filelike(io.BytesIO(published))


def test_images_uploaded_several_at_once_lose_their_metadata_too(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("reunion.jpg", photo_with_metadata()), "collection": 1},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.json()["success"] is True
    assert_without_metadata(stored_bytes(get_image_model().objects.get().file), (48, 64))


def test_a_file_the_multiple_uploader_keeps_for_later_is_stored_without_its_metadata(admin_user):
    upload_object = UploadedFile.objects.create(
        file=upload("reunion.jpg", photo_with_metadata()),
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        uploaded_by_user=admin_user,
    )
    assert_without_metadata(stored_bytes(upload_object.file), (48, 64))


def test_a_photo_uploaded_as_a_document_is_stored_without_its_metadata(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Photo de groupe", "file": upload("groupe.jpg", photo_with_metadata()), "collection": 1},
    )
    assert response.status_code == 302
    document = PlatformDocument.objects.get(title="Photo de groupe")
    published = stored_bytes(document.file)
    assert_without_metadata(published, (48, 64))
    assert document.file_size == len(published)


def test_an_admin_image_over_the_pixel_limit_is_refused_in_french(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Plan", "file": upload("plan.png", image_bytes(size=(9400, 9400), mode="1")), "collection": 1},
    )
    assert response.status_code == 200
    assert "Ce fichier a un trop grand nombre de pixels (88360000). Nombre maximum de pixels 40000000." in (
        html.unescape(response.content.decode())
    )
    assert not get_image_model().objects.exists()


# --- Downloads: attachment unless an editor chose otherwise -----------------------------------------------------


def test_a_published_pdf_is_downloaded_not_opened_in_the_browser(client, db):
    document = DocumentFactory(title="Programme de la saison")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_pdf_an_editor_chose_to_open_in_the_browser_is_served_inline(client, db):
    document = DocumentFactory(open_in_browser=True)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{document.filename}"'


def test_the_editor_chooses_it_in_the_document_form_in_french(editor_client):
    document = DocumentFactory(title="Programme de la saison")
    page = html.unescape(editor_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode())
    assert "Ouvrir dans le navigateur" in page
    assert "un document reçu de l'extérieur reste plus sûr en téléchargement" in page
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "collection": document.collection_id, "open_in_browser": "on"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.open_in_browser is True
