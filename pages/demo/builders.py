"""Build the demo tree from `content.py`: idempotent find-or-create by slug (pages) or title (files, snippets).

A page that already exists is left as the editors made it; only missing pages, files and snippets are created.
The one exception is an upcoming rencontre-atelier whose date has passed: it is moved forward again, so
that the demo always shows upcoming workshops.
"""

import io
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, Site

from pages import models as m

from . import content as c
from .files import make_landscape_image, make_pdf
from .synonyms import build_synonyms

DEMO_COLLECTION_NAME = "Démo"


@dataclass
class Report:
    """What a build created, by kind; `existing` counts what was already there."""

    created: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)

    def count(self, kind, created):
        target = self.created if created else self.existing
        target[kind] = target.get(kind, 0) + 1


# --- StreamField bodies ----------------------------------------------------------------------------------------


def stream(blocks):
    """Raw StreamField data from `(block_type, value)` pairs written compactly in `content.py`."""
    raw = []
    for block_type, value in blocks:
        if block_type in ("heading", "subheading"):
            raw.append(
                {"type": "heading", "value": {"text": value, "level": "h2" if block_type == "heading" else "h3"}}
            )
        elif block_type == "paragraph":
            raw.append({"type": "paragraph", "value": value if value.startswith("<") else f"<p>{escape(value)}</p>"})
        elif block_type == "key_points":
            title, points = value
            raw.append({"type": "key_points", "value": {"title": title, "points": list(points)}})
        elif block_type == "figure":
            image, caption, credit = value
            raw.append(
                {
                    "type": "figure",
                    "value": {
                        "image": {"image": image.pk, "alt_text": caption, "decorative": False},
                        "caption": caption,
                        "credit": credit,
                    },
                }
            )
        else:  # testimony, call_to_action: already in the block's own shape
            raw.append({"type": block_type, "value": value})
    return raw


def resource_body(resource, rng):
    """A resource's body, combined from its theme's hand-written fragments."""
    fragments = c.THEME_FRAGMENTS[resource["theme"]]
    first, second = rng.sample(fragments["headings"], 2)
    paragraphs = rng.sample(fragments["paragraphs"], 3)
    blocks = [
        ("heading", first),
        ("paragraph", paragraphs[0]),
        ("paragraph", paragraphs[1]),
        ("key_points", ("À retenir", rng.sample(fragments["points"], rng.randint(3, 4)))),
        ("heading", second),
        ("paragraph", paragraphs[2]),
    ]
    if rng.random() < 0.4:
        blocks.append(("testimony", dict(rng.choice(c.TESTIMONIES))))
    blocks += [("heading", "Comment l'utiliser"), ("paragraph", rng.choice(c.USAGE_PARAGRAPHS))]
    return blocks


# --- Files -----------------------------------------------------------------------------------------------------


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=DEMO_COLLECTION_NAME).first()
    return existing or root.add_child(name=DEMO_COLLECTION_NAME)


def _existing(model, title, collection, report, label):
    """The demo file (document or image) with this title, or None; counted as existing or to create."""
    instance = model.objects.filter(title=title, collection=collection).first()
    if report is not None:
        report.count(label, instance is None)
    return instance


def get_or_create_document(title, pdf_args, *, collection, description="", report=None):
    """The demo document with this title, generating its PDF only if it does not exist yet."""
    Document = get_document_model()
    document = _existing(Document, title, collection, report, "documents (PDF)")
    if document:
        return document
    paragraphs, kwargs = pdf_args
    data = make_pdf(title, paragraphs, **kwargs)
    document = Document(title=title, collection=collection, file=ContentFile(data, name=f"{slugify(title)[:80]}.pdf"))
    if hasattr(document, "description"):
        document.description = description
    if hasattr(document, "text_content"):
        # The generated text is known exactly: store it as the extracted text the search indexes.
        sections = [f"{heading}\n" + "\n".join(items) for heading, items in kwargs.get("sections") or []]
        document.text_content = "\n\n".join([title, kwargs.get("subtitle", ""), *paragraphs, *sections]).strip()
    document._set_document_file_metadata()
    document.save()
    return document


