"""Blocks declare their own API representation: tested directly, as the API serializes them."""

from pages.blocks import CallToActionBlock, FigureBlock, HeadingBlock, VideoBlock
from tests.factories import ImageFactory, StandardPageFactory
from tests.pages.base import SiteTreeTestCase


class BlockRepresentationTests(SiteTreeTestCase):
    def test_call_to_action_to_a_live_page_gives_its_absolute_url_and_id(self):
        page = StandardPageFactory(parent=self.tree.home, title="Contribuer", slug="contribuer")
        block = CallToActionBlock()
        value = block.to_python({"title": "Partagez", "button_label": "Contribuer", "page": page.pk})
        data = block.get_api_representation(value)
        self.assertEqual((data["url"], data["page"]), ("http://localhost/contribuer/", page.pk))

    def test_call_to_action_to_a_draft_gives_neither_its_url_nor_its_id(self):
        draft = StandardPageFactory(parent=self.tree.home, title="Pas encore", slug="pas-encore", live=False)
        block = CallToActionBlock()
        data = block.get_api_representation(
            block.to_python({"title": "Bientôt", "button_label": "Voir", "page": draft.pk})
        )
        self.assertEqual((data["url"], data["page"]), ("", None))
        self.assertEqual(data["title"], "Bientôt")

    def test_figure_gives_a_rendition_and_an_empty_alt_for_a_decorative_image(self):
        image = ImageFactory()
        block = FigureBlock()
        value = block.to_python({"image": {"image": image.pk, "decorative": True, "alt_text": ""}, "caption": "Vue"})
        data = block.get_api_representation(value)
        self.assertEqual(data["image"]["alt"], "")
        self.assertEqual((data["image"]["width"], data["image"]["height"]), (800, 500))
        self.assertEqual(data["caption"], "Vue")

    def test_video_and_heading_add_what_templates_compute(self):
        video = VideoBlock()
        data = video.get_api_representation(video.to_python({"url": "https://vimeo.com/76979871", "title": "Vidéo"}))
        self.assertEqual((data["provider"], data["embed_url"]), ("Vimeo", "https://player.vimeo.com/video/76979871"))
        heading = HeadingBlock()
        data = heading.get_api_representation(heading.to_python({"text": "À retenir", "level": "h3"}))
        self.assertEqual(data, {"text": "À retenir", "level": "h3", "anchor": "a-retenir"})
