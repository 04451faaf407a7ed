"""Where each page type may live in the tree, and how many of it may exist."""

from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from pages.models import (
    ContributionPage,
    DossierLibraryPage,
    DossierPage,
    HomePage,
    LinkLibraryPage,
    LinkPage,
    ResourcePage,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
    WorkshopIndexPage,
    WorkshopReportPage,
)
from tests.factories import (
    DossierLibraryPageFactory,
    LinkLibraryPageFactory,
    ThemeIndexPageFactory,
    WorkshopIndexPageFactory,
    build_home,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_holds_the_sections_and_standard_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {ThemeIndexPage, DossierLibraryPage, LinkLibraryPage, WorkshopIndexPage, StandardPage, ContributionPage},
        )

    def test_contribution_page_lives_once_under_home_without_children(self):
        self.assertAllowedParentPageTypes(ContributionPage, {HomePage})
        self.assertAllowedSubpageTypes(ContributionPage, set())
        self.assertEqual(ContributionPage.max_count, 1)

    def test_toolbox_lives_under_home_and_holds_only_themes(self):
        self.assertAllowedParentPageTypes(ThemeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ThemeIndexPage, {ThemePage})

    def test_theme_lives_in_the_toolbox_and_holds_only_resources(self):
        self.assertAllowedParentPageTypes(ThemePage, {ThemeIndexPage})
        self.assertAllowedSubpageTypes(ThemePage, {ResourcePage})

    def test_resource_lives_under_a_theme_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ResourcePage, {ThemePage})
        self.assertAllowedSubpageTypes(ResourcePage, set())
        self.assertCanNotCreateAt(ThemeIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)

    def test_dossier_library_lives_under_home_and_holds_only_dossiers(self):
        self.assertAllowedParentPageTypes(DossierLibraryPage, {HomePage})
        self.assertAllowedSubpageTypes(DossierLibraryPage, {DossierPage})

    def test_dossier_lives_in_the_library_and_has_no_children(self):
        self.assertAllowedParentPageTypes(DossierPage, {DossierLibraryPage})
        self.assertAllowedSubpageTypes(DossierPage, set())
        self.assertCanNotCreateAt(ThemePage, DossierPage)

    def test_link_library_lives_under_home_and_holds_only_links(self):
        self.assertAllowedParentPageTypes(LinkLibraryPage, {HomePage})
        self.assertAllowedSubpageTypes(LinkLibraryPage, {LinkPage})

    def test_link_lives_in_the_link_library_and_has_no_children(self):
        self.assertAllowedParentPageTypes(LinkPage, {LinkLibraryPage})
        self.assertAllowedSubpageTypes(LinkPage, set())
        self.assertCanNotCreateAt(HomePage, LinkPage)

    def test_workshop_index_lives_under_home_and_holds_only_rencontres(self):
        self.assertAllowedParentPageTypes(WorkshopIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(WorkshopIndexPage, {WorkshopReportPage})

    def test_rencontre_lives_in_the_workshop_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(WorkshopReportPage, {WorkshopIndexPage})
        self.assertAllowedSubpageTypes(WorkshopReportPage, set())

    def test_standard_page_lives_under_home_or_another_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_singletons_declare_a_max_count_of_one(self):
        for model in (HomePage, ThemeIndexPage, DossierLibraryPage, LinkLibraryPage, WorkshopIndexPage):
            with self.subTest(model=model.__name__):
                self.assertEqual(model.max_count, 1)
        for model in (ThemePage, ResourcePage, DossierPage, LinkPage, WorkshopReportPage, StandardPage):
            with self.subTest(model=model.__name__):
                self.assertIsNone(model.max_count)


class MaxCountInTheTreeTests(WagtailPageTestCase):
    """Once a singleton exists, the admin no longer offers to create a second one."""

    @classmethod
    def setUpTestData(cls):
        cls.home = build_home()

    def test_a_second_home_page_cannot_be_created(self):
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))

    def test_each_section_can_be_created_once_under_home(self):
        factories = {
            ThemeIndexPage: ThemeIndexPageFactory,
            DossierLibraryPage: DossierLibraryPageFactory,
            LinkLibraryPage: LinkLibraryPageFactory,
            WorkshopIndexPage: WorkshopIndexPageFactory,
        }
        for model, factory in factories.items():
            with self.subTest(model=model.__name__):
                self.assertTrue(model.can_create_at(self.home))
                factory(parent=self.home)
                self.assertFalse(model.can_create_at(self.home))

    def test_standard_pages_have_no_limit(self):
        self.assertTrue(StandardPage.can_create_at(self.home))


def test_home_replaces_the_welcome_page_as_the_default_site_root(site_tree):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == site_tree.home
    assert list(Page.get_first_root_node().get_children().specific()) == [site_tree.home]


def test_sections_are_served_at_their_french_addresses(site_tree):
    urls = {
        page.get_url()
        for page in (site_tree.home, site_tree.theme_index, site_tree.dossier_library)
        + (site_tree.link_library, site_tree.workshop_index)
    }
    assert urls == {"/", "/boite-a-outils/", "/dossiers/", "/liens/", "/rencontres/"}


def test_admin_explorer_shows_the_sections_to_an_editor_in_french(site_tree, editor_client):
    response = editor_client.get(reverse("wagtailadmin_explore", args=[site_tree.home.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Boîte à outils", "Bibliothèque de dossiers", "Rencontres-ateliers"):
        assert title in html
    assert "Ajouter une sous-page" in html
