"""The demo's glossary « Synonymes et sigles » (pages/models/snippets.py `Synonym`): the sector's usual sigles, each
with the words it stands for. Created if missing; an entry editors changed is left as they made it."""

from pages.models import Synonym

SYNONYMS = [
    ("AP", ["analyse partagée"]),
    ("CC", ["centre culturel"]),
    ("FWB", ["Fédération Wallonie-Bruxelles"]),
    ("CP", ["contrat-programme"]),
    ("ACI", ["action culturelle intensifiée"]),
    ("CA", ["conseil d'administration"]),
    ("CO", ["conseil d'orientation"]),
]


def build_synonyms(report):
    for term, equivalents in SYNONYMS:
        _synonym, created = Synonym.objects.get_or_create(term=term, defaults={"equivalents": "\n".join(equivalents)})
        report.count("synonymes et sigles", created)