def get_or_create_image(title, seed, caption, *, collection, report=None):
    Image = get_image_model()
    image = _existing(Image, title, collection, report, "images")
    if image:
        return image
    data = make_landscape_image(seed, caption)
    # An ImageFile (not a bare ContentFile) so that Django fills in the width and height fields.
    image = Image(
        title=title, collection=collection, file=ImageFile(io.BytesIO(data), name=f"{slugify(title)[:80]}.jpg")
    )
    image._set_image_file_metadata()
    image.save()
    return image


# --- Pages -----------------------------------------------------------------------------------------------------


def publish(page):
    """Save a revision of the page and publish it, as an editor would."""
    page.save_revision().publish()
    return page


def find_child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def ensure_child(parent, model, slug, build, *, report=None, kind=None):
    """The child page with this slug, or a new one made by `build()` (unsaved), added and published."""
    page = find_child(parent, model, slug)
    if report is not None:
        report.count(kind or str(model._meta.verbose_name_plural), page is None)
    if page:
        return page, False
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    publish(page)
    return page, True


def default_site():
    return Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()


def serve_site_at(hostname=None, port=None):
    """The default Site's host name and port set to the address the site is served at (`make run`): the absolute
    URLs of the pages, feeds and API, and the API's `find` redirects, point there. Returns the Site's root URL.

    ValueError (in French) when another Site already has that address."""
    site = default_site()
    hostname = hostname or site.hostname
    port = port or site.port
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        raise ValueError(f"Un autre Site a déjà l'adresse {hostname}:{port} (admin → Paramètres → Sites).")
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site.root_url


def ensure_home(report):
    """The HomePage as the default site's root; Wagtail's "Welcome" page goes away."""
    home = m.HomePage.objects.first()
    report.count("page d'accueil", home is None)
    if home is None:
        root = Page.get_first_root_node()
        home = m.HomePage(
            title=c.HOME["title"],
            slug="accueil",
            hero_title=c.HOME["hero_title"],
            intro=c.HOME["intro"],
            contribute_title=c.HOME["contribute_title"],
            contribute_text=c.HOME["contribute_text"],
            community_text=c.HOME["community_text"],
            seo_title="Plateforme d'Échange et de Partage",
            search_description="La Plateforme d'Échange et de Partage de l'ASTRAC : ressources, dossiers de "
            "reconnaissance, liens utiles et rencontres-ateliers autour du décret de 2013 sur les Centres culturels.",
        )
        root.add_child(instance=home)
        publish(home)

    site = default_site()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
    elif site.root_page_id != home.pk or not site.is_default_site:
        site.root_page = home
        site.is_default_site = True
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()

    # Wagtail's initial page: a plain `Page` at depth 2 (a site pointing to it would be deleted with it).
    welcome = Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page")
    for page in welcome.exclude(pk=home.pk):
        if not Site.objects.filter(root_page=page).exists():
            page.delete()
    return home


def ensure_section(home, model, spec, report):
    """The section page `model` under the home page (slug, title and intro from `spec`), made if missing."""
    section, _ = ensure_child(
        home,
        model,
        spec["slug"],
        lambda: model(title=spec["title"], intro=spec["intro"], show_in_menus=True),
        report=report,
    )
    return section


def ensure_theme_index(home, report):
    return ensure_section(home, m.ThemeIndexPage, c.THEME_INDEX, report)


def build_themes(home, report, collection):
    index = ensure_theme_index(home, report)
    themes = {}
    for number, theme in enumerate(c.THEMES):

        def build(theme=theme, number=number):
            image = get_or_create_image(
                f"Thématique - {theme['title']}", 100 + number, theme["title"], collection=collection, report=report
            )
            return m.ThemePage(
                title=theme["title"], intro=theme["intro"], body=stream(theme["body"]), listing_image=image
            )

        themes[theme["slug"]], _ = ensure_child(index, m.ThemePage, theme["slug"], build, report=report)
    return index, themes


def _resource_pdf(resource, rng):
    fragments = c.THEME_FRAGMENTS[resource["theme"]]
    paragraphs = [resource["summary"], *rng.sample(fragments["paragraphs"], 2)]
    sections = [
        (heading, [paragraph])
        for heading, paragraph in zip(
            rng.sample(fragments["headings"], 2), rng.sample(fragments["paragraphs"], 2), strict=True
        )
    ]
    sections.append(("Points clés", [f"- {point}" for point in rng.sample(fragments["points"], 4)]))
    subtitle = f"{resource['author']} - {date.fromisoformat(resource['date']):%d/%m/%Y}"
    return paragraphs, {"subtitle": subtitle, "sections": sections}


