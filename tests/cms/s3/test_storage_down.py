"""When S3 is down (a closed port): French 503s, no row, no file (cms/outages.py, cms/storage.py).

After tests/cms/s3/test_storage.py (file order): a download test here leaves an object in the session's bucket.
"""

import time

import pytest

pytest.importorskip("moto", reason="moto[server] (requirements-dev.txt) runs the S3 server")

from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Collection

from cms.outages import ADMIN_UNAVAILABLE_MESSAGE, UNAVAILABLE_MESSAGE
from pages.models import (
    Contribution,
    ContributionFile,
    PlatformDocument,
)
from tests.cms.s3.server import closed_port, get_image_model, storages_for, text_of
from tests.factories.contributions import ContributionFileFactory
from tests.pages.contribution_helpers import contribution_data
from tests.pages.upload_samples import image_bytes, pdf_bytes, upload

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
