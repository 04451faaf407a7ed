"""What the write API's contribution tests share: its URLs and what must never be stored or shown."""

import json

from pages.models import (
    Contribution,
    ContributionFile,
)
from tests.pages.contribution_helpers import (
    files_on_disk,
)

SUBMIT_URL = "/api/v2/contributions/"
FORM_URL = "/api/v2/contributions/form/"
PRIVATE_VALUES = ("Camille Dupont", "camille.dupont@cc-rochefort.be", "Animatrice")


def post_json(client, url, payload, **extra):
    return client.post(url, json.dumps(payload), content_type="application/json", **extra)


def assert_nothing_stored(private_media):
    assert Contribution.objects.count() == 0
    assert ContributionFile.objects.count() == 0
    assert files_on_disk(private_media) == []


def assert_no_private_data(response):
    body = response.content.decode()
    for value in PRIVATE_VALUES:
        assert value not in body
