"""Images in the API as a front end builds `<picture>` and `srcset` from them: per use (pages/renditions.py), every
declared width the original can give, in WebP and in the original's format, with absolute URLs, the original's size
and the focal point; wherever an image appears (a page's image, workshop photos, figures, /api/v2/images/)."""

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pages import models as m
from pages import renditions
from tests.api.base import APITestCase
from tests.factories import ImageFactory, StandardPageFactory, WorkshopReportPageFactory
from tests.pages.test_renditions import figure, srcset_widths

LEGACY_KEYS = {"id", "title", "alt", "url", "full_url", "width", "height"}
NEW_KEYS = {"original_width", "original_height", "focal_point", "renditions"}


class ImagesInTheAPITests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Large enough for every declared width: 2000 px wide, 2:1 crops 1920 px wide.
        cls.large = ImageFactory(title="Grande salle", file__width=2000, file__height=1250)
        cls.large.focal_point_x, cls.large.focal_point_y = 1500, 400
        cls.large.focal_point_width, cls.large.focal_point_height = 200, 100
        cls.large.save()
        cls.small = ImageFactory(title="Petite photo")  # 800×500
        cls.page = StandardPageFactory(
            parent=cls.tree.home, title="Page illustrée", listing_image=cls.large, body=[figure(cls.large)]
        )
        cls.workshop = WorkshopReportPageFactory(
            parent=cls.tree.workshop_index,
            listing_image=cls.small,
            photos=[m.WorkshopPhoto(image=cls.small, caption="Le tour de table")],
        )

    def assertUse(self, use, name, widths, original_format="jpeg"):
        """`widths` in WebP and in the original's format, absolute URLs, in the use's proportions."""
        ratio = renditions.USES[name].ratio
        self.assertEqual(set(use), {"avif", "webp", "original"})
        self.assertIsNone(use["avif"])
        for key, image_format in (("webp", "webp"), ("original", original_format)):
            source = use[key]
            self.assertEqual((source["format"], source["mime_type"]), (image_format, f"image/{image_format}"))
            self.assertEqual([image["width"] for image in source["images"]], widths)
            self.assertEqual(srcset_widths(source["srcset"]), widths)
            for image in source["images"]:
                self.assertTrue(image["url"].startswith("http://localhost/"), image["url"])
                self.assertIn(f"{image['url']} {image['width']}w", source["srcset"])
                if ratio:
                    self.assertAlmostEqual(image["width"] / image["height"], ratio[0] / ratio[1], delta=0.02)

    def assertEveryDeclaredWidth(self, use, name):
        self.assertUse(use, name, list(renditions.USES[name].widths))

    def test_a_page_image_gives_its_card_and_hero_at_every_declared_width(self):
        data = self.list_pages(type="pages.StandardPage", fields="listing_image")
        image = next(item for item in data["items"] if item["id"] == self.page.pk)["listing_image"]
        self.assertEqual(set(image), LEGACY_KEYS | NEW_KEYS)
        self.assertEqual((image["width"], image["height"]), (640, 400))  # the card rendition it always gave
        self.assertEqual((image["original_width"], image["original_height"]), (2000, 1250))
        self.assertEqual(set(image["renditions"]), {"card", "hero"})
        self.assertEveryDeclaredWidth(image["renditions"]["card"], "card")
        self.assertEveryDeclaredWidth(image["renditions"]["hero"], "hero")
        self.assertEqual(image["focal_point"], {"x": 1500, "y": 400, "width": 200, "height": 100})

    def test_a_small_image_is_never_upscaled(self):
        image = self.detail(self.workshop)["listing_image"]
        self.assertIsNone(image["focal_point"])
        # 320 and 640, then the 960 one at the original's own width; 768 only for the 2:1 hero (800 px at most).
        self.assertUse(image["renditions"]["card"], "card", [320, 640, 800])
        self.assertUse(image["renditions"]["hero"], "hero", [768])

    def test_workshop_photos_give_card_and_content(self):
        (photo,) = self.detail(self.workshop)["photos"]
        self.assertEqual(set(photo["image"]["renditions"]), {"card", "content"})
        self.assertEqual((photo["image"]["width"], photo["image"]["height"]), (800, 500))
        self.assertUse(photo["image"]["renditions"]["content"], "content", [480, 800])
        self.assertUse(photo["image"]["renditions"]["card"], "card", [320, 640, 800])

    def test_a_figure_gives_its_content_renditions_and_its_alternative_text(self):
        body = self.detail(self.page)["body"]
        image = next(block["value"]["image"] for block in body if block["type"] == "figure")
        self.assertEqual(image["alt"], "Le public de la rencontre")
        self.assertEqual(set(image["renditions"]), {"content"})
        self.assertEveryDeclaredWidth(image["renditions"]["content"], "content")
        self.assertEqual(image["focal_point"]["x"], 1500)

    def test_the_images_endpoint_gives_every_use_and_the_focal_point(self):
        data = self.get_json(f"images/{self.large.pk}/")
        self.assertEqual(set(data["renditions"]), {"card", "content", "hero"})
        for name, use in data["renditions"].items():
            self.assertEveryDeclaredWidth(use, name)
        self.assertEqual(data["focal_point"], {"x": 1500, "y": 400, "width": 200, "height": 100})
        self.assertEqual((data["width"], data["height"]), (2000, 1250))
        self.assertNotIn("renditions", data["rendition"])  # the single rendition it always gave, as it was
        listed = self.get_json("images/", {"fields": "renditions,focal_point", "limit": 50})
        item = next(item for item in listed["items"] if item["id"] == self.large.pk)
        self.assertEqual(item["renditions"], data["renditions"])

    def test_a_png_keeps_png_and_a_gif_gets_no_webp(self):
        png = ImageFactory(file__filename="schema.png", file__format="PNG")
        gif = ImageFactory(file__filename="anime.gif", file__format="GIF")
        for image, original_format, webp in ((png, "png", True), (gif, "png", False)):
            with self.subTest(image=image.file.name):
                data = self.get_json(f"images/{image.pk}/")
                card = data["renditions"]["card"]
                self.assertEqual(card["original"]["format"], original_format)  # Wagtail makes a still GIF a PNG
                self.assertEqual(card["webp"] is not None, webp)

    def test_a_missing_file_gives_the_image_without_renditions(self):
        image = ImageFactory()
        image.file.storage.delete(image.file.name)
        data = self.get_json(f"images/{image.pk}/")
        self.assertIsNone(data["renditions"])
        self.assertEqual((data["width"], data["alt"]), (800, image.title))

    def test_avif_when_turned_on_and_encodable(self):
        if not renditions.can_encode_avif():
            self.skipTest("Pillow cannot encode AVIF here")
        tiny = ImageFactory(file__width=64, file__height=40)
        with override_settings(IMAGE_RENDITIONS_AVIF=True):
            data = self.get_json(f"images/{tiny.pk}/")
        avif = data["renditions"]["card"]["avif"]
        self.assertEqual((avif["format"], avif["mime_type"]), ("avif", "image/avif"))
        self.assertEqual(srcset_widths(avif["srcset"]), [64])
        self.assertTrue(avif["images"][0]["url"].endswith(".avif"))


class FigureQueryTests(APITestCase):
    def test_figures_of_a_body_cost_the_same_whatever_their_number_even_with_an_empty_cache(self):
        counts = []
        for count in (2, 12):
            images = [ImageFactory(file__width=40, file__height=25) for _ in range(count)]
            page = StandardPageFactory(parent=self.tree.home, body=[figure(image) for image in images])
            self.detail(page)  # makes the renditions
            cache.clear()
            with CaptureQueriesContext(connection) as context:
                data = self.detail(page)
            self.assertEqual(len(data["body"]), count)
            counts.append(len(context))
        self.assertEqual(counts[0], counts[1])
