"""Shared fixtures. TestCase classes build the same tree in `setUpTestData` with `build_site_tree()`."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import build_site_tree


@pytest.fixture(autouse=True, scope="session")
def _media_root(tmp_path_factory):
    """Uploaded files and renditions go to a throwaway directory."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches the sites' root paths; a rolled-back test must not leave them behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db):
    """Home (the default Site's root), toolbox and four themes (real slugs), libraries, rencontres."""
    return build_site_tree()


@pytest.fixture
def editor_client(client, admin_user):
    """The test client, logged in as a superuser (an editor with every right)."""
    client.force_login(admin_user)
    return client
