"""Shared fixtures. TestCase classes build the same tree in `setUpTestData` with `build_site_tree()`."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils.functional import empty

from cms.storage import private_storage
from tests.factories import build_site_tree


@pytest.fixture(autouse=True, scope="session")
def _media_root(tmp_path_factory):
    """Uploaded files and renditions go to a throwaway directory; contributions' files to another one."""
    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PRIVATE_MEDIA_ROOT=str(tmp_path_factory.mktemp("private-media")),
    ):
        reset_private_storage()
        yield
    reset_private_storage()


def reset_private_storage():
    """`private_storage` reads PRIVATE_MEDIA_ROOT once: make it read the setting again."""
    private_storage._wrapped = empty


@pytest.fixture
def private_media(tmp_path):
    """An empty PRIVATE_MEDIA_ROOT for this test only, to assert which files a test left on disk."""
    root = tmp_path / "private-media"
    root.mkdir()
    with override_settings(PRIVATE_MEDIA_ROOT=str(root)):
        reset_private_storage()
        yield root
    reset_private_storage()


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
