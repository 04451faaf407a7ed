"""The renditions declared per use (pages/renditions.py) and the `<picture>` the site's templates show with them
(pages/templatetags/responsive_images.py)."""

import re
from io import StringIO
from types import SimpleNamespace
from unittest import mock

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from pages import renditions
from pages.models import WorkshopPhoto
from tests.factories import ImageFactory, StandardPageFactory, WorkshopReportPageFactory
from tests.pages.base import SiteTreeTestCase


def fake_image(width, height, name="original_images/photo.jpg"):
    return SimpleNamespace(width=width, height=height, file=SimpleNamespace(name=name))


def figure(image, alt="Le public de la rencontre"):
    """A figure block of a body, as the editor stores it."""
    return {"type": "figure", "value": {"image": {"image": image.pk, "decorative": False, "alt_text": alt}}}


def srcset_widths(srcset):
    """The widths of a srcset, each candidate checked: « URL 320w »."""
    widths = []
    for candidate in srcset.split(","):
        url, descriptor = candidate.strip().split(" ")
        assert re.fullmatch(r"\d+w", descriptor), candidate
        assert url.startswith(("/", "http")), candidate
        widths.append(int(descriptor[:-1]))
    return widths


class DeclarationTests(TestCase):
    def test_a_large_original_gets_every_declared_width(self):
        image = fake_image(4000, 3000)
        for use in renditions.USES.values():
            with self.subTest(use=use.name):
                self.assertEqual(use.widths_for(image), list(use.widths))

    def test_a_width_the_original_cannot_give_is_dropped(self):
        image = fake_image(1300, 900)  # content: 1300 px is not 10 % more than 1200, no 1600
        self.assertEqual(renditions.USES["content"].widths_for(image), [480, 800, 1200])
        # Hero (2:1): 1300 px wide at most; 768, then 1280.
        self.assertEqual(renditions.USES["hero"].widths_for(image), [768, 1280])

    def test_an_original_clearly_wider_than_its_largest_width_gets_the_next_one_at_its_own_size(self):
        image = fake_image(800, 500)
        self.assertEqual(renditions.USES["card"].widths_for(image), [320, 640, 960])  # the 960 one is 800 px wide
        self.assertEqual(renditions.USES["content"].widths_for(image), [480, 800])
        self.assertEqual(renditions.USES["hero"].widths_for(image), [768])  # 800 is not 10 % more than 768

    def test_a_crop_is_limited_by_the_height_too(self):
        # A panorama 3000×600: a 16:10 crop is 960 px wide at most, a 2:1 one 1200.
        image = fake_image(3000, 600)
        self.assertEqual(renditions.USES["card"].widths_for(image), [320, 640, 960])
        self.assertEqual(renditions.USES["hero"].widths_for(image), [768, 1280])

    def test_a_tiny_image_gets_the_smallest_width_of_each_use(self):
        image = fake_image(40, 25)
        self.assertEqual([use.widths_for(image) for use in renditions.USES.values()], [[320], [480], [768]])

    def test_specs(self):
        card, content, hero = (renditions.USES[name] for name in ("card", "content", "hero"))
        self.assertEqual(card.spec(640), "fill-640x400")
        self.assertEqual(card.spec(320, "webp"), "fill-320x200|format-webp")
        self.assertEqual(content.spec(800, "webp"), "width-800|format-webp")
        self.assertEqual(hero.spec(1920), "fill-1920x960")

    def test_formats_webp_and_the_original_a_gif_and_a_webp_only_their_own(self):
        expected = {
            "photo.jpg": {"webp": "webp", "original": None},
            "photo.JPEG": {"webp": "webp", "original": None},
            "schema.png": {"webp": "webp", "original": None},
            "anime.gif": {"original": None},
            "deja.webp": {"original": None},
        }
        for name, formats in expected.items():
            with self.subTest(name=name):
                self.assertEqual(renditions.formats_for(fake_image(10, 10, name)), formats)

    def test_avif_only_when_asked_for_and_encodable(self):
        image = fake_image(10, 10)
        self.assertNotIn("avif", renditions.formats_for(image))
        with override_settings(IMAGE_RENDITIONS_AVIF=True):
            with mock.patch.object(renditions, "can_encode_avif", return_value=True):
                self.assertEqual(list(renditions.formats_for(image)), ["avif", "webp", "original"])
                self.assertIn("fill-320x200|format-avif", renditions.all_specs("card"))
            with mock.patch.object(renditions, "can_encode_avif", return_value=False):
                self.assertEqual(list(renditions.formats_for(image)), ["webp", "original"])

    def test_all_specs_cover_every_width_in_every_format(self):
        specs = renditions.all_specs("card", "hero")
        self.assertEqual(len(specs), (3 + 3) * 2)
        self.assertIn("fill-640x400", specs)  # the card the API's `url` has always given
        self.assertIn("fill-1920x960|format-webp", specs)


class RenditionsOfAnImageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = ImageFactory()  # 800×500 JPEG

    def test_real_sizes_never_upscaled_in_webp_and_jpeg(self):
        made = renditions.renditions_for(self.image, list(renditions.USES))
        card = made["card"]
        self.assertEqual([(r.width, r.height) for r in card.original.renditions], [(320, 200), (640, 400), (800, 500)])
        self.assertEqual((card.sources["webp"].format, card.original.format), ("webp", "jpeg"))
        self.assertEqual(card.sources["webp"].mime_type, "image/webp")
        self.assertIsNone(card.sources["avif"])
        self.assertEqual(card.default.width, 640)
        self.assertEqual([r.width for r in made["content"].sources["webp"].renditions], [480, 800])
        self.assertEqual([r.width for r in made["hero"].original.renditions], [768])
        for use in made.values():
            for source in filter(None, use.sources.values()):
                self.assertTrue(all(r.width <= 800 and r.height <= 500 for r in source.renditions))
                self.assertEqual(srcset_widths(source.srcset()), [r.width for r in source.renditions])

    def test_one_query_at_most_none_when_prefetched(self):
        renditions.renditions_for(self.image, ["card", "content"])
        cache.clear()
        image = get_image_model().objects.get(pk=self.image.pk)
        with self.assertNumQueries(1):
            renditions.renditions_for(image, ["card", "content"])
        (image,) = renditions.prefetch(get_image_model().objects.filter(pk=self.image.pk), "card", "content")
        with self.assertNumQueries(0):
            renditions.renditions_for(image, ["card", "content"])

    def test_focal_point(self):
        self.assertIsNone(renditions.focal_point(self.image))
        image = ImageFactory(focal_point_x=600, focal_point_y=100, focal_point_width=80, focal_point_height=60)
        self.assertEqual(renditions.focal_point(image), {"x": 600, "y": 100, "width": 80, "height": 60})


def render(template, **context):
    return Template("{% load responsive_images %}" + template).render(Context(context))


class ResponsiveImageTagTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.image = ImageFactory(title="La salle du Centre culturel")

    def picture(self, html):
        soup = self.get_soup(html)
        (picture,) = soup.select("picture")
        return picture

    def assertResponsive(self, picture, widths):
        """A WebP <source> and a JPEG <img>, both with every width in their srcset and the same sizes."""
        (source,) = picture.select("source")
        img = picture.img
        self.assertEqual(source["type"], "image/webp")
        self.assertEqual(srcset_widths(source["srcset"]), widths)
        self.assertTrue(all(".webp" in c for c in source["srcset"].split(",")))
        self.assertEqual(srcset_widths(img["srcset"]), widths)
        self.assertTrue(all(".jpg" in c for c in img["srcset"].split(",")))
        self.assertEqual(source["sizes"], img["sizes"])
        self.assertEqual((img["loading"], img["decoding"]), ("lazy", "async"))
        self.assertIn(img["src"], img["srcset"])
        self.assertFalse(picture.select("[style]"))  # the CSP allows no inline style

    def test_card(self):
        picture = self.picture(render('{% responsive_image image "card" alt="" %}', image=self.image))
        self.assertResponsive(picture, [320, 640, 800])
        self.assertEqual((picture.img["width"], picture.img["height"], picture.img["alt"]), ("640", "400", ""))
        self.assertEqual(picture.img["sizes"], renditions.USES["card"].sizes)

    def test_attributes_given_by_the_template(self):
        html = render(
            '{% responsive_image image "content" sizes="50vw" class="figure__image" loading="eager" %}',
            image=self.image,
        )
        img = self.picture(html).img
        self.assertEqual((img["sizes"], img["class"], img["loading"]), ("50vw", ["figure__image"], "eager"))
        self.assertEqual(img["alt"], self.image.default_alt_text)

    def test_nothing_without_an_image_or_its_file(self):
        self.assertEqual(render('{% responsive_image image "card" %}', image=None), "")
        image = ImageFactory()
        image.file.storage.delete(image.file.name)
        with self.assertLogs("pages.templatetags.responsive_images", "WARNING"):
            self.assertEqual(render('{% responsive_image image "card" %}', image=image), "")

    def test_a_figure_block_of_a_page(self):
        page = StandardPageFactory(parent=self.tree.home, body=[figure(self.image, "Le public")])
        (picture,) = self.get_soup(self.get_page(page).content).select("main picture")
        self.assertResponsive(picture, [480, 800])
        self.assertEqual((picture.img["alt"], picture.img["class"]), ("Le public", ["figure__image"]))
        self.assertEqual(picture.img["width"], "800")

    def test_a_workshop_card_and_its_gallery(self):
        workshop = WorkshopReportPageFactory(
            parent=self.tree.workshop_index,
            listing_image=self.image,
            photos=[WorkshopPhoto(image=self.image, caption="Les participants")],
        )
        index = self.get_soup(self.get_page(self.tree.workshop_index).content)
        (card,) = index.select("main .card__media picture")
        self.assertResponsive(card, [320, 640, 800])
        self.assertEqual(card.img["alt"], "")
        page = self.get_soup(self.get_page(workshop).content)
        (photo,) = page.select("main .gallery__link picture")
        self.assertResponsive(photo, [320, 640, 800])
        self.assertEqual(photo.img["alt"], "Les participants")


class FigureQueryTests(SiteTreeTestCase):
    def test_the_figures_of_a_page_cost_the_same_whatever_their_number_even_with_an_empty_cache(self):
        counts = []
        for count in (2, 12):
            images = [ImageFactory(file__width=40, file__height=25) for _ in range(count)]
            page = StandardPageFactory(parent=self.tree.home, body=[figure(image) for image in images])
            self.get_page(page)  # makes the renditions
            cache.clear()
            with CaptureQueriesContext(connection) as context:
                response = self.get_page(page)
            self.assertEqual(len(self.get_soup(response.content).select("main picture")), count)
            counts.append(len(context))
        self.assertEqual(counts[0], counts[1])

    def test_a_body_read_for_its_text_reads_no_rendition(self):
        page = StandardPageFactory(parent=self.tree.home, body=[figure(ImageFactory()), figure(ImageFactory())])
        page = type(page).objects.get(pk=page.pk)
        with CaptureQueriesContext(connection) as context:
            self.assertIn("Le public de la rencontre", page.search_document()["body"])
        self.assertFalse([query for query in context if "wagtailimages_rendition" in query["sql"]])


class GenerateRenditionsCommandTests(TestCase):
    def test_makes_every_rendition_the_site_and_the_api_ask_for_once(self):
        tiny = ImageFactory(file__width=40, file__height=25)
        missing = ImageFactory()
        missing.file.storage.delete(missing.file.name)
        out = StringIO()
        call_command("generate_renditions", stdout=out)
        # Each use's smallest width in WebP and JPEG, and the API's card and large renditions, the sharing image.
        self.assertEqual(tiny.renditions.count(), 3 * 2 + 3)
        self.assertIn("fichier introuvable", out.getvalue())
        self.assertIn("Rendus prêts pour 1 image(s) sur 2.", out.getvalue())
        call_command("generate_renditions", str(tiny.pk), stdout=StringIO())
        self.assertEqual(tiny.renditions.count(), 3 * 2 + 3)
        (image,) = renditions.prefetch(get_image_model().objects.filter(pk=tiny.pk), *renditions.ALL_USES)
        with self.assertNumQueries(0):  # all made: nothing to create
            renditions.renditions_for(image, renditions.ALL_USES)
