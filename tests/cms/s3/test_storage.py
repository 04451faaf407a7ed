"""Media on S3 (cms/storage.py, django-storages) against moto's standalone S3 server, over real HTTP.

moto's server (`python -m moto.server`, from the dev requirements) runs on 127.0.0.1 for the session, in a port
range of STORAGE_TEST_PORTS ("9100-9119") when it is set, on a port the system gives otherwise. Each test
switches STORAGES to the bucket with override_settings, as `AWS_STORAGE_BUCKET_NAME` would in production.

What is checked for real: where each file lands in the bucket, what an anonymous HTTP GET gets (moto enforces
object ACLs: 403 on a private object), what the application hands out (public URLs for images and public
documents, signed short-lived URLs or Django streaming after the permission check for private files), and what
happens when the store is down (a closed port): French 503s, no row, no file, readiness naming the storage.
moto accepts any signed URL, even an expired one: expiry is checked on the URL (X-Amz-Expires), not by moto."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("moto", reason="moto[server] (requirements-dev.txt) runs the S3 server")

from django.urls import reverse
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from cms.storage import private_storage
from pages.contributions.drafts import PRIVATE_COLLECTION
from pages.contributions.moderation import accept_contribution
from pages.models import (
    AccessMode,
    ContributionFile,
    ContributionKind,
)
from tests.cms.s3.server import EXPIRY, anonymous_get, anonymous_get_with_headers, get_image_model, key_of, text_of
from tests.factories.contributions import ContributionFactory, ContributionFileFactory
from tests.factories.media import DocumentFactory, ImageFactory, minimal_pdf
from tests.pages.contribution_helpers import contribution_data
from tests.pages.upload_samples import image_bytes, pdf_bytes, upload

# --- Public media -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_image_lands_in_the_public_location_and_its_rendition_url_is_public(s3):
    image = ImageFactory()
    assert key_of("media", image.file.name) in s3.keys("media/original_images/")

    rendition = image.get_rendition("fill-120x80")
    assert key_of("media", rendition.file.name) in s3.keys("media/images/")
    # A plain, unsigned URL on the bucket: browsers and caches fetch it directly.
    assert rendition.url == s3.plain_url(f"media/{rendition.file.name}")
    assert "Signature" not in rendition.url
    status, body = anonymous_get(rendition.url)
    assert status == 200
    assert body[:3] == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.django_db
def test_two_uploads_with_the_same_name_are_two_objects(s3):
    first, second = ImageFactory(), ImageFactory()
    assert first.file.name != second.file.name
    assert {key_of("media", first.file.name), key_of("media", second.file.name)} <= set(s3.keys("media/"))


@pytest.mark.django_db
def test_an_editor_uploads_an_image_in_the_admin_to_the_bucket(s3, editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Affiche de la rencontre",
            "collection": Collection.get_first_root_node().pk,
            "file": upload("affiche.png", image_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    image = get_image_model().objects.get(title="Affiche de la rencontre")
    assert s3.read(f"media/{image.file.name}") == image_bytes()


@pytest.mark.django_db
def test_a_public_document_is_public_in_the_bucket_and_served_by_a_redirect(s3, client):
    document = DocumentFactory()
    assert document.file.name.startswith("documents/")
    key = f"media/{document.file.name}"
    assert key in s3.keys("media/documents/")
    assert anonymous_get(s3.plain_url(key))[0] == 200

    # Served by a signed redirect, at which S3 sends the document as a download (an editor may choose otherwise).
    response = client.get(document.url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    signed = response["Location"]
    assert signed.startswith(s3.plain_url(key) + "?")
    assert signed_query(signed)["response-content-disposition"].startswith("attachment; filename=")
    status, headers, body = anonymous_get_with_headers(signed)
    assert status == 200 and body.startswith(b"%PDF-")
    assert (
        headers["Content-Disposition"]
        == f"attachment; filename={document.filename}; filename*=UTF-8''{document.filename}"
    )
    assert headers["Content-Type"] == "application/pdf"

    document.open_in_browser = True
    document.save()
    status, headers, _body = anonymous_get_with_headers(client.get(document.url)["Location"])
    assert status == 200 and headers["Content-Disposition"] == "inline"


# --- Private files: contributions -------------------------------------------------------------------------------


def signed_query(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_a_contribution_file_is_private_in_the_bucket_and_moderators_download_it(s3, client, tree, moderator):
    content = pdf_bytes()
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [upload("Canevas final.pdf", content, "application/pdf")]
    response = client.post("/contribuer/", data)
    assert response.status_code == 302, text_of(response)[:2000]

    stored = ContributionFile.objects.get()
    key = f"private/{stored.file.name}"
    assert s3.keys("private/contributions/") == [key]
    assert s3.read(key) == content
    assert s3.keys("media/contributions/") == []
    # Nobody reads it by its plain address.
    assert anonymous_get(s3.plain_url(key))[0] == 403

    # The storage's own URL is signed and short-lived.
    signed = private_storage.url(stored.file.name)
    query = signed_query(signed)
    assert query["X-Amz-Expires"] == str(EXPIRY)
    assert "X-Amz-Signature" in query
    assert anonymous_get(signed) == (200, content)

    # Moderators download it through Django, after the permission check.
    download = reverse("contribution_file_download", args=[stored.pk])
    client.logout()
    anonymous = client.get(download)
    assert anonymous.status_code in (302, 403)
    assert "X-Amz" not in anonymous.get("Location", "")
    client.force_login(moderator)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert 'filename="Canevas final.pdf"' in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_accepted_files_leave_the_private_location_for_the_public_one(
    s3, tree, moderator, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(kind=ContributionKind.RESOURCE, themes=[tree.theme["autres"]])
    contribution_file = ContributionFileFactory(contribution=contribution)
    private_key = f"private/{contribution_file.file.name}"
    assert private_key in s3.keys("private/")

    with django_capture_on_commit_callbacks(execute=True):
        page = accept_contribution(contribution, moderator=moderator)
    document = page.documents.get().document
    assert s3.read(f"media/{document.file.name}") == minimal_pdf("Contribution")
    assert private_key not in s3.keys("private/")


# --- Private files: restricted documents ------------------------------------------------------------------------


def test_a_person_to_person_dossier_document_is_private_and_served_by_a_signed_url_to_moderators(
    s3, client, tree, moderator, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(
        kind=ContributionKind.DOSSIER,
        new_centre_name="Centre culturel de Marchin",
        access_mode=AccessMode.PERSON_TO_PERSON,
    )
    ContributionFileFactory(contribution=contribution)
    with django_capture_on_commit_callbacks(execute=True):
        page = accept_contribution(contribution, moderator=moderator)
    document = page.documents.get().document
    assert document.collection.name == PRIVATE_COLLECTION
    assert document.file.name.startswith("restricted-documents/")
    key = f"private/{document.file.name}"
    assert key in s3.keys("private/restricted-documents/")
    assert not any(name.endswith(document.filename) for name in s3.keys("media/"))
    assert anonymous_get(s3.plain_url(key))[0] == 403

    # Visitors get Wagtail's restriction (login), never the file's address.
    anonymous = client.get(document.url)
    assert anonymous.status_code in (302, 403)
    assert s3.endpoint not in anonymous.get("Location", "")

    client.force_login(moderator)
    response = client.get(document.url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    signed = response["Location"]
    assert signed.startswith(s3.plain_url(key) + "?")
    query = signed_query(signed)
    assert query["X-Amz-Expires"] == str(EXPIRY)
    assert "X-Amz-Signature" in query
    status, body = anonymous_get(signed)
    assert status == 200 and body.startswith(b"%PDF-")


def test_a_document_follows_its_collection_restriction_both_ways(
    s3, tree, moderator, django_capture_on_commit_callbacks
):
    collection = Collection.get_first_root_node().add_child(name="Dossiers en préparation")
    document = DocumentFactory(collection=collection)
    public_key = f"media/{document.file.name}"
    assert anonymous_get(s3.plain_url(public_key))[0] == 200

    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.LOGIN
        )
    document.refresh_from_db()
    private_key = f"private/{document.file.name}"
    assert document.file.name.startswith("restricted-documents/")
    assert private_key in s3.keys("private/")
    assert public_key not in s3.keys("media/")
    assert anonymous_get(s3.plain_url(private_key))[0] == 403

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    document.refresh_from_db()
    assert document.file.name.startswith("documents/")
    assert anonymous_get(s3.plain_url(f"media/{document.file.name}"))[0] == 200
    assert private_key not in s3.keys("private/")

    # Moved by an editor into a restricted collection: private again.
    restricted = Collection.get_first_root_node().add_child(name="Réservé aux membres")
    CollectionViewRestriction.objects.create(collection=restricted, restriction_type=BaseViewRestriction.LOGIN)
    document.collection = restricted
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    assert document.file.name.startswith("restricted-documents/")
    assert f"private/{document.file.name}" in s3.keys("private/")


# --- Readiness --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_reports_the_storage_ok_against_s3_and_leaves_no_probe(s3, client):
    response = client.get("/readyz/")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["storage"] == {"status": "ok"}
    assert s3.keys("media/readyz/") == [] and s3.keys("private/readyz/") == []


@pytest.mark.django_db
def test_readyz_names_the_storage_when_s3_does_not_answer(s3_down, client):
    started = time.monotonic()
    response = client.get("/readyz/")
    assert time.monotonic() - started < 10  # short timeouts, no retries
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["storage"] == {"status": "indisponible", "message": "Le stockage des fichiers ne répond pas."}
    assert "le stockage des fichiers" in body["message"]
    assert "127.0.0.1" not in response.content.decode()


# --- Settings -------------------------------------------------------------------------------------------------

STORAGES_PROBE = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
out = {}
for alias, entry in module.STORAGES.items():
    options = {k: v for k, v in entry.get("OPTIONS", {}).items() if k != "client_config"}
    config = entry.get("OPTIONS", {}).get("client_config")
    if config is not None:
        options["timeouts"] = [config.connect_timeout, config.read_timeout, config.retries]
    out[alias] = {"BACKEND": entry["BACKEND"], "OPTIONS": options}
print(json.dumps(out))
"""


