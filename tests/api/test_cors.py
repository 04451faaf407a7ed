"""CORS: the configured front-end origins may call the API (/api/ only) from a browser; nobody else, nothing else."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.pages.contribution_helpers import build_contribution_tree

BASE_DIR = Path(__file__).resolve().parent.parent.parent
FRONT_END = "https://front.exemple.be"
OTHER = "https://autre-site.exemple.com"
API_URLS = ["/api/v2/pages/", "/api/v2/contributions/form/", "/api/v2/preview/"]


@pytest.fixture(autouse=True)
def _front_ends(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT_END, "http://localhost:3000"]


@pytest.fixture
def tree(db, private_media):
    return build_contribution_tree()


@pytest.mark.parametrize("url", API_URLS)
def test_an_allowed_origin_gets_the_cors_headers_on_api_urls(client, tree, url):
    response = client.get(url, HTTP_ORIGIN=FRONT_END)
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "origin" in response["Vary"].lower()
    # No cookies across origins: the write API is anonymous and previews carry their own token.
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("url", API_URLS)
def test_another_origin_gets_no_cors_headers(client, tree, url):
    response = client.get(url, HTTP_ORIGIN=OTHER)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", ["/", "/contribuer/", "/recherche/?q=dossier"])
def test_pages_of_the_public_site_get_no_cors_headers_even_for_an_allowed_origin(client, tree, url):
    response = client.get(url, HTTP_ORIGIN=FRONT_END)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_front_end_may_post_a_json_contribution_after_the_preflight(client, tree):
    response = client.options(
        "/api/v2/contributions/",
        HTTP_ORIGIN=FRONT_END,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"]


def test_the_preflight_of_another_origin_is_not_allowed(client, tree):
    response = client.options(
        "/api/v2/contributions/",
        HTTP_ORIGIN=OTHER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[])
def test_by_default_no_origin_is_allowed(client, tree):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=FRONT_END)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


PROBE = """
import json
from cms.settings import base
names = ["CORS_ALLOWED_ORIGINS", "CORS_URLS_REGEX", "HEADLESS_PREVIEW_URL", "HEADLESS_PREVIEW_MAX_AGE"]
print(json.dumps([getattr(base, name) for name in names]))
"""


def settings_with(**environ):
    """The CORS and preview settings of cms.settings.base imported with only `environ` (plus PATH)."""
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_origins_and_the_preview_front_end_come_from_the_environment_and_are_empty_by_default():
    assert settings_with() == [[], "^/api/.*$", "", 600]
    assert settings_with(
        CORS_ALLOWED_ORIGINS="https://front.exemple.be,http://localhost:3000",
        HEADLESS_PREVIEW_URL="https://front.exemple.be/apercu",
        HEADLESS_PREVIEW_MAX_AGE="300",
    ) == [[FRONT_END, "http://localhost:3000"], "^/api/.*$", "https://front.exemple.be/apercu", 300]
