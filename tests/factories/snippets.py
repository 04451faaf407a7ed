import factory
from django.utils.text import slugify

from pages.models import CulturalCentre, LinkCategory, Province

# Names are unique in the database: tests that name a centre themselves use other communes
# (Rochefort, Dinant, Marchin, Chênée, Jette), so that generated centres never collide with them.
COMMUNES = [
    ("Gembloux", Province.NAMUR),
    ("Ciney", Province.NAMUR),
    ("Huy", Province.LIEGE),
    ("Spa", Province.LIEGE),
    ("Soignies", Province.HAINAUT),
    ("Ath", Province.HAINAUT),
    ("Bastogne", Province.LUXEMBOURG),
    ("Marche-en-Famenne", Province.LUXEMBOURG),
    ("Ottignies-Louvain-la-Neuve", Province.BRABANT_WALLON),
    ("Braine-l'Alleud", Province.BRABANT_WALLON),
    ("Ganshoren", Province.BRUXELLES),
    ("Schaerbeek", Province.BRUXELLES),
]


def _commune(n):
    return COMMUNES[n % len(COMMUNES)]


class CulturalCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CulturalCentre

    commune = factory.Sequence(lambda n: _commune(n)[0])
    province = factory.Sequence(lambda n: _commune(n)[1])
    # Names are unique: the sequence number disambiguates once the communes have all been used.
    name = factory.Sequence(
        lambda n: f"Centre culturel de {_commune(n)[0]}" + (f" ({n})" if n >= len(COMMUNES) else "")
    )
    website = factory.LazyAttribute(lambda obj: f"https://www.cc-{slugify(obj.commune)}.be")
    contact_email = factory.LazyAttribute(lambda obj: f"direction@cc-{slugify(obj.name)}.be")


CATEGORY_NAMES = [
    "Textes légaux",
    "Fédération Wallonie-Bruxelles",
    "Outils d'animation",
    "Études et recherches",
    "Réseaux et associations",
]


class LinkCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkCategory

    name = factory.Sequence(
        lambda n: CATEGORY_NAMES[n % len(CATEGORY_NAMES)] + (f" {n}" if n >= len(CATEGORY_NAMES) else "")
    )
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    sort_order = factory.Sequence(lambda n: n % 10)
