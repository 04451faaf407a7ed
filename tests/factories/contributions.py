"""Contributions as the public form stores them: pending, with their files in private storage."""

import hashlib

import factory
from django.core.files.base import ContentFile

from pages.models import Contribution, ContributionFile, ContributionKind, DossierRequest

from .media import minimal_pdf


class ContributionFactory(factory.django.DjangoModelFactory):
    """A pending resource by default. Pass `themes=[...]` to file it under themes."""

    class Meta:
        model = Contribution
        skip_postgeneration_save = True

    kind = ContributionKind.RESOURCE
    title = factory.Sequence(lambda n: f"Canevas d'analyse partagée n° {n}")
    description = "Le canevas que notre équipe a utilisé pour mener l'analyse partagée avec les habitants."
    contributor_name = "Camille Dupont"
    contributor_email = factory.Sequence(lambda n: f"camille.dupont{n}@cc-exemple.be")
    organisation = "Centre culturel de Rochefort"
    role = "Animatrice"
    consent_licence = True
    consent_personal_data = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class ContributionFileFactory(factory.django.DjangoModelFactory):
    """A small PDF in private storage."""

    class Meta:
        model = ContributionFile

    class Params:
        content = factory.LazyFunction(lambda: minimal_pdf("Contribution"))

    contribution = factory.SubFactory(ContributionFactory)
    original_name = factory.Sequence(lambda n: f"canevas-{n}.pdf")
    file = factory.LazyAttribute(lambda obj: ContentFile(obj.content, name=obj.original_name))
    file_type = "pdf"
    size = factory.LazyAttribute(lambda obj: len(obj.content))
    sha256 = factory.LazyAttribute(lambda obj: hashlib.sha256(obj.content).hexdigest())


class DossierRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierRequest

    name = "Sacha Lambert"
    email = factory.Sequence(lambda n: f"sacha.lambert{n}@cc-exemple.be")
    centre = "Centre culturel de Dinant"
    message = "Nous préparons notre propre dossier et aimerions voir comment vous avez mené l'analyse partagée."
    consent_personal_data = True
