from pages.imports import common, resources
from pages.models import ResourcePage, ThemePage


class Command(common.ImportCommand):
    help = (
        "Importe des ressources depuis un tableau CSV ou XLSX (colonnes Titre, Thématique, Type, Résumé, Mots-clés, "
        "Date, Fichier ou URL, Clé). Les ressources sont créées en brouillon (--publish pour les publier) ; une ligne "
        "déjà importée (même clé, ou même titre) est laissée telle quelle. --dry-run montre ce qui serait créé et "
        "chaque problème, ligne par ligne, sans rien écrire. Exemple : docs/import/exemple-ressources.csv."
    )
    columns = resources
    model = ResourcePage
    noun = "ressource"
    feminine = True

    def rows(self, table, files_dir):
        themes = list(ThemePage.objects.order_by("path"))
        return [resources.parse_row(line, values, themes, files_dir) for line, values in table]

    def create(self, row, *, publish):
        return resources.create_resource(row, publish=publish)