def build_hidden_pages(themes, report):
    """Pages a visitor never finds: a draft never published, a page restricted by a password (`HIDDEN_PAGES`)."""
    for spec in c.HIDDEN_PAGES:
        parent = themes[spec["theme"]]
        slug = slugify(spec["title"])[:80].strip("-")
        page = find_child(parent, m.ResourcePage, slug)
        report.count("pages non publiques", page is None)
        if page:
            continue
        page = m.ResourcePage(
            title=spec["title"],
            slug=slug,
            summary=spec["summary"],
            resource_type=spec["type"],
            author=spec["author"],
            date=date.fromisoformat(spec["date"]),
            live=not spec.get("draft"),
        )
        parent.add_child(instance=page)
        if spec.get("draft"):
            page.save_revision()
            continue
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=spec["password"]
        )
        publish(page)


def build_resources(themes, report, collection):
    for resource in c.RESOURCES:
        slug = slugify(resource["title"])[:80].strip("-")
        rng = random.Random(slug)

        def build(resource=resource, rng=rng):
            page = m.ResourcePage(
                title=resource["title"],
                summary=resource["summary"],
                resource_type=resource["type"],
                author=resource["author"],
                date=date.fromisoformat(resource["date"]),
                external_url=resource.get("url", ""),
                body=stream(resource.get("body") or resource_body(resource, rng)),
            )
            page.secondary_themes = [themes[slug] for slug in resource.get("secondary", [])]
            page.tags.add(*resource.get("tags", []))
            if resource.get("pdf"):
                document = get_or_create_document(
                    resource["title"],
                    _resource_pdf(resource, rng),
                    collection=collection,
                    description=resource["summary"],
                    report=report,
                )
                page.documents = [m.ResourcePageDocument(document=document)]
            return page

        ensure_child(themes[resource["theme"]], m.ResourcePage, slug, build, report=report)


def centre_short_slug(name):
    """« Centre culturel de la Haute-Semois » -> « haute-semois »."""
    short = name.removeprefix("Centre culturel ")
    for article in ("de la ", "de l'", "du ", "des ", "de "):
        if short.startswith(article):
            short = short.removeprefix(article)
            break
    return slugify(short)


def centre_email(name):
    return f"contact@cc-{centre_short_slug(name)}.example.org"


def build_centres(report):
    centres = {}
    for name, commune, province in c.CENTRES:
        centre, created = m.CulturalCentre.objects.get_or_create(
            name=name, defaults={"commune": commune, "province": province, "contact_email": centre_email(name)}
        )
        report.count("centres culturels", created)
        centres[name] = centre
    return centres


def _dossier_texts(dossier, centre):
    start, end = dossier["period"]
    enjeux_html = "".join(f"<li>{escape(enjeu)}</li>" for enjeu in dossier["enjeux"])
    status = (
        "a été approuvé et a donné lieu à un contrat-programme"
        if dossier["status"] == m.DossierStatus.APPROVED
        else "est en cours de traitement ; il porte sur le contrat-programme envisagé"
    )
    access = (
        "Le dossier complet est téléchargeable ci-dessous."
        if dossier["access"] == m.AccessMode.DOWNLOAD
        else "L'équipe préfère partager son dossier de personne à personne : faites-en la demande, elle vous "
        "répondra directement et prendra le temps d'en expliquer les choix."
    )
    contextualisation = (
        f"<p>Le {escape(centre.name)}, à {escape(centre.commune)}, travaille sur {escape(dossier['territory'])}. "
        f"Le dossier déposé en {dossier['year']} {status} {start}-{end}.</p>"
        f"<p>L'analyse partagée, menée avec les habitants, les associations et le conseil d'orientation, a fait "
        f"émerger trois enjeux :</p><ul>{enjeux_html}</ul>"
        f"<p>Le projet d'action culturelle s'articule autour du projet fédérateur « {escape(dossier['project'])} », "
        f"qui relie les actions entre elles et donne un visage au contrat-programme.</p>"
        f"<p>{escape(access)}</p>"
    )
    summary = (
        f"Demande de reconnaissance {'approuvée' if dossier['status'] == m.DossierStatus.APPROVED else 'en cours'} "
        f"pour {start}-{end} : {dossier['territory']}. Trois enjeux et un projet fédérateur, "
        f"« {dossier['project']} »."
    )
    return summary[:600], contextualisation


