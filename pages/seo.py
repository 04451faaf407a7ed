"""What search engines, feed readers and social networks read about a page.

Plain functions returning data: the meta description, the canonical URL, Open Graph / Twitter card
fields and schema.org JSON-LD (dicts). `pages.templatetags.seo_tags` renders them in the page's head.

Absolute URLs start from the Wagtail Site's root URL (Paramètres → Sites), never from the request's Host
header. Only public things are described: a document in a restricted collection or a centre's private
e-mail never appears here.
"""

import datetime
import json
import mimetypes
import re

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from pages import context_processors as network
from pages import models as m

SITE_NAME = "Plateforme d'Échange et de Partage"
LOCALE = "fr_BE"
LANGUAGE = "fr-BE"
DEFAULT_DESCRIPTION = (
    "Un espace de travail collaboratif et de réflexion partagée entre équipes et professionnels en Centres "
    "culturels, autour du décret du 21 novembre 2013."
)
DESCRIPTION_LENGTH = 300
# Open Graph's recommended 1.91:1 image; Twitter's large card takes the same.
SHARE_IMAGE_SPEC = "fill-1200x630"
NETWORK_NAME = "Réseau des professionnels en Centres culturels"
NETWORK_ALTERNATE_NAME = "ASTRAC asbl"
# « Rue Jacquet 4, 5580 Rochefort » → street, postal code, locality (Belgian postal codes have 4 digits).
ADDRESS_PATTERN = re.compile(r"^(?P<street>.+?),\s*(?P<postcode>\d{4})\s+(?P<locality>.+)$")
# What json.dumps leaves that could close the <script> element or open a comment in it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


# URLs


