"""Synthetic French content at scale, for benchmarks: resources, dossiers and rencontres-ateliers.

Each `make_*` function returns an unsaved page built from the hand-written fragments of `content.py`;
`bulk.py` inserts them quickly.
"""

from datetime import date, time, timedelta

from django.utils.html import escape
from django.utils.text import slugify

from pages import models as m

from . import content as c
from .builders import centre_email, centre_short_slug, resource_body, stream


def synthetic_centres():
    """Fictional (name, commune) pairs, all distinct: (« Centre culturel du Val de la Lesse », « Lesse »)…"""
    return [
        (f"Centre culturel {prefix} {place}", _river(place))
        for prefix in c.SYNTHETIC_PLACE_PREFIXES
        for place in c.SYNTHETIC_PLACE_NAMES
    ]


def _river(place):
    """« de la Lesse » -> « Lesse », « de l'Ourthe » -> « Ourthe »."""
    for article in ("de la ", "de l'", "du "):
        if place.startswith(article):
            return place.removeprefix(article)
    return place


def ensure_synthetic_centres(count):
    """At least `count` synthetic centres (or all of them), spread over the provinces; returns all centres."""
    provinces = [choice for choice, _ in m.Province.choices]
    existing = set(m.CulturalCentre.objects.values_list("name", flat=True))
    m.CulturalCentre.objects.bulk_create(
        [
            m.CulturalCentre(
                name=name,
                commune=commune,
                province=provinces[i % len(provinces)],
                contact_email=centre_email(name),
            )
            for i, (name, commune) in enumerate(synthetic_centres()[:count])
            if name not in existing
        ]
    )
    return list(m.CulturalCentre.objects.order_by("pk"))


def make_resource(rng, themes, tags, number):
    """(main theme, unsaved ResourcePage, its relations). `tags` maps names to taggit Tag objects."""
    theme_slug = rng.choice(list(c.SYNTHETIC_TOPICS))
    kind, label = rng.choice(c.SYNTHETIC_RESOURCE_KINDS)
    topic = rng.choice(c.SYNTHETIC_TOPICS[theme_slug])
    title = f"{label} : {topic}"
    summary = " ".join(
        [rng.choice(c.SYNTHETIC_SUMMARY_OPENINGS).format(topic=topic), rng.choice(c.SYNTHETIC_SUMMARY_ENDINGS)]
    )
    author = rng.choice([centre for centre, _, _ in c.CENTRES] + ["ASTRAC", "Association des Centres culturels"])
    page = m.ResourcePage(
        title=title,
        slug=f"{slugify(topic)[:60]}-{number}",
        summary=summary,
        resource_type=kind,
        author=author,
        date=date(2014, 1, 1) + timedelta(days=rng.randrange(4000)),
        body=stream(resource_body({"theme": theme_slug}, rng)),
    )
    others = [slug for slug in c.SYNTHETIC_TOPICS if slug != theme_slug]
    relations = {
        "secondary_themes": [themes[slug] for slug in rng.sample(others, rng.choice([0, 0, 1, 2]))],
        "tagged_items": [m.ResourcePageTag(tag=tags[name]) for name in rng.sample(sorted(tags), 2)],
    }
    return themes[theme_slug], page, relations


def make_dossier(rng, centres, themes, number):
    """(unsaved DossierPage, its relations)."""
    centre = rng.choice(centres)
    year = rng.randint(2016, 2025)
    status = m.DossierStatus.PENDING if year >= 2024 or rng.random() < 0.2 else m.DossierStatus.APPROVED
    access = rng.choice([m.AccessMode.DOWNLOAD, m.AccessMode.PERSON_TO_PERSON])
    spec = rng.choice(c.DOSSIERS)
    enjeux = "".join(f"<li>{escape(enjeu)}</li>" for enjeu in spec["enjeux"])
    page = m.DossierPage(
        title=f"{centre.name} : contrat-programme {year + 1}-{year + 5}",
        slug=f"{centre_short_slug(centre.name)[:60]}-{year}-{number}",
        centre=centre,
        status=status,
        submission_year=year,
        recognition_start=year + 1,
        recognition_end=year + 5,
        # Synthetic dossiers have no PDF: they are shared from person to person unless a document is added.
        access_mode=m.AccessMode.PERSON_TO_PERSON if access == m.AccessMode.DOWNLOAD else access,
        summary=f"Demande de reconnaissance pour {year + 1}-{year + 5} : {spec['territory']}.",
        contextualisation=(
            f"<p>Le {escape(centre.name)} travaille sur {escape(spec['territory'])}. L'analyse partagée a fait "
            f"émerger trois enjeux :</p><ul>{enjeux}</ul>"
            f"<p>{escape(rng.choice(c.THEME_FRAGMENTS['constituer-son-dossier']['paragraphs']))}</p>"
        ),
    )
    return page, {"themes": [themes[slug] for slug in spec["themes"]]}


def make_workshop(rng, themes, number, today):
    """(unsaved WorkshopReportPage, its relations)."""
    spec = rng.choice(c.WORKSHOPS)
    centre, commune, _ = rng.choice(c.CENTRES)
    upcoming = rng.random() < 0.1
    when = today + timedelta(days=rng.randint(7, 180)) if upcoming else today - timedelta(days=rng.randint(30, 3600))
    page = m.WorkshopReportPage(
        title=f"{spec['title']} ({commune})",
        slug=f"{spec['slug'][:50]}-{slugify(commune)[:30]}-{number}",
        date=when,
        start_time=time(9, 30),
        end_time=time(16, 30),
        place=centre,
        summary=spec["summary"],
        registration_info=c.WORKSHOP_REGISTRATION if upcoming else "",
        body=stream(
            [("paragraph", p) for p in rng.sample(c.WORKSHOP_REPORT_PARAGRAPHS, 3)]
            + [("key_points", ("À retenir", rng.sample(c.WORKSHOP_LESSONS, 3)))]
            + ([("testimony", dict(rng.choice(c.TESTIMONIES)))] if not upcoming else [])
        ),
    )
    participants = []
    if not upcoming:
        witness = rng.choice(c.TESTIMONIES)
        participants = [
            m.WorkshopParticipant(
                name=witness["person"],
                role=m.ParticipantRole.WITNESS,
                function=witness["role"],
                organisation=witness["centre"],
            ),
            m.WorkshopParticipant(
                name="Nicolas Canta",
                role=m.ParticipantRole.FACILITATOR,
                function="Animateur de la Plateforme",
                organisation="ASTRAC",
            ),
        ]
    return page, {"themes": [themes[slug] for slug in spec["themes"]], "participants": participants}


SYNTHETIC_TAGS = ["décret", "participation", "enjeux", "coopération", "autoévaluation", "médiation"]