def dossier_pdf_args(dossier, centre):
    """The PDF of a dossier; its `keyword` (a made-up festival name) appears nowhere else."""
    start, end = dossier["period"]
    keyword, project = dossier["keyword"], dossier["project"]
    paragraphs = [
        f"Le présent dossier constitue la demande de reconnaissance du {centre.name} au sens du décret du "
        f"21 novembre 2013 relatif aux Centres culturels, pour un contrat-programme couvrant les années {start} "
        f"à {end}.",
        "Il a été rédigé par l'équipe d'animation avec le conseil d'orientation et approuvé par le conseil "
        "d'administration. Il rend compte de l'analyse partagée du territoire, des enjeux qui en découlent et du "
        "projet d'action culturelle qui y répond.",
    ]
    sections = [
        (
            "1. Le territoire et l'analyse partagée",
            [
                f"Le territoire d'implantation du Centre culturel, à {centre.commune}, est {dossier['territory']}.",
                "L'analyse partagée s'est déroulée sur dix-huit mois : tables de parole dans les quartiers et les "
                "villages, balades exploratoires, rencontres avec les associations, les écoles et le CPAS, "
                "croisement avec les données statistiques communales.",
                f"Un temps fort a marqué ce processus : les {keyword}, une fête de quartier imaginée avec les "
                f"habitants, où chacun était invité à raconter son lien au territoire. Les paroles recueillies "
                f"lors des {keyword} ont nourri l'ensemble des constats.",
                *([dossier["heritage"]] if dossier.get("heritage") else []),
            ],
        ),
        ("2. Les enjeux", [f"Enjeu {n} : {enjeu}." for n, enjeu in enumerate(dossier["enjeux"], start=1)]),
        (
            "3. Le projet d'action culturelle",
            [
                f"Le Projet {project} fédère l'action culturelle générale du Centre. Il se décline en ateliers, "
                f"en créations collectives, en moments de diffusion et en temps de débat, répartis sur les cinq "
                f"années du contrat-programme.",
                f"Chaque année, les {keyword} reviennent comme un rendez-vous de l'autoévaluation partagée : "
                f"les habitants y disent ce qui a changé et ce qui reste à construire.",
            ],
        ),
        (
            "4. L'autoévaluation",
            [
                "L'autoévaluation est continue. Elle s'appuie sur un carnet de bord tenu par l'équipe, sur une "
                "réunion annuelle du conseil d'orientation consacrée au bilan et sur quelques indicateurs choisis "
                "collectivement.",
            ],
        ),
    ]
    return paragraphs, {
        "subtitle": f"Contrat-programme {start}-{end} - dossier déposé en {dossier['year']}",
        "sections": sections,
    }


def dossier_slug(dossier):
    return f"{centre_short_slug(dossier['centre'])}-{dossier['year']}"


def dossier_document_title(dossier):
    return f"Dossier de reconnaissance - {dossier['centre']} ({dossier['year']})"


def ensure_dossier_library(home, report):
    return ensure_section(home, m.DossierLibraryPage, c.DOSSIER_LIBRARY, report)


def build_dossiers(home, themes, centres, report, collection):
    library = ensure_dossier_library(home, report)
    for dossier in c.DOSSIERS:

        def build(dossier=dossier):
            centre = centres[dossier["centre"]]
            summary, contextualisation = _dossier_texts(dossier, centre)
            start, end = dossier["period"]
            page = m.DossierPage(
                title=f"{centre.name} : contrat-programme {start}-{end}",
                centre=centre,
                status=dossier["status"],
                submission_year=dossier["year"],
                recognition_start=start,
                recognition_end=end,
                access_mode=dossier["access"],
                summary=summary,
                contextualisation=contextualisation,
            )
            page.themes = [themes[slug] for slug in dossier["themes"]]
            if dossier["access"] == m.AccessMode.DOWNLOAD:
                document = get_or_create_document(
                    dossier_document_title(dossier),
                    dossier_pdf_args(dossier, centre),
                    collection=collection,
                    description=f"Dossier de demande de reconnaissance du {centre.name}.",
                    report=report,
                )
                page.documents = [m.DossierPageDocument(document=document)]
            return page

        ensure_child(library, m.DossierPage, dossier_slug(dossier), build, report=report)
    return library


