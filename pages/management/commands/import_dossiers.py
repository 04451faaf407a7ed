from django.core.management.base import CommandError

from pages.imports import common, dossiers
from pages.models import CulturalCentre, DossierLibraryPage, DossierPage, ThemePage


class Command(common.ImportCommand):
    help = (
        "Importe des dossiers de reconnaissance depuis un tableau CSV ou XLSX (colonnes Titre, Centre, Commune, "
        "Province, Statut, Année de dépôt, Début, Fin, Mode d'accès, Résumé, Contextualisation, Thématiques, Fichiers, "
        "Clé). Un centre inconnu est créé (avec sa commune et sa province). Les dossiers sont créés en brouillon "
        "dans la bibliothèque (--publish pour les publier) ; une ligne déjà importée est laissée telle quelle. "
        "--dry-run montre ce qui serait créé et chaque problème, ligne par ligne. "
        "Exemple : docs/import/exemple-dossiers.csv."
    )
    columns = dossiers
    model = DossierPage
    noun = "dossier"
    feminine = False

    def rows(self, table, files_dir):
        library = DossierLibraryPage.objects.order_by("path").first()
        if library is None:
            raise CommandError("Aucune bibliothèque de dossiers où les créer : lancez d'abord seed_demo ou créez-la.")
        themes = list(ThemePage.objects.order_by("path"))
        centres = {common.plain(centre.name): centre for centre in CulturalCentre.objects.all()}
        return [dossiers.parse_dossier_row(line, values, library, themes, centres, files_dir) for line, values in table]

    def create(self, row, *, publish):
        return dossiers.create_dossier(row, publish=publish)
