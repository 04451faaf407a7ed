"""One factory per page type, with French-looking content. Pass `parent=` to place a page in the tree."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from pages import models as m

from .snippets import CulturalCentreFactory, LinkCategoryFactory


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


class BasePageFactory(wagtail_factories.PageFactory):
    """Live pages with a publication date, as the admin's "Publier" leaves them."""

    class Meta:
        abstract = True

    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda obj: obj.first_published_at)


class HomePageFactory(BasePageFactory):
    class Meta:
        model = m.HomePage

    title = "Accueil"
    slug = "accueil"
    intro = "<p>La Plateforme réunit les équipes et professionnels des Centres culturels.</p>"
    contribute_text = "Partagez vos outils, vos dossiers et vos expériences avec le réseau."
    community_text = "Rejoignez le groupe Facebook de la Plateforme pour échanger entre collègues."


class ThemeIndexPageFactory(BasePageFactory):
    class Meta:
        model = m.ThemeIndexPage

    title = "Boîte à outils"
    slug = "boite-a-outils"
    intro = "<p>Des ressources classées selon les étapes de la reconnaissance.</p>"


class ThemePageFactory(BasePageFactory):
    class Meta:
        model = m.ThemePage

    title = factory.Sequence(lambda n: f"Thématique n° {n}")
    intro = "Les ressources pour comprendre et mettre en œuvre cette étape du décret."
    body = factory.LazyFunction(lambda: [paragraph("Une introduction à la thématique, rédigée par l'équipe.")])


class ResourcePageFactory(BasePageFactory):
    class Meta:
        model = m.ResourcePage

    title = factory.Sequence(lambda n: f"Guide pratique de l'analyse partagée n° {n}")
    summary = "Un guide pour mener l'analyse partagée du territoire avec les habitants et les partenaires."
    resource_type = m.ResourceType.GUIDE
    author = "ASTRAC"
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyFunction(
        lambda: [heading("Pourquoi ce guide ?"), paragraph("Parce que chaque territoire est singulier.")]
    )


class DossierLibraryPageFactory(BasePageFactory):
    class Meta:
        model = m.DossierLibraryPage

    title = "Bibliothèque de dossiers"
    slug = "dossiers"
    intro = "<p>Les dossiers de demande de reconnaissance partagés par les Centres culturels.</p>"


class DossierPageFactory(BasePageFactory):
    """A dossier "de personne à personne" by default: no document needed. Pass `documents=[...]`
    (DossierPageDocument instances) with `access_mode=AccessMode.DOWNLOAD` for a downloadable one."""

    class Meta:
        model = m.DossierPage

    centre = factory.SubFactory(CulturalCentreFactory)
    title = factory.LazyAttributeSequence(lambda obj, n: f"Dossier de reconnaissance – {obj.centre.name} ({n})")
    status = m.DossierStatus.APPROVED
    submission_year = 2023
    recognition_start = 2024
    recognition_end = 2028
    access_mode = m.AccessMode.PERSON_TO_PERSON
    summary = "Un projet d'action culturelle construit avec les habitants de la commune."
    contextualisation = "<p>Un territoire rural, une équipe de cinq personnes, un premier contrat-programme.</p>"


class LinkLibraryPageFactory(BasePageFactory):
    class Meta:
        model = m.LinkLibraryPage

    title = "Bibliothèque de liens et documentations utiles"
    slug = "liens"
    intro = "<p>Des adresses utiles pour les équipes des Centres culturels.</p>"


class LinkPageFactory(BasePageFactory):
    class Meta:
        model = m.LinkPage

    title = factory.Sequence(lambda n: f"Décret du 21 novembre 2013 – lien n° {n}")
    link_url = factory.Sequence(lambda n: f"https://www.centres-culturels.be/ressource-{n}")
    description = "Le texte coordonné du décret relatif aux Centres culturels."
    source = "Fédération Wallonie-Bruxelles"
    category = factory.SubFactory(LinkCategoryFactory)


class WorkshopIndexPageFactory(BasePageFactory):
    class Meta:
        model = m.WorkshopIndexPage

    title = "Rencontres-ateliers"
    slug = "rencontres"
    intro = "<p>Des journées pour se rencontrer, témoigner et apprendre les uns des autres.</p>"


class WorkshopReportPageFactory(BasePageFactory):
    """A past rencontre by default; pass `date=` in the future for an announcement."""

    class Meta:
        model = m.WorkshopReportPage

    title = factory.Sequence(lambda n: f"Rencontre-atelier n° {n} : l'analyse partagée")
    date = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=30 + n))
    place = "Centre culturel de Rochefort"
    address = "Rue Jacquet 4, 5580 Rochefort"
    summary = "Une journée d'échanges sur l'analyse partagée du territoire."
    body = factory.LazyFunction(lambda: [paragraph("Le compte rendu de la journée et les témoignages.")])
    registration_info = "<p>Gratuit pour les membres de l'ASTRAC. Inscription obligatoire.</p>"
    registration_url = "https://www.astrac.be/inscription"


class StandardPageFactory(BasePageFactory):
    class Meta:
        model = m.StandardPage

    title = factory.Sequence(lambda n: f"Le projet n° {n}")
    intro = "La Plateforme d'Échange et de Partage est un projet de l'ASTRAC."
    body = factory.LazyFunction(lambda: [paragraph("Le réseau des professionnels des Centres culturels.")])


def tagged_resource(keywords, **kwargs):
    """A resource carrying `keywords` (« Mots-clés »)."""
    resource = ResourcePageFactory(**kwargs)
    resource.tags.add(*keywords)
    resource.save()
    return resource