def site_root_url(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


def absolute_url(url, request):
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_root_url(request) + url


def page_url(page, request):
    return page.get_full_url(request) or ""


def current_listing_page(context):
    """The paginated page a listing shows (its number), found among the template context's values."""
    for value in context.values() if context else ():
        # type(), not isinstance(): Paginator's Page is an ABC whose check reads `__class__`, which would
        # evaluate the context's lazy `csrf_token` and set a CSRF cookie on every page (no page cache then).
        if issubclass(type(value), PaginatorPage):
            return value
    return None


def canonical_url(page, request, context=None):
    """The page's absolute URL without query string, but with `?page=N` for a listing past its first page."""
    url = page_url(page, request)
    listing_page = current_listing_page(context)
    if url and listing_page is not None and listing_page.number > 1:
        url += f"?page={listing_page.number}"
    return url


# Meta description, Open Graph


def plain_text(value, length=DESCRIPTION_LENGTH):
    text = " ".join(strip_tags(str(value or "")).split())
    return Truncator(text).chars(length)


def description(page):
    return plain_text(getattr(page, "meta_description", "") or "") or DEFAULT_DESCRIPTION


def share_image(page):
    """The image that represents the page when shared: its listing image, or a rencontre's first photo."""
    if getattr(page, "listing_image_id", None):
        return page.listing_image
    if isinstance(page, m.WorkshopReportPage):
        photo = page.photos.select_related("image").first()
        return photo.image if photo else None
    return None


def share_image_data(page, request):
    image = share_image(page)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    except SourceImageIOError:
        # The original file is missing (like the {% image %} tag, the page still renders): nothing to share.
        return None
    return {
        "url": absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description or image.title,
    }


ARTICLE_TYPES = (m.ResourcePage, m.DossierPage, m.WorkshopReportPage, m.LinkPage, m.StandardPage)


def page_meta(page, request, context=None):
    """Everything the head needs for `page`: description, canonical URL, Open Graph and Twitter fields."""
    is_article = isinstance(page, ARTICLE_TYPES)
    image = share_image_data(page, request)
    return {
        "title": page.seo_title or page.title,
        "description": description(page),
        "canonical": canonical_url(page, request, context),
        "og_type": "article" if is_article else "website",
        "image": image,
        "twitter_card": "summary_large_image" if image else "summary",
        "published": page.first_published_at if is_article else None,
        "modified": page.last_published_at if is_article else None,
    }


# schema.org JSON-LD


def iso(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    return value.isoformat() if value else None


def compact(data):
    """Drop empty values: schema.org readers prefer a missing property to an empty one."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organization(request):
    """The network that runs the platform: ASTRAC, « Réseau des professionnels en Centres culturels »."""
    home = site_root_url(request) + "/"
    return compact(
        {
            "@type": "Organization",
            "@id": home + "#organisation",
            "name": NETWORK_NAME,
            "alternateName": NETWORK_ALTERNATE_NAME,
            "url": home,
            "logo": absolute_url(static("img/logo-mark.svg"), request),
            "email": settings.PLATFORM_CONTACT_EMAIL,
            "telephone": network.NETWORK_PHONE_URI.removeprefix("tel:"),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": network.NETWORK_STREET,
                "postalCode": network.NETWORK_LOCALITY.split()[0],
                "addressLocality": network.NETWORK_LOCALITY.split(maxsplit=1)[1],
                "addressCountry": "BE",
            },
            "sameAs": [settings.PLATFORM_FACEBOOK_URL],
        }
    )


def organization_reference(request):
    home = site_root_url(request) + "/"
    return {"@type": "Organization", "@id": home + "#organisation", "name": NETWORK_NAME, "url": home}


def website(page, request):
    home = site_root_url(request) + "/"
    return {
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": home,
        "inLanguage": LANGUAGE,
        "publisher": organization_reference(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": home + "recherche/?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def theme_things(themes, request):
    return [{"@type": "Thing", "name": theme.title, "url": page_url(theme, request)} for theme in themes]


def media_objects(documents, request):
    return [
        compact(
            {
                "@type": "MediaObject",
                "name": document.title,
                "description": plain_text(document.description),
                "contentUrl": absolute_url(document.url, request),
                "encodingFormat": mimetypes.guess_type(document.filename)[0],
                "contentSize": f"{document.file_size} B" if document.file_size else None,
            }
        )
        for document in documents
    ]


def creative_work_base(page, request, schema_type):
    image = share_image_data(page, request)
    return {
        "@type": schema_type,
        "@id": page_url(page, request) + "#contenu",
        "name": page.title,
        "headline": Truncator(page.title).chars(110),
        "description": description(page),
        "url": page_url(page, request),
        "inLanguage": LANGUAGE,
        "datePublished": iso(page.first_published_at),
        "dateModified": iso(page.last_published_at),
        "image": image["url"] if image else None,
        "publisher": organization_reference(request),
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": site_root_url(request) + "/"},
    }


def resource_work(resource, request):
    themes = [resource.get_parent().specific, *resource.secondary_themes.all()]
    author = {"@type": "Organization", "name": resource.author} if resource.author else organization_reference(request)
    data = creative_work_base(resource, request, "CreativeWork")
    data.update(
        {
            "datePublished": iso(resource.date),
            "genre": resource.get_resource_type_display(),
            "author": author,
            "about": theme_things(themes, request),
            "keywords": ", ".join(tag.name for tag in resource.tags.all()),
            "sameAs": resource.external_url or None,
            "associatedMedia": media_objects(resource.public_documents(request), request),
        }
    )
    return compact(data)


def centre_organization(centre):
    """A cultural centre as a public Organization: name, place, website; its contact e-mail is private."""
    return compact(
        {
            "@type": "Organization",
            "name": centre.name,
            "url": centre.website,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": centre.commune,
                "addressRegion": centre.get_province_display(),
                "addressCountry": "BE",
            },
        }
    )


def dossier_report(dossier, request):
    data = creative_work_base(dossier, request, "Report")
    documents = dossier.public_documents(request)
    period = "/".join(str(year) for year in (dossier.recognition_start, dossier.recognition_end) if year)
    data.update(
        {
            "author": centre_organization(dossier.centre),
            "about": theme_things(dossier.themes.all(), request),
            "genre": "Dossier de demande de reconnaissance",
            "creativeWorkStatus": dossier.get_status_display(),
            "temporalCoverage": period,
            "associatedMedia": media_objects(documents, request),
        }
    )
    return compact(data)


def event_moment(day, time):
    if time is None:
        return day.isoformat()
    return timezone.make_aware(datetime.datetime.combine(day, time)).isoformat()


def postal_address(address):
    match = ADDRESS_PATTERN.match(address or "")
    if match:
        parts = {
            "streetAddress": match["street"],
            "postalCode": match["postcode"],
            "addressLocality": match["locality"],
        }
    else:
        parts = {"streetAddress": address}
    return compact({"@type": "PostalAddress", **parts, "addressCountry": "BE"})


def workshop_event(workshop, request):
    image = share_image_data(workshop, request)
    if workshop.end_time:
        end = event_moment(workshop.date, workshop.end_time)
    elif workshop.start_time is None:
        end = workshop.date.isoformat()
    else:
        end = None
    return compact(
        {
            "@type": "Event",
            "@id": page_url(workshop, request) + "#rencontre",
            "name": workshop.title,
            "description": description(workshop),
            "url": page_url(workshop, request),
            "startDate": event_moment(workshop.date, workshop.start_time),
            "endDate": end,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": compact(
                {
                    "@type": "Place",
                    "name": workshop.place,
                    "address": postal_address(workshop.address or workshop.place),
                }
            ),
            "organizer": organization_reference(request),
            "performer": [
                compact(
                    {
                        "@type": "Person",
                        "name": person.name,
                        "jobTitle": person.function,
                        "affiliation": {"@type": "Organization", "name": person.organisation}
                        if person.organisation
                        else None,
                    }
                )
                for person in workshop.participants.all()
                if person.role == m.ParticipantRole.SPEAKER
            ],
            "offers": {"@type": "Offer", "url": workshop.registration_url}
            if workshop.registration_url and workshop.is_upcoming
            else None,
            "image": image["url"] if image else None,
            "inLanguage": LANGUAGE,
            "about": theme_things(workshop.themes.all(), request),
        }
    )


def ancestors_from(page, depth):
    """`page`'s ancestors from `depth` down, in one query; kept on the page instance while it renders
    (the breadcrumbs and their JSON-LD both list them)."""
    cache = page.__dict__.setdefault("_ancestors_from", {})
    if depth not in cache:
        cache[depth] = list(page.get_ancestors().filter(depth__gte=depth))
    return cache[depth]


def breadcrumb_list(page, request):
    site = Site.find_for_request(request) if request is not None else None
    root_depth = site.root_page.depth if site else 2
    trail = [*ancestors_from(page, root_depth), page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": "Accueil" if position == 1 else crumb.title,
                "item": page_url(crumb, request),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def json_ld(page, request):
    """The schema.org graph for `page`: [] for a page type that has none."""
    page = page.specific
    items = []
    if isinstance(page, m.HomePage):
        items += [organization(request), website(page, request)]
    elif isinstance(page, m.WorkshopReportPage):
        items.append(workshop_event(page, request))
    elif isinstance(page, m.ResourcePage):
        items.append(resource_work(page, request))
    elif isinstance(page, m.DossierPage):
        items.append(dossier_report(page, request))
    if not isinstance(page, m.HomePage) and page.depth > 2:
        items.append(breadcrumb_list(page, request))
    if not items:
        return None
    return {"@context": "https://schema.org", "@graph": items}


def json_ld_script(data):
    """`data` in a <script type="application/ld+json">: <, > and & escaped so no text can close the element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
