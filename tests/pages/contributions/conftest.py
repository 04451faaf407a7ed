"""Fixtures of the contribution flow's tests: the site tree with its contribution page."""

import pytest

from tests.pages.contribution_helpers import build_contribution_tree


@pytest.fixture
def tree(db, private_media):
    return build_contribution_tree()


@pytest.fixture
def page(tree):
    return tree.contribution_page
