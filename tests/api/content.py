"""Demo-like content for the API tests: every page type, with what each can hold, and what must stay hidden.

`build_api_content(tree)` returns a namespace of the pages, documents and images it made. The private
things (a draft, a page behind a view restriction, a document in a restricted collection, a
dossier shared « de personne à personne », a centre's contact e-mail, contributions and requests)
carry the marker SECRET in their text so that the privacy tests can look for it in every answer.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from pages import models as m
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkCategoryFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)
from tests.factories.contributions import ContributionFactory, ContributionFileFactory, DossierRequestFactory

SECRET = "zqxsecret"


def rich_body(image, page=None):
    """A body with every block type: heading, paragraph, testimony, figure, video, key points, call."""
    return [
        {"type": "heading", "value": {"text": "Pourquoi ce guide ?", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Parce que chaque territoire est <b>singulier</b>.</p>"},
        {
            "type": "testimony",
            "value": {
                "quote": "L'analyse partagée a changé notre manière de travailler.",
                "person": "Marie Lambert",
                "role": "Directrice",
                "centre": "Centre culturel de Rochefort",
            },
        },
        {
            "type": "figure",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Les habitants autour d'une table"},
                "caption": "Atelier d'analyse partagée",
                "credit": "© CC de Rochefort",
            },
        },
        {
            "type": "video",
            "value": {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "La démarche", "caption": ""},
        },
        {"type": "key_points", "value": {"title": "À retenir", "points": ["Associer les habitants"]}},
        {
            "type": "call_to_action",
            "value": {
                "title": "Partagez vos outils",
                "text": "",
                "button_label": "Contribuer",
                "page": page.pk if page else None,
                "external_url": "" if page else "https://www.astrac.be",
            },
        },
    ]


def private_collection():
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Dossiers privés {SECRET}")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def build_api_content(tree):
    themes = tree.theme
    image = ImageFactory(title="Atelier à Rochefort")
    public_document = DocumentFactory(title="Canevas d'analyse partagée")
    second_document = DocumentFactory(title="Grille d'auto-évaluation")
    secret_collection = private_collection()
    private_document = DocumentFactory(title=f"Budget confidentiel {SECRET}", collection=secret_collection)

    resource = ResourcePageFactory(
        parent=themes["analyse-partagee"],
        title="Canevas d'analyse partagée du territoire",
        resource_type=m.ResourceType.TEMPLATE,
        date=datetime.date(2024, 3, 14),
        listing_image=image,
        secondary_themes=[themes["constituer-son-dossier"]],
        documents=[
            m.ResourcePageDocument(document=public_document),
            m.ResourcePageDocument(document=private_document),
        ],
        body=rich_body(image),
    )
    resource.tags.add("territoire", "participation")
    resource.save()
    own_resource = ResourcePageFactory(
        parent=themes["constituer-son-dossier"],
        title="Le calendrier du dossier de reconnaissance",
        resource_type=m.ResourceType.GUIDE,
        date=datetime.date(2023, 9, 1),
    )
    other_resource = ResourcePageFactory(
        parent=themes["expliquer-le-decret"],
        title="Le décret en dix questions",
        resource_type=m.ResourceType.ARTICLE,
        date=datetime.date(2022, 5, 2),
    )

    centre = CulturalCentreFactory(
        name="Centre culturel de Marchin",
        commune="Marchin",
        province=m.Province.LIEGE,
        contact_email=f"direction-{SECRET}@cc-marchin.be",
    )
    dossier = DossierPageFactory(
        parent=tree.dossier_library,
        centre=centre,
        title="Dossier de reconnaissance du Centre culturel de Marchin",
        status=m.DossierStatus.APPROVED,
        submission_year=2023,
        access_mode=m.AccessMode.DOWNLOAD,
        themes=[themes["constituer-son-dossier"]],
        documents=[m.DossierPageDocument(document=public_document), m.DossierPageDocument(document=second_document)],
    )
    person_centre = CulturalCentreFactory(
        name="Centre culturel de Jette",
        commune="Jette",
        province=m.Province.BRUXELLES,
        contact_email=f"contact-{SECRET}@cc-jette.be",
    )
    person_dossier = DossierPageFactory(
        parent=tree.dossier_library,
        centre=person_centre,
        title="Dossier du Centre culturel de Jette",
        status=m.DossierStatus.PENDING,
        submission_year=2024,
        access_mode=m.AccessMode.PERSON_TO_PERSON,
        # As moderation files them: in a collection only moderators can open.
        documents=[
            m.DossierPageDocument(
                document=DocumentFactory(title=f"Dossier de Jette {SECRET}", collection=secret_collection)
            )
        ],
    )

    category = LinkCategoryFactory(name="Textes légaux", slug="textes-legaux")
    link = LinkPageFactory(
        parent=tree.link_library,
        title="Le décret du 21 novembre 2013",
        category=category,
        themes=[themes["expliquer-le-decret"], themes["constituer-son-dossier"]],
    )
    document_link = LinkPageFactory(
        parent=tree.link_library, title="Le canevas officiel", link_url="", document=public_document, category=category
    )
    private_document_link = LinkPageFactory(
        parent=tree.link_library,
        title="Un lien vers un document privé",
        link_url="",
        document=private_document,
        category=category,
    )

    upcoming = WorkshopReportPageFactory(
        parent=tree.workshop_index,
        title="Rencontre-atelier : préparer son dossier",
        date=timezone.localdate() + datetime.timedelta(days=20),
        themes=[themes["constituer-son-dossier"]],
    )
    past = WorkshopReportPageFactory(
        parent=tree.workshop_index,
        title="Rencontre-atelier : l'analyse partagée en pratique",
        date=datetime.date(2024, 3, 20),
        participants=[m.WorkshopParticipant(name="Jeanne Dubois", role="temoin", organisation="CC de Huy")],
        photos=[m.WorkshopPhoto(image=image, caption="La journée", credit="ASTRAC")],
        documents=[m.WorkshopDocument(document=second_document), m.WorkshopDocument(document=private_document)],
    )
    standard = StandardPageFactory(parent=tree.home, title="Le projet", slug="le-projet")

    draft = ResourcePageFactory(
        parent=themes["constituer-son-dossier"], title=f"Brouillon {SECRET}", summary=f"Résumé {SECRET}", live=False
    )
    private_page = ResourcePageFactory(
        parent=themes["constituer-son-dossier"], title=f"Page réservée {SECRET}", summary=f"Réservé {SECRET}"
    )
    PageViewRestriction.objects.create(page=private_page, restriction_type=PageViewRestriction.LOGIN)
    private_standard = StandardPageFactory(parent=tree.home, title=f"Espace membres {SECRET}", slug="membres")
    PageViewRestriction.objects.create(
        page=private_standard, restriction_type=PageViewRestriction.PASSWORD, password="astrac"
    )
    private_child = StandardPageFactory(parent=private_standard, title=f"Sous-page {SECRET}")

    contribution = ContributionFactory(
        title=f"Contribution {SECRET}",
        contributor_email=f"camille-{SECRET}@exemple.be",
        themes=[themes["constituer-son-dossier"]],
    )
    contribution_file = ContributionFileFactory(contribution=contribution, original_name=f"fichier-{SECRET}.pdf")
    dossier_request = DossierRequestFactory(
        dossier=person_dossier,
        name=f"Sacha {SECRET}",
        email=f"sacha-{SECRET}@exemple.be",
        message=f"Message {SECRET}",
    )

    return SimpleNamespace(
        image=image,
        public_document=public_document,
        second_document=second_document,
        private_document=private_document,
        resource=resource,
        own_resource=own_resource,
        other_resource=other_resource,
        centre=centre,
        dossier=dossier,
        person_dossier=person_dossier,
        category=category,
        link=link,
        document_link=document_link,
        private_document_link=private_document_link,
        upcoming=upcoming,
        past=past,
        standard=standard,
        draft=draft,
        private_page=private_page,
        private_standard=private_standard,
        private_child=private_child,
        contribution=contribution,
        contribution_file=contribution_file,
        dossier_request=dossier_request,
    )
