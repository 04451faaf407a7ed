"""Listing cards find their image (pages/listings.py `with_card_images`, the types' `card_image()`): the listing
image, else a rencontre's first photo, else the first image of its body; for a whole list in one query."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.models import WorkshopPhoto
from tests.factories import ImageFactory, StandardPageFactory, WorkshopReportPageFactory
from tests.pages.base import SiteTreeTestCase


def image(name):
    return ImageFactory(title=name, file__filename=f"{name}.jpg")


def figure(picture):
    return {"type": "figure", "value": {"image": {"image": picture.pk, "decorative": False, "alt_text": "x"}}}


def past(days=30):
    return timezone.localdate() - datetime.timedelta(days=days)


class CardImageTests(SiteTreeTestCase):
    def card_images(self, page):
        """The file names of the images of the write-ups' cards, in order."""
        soup = self.get_soup(self.get_page(page).content)
        return [img["src"].rsplit("/", 1)[-1].split(".")[0] for img in soup.select(".card--workshop img")]

    def rencontre(self, days=30, **kwargs):
        return WorkshopReportPageFactory(parent=self.tree.workshop_index, date=past(days), **kwargs)

    def test_a_rencontre_with_photos_and_no_listing_image_shows_its_first_photo_on_the_rencontres(self):
        first, second = image("premiere-photo"), image("seconde-photo")
        self.rencontre(photos=[WorkshopPhoto(image=first, sort_order=0), WorkshopPhoto(image=second, sort_order=1)])
        [shown] = self.card_images(self.tree.workshop_index)
        self.assertTrue(shown.startswith("premiere-photo"), shown)

    def test_without_photos_the_first_image_of_the_write_up_is_shown(self):
        self.rencontre(body=[figure(image("image-du-compte-rendu"))])
        [shown] = self.card_images(self.tree.workshop_index)
        self.assertTrue(shown.startswith("image-du-compte-rendu"), shown)

    def test_the_listing_image_wins_over_the_photos(self):
        self.rencontre(listing_image=image("image-liste"), photos=[WorkshopPhoto(image=image("photo"))])
        [shown] = self.card_images(self.tree.workshop_index)
        self.assertTrue(shown.startswith("image-liste"), shown)

    def test_a_rencontre_without_any_image_has_a_card_without_image(self):
        self.rencontre()
        self.assertEqual(self.card_images(self.tree.workshop_index), [])

    def test_the_home_cards_of_past_rencontres_show_their_first_photo(self):
        self.rencontre(photos=[WorkshopPhoto(image=image("photo-accueil"))])
        [shown] = self.card_images(self.tree.home)
        self.assertTrue(shown.startswith("photo-accueil"), shown)

    def test_the_card_image_is_the_page_types_knowledge(self):
        photo = image("photo")
        rencontre = self.rencontre(photos=[WorkshopPhoto(image=photo)], body=[figure(image("figure"))])
        self.assertEqual(rencontre.card_image(), photo)
        page = StandardPageFactory(parent=self.tree.home, body=[figure(image("figure-page"))])
        self.assertEqual(page.card_image().title, "figure-page")

    def queries(self, page):
        self.get_page(page)  # renditions made, the generation's values read
        with CaptureQueriesContext(connection) as context:
            self.get_page(page)
        return len(context.captured_queries)

    def test_more_cards_with_images_cost_no_more_queries(self):
        self.rencontre(days=30, photos=[WorkshopPhoto(image=image("photo-0"))])
        one = {"rencontres": self.queries(self.tree.workshop_index), "home": self.queries(self.tree.home)}
        for number in range(1, 4):
            photos = [WorkshopPhoto(image=image(f"photo-{number}"))] if number % 2 else []
            body = [] if number % 2 else [figure(image(f"figure-{number}"))]
            self.rencontre(days=30 + number, photos=photos, body=body)
        many = {"rencontres": self.queries(self.tree.workshop_index), "home": self.queries(self.tree.home)}
        self.assertEqual(len(self.card_images(self.tree.workshop_index)), 4)
        self.assertEqual(many, one)
