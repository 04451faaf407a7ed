"""RSS and Atom feeds (Django's syndication framework) and the iCal feed of upcoming rencontres.

- « Nouveautés »: the latest resources, dossiers, links and rencontres-ateliers, newest first publication first.
- One feed per theme: the resources listed under it, as main or as secondary theme (like the theme page).
- `rencontres.ics`: the upcoming rencontres-ateliers, for a calendar application.

Only live, public pages. Each feed costs a fixed number of queries, whatever the number of items.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Site

from pages import ical, listings, seo
from pages import models as m

FEED_LENGTH = 30
SITE_NAME = seo.SITE_NAME


def site_root_page(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Aucun site n'est configuré pour cette adresse.")
    return site.root_page


def latest_pages(request):
    """The FEED_LENGTH latest pages of the four families, each family read in one query."""
    root = site_root_page(request)
    families = [
        m.ResourcePage.objects.all(),
        m.DossierPage.objects.select_related("centre"),
        m.LinkPage.objects.select_related("category"),
        m.WorkshopReportPage.objects.all(),
    ]
    pages = []
    for queryset in families:
        pages += queryset.descendant_of(root).live().public().order_by("-first_published_at", "-pk")[:FEED_LENGTH]
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return pages[:FEED_LENGTH]


class PageFeed(Feed):
    """What every feed item says about its page; subclasses choose the pages."""

    feed_type = Rss201rev2Feed
    language = "fr-be"
    author_name = seo.NETWORK_NAME

    @classmethod
    def as_view(cls):
        """A view that builds a new feed per request: the feed keeps the request, and instances are not shared."""

        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return view

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def feed_url(self, obj):
        return seo.absolute_url(self.request.path, self.request)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return seo.plain_text(item.card_summary, length=1000)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        return [str(item._meta.verbose_name).capitalize()]

    def item_author_name(self, item):
        if isinstance(item, m.ResourcePage) and item.author:
            return item.author
        if isinstance(item, m.DossierPage):
            return item.centre.name
        return seo.NETWORK_NAME


class LatestContentFeed(PageFeed):
    title = f"{SITE_NAME} — Nouveautés"
    description = "Les dernières ressources, dossiers, liens et rencontres-ateliers publiés sur la Plateforme."
    subtitle = description

    def link(self):
        return seo.site_root_url(self.request) + "/"

    def items(self):
        return latest_pages(self.request)


class LatestContentAtomFeed(LatestContentFeed):
    feed_type = Atom1Feed


class ThemeFeed(PageFeed):
    """The resources of one theme; unknown or unpublished theme slugs answer 404."""

    def get_object(self, request, slug):
        theme = m.ThemePage.objects.descendant_of(site_root_page(request)).live().public().filter(slug=slug).first()
        if theme is None:
            raise Http404("Cette thématique n'existe pas ou n'est pas publiée.")
        return theme

    def title(self, theme):
        return f"{SITE_NAME} — {theme.title}"

    def description(self, theme):
        return f"Les dernières ressources de la thématique « {theme.title} »."

    def subtitle(self, theme):
        return self.description(theme)

    def link(self, theme):
        return theme.get_full_url(self.request)

    def items(self, theme):
        return listings.resources_in_theme(theme).order_by("-first_published_at", "-pk")[:FEED_LENGTH]


class ThemeAtomFeed(ThemeFeed):
    feed_type = Atom1Feed


def upcoming_workshops(request):
    return (
        m.WorkshopReportPage.objects.descendant_of(site_root_page(request))
        .live()
        .public()
        .filter(date__gte=timezone.localdate())
        .order_by("date", "start_time", "pk")
    )


def workshops_calendar(request):
    """`rencontres.ics`: the upcoming rencontres-ateliers as an iCalendar (RFC 5545) file."""
    root_url = seo.site_root_url(request)
    events = [
        ical.Event(
            uid=f"rencontre-{workshop.pk}@{ical.host_of(root_url)}",
            stamp=workshop.last_published_at or workshop.first_published_at or timezone.now(),
            day=workshop.date,
            start_time=workshop.start_time,
            end_time=workshop.end_time,
            summary=workshop.title,
            location=", ".join(part for part in (workshop.place, workshop.address) if part),
            url=workshop.get_full_url(request),
            description="\n\n".join(
                part
                for part in (
                    workshop.summary,
                    f"Inscription : {workshop.registration_url}" if workshop.registration_url else "",
                    f"Plus d'informations : {workshop.get_full_url(request)}",
                )
                if part
            ),
        )
        for workshop in upcoming_workshops(request)
    ]
    body = ical.calendar(
        events,
        name=f"Rencontres-ateliers — {SITE_NAME}",
        description="Les prochaines rencontres-ateliers du Réseau des professionnels en Centres culturels.",
        source=seo.absolute_url(reverse("feeds:workshops_ical"), request),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rencontres.ics"'
    return response
