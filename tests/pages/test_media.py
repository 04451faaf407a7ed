"""Documents and images uploaded or served through Wagtail: a full temporary directory, downloads, metadata."""

import pytest
from django.urls import reverse

from pages.models import PlatformDocument
from pages.storage import ADMIN_UNAVAILABLE_MESSAGE
from tests.pages.contribution_helpers import big_pdf_upload, full_upload_directory


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
