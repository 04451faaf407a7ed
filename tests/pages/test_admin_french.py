"""The admin speaks French to non-technical editors: interface, help texts, blocks and the userbar checker."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, get_edit_handler
from wagtail.images.blocks import ImageBlock
from wagtail.models import get_page_models

from pages.blocks import BodyStreamBlock
from pages.models import CulturalCentre, LinkCategory, PlatformDocument
from pages.roles import EDITORS_GROUP
from tests.factories import ImageFactory, ResourcePageFactory
from tests.pages.base import SiteTreeTestCase


def panel_fields(panel, model):
    """(model, field name) of every field panel, inline panels' children included."""
    for child in getattr(panel, "children", []):
        yield from panel_fields(child, model)
    if isinstance(panel, InlinePanel):
        related = panel.db_field.related_model
        for child in related.panels if hasattr(related, "panels") else []:
            yield from panel_fields(child, related)
    elif isinstance(panel, FieldPanel):
        yield model, panel.field_name


def admin_fields():
    for model in get_page_models():
        if model._meta.app_label == "pages":
            yield from panel_fields(model.get_edit_handler(), model)
    for model in (CulturalCentre, LinkCategory):
        yield from panel_fields(get_edit_handler(model), model)
    for name in PlatformDocument.admin_form_fields:
        if name not in ("collection", "tags"):
            yield PlatformDocument, name


class HelpTextTests(TestCase):
    def test_every_field_an_editor_fills_in_explains_itself_in_french(self):
        missing = []
        for model, name in admin_fields():
            field = model._meta.get_field(name)
            if field.model.__module__.startswith("wagtail"):
                continue  # Wagtail's own fields (title, slug, dates…), explained by Wagtail's French translation
            help_text = str(getattr(field, "help_text", "") or "").strip()
            verbose_name = str(getattr(field, "verbose_name", "")).strip()
            if not help_text or help_text.lower() == verbose_name.lower():
                missing.append(f"{model.__name__}.{name}")
        self.assertEqual(sorted(set(missing)), [], "fields without a French help text")


class BlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The photo block previews the latest image of the library.
        ImageFactory()

    def test_the_blocks_of_the_editor_have_a_french_label_an_icon_a_description_and_a_preview(self):
        stream = BodyStreamBlock()
        for name in ("testimony", "figure", "video", "key_points"):
            block = stream.child_blocks[name]
            with self.subTest(name):
                self.assertTrue(str(block.label))
                self.assertNotEqual(block.meta.icon, "placeholder")
                self.assertGreater(len(str(block.get_description())), 20)
                self.assertTrue(block.is_previewable)
                # The preview renders the block's own template with its example value.
                html = block.render(block.get_preview_value())
                self.assertTrue(html.strip())

    def test_every_child_field_of_a_block_is_labelled(self):
        def walk(block, path):
            if isinstance(block, ImageBlock):
                return  # Wagtail's image + alt text + decorative, labelled by Wagtail's translation
            for name, child in getattr(block, "child_blocks", {}).items():
                yield f"{path}.{name}", child
                yield from walk(child, f"{path}.{name}")
            if isinstance(block, blocks.ListBlock):
                yield from walk(block.child_block, f"{path}[]")

        unlabelled = [path for path, child in walk(BodyStreamBlock(), "body") if not child.meta.label]
        self.assertEqual(unlabelled, [])


class FrenchAdminTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = get_user_model().objects.create_user("redactrice", "redactrice@astrac.be", "x")
        cls.editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        cls.resource = ResourcePageFactory(parent=cls.tree.themes[0], title="Canevas d'entretien")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_site_and_the_admin_are_in_belgian_french(self):
        self.assertEqual(settings.LANGUAGE_CODE, "fr-be")
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Tableau de bord")
        explorer = self.client.get(reverse("wagtailadmin_explore_root"), follow=True)
        self.assertContains(explorer, "Boîte à outils")
        self.assertContains(explorer, "Ajouter une sous-page")

    def test_the_page_editor_speaks_french_and_autosaves(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.resource.pk]))
        self.assertContains(response, "Enregistrer le brouillon")
        self.assertContains(response, "Soumettre à Relecture")
        self.assertNotContains(response, "Save draft")
        form = self.get_soup(response.content).select_one("form[data-edit-form]")
        self.assertIn("w-autosave", form["data-controller"].split())
        # Scheduled publishing: go-live and expiry dates are in the editor's settings.
        self.assertContains(response, "go_live_at")
        self.assertContains(response, "expire_at")

    def test_the_userbar_of_a_logged_in_editor_offers_the_accessibility_checker(self):
        response = self.client.get(self.resource.get_url())
        self.assertContains(response, "wagtail-userbar")
        self.assertContains(response, 'id="checker-axe-configuration"')