def storages_of(module, **environ):
    import json

    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", STORAGES_PROBE, module],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


BASE_DIR = Path(__file__).resolve().parents[3]
PRODUCTION = {"SECRET_KEY": "x", "ALLOWED_HOSTS": "exemple.be"}


def test_local_files_stay_the_default_without_a_bucket():
    storages = storages_of("cms.settings.production", **PRODUCTION)
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert "private" not in storages


def test_a_bucket_puts_public_and_private_media_on_s3():
    storages = storages_of(
        "cms.settings.production",
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="plateforme",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="cle",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_CUSTOM_DOMAIN="media.exemple.be",
        AWS_PRIVATE_URL_EXPIRY="120",
    )
    public, private = storages["default"], storages["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["location"] == "media"
    assert public["OPTIONS"]["default_acl"] == "public-read"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert public["OPTIONS"]["custom_domain"] == "media.exemple.be"
    assert private["OPTIONS"]["location"] == "private"
    assert private["OPTIONS"]["default_acl"] == "private"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 120
    # Never the public domain for private files: django-storages would leave their URL unsigned.
    assert private["OPTIONS"]["custom_domain"] is None
    for entry in (public, private):
        assert entry["OPTIONS"]["bucket_name"] == "plateforme"
        assert entry["OPTIONS"]["endpoint_url"] == "http://minio:9000"
        assert entry["OPTIONS"]["file_overwrite"] is False
        assert entry["OPTIONS"]["timeouts"] == [2.0, 10.0, {"total_max_attempts": 1, "mode": "standard"}]
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