def build_links(home, themes, report, collection):
    library = ensure_section(home, m.LinkLibraryPage, c.LINK_LIBRARY, report)
    categories = {}
    for order, (name, slug) in enumerate(c.LINK_CATEGORIES, start=1):
        category, created = m.LinkCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        report.count("catégories de liens", created)
        categories[slug] = category

    for title, category, url, source, theme_slugs, description in c.LINKS:

        def build(title=title, category=category, url=url, source=source, theme_slugs=theme_slugs, text=description):
            page = m.LinkPage(
                title=title, link_url=url or "", description=text, source=source, category=categories[category]
            )
            if not url:
                fragments = [p for slug in theme_slugs for p in c.THEME_FRAGMENTS[slug]["paragraphs"]]
                page.document = get_or_create_document(
                    title,
                    ([text, *fragments[:4]], {"subtitle": source}),
                    collection=collection,
                    description=text,
                    report=report,
                )
            page.themes = [themes[slug] for slug in theme_slugs]
            return page

        ensure_child(library, m.LinkPage, slugify(title)[:80].strip("-"), build, report=report)
    return library


def _workshop_date(workshop, today):
    if "offset_days" in workshop:
        return today + timedelta(days=workshop["offset_days"])
    return date.fromisoformat(workshop["date"])


def ensure_workshop_index(home, report):
    return ensure_section(home, m.WorkshopIndexPage, c.WORKSHOP_INDEX, report)


def build_workshops(home, themes, report, collection):
    index = ensure_workshop_index(home, report)
    today = timezone.localdate()
    for number, workshop in enumerate(c.WORKSHOPS):
        upcoming = "offset_days" in workshop

        def build(workshop=workshop, number=number, upcoming=upcoming):
            rng = random.Random(workshop["slug"])
            cover = get_or_create_image(
                f"Rencontre-atelier - {workshop['title']}",
                200 + number,
                workshop["place"],
                collection=collection,
                report=report,
            )
            page = m.WorkshopReportPage(
                title=workshop["title"],
                date=_workshop_date(workshop, today),
                start_time=time(9, 30),
                end_time=time(16, 30),
                place=workshop["place"],
                address=workshop["address"],
                summary=workshop["summary"],
                listing_image=cover,
            )
            page.themes = [themes[slug] for slug in workshop["themes"]]
            if upcoming:
                page.registration_info = c.WORKSHOP_REGISTRATION
                page.registration_url = "https://www.astrac.be/"
                page.body = stream(
                    [
                        ("heading", "Programme de la journée"),
                        ("paragraph", workshop["summary"]),
                        ("key_points", ("Déroulé", c.WORKSHOP_PROGRAMME)),
                    ]
                )
                return page
            page.participants = [
                m.WorkshopParticipant(name=name, role=role, function=function, organisation=organisation)
                for name, role, function, organisation in workshop["participants"]
            ]
            photos = [cover] + [
                get_or_create_image(
                    f"Rencontre-atelier - {workshop['title']} - photo {n}",
                    300 + number * 10 + n,
                    f"{workshop['place']} - {date.fromisoformat(workshop['date']):%d/%m/%Y}",
                    collection=collection,
                    report=report,
                )
                for n in (2, 3)
            ]
            captions = ["Le tour de table du matin", "Les ateliers en petits groupes", "La mise en commun"]
            page.photos = [
                m.WorkshopPhoto(image=photo, caption=caption, credit="© ASTRAC")
                for photo, caption in zip(photos, captions, strict=True)
            ]
            witnesses = [p for p in workshop["participants"] if p[1] == m.ParticipantRole.WITNESS]
            testimonies = [t for t in c.TESTIMONIES if t["centre"] in {w[3] for w in witnesses}] or rng.sample(
                c.TESTIMONIES, 2
            )
            report_doc = get_or_create_document(
                f"Compte rendu - {workshop['title']}",
                (
                    [workshop["summary"], *c.WORKSHOP_REPORT_PARAGRAPHS[:4]],
                    {
                        "subtitle": f"Rencontre-atelier du {date.fromisoformat(workshop['date']):%d/%m/%Y} - "
                        f"{workshop['place']}",
                        "sections": [("Ce que nous retenons", [f"- {lesson}" for lesson in c.WORKSHOP_LESSONS])],
                    },
                ),
                collection=collection,
                description=f"Compte rendu de la rencontre-atelier « {workshop['title']} ».",
                report=report,
            )
            page.documents = [m.WorkshopDocument(document=report_doc)]
            blocks = [
                ("heading", "Le déroulé de la journée"),
                ("paragraph", c.WORKSHOP_REPORT_PARAGRAPHS[0]),
                ("testimony", dict(testimonies[0])),
                ("paragraph", c.WORKSHOP_REPORT_PARAGRAPHS[1]),
                ("figure", (photos[1], captions[1], "© ASTRAC")),
                ("heading", "Ce que nous retenons"),
                ("paragraph", c.WORKSHOP_REPORT_PARAGRAPHS[2]),
                ("key_points", ("À retenir", rng.sample(c.WORKSHOP_LESSONS, 3))),
            ]
            if len(testimonies) > 1:
                blocks.append(("testimony", dict(testimonies[1])))
            blocks.append(("paragraph", c.WORKSHOP_REPORT_PARAGRAPHS[3]))
            page.body = stream(blocks)
            return page

        page, created = ensure_child(index, m.WorkshopReportPage, workshop["slug"], build, report=report)
        if upcoming and not created and page.date < today:
            page.date = _workshop_date(workshop, today)
            publish(page)
    return index


