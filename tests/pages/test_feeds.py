"""RSS and Atom feeds (everything new, per theme) and the iCal feed of upcoming rencontres-ateliers.

Feeds are read by feedparser and the calendar by icalendar, as a subscriber's application would.
"""

import datetime
from zoneinfo import ZoneInfo

import feedparser
import icalendar
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import ical
from pages.feeds import FEED_LENGTH
from tests.factories import (
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.base import SiteTreeTestCase

BRUSSELS = ZoneInfo("Europe/Brussels")
ROOT = "http://localhost"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="conseil")


class FeedTestCase(SiteTreeTestCase):
    def read_feed(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, f"{url}: {feed.get('bozo_exception')}")
        return response, feed

    def titles(self, feed):
        return [entry.title for entry in feed.entries]


class LatestContentFeedTests(FeedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        decree = tree.theme["expliquer-le-decret"]
        cls.resource = ResourcePageFactory(
            parent=decree, title="Le décret en dix questions", author="FWB", first_published_at=days_ago(5)
        )
        cls.dossier = DossierPageFactory(
            parent=tree.dossier_library, title="Dossier du Centre culturel de Dinant", first_published_at=days_ago(4)
        )
        cls.link = LinkPageFactory(
            parent=tree.link_library, title="Le texte coordonné du décret", first_published_at=days_ago(3)
        )
        cls.workshop = WorkshopReportPageFactory(
            parent=tree.workshop_index, title="Rencontre à Rochefort", first_published_at=days_ago(2)
        )
        cls.newest = ResourcePageFactory(
            parent=decree, title="Une ressource toute neuve", first_published_at=days_ago(1)
        )
        ResourcePageFactory(parent=decree, title="Un brouillon", live=False, first_published_at=None)
        make_private(ResourcePageFactory(parent=decree, title="Une ressource réservée", first_published_at=days_ago(0)))

    def test_rss_lists_new_content_of_every_family_newest_first(self):
        _, feed = self.read_feed("/flux/rss/")
        self.assertEqual(feed.version, "rss20")
        self.assertEqual(
            self.titles(feed),
            [
                "Une ressource toute neuve",
                "Rencontre à Rochefort",
                "Le texte coordonné du décret",
                "Dossier du Centre culturel de Dinant",
                "Le décret en dix questions",
            ],
        )
        self.assertEqual(feed.feed.title, "Plateforme d'Échange et de Partage — Nouveautés")
        self.assertEqual(feed.feed.language, "fr-be")

    def test_atom_lists_the_same_items_as_rss(self):
        _, rss = self.read_feed("/flux/rss/")
        _, atom = self.read_feed("/flux/atom/")
        self.assertEqual(atom.version, "atom10")
        self.assertEqual(self.titles(atom), self.titles(rss))

    def test_drafts_and_private_pages_are_left_out(self):
        for url in ("/flux/rss/", "/flux/atom/"):
            _, feed = self.read_feed(url)
            self.assertNotIn("Un brouillon", self.titles(feed))
            self.assertNotIn("Une ressource réservée", self.titles(feed))

    def test_items_link_to_the_pages_with_their_publication_date_summary_and_family(self):
        _, feed = self.read_feed("/flux/atom/")
        entry = next(e for e in feed.entries if e.title == "Le décret en dix questions")
        self.assertEqual(entry.link, ROOT + self.resource.url)
        self.assertEqual(entry.id, ROOT + self.resource.url)
        self.assertEqual(entry.summary, self.resource.summary)
        self.assertEqual(entry.author, "FWB")
        self.assertEqual([tag.term for tag in entry.tags], ["Ressource"])
        published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
        self.assertEqual(published, self.resource.first_published_at.replace(microsecond=0))
        dossier = next(e for e in feed.entries if e.title == "Dossier du Centre culturel de Dinant")
        self.assertEqual(dossier.author, self.dossier.centre.name)

    def test_rss_items_have_a_publication_date_and_a_permalink(self):
        _, feed = self.read_feed("/flux/rss/")
        for entry in feed.entries:
            self.assertTrue(entry.published_parsed)
            self.assertTrue(entry.link.startswith(ROOT + "/"))
            self.assertEqual(entry.id, entry.link)

    def test_feed_keeps_only_the_latest_items(self):
        theme = self.tree.theme["autres"]
        for n in range(FEED_LENGTH):
            ResourcePageFactory(parent=theme, title=f"Ressource récente {n}", first_published_at=days_ago(0.5))
        _, feed = self.read_feed("/flux/rss/")
        self.assertEqual(len(feed.entries), FEED_LENGTH)
        self.assertNotIn("Le décret en dix questions", self.titles(feed))


class ThemeFeedTests(FeedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        decree, analysis = cls.tree.theme["expliquer-le-decret"], cls.tree.theme["analyse-partagee"]
        ResourcePageFactory(parent=decree, title="Ressource du décret", first_published_at=days_ago(3))
        ResourcePageFactory(
            parent=analysis,
            title="Ressource de l'analyse, liée au décret",
            secondary_themes=[decree],
            first_published_at=days_ago(1),
        )
        ResourcePageFactory(parent=analysis, title="Ressource de l'analyse seule", first_published_at=days_ago(2))
        ResourcePageFactory(parent=decree, title="Brouillon du décret", live=False, first_published_at=None)
        make_private(ResourcePageFactory(parent=decree, title="Ressource réservée du décret"))
        DossierPageFactory(parent=cls.tree.dossier_library, title="Un dossier", themes=[decree])

    def test_theme_feed_lists_its_resources_and_those_filed_under_it_as_secondary(self):
        for fmt in ("rss", "atom"):
            _, feed = self.read_feed(f"/flux/expliquer-le-decret/{fmt}/")
            self.assertEqual(self.titles(feed), ["Ressource de l'analyse, liée au décret", "Ressource du décret"], fmt)
            self.assertEqual(feed.feed.title, "Plateforme d'Échange et de Partage — Expliquer le décret")
            self.assertEqual(feed.feed.link, ROOT + "/boite-a-outils/expliquer-le-decret/")

    def test_secondary_theme_does_not_leak_into_the_main_theme_of_another_resource(self):
        _, feed = self.read_feed("/flux/analyse-partagee/rss/")
        self.assertEqual(self.titles(feed), ["Ressource de l'analyse, liée au décret", "Ressource de l'analyse seule"])

    def test_unknown_or_unpublished_theme_answers_404(self):
        self.assertEqual(self.client.get("/flux/theme-inconnu/rss/").status_code, 404)
        self.tree.theme["autres"].unpublish()
        self.assertEqual(self.client.get("/flux/autres/atom/").status_code, 404)


class FeedLinksTests(FeedTestCase):
    """Visitors and feed readers find the feeds from the pages."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ResourcePageFactory(parent=cls.tree.theme["analyse-partagee"], title="Un guide de l'analyse")

    def alternate_links(self, response):
        soup = self.get_soup(response.content)
        return {link["href"]: link["type"] for link in soup.select('head link[rel="alternate"]')}

    def subscribe_links(self, response):
        soup = self.get_soup(response.content)
        box = soup.select_one("section.subscribe")
        self.assertIsNotNone(box, "no « S'abonner » box")
        self.assertEqual(box.h2.get_text(strip=True), "S'abonner")
        return {" ".join(a.get_text(" ").split()): a["href"] for a in box.select("a[type]")}  # the feeds

    def test_every_page_announces_the_site_wide_feeds(self):
        for page in (self.tree.home, self.tree.dossier_library, self.tree.link_library):
            links = self.alternate_links(self.get_page(page))
            self.assertEqual(links["/flux/rss/"], "application/rss+xml")
            self.assertEqual(links["/flux/atom/"], "application/atom+xml")

    def test_theme_page_announces_and_offers_its_own_feeds(self):
        response = self.get_page(self.tree.theme["analyse-partagee"])
        links = self.alternate_links(response)
        self.assertEqual(links["/flux/analyse-partagee/rss/"], "application/rss+xml")
        self.assertEqual(links["/flux/analyse-partagee/atom/"], "application/atom+xml")
        self.assertEqual(
            self.subscribe_links(response),
            {
                "Flux RSS de la thématique « L'analyse partagée »": "/flux/analyse-partagee/rss/",
                "Flux Atom de la thématique « L'analyse partagée »": "/flux/analyse-partagee/atom/",
            },
        )

    def test_home_offers_the_news_feeds_and_the_calendar(self):
        response = self.get_page(self.tree.home)
        self.assertEqual(self.alternate_links(response)["/flux/rencontres.ics"], "text/calendar")
        self.assertEqual(
            self.subscribe_links(response),
            {
                "Flux RSS des nouveautés": "/flux/rss/",
                "Flux Atom des nouveautés": "/flux/atom/",
                "Agenda iCal des prochaines rencontres-ateliers": "/flux/rencontres.ics",
            },
        )

    def test_the_box_offers_the_subscription_by_mail_with_the_theme_ticked(self):
        response = self.get_page(self.tree.theme["analyse-partagee"])
        link = self.get_soup(response.content).select_one("section.subscribe a:not([type])")
        self.assertEqual(link.get_text(strip=True), "Par e-mail, chaque semaine ou chaque jour")
        form = self.client.get(link["href"]).context["form"]
        self.assertEqual([theme.slug for theme in form.initial["themes"]], ["analyse-partagee"])
        home = self.get_soup(self.get_page(self.tree.home).content).select_one("section.subscribe a:not([type])")
        self.assertEqual(home["href"], "/abonnements/")

    def test_rencontres_index_offers_the_calendar_first(self):
        links = self.subscribe_links(self.get_page(self.tree.workshop_index))
        self.assertEqual(next(iter(links.values())), "/flux/rencontres.ics")

    def test_a_visitor_following_each_subscribe_link_gets_a_readable_feed(self):
        for page in (self.tree.home, self.tree.theme["analyse-partagee"], self.tree.workshop_index):
            for label, href in self.subscribe_links(self.get_page(page)).items():
                response = self.client.get(href)
                self.assertEqual(response.status_code, 200, label)
                if href.endswith(".ics"):
                    icalendar.Calendar.from_ical(response.content)
                else:
                    self.assertFalse(feedparser.parse(response.content).bozo, label)
                    self.assertTrue(feedparser.parse(response.content).entries, label)


class WorkshopCalendarTests(FeedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index = cls.tree.workshop_index
        today = timezone.localdate()
        # One winter and one summer date: both must read 09:30 in Brussels whatever the offset.
        cls.winter_day = datetime.date(today.year + 1, 1, 15)
        cls.summer_day = datetime.date(today.year + 1, 7, 15)
        cls.winter = WorkshopReportPageFactory(
            parent=index,
            title="Rencontre d'hiver ; à Rochefort, avec témoins \\ invités",
            date=cls.winter_day,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(16, 30),
            place="Centre culturel de Rochefort",
            address="Rue Jacquet 4, 5580 Rochefort",
            summary="Une journée d'échanges.\nInscription obligatoire ; places limitées, 30 au plus.",
        )
        cls.summer = WorkshopReportPageFactory(
            parent=index,
            title="Rencontre d'été",
            date=cls.summer_day,
            start_time=datetime.time(9, 30),
            end_time=None,
        )
        cls.all_day = WorkshopReportPageFactory(
            parent=index, title="Journée sans horaire", date=today + datetime.timedelta(days=3), start_time=None
        )
        WorkshopReportPageFactory(parent=index, title="Rencontre passée", date=today - datetime.timedelta(days=1))
        WorkshopReportPageFactory(parent=index, title="Annonce en brouillon", date=cls.winter_day, live=False)
        make_private(WorkshopReportPageFactory(parent=index, title="Rencontre réservée", date=cls.winter_day))

    def read_calendar(self):
        response = self.client.get("/flux/rencontres.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        return response.content, icalendar.Calendar.from_ical(response.content)

    def events(self, calendar):
        return list(calendar.walk("VEVENT"))

    def test_calendar_lists_upcoming_public_rencontres_by_date(self):
        _, calendar = self.read_calendar()
        self.assertEqual(
            [str(event["SUMMARY"]) for event in self.events(calendar)],
            ["Journée sans horaire", self.winter.title, "Rencontre d'été"],
        )
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertIn("Rencontres-ateliers", str(calendar["X-WR-CALNAME"]))

    def test_times_are_those_of_brussels_in_winter_and_in_summer(self):
        _, calendar = self.read_calendar()
        events = {str(event["SUMMARY"]): event for event in self.events(calendar)}
        winter, summer = events[self.winter.title], events["Rencontre d'été"]
        start = winter.decoded("DTSTART")
        self.assertEqual(
            start.astimezone(BRUSSELS), datetime.datetime(*self.winter_day.timetuple()[:3], 9, 30, tzinfo=BRUSSELS)
        )
        self.assertEqual(start.utcoffset(), datetime.timedelta(0))
        self.assertEqual(start.astimezone(datetime.UTC).hour, 8)
        self.assertEqual(winter.decoded("DTEND").astimezone(BRUSSELS).time(), datetime.time(16, 30))
        summer_start = summer.decoded("DTSTART")
        self.assertEqual(summer_start.astimezone(BRUSSELS).time(), datetime.time(9, 30))
        self.assertEqual(summer_start.astimezone(datetime.UTC).hour, 7)
        self.assertNotIn("DTEND", summer)

    def test_a_rencontre_without_start_time_is_an_all_day_event(self):
        _, calendar = self.read_calendar()
        event = next(e for e in self.events(calendar) if str(e["SUMMARY"]) == "Journée sans horaire")
        self.assertEqual(event.decoded("DTSTART"), self.all_day.date)
        self.assertEqual(event.decoded("DTEND"), self.all_day.date + datetime.timedelta(days=1))

    def test_text_with_commas_semicolons_backslashes_and_newlines_survives_the_round_trip(self):
        _, calendar = self.read_calendar()
        event = next(e for e in self.events(calendar) if str(e["UID"]).startswith(f"rencontre-{self.winter.pk}@"))
        self.assertEqual(str(event["SUMMARY"]), "Rencontre d'hiver ; à Rochefort, avec témoins \\ invités")
        self.assertEqual(str(event["LOCATION"]), "Centre culturel de Rochefort, Rue Jacquet 4, 5580 Rochefort")
        self.assertTrue(
            str(event["DESCRIPTION"]).startswith(
                "Une journée d'échanges.\nInscription obligatoire ; places limitées, 30 au plus."
            )
        )
        self.assertEqual(str(event["URL"]), ROOT + self.winter.url)
        self.assertEqual(str(event["UID"]), f"rencontre-{self.winter.pk}@localhost")
        self.assertEqual(event.decoded("DTSTAMP"), self.winter.last_published_at.replace(microsecond=0))

    def test_file_uses_crlf_and_folds_lines_at_75_octets(self):
        content, _ = self.read_calendar()
        self.assertTrue(content.endswith(b"\r\n"))
        lines = content.split(b"\r\n")[:-1]
        self.assertNotIn(b"\n", b"".join(lines))
        self.assertTrue(all(len(line) <= 75 for line in lines), max(lines, key=len))
        self.assertTrue(any(line.startswith(b" ") for line in lines), "a long line should have been folded")
        for line in lines:
            line.decode("utf-8")  # never cut inside a multi-byte character

    def test_drafts_private_and_past_rencontres_are_left_out(self):
        content, calendar = self.read_calendar()
        summaries = [str(event["SUMMARY"]) for event in self.events(calendar)]
        for title in ("Rencontre passée", "Annonce en brouillon", "Rencontre réservée"):
            self.assertNotIn(title, summaries)


class FoldingTests(SiteTreeTestCase):
    def test_folding_never_splits_a_character_and_unfolds_to_the_original(self):
        line = "DESCRIPTION:" + "é" * 100 + "x" * 80
        chunks = ical.fold(line)
        self.assertTrue(all(len(chunk.encode()) <= 75 for chunk in chunks))
        self.assertEqual(chunks[0] + "".join(chunk[1:] for chunk in chunks[1:]), line)

    def test_escaping_follows_rfc_5545(self):
        self.assertEqual(ical.escape_text("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne")


class FeedQueryCountTests(FeedTestCase):
    """A feed costs the same number of queries with 5 items as with 100."""

    def count_queries(self, url):
        self.client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(context.captured_queries)

    def add_content(self, start, stop):
        theme, other = self.tree.theme["expliquer-le-decret"], self.tree.theme["autres"]
        today = timezone.localdate()
        for n in range(start, stop):
            ResourcePageFactory(parent=other if n % 2 else theme, secondary_themes=[theme] if n % 2 else [])
            DossierPageFactory(parent=self.tree.dossier_library)
            LinkPageFactory(parent=self.tree.link_library)
            WorkshopReportPageFactory(
                parent=self.tree.workshop_index,
                date=today + datetime.timedelta(days=n + 1),
                start_time=datetime.time(9, 30) if n % 2 else None,
            )

    def test_feeds_cost_a_fixed_number_of_queries(self):
        urls = ["/flux/rss/", "/flux/atom/", "/flux/expliquer-le-decret/rss/", "/flux/rencontres.ics"]
        self.add_content(0, 5)
        small = {url: self.count_queries(url) for url in urls}
        self.add_content(5, 100)
        large = {url: self.count_queries(url) for url in urls}
        self.assertEqual(small, large)
