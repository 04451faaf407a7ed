"""Search entries follow the pages: unpublished and deleted pages leave the search at once, nothing dangles."""

import pytest
from django.db import connection
from django.urls import reverse

from search import indexing
from search.models import SearchEntry
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def published(**kwargs):
    page = ResourcePageFactory(**kwargs)
    page.save_revision().publish()
    return page


def test_unpublishing_a_page_removes_its_entry(site_tree):
    page = published(parent=site_tree.theme["autres"], title="Le bibliobus")
    assert SearchEntry.objects.filter(page=page).exists()
    page.unpublish()
    assert not SearchEntry.objects.filter(page=page).exists()


def test_deleting_a_live_page_and_its_live_children_in_the_admin_leaves_no_entry_behind(site_tree, editor_client):
    theme = site_tree.theme["autres"]
    indexed = published(parent=theme, title="Le bibliobus")
    # Live, but never published through Wagtail (an import): no entry until Wagtail unpublishes it to delete it.
    imported = ResourcePageFactory(parent=theme, title="La médiathèque")
    indexing.refresh_entry(theme)
    assert set(SearchEntry.objects.values_list("page_id", flat=True)) >= {theme.pk, indexed.pk}

    response = editor_client.post(reverse("wagtailadmin_pages:delete", args=[theme.pk]))

    assert response.status_code == 302
    assert not SearchEntry.objects.filter(page_id__in=[theme.pk, indexed.pk, imported.pk]).exists()
    connection.check_constraints()  # the deferred foreign keys, as the commit will check them
