"""Media on S3 (cms/storage.py, django-storages) against moto's standalone S3 server, over real HTTP.

moto's server (`python -m moto.server`, from the dev requirements) runs on 127.0.0.1 for the session, in a port
range of STORAGE_TEST_PORTS ("9100-9119") when it is set, on a port the system gives otherwise. Each test
switches STORAGES to the bucket with override_settings, as `AWS_STORAGE_BUCKET_NAME` would in production.

What is checked for real: where each file lands in the bucket, what an anonymous HTTP GET gets (moto enforces
object ACLs: 403 on a private object), what the application hands out (public URLs for images and public
documents, signed short-lived URLs or Django streaming after the permission check for private files), and what
happens when the store is down (a closed port): French 503s, no row, no file, readiness naming the storage.
moto accepts any signed URL, even an expired one: expiry is checked on the URL (X-Amz-Expires), not by moto.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("moto", reason="moto[server] (requirements-dev.txt) runs the S3 server")

import boto3
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from cms.storage import s3_storages
from pages.contributions.drafts import MODERATORS_GROUP, PRIVATE_COLLECTION
from pages.contributions.moderation import accept_contribution
from pages.models import (
    AccessMode,
    Contribution,
    ContributionFile,
    ContributionKind,
    PlatformDocument,
    private_storage,
)
from pages.storage import ADMIN_UNAVAILABLE_MESSAGE, UNAVAILABLE_MESSAGE
from tests.factories.contributions import ContributionFactory, ContributionFileFactory
from tests.factories.media import DocumentFactory, ImageFactory, minimal_pdf
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data
from tests.pages.upload_samples import image_bytes, pdf_bytes, upload

REGION = "eu-west-1"
CREDENTIALS = {"access_key": "plateforme-test", "secret_key": "plateforme-test-secret"}
EXPIRY = 300


# --- The S3 server --------------------------------------------------------------------------------------------


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port():
    """A free port of STORAGE_TEST_PORTS ("first-last") when set, else one the system gives."""
    span = os.environ.get("STORAGE_TEST_PORTS", "")
    if span:
        first, last = (int(part) for part in span.split("-"))
        for port in range(first, last + 1):
            if port_is_free(port):
                return port
        raise RuntimeError(f"no free port in {span}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A port of 127.0.0.1 on which nothing listens (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto's server stopped at start (exit code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("moto's server did not listen in time")


@pytest.fixture(scope="session")
def moto_endpoint():
    port = free_port()
    environment = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
    process = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )


@pytest.fixture(scope="session")
def bucket(moto_endpoint):
    name = f"plateforme-test-{uuid.uuid4().hex[:12]}"
    s3_client(moto_endpoint).create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def storages_for(bucket, endpoint):
    from django.conf import settings

    return {
        **settings.STORAGES,
        **s3_storages(
            bucket=bucket,
            endpoint_url=endpoint,
            region=REGION,
            private_expiry=EXPIRY,
            connect_timeout=1,
            read_timeout=5,
            **CREDENTIALS,
        ),
    }


@pytest.fixture
def s3(bucket, moto_endpoint):
    """STORAGES on the moto bucket for this test; yields a helper to look into the bucket."""
    with override_settings(STORAGES=storages_for(bucket, moto_endpoint)):
        yield Bucket(bucket, moto_endpoint)


@pytest.fixture
def s3_down(bucket, moto_endpoint):
    """STORAGES on an S3 endpoint where nothing listens; the real bucket stays reachable to check it."""
    with override_settings(STORAGES=storages_for(bucket, f"http://127.0.0.1:{closed_port()}")):
        yield Bucket(bucket, moto_endpoint)


class Bucket:
    def __init__(self, name, endpoint):
        self.name = name
        self.endpoint = endpoint
        self.client = s3_client(endpoint)

    def keys(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def plain_url(self, key):
        return f"{self.endpoint}/{self.name}/{key}"


def anonymous_get(url):
    """(status, body) of a plain HTTP GET, with no credentials."""
    status, _headers, body = anonymous_get_with_headers(url)
    return status, body


def anonymous_get_with_headers(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - http URLs of the test server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --- Content ----------------------------------------------------------------------------------------------------


@pytest.fixture
def tree(db, private_media):
    return build_contribution_tree()


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderatrice", "moderatrice@astrac.be", "x")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def key_of(storage_location, name):
    return f"{storage_location}/{name}"


def text_of(response):
    import html

    return html.unescape(response.content.decode())


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


def get_image_model():
    from wagtail.images import get_image_model

    return get_image_model()


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


# --- S3 down ----------------------------------------------------------------------------------------------------


def test_the_contribution_form_refuses_in_french_and_keeps_nothing_when_s3_is_down(s3_down, client, tree):
    before = s3_down.keys()
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [upload("Canevas final.pdf", pdf_bytes(), "application/pdf")]
    started = time.monotonic()
    response = client.post("/contribuer/", data)
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE in text_of(response)
    assert response["Retry-After"] == "300"
    assert Contribution.objects.count() == 0
    assert ContributionFile.objects.count() == 0
    assert s3_down.keys() == before


def test_a_contribution_without_files_is_still_received_when_s3_is_down(s3_down, client, tree):
    response = client.post("/contribuer/", contribution_data(kind="lien", url="https://www.exemple.be/outil"))
    assert response.status_code == 302
    assert Contribution.objects.count() == 1


def test_the_write_api_refuses_in_french_and_keeps_nothing_when_s3_is_down(s3_down, client, tree):
    before = s3_down.keys()
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [upload("Canevas final.pdf", pdf_bytes(), "application/pdf")]
    response = client.post("/api/v2/contributions/", data)
    assert response.status_code == 503
    assert response.json() == {"message": UNAVAILABLE_MESSAGE}
    assert Contribution.objects.count() == 0
    assert s3_down.keys() == before


@pytest.mark.django_db
def test_an_editor_uploading_a_document_when_s3_is_down_gets_a_french_error(s3_down, editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Compte rendu",
            "collection": Collection.get_first_root_node().pk,
            "file": upload("compte-rendu.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert response.status_code == 503
    assert ADMIN_UNAVAILABLE_MESSAGE in text_of(response)
    assert PlatformDocument.objects.count() == 0


@pytest.mark.django_db
def test_an_editor_uploading_images_in_bulk_when_s3_is_down_gets_a_french_json_error(s3_down, editor_client):
    # A failing Model.save() marks the enclosing atomic block for rollback: the test's own transaction here,
    # nothing in production (autocommit). A savepoint stands for the request's boundary.
    with transaction.atomic():
        response = editor_client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "collection": Collection.get_first_root_node().pk,
                "files[]": upload("affiche.png", image_bytes(), "image/png"),
            },
            headers={"X-Requested-With": "XMLHttpRequest"},
        )
    assert response.status_code == 503
    assert response.json() == {"message": ADMIN_UNAVAILABLE_MESSAGE}
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
def test_a_moderator_downloading_while_s3_is_down_gets_a_french_503(bucket, moto_endpoint, client, tree, moderator):
    with override_settings(STORAGES=storages_for(bucket, moto_endpoint)):
        stored = ContributionFileFactory()
    with override_settings(STORAGES=storages_for(bucket, f"http://127.0.0.1:{closed_port()}")):
        client.force_login(moderator)
        response = client.get(reverse("contribution_file_download", args=[stored.pk]))
    assert response.status_code == 503
    assert "Le stockage des fichiers ne répond pas" in text_of(response)


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


BASE_DIR = Path(__file__).resolve().parent.parent
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