def build_contribution_page(home, spec, report):
    """The ContributionPage at /contribuer/. A StandardPage left there by an older seed is replaced in place
    (same slug, same position among its siblings); an existing ContributionPage is left as the editors made it."""
    page = find_child(home, m.ContributionPage, spec["slug"])
    report.count("page de contribution", page is None)
    if page is not None:
        return page, False
    page = m.ContributionPage(
        title=spec["title"], intro=spec["intro"], thank_you_text=spec["thank_you_text"], show_in_menus=spec["menu"]
    )
    page.slug = spec["slug"]
    old = home.get_children().filter(slug=spec["slug"]).first()
    if old is None:
        home.add_child(instance=page)
    else:
        following = old.get_next_sibling()
        old.specific.delete()
        home.refresh_from_db()
        if following is not None:
            following.refresh_from_db()
            following.add_sibling(pos="left", instance=page)
        else:
            home.add_child(instance=page)
    publish(page)
    return page, True


def build_standard_pages(home, report):
    pages = {}
    contribution_page = None
    for spec in c.STANDARD_PAGES:
        if spec.get("contribution_form"):
            contribution_page, created = build_contribution_page(home, spec, report)
            pages[spec["slug"]] = contribution_page
            continue

        def build(spec=spec):
            return m.StandardPage(
                title=spec["title"], intro=spec["intro"], body=stream(spec["body"]), show_in_menus=spec["menu"]
            )

        pages[spec["slug"]], _ = ensure_child(home, m.StandardPage, spec["slug"], build, report=report)
    privacy = pages.get("vie-privee")
    if contribution_page is not None and created and privacy is not None:
        # The consent box links to « Vie privée », created after « Contribuer » in the menu's order.
        contribution_page.privacy_page = privacy
        publish(contribution_page)
    return pages


SECTIONS = ["home", "themes", "resources", "dossiers", "links", "workshops", "standard"]


def build_demo(progress=print):
    """Build (or complete) the whole demo tree; returns a Report. `progress` receives one line per section."""
    report = Report()
    collection = demo_collection()
    progress("Page d'accueil…")
    home = ensure_home(report)
    progress("Boîte à outils et thématiques…")
    _, themes = build_themes(home, report, collection)
    progress("Ressources…")
    build_resources(themes, report, collection)
    build_hidden_pages(themes, report)
    progress("Bibliothèque de dossiers…")
    centres = build_centres(report)
    build_dossiers(home, themes, centres, report, collection)
    progress("Liens et documentations utiles…")
    build_links(home, themes, report, collection)
    progress("Rencontres-ateliers…")
    build_workshops(home, themes, report, collection)
    progress("Pages simples…")
    build_standard_pages(home, report)
    progress("Synonymes et sigles…")
    build_synonyms(report)
    return report
