"""New pages get ASCII slugs, accents folded (WAGTAIL_ALLOW_UNICODE_SLUGS = False in cms/settings/base.py): through
the admin's form (its slug widget's JS, and the server when the slug is left empty) and through code."""

import pytest
from django.urls import reverse

from pages.models import StandardPage, WorkshopReportPage
from tests.factories import StandardPageFactory, build_site_tree
from tests.factories.contributions import ContributionFactory
from tests.pages.contributions.moderation_base import ModerationTestCase

TITLE = "Retour d'expérience à Liège : l'été des écoles"
ASCII_SLUG = "retour-dexperience-a-liege-lete-des-ecoles"


@pytest.mark.django_db
def test_the_admins_slug_field_folds_accents(editor_client):
    """Wagtail's slug controller (its JS) allows unicode only when the field carries
    `data-w-slug-allow-unicode-value`; without it, the title's « é » becomes « e » in the slug
    (tests/browser/test_editor_slugs.py types such a title)."""
    home = build_site_tree().home
    response = editor_client.get(reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk]))
    html = response.content.decode()
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-allow-unicode-value" not in html


@pytest.mark.django_db
def test_a_page_saved_without_a_slug_gets_an_ascii_slug_from_its_title():
    home = build_site_tree().home
    page = StandardPage(title=TITLE)
    home.add_child(instance=page)
    assert page.slug == ASCII_SLUG
    assert page.url == f"/{ASCII_SLUG}/"


@pytest.mark.django_db
def test_a_page_created_by_code_without_a_slug_gets_an_ascii_slug():
    tree = build_site_tree()
    page = WorkshopReportPage(
        title="Rencontre « Échanges d'expérience »", date="2026-03-12", place="Namur", summary="Une rencontre."
    )
    tree.workshop_index.add_child(instance=page)
    assert page.slug == "rencontre-echanges-dexperience"


@pytest.mark.django_db
def test_an_existing_page_keeps_its_unicode_slug():
    home = build_site_tree().home
    page = StandardPageFactory(parent=home, title="Été", slug="été")
    page.title = "Été culturel"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.slug == "été"


class ContributionDraftSlugTests(ModerationTestCase):
    def test_an_accepted_contribution_titled_with_accents_becomes_a_draft_with_an_ascii_slug(self):
        contribution = ContributionFactory(
            title="Fiche « Expérience partagée » à Liège", themes=[self.tree.theme["analyse-partagee"]]
        )
        page = self.accept(contribution)
        self.assertEqual(page.slug, "fiche-experience-partagee-a-liege")
