"""What search engines read about a page in schema.org JSON-LD: the network, the site, each content type's
description (`DESCRIPTIONS`, by page type) and the breadcrumbs. `pages.templatetags.seo_tags` renders it in the
page's head; only public things are described (pages/seo.py).
"""

import datetime
import json
import mimetypes
import re

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Site

from pages import context_processors as network
from pages import listings
from pages import models as m
from pages.seo import (
    LANGUAGE,
    NETWORK_ALTERNATE_NAME,
    NETWORK_NAME,
    SITE_NAME,
    absolute_url,
    ancestors_from,
    description,
    page_url,
    plain_text,
    share_image_data,
    site_root_url,
)

ADDRESS_PATTERN = re.compile(r"^(?P<street>.+?),\s*(?P<postcode>\d{4})\s+(?P<locality>.+)$")
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


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
    primary = listings.attach_primary_themes([resource])[0].primary_theme or resource.get_parent().specific
    themes = [primary, *resource.secondary_themes.all()]
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


# The schema.org items describing a page of each type, besides its breadcrumbs; other types have none.
DESCRIPTIONS = {
    m.HomePage: lambda page, request: [organization(request), website(page, request)],
    m.WorkshopReportPage: lambda page, request: [workshop_event(page, request)],
    m.ResourcePage: lambda page, request: [resource_work(page, request)],
    m.DossierPage: lambda page, request: [dossier_report(page, request)],
}
# The home is the breadcrumbs' first step: it has none of its own.
WITHOUT_BREADCRUMBS = (m.HomePage,)


def json_ld(page, request):
    """The schema.org graph for `page`: [] for a page type that has none."""
    page = page.specific
    describe = DESCRIPTIONS.get(type(page))
    items = describe(page, request) if describe else []
    if type(page) not in WITHOUT_BREADCRUMBS and page.depth > 2:
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
