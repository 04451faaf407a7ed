"""The head's description, canonical URL, Open Graph and JSON-LD, the feeds' alternate links and the
visible « S'abonner » links. Data comes from `pages.seo` and `pages.json_ld`; each tag costs a fixed number of
queries."""

from django import template
from django.urls import reverse
from wagtail.models import Page

from pages import json_ld, seo
from pages import models as m

register = template.Library()


def _page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.inclusion_tag("components/seo_head.html", takes_context=True)
def seo_head(context):
    """Meta description, canonical URL, Open Graph, Twitter card and JSON-LD of the page being shown."""
    page, request = _page(context), context.get("request")
    if page is None:
        return {"seo": None, "site_name": seo.SITE_NAME, "locale": seo.LOCALE}
    return {
        "seo": seo.page_meta(page, request, context.flatten()),
        # The confirmation a dossier's request form leads to: the dossier page itself is what to index.
        "noindex": bool(context.get("request_sent")),
        "json_ld": json_ld.json_ld_script(json_ld.json_ld(page, request)),
        "site_name": seo.SITE_NAME,
        "locale": seo.LOCALE,
    }


def feed(kind, url, title, subject):
    """A feed as the head (`title`) and the « S'abonner » links (`label` + `subject`) name it."""
    types = {"RSS": "application/rss+xml", "Atom": "application/atom+xml", "iCal": "text/calendar"}
    labels = {"RSS": "Flux RSS", "Atom": "Flux Atom", "iCal": "Agenda iCal"}
    return {"type": types[kind], "label": labels[kind], "title": title, "subject": subject, "url": url}


def site_feeds():
    return [
        feed("RSS", reverse("feeds:latest_rss"), "Nouveautés de la Plateforme (RSS)", "des nouveautés"),
        feed("Atom", reverse("feeds:latest_atom"), "Nouveautés de la Plateforme (Atom)", "des nouveautés"),
    ]


def theme_feeds(theme):
    subject = f"de la thématique « {theme.title} »"
    return [
        feed("RSS", reverse("feeds:theme_rss", args=[theme.slug]), f"{theme.title} (RSS)", subject),
        feed("Atom", reverse("feeds:theme_atom", args=[theme.slug]), f"{theme.title} (Atom)", subject),
    ]


def calendar_feed():
    return feed(
        "iCal",
        reverse("feeds:workshops_ical"),
        "Prochaines rencontres-ateliers (iCal)",
        "des prochaines rencontres-ateliers",
    )


@register.inclusion_tag("components/feed_links.html", takes_context=True)
def feed_links(context):
    """<link rel="alternate"> to the site-wide feeds, and to the theme's feeds on a theme page."""
    page = _page(context)
    feeds = site_feeds()
    if isinstance(page, m.ThemePage):
        feeds += theme_feeds(page)
    if isinstance(page, (m.HomePage, m.WorkshopIndexPage)):
        feeds.append(calendar_feed())
    return {"feeds": feeds}


@register.inclusion_tag("components/subscribe_links.html", takes_context=True)
def subscribe_links(context):
    """The « S'abonner » box: the feeds that match the page (home, theme, rencontres)."""
    page = _page(context)
    if isinstance(page, m.ThemePage):
        lead = f"Suivez les nouvelles ressources de la thématique « {page.title} » dans votre lecteur de flux."
        feeds = theme_feeds(page)
    elif isinstance(page, m.WorkshopIndexPage):
        lead = "Ajoutez les prochaines rencontres-ateliers à votre agenda, ou suivez toutes les nouveautés."
        feeds = [calendar_feed(), *site_feeds()]
    else:
        lead = "Suivez les nouveautés de la Plateforme dans votre lecteur de flux, et les rencontres dans votre agenda."
        feeds = [*site_feeds(), calendar_feed()]
    email_url = reverse("subscribe") + (f"?theme={page.slug}" if isinstance(page, m.ThemePage) else "")
    return {"feeds": feeds, "lead": lead, "email_url": email_url}
