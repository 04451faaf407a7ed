from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pages.imports import common, resources
from pages.models import ResourcePage, ThemePage


class Command(BaseCommand):
    help = (
        "Importe des ressources depuis un tableau CSV ou XLSX (colonnes Titre, Thématique, Type, Résumé, Mots-clés, "
        "Date, Fichier ou URL, Clé). Les ressources sont créées en brouillon (--publish pour les publier) ; une ligne "
        "déjà importée (même clé, ou même titre) est laissée telle quelle. --dry-run montre ce qui serait créé et "
        "chaque problème, ligne par ligne, sans rien écrire. Exemple : docs/import/exemple-ressources.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le tableau (.csv ou .xlsx).")
        parser.add_argument("--files", help="Le dossier des fichiers nommés dans la colonne « Fichier ».")
        parser.add_argument("--dry-run", action="store_true", help="Montrer ce qui serait fait, sans rien écrire.")
        parser.add_argument("--publish", action="store_true", help="Publier les ressources créées.")

    def handle(self, *args, **options):
        try:
            table = common.read_table(options["file"], resources.COLUMNS, resources.REQUIRED, resources.LABELS)
        except (OSError, common.ImportFileError) as error:
            raise CommandError(str(error)) from error
        themes = list(ThemePage.objects.order_by("path"))
        rows = [resources.parse_row(line, values, themes, options["files"]) for line, values in table]
        summary = common.run_import(
            rows,
            noun="ressource",
            feminine=True,
            model=ResourcePage,
            create=resources.create_resource,
            write=self.stdout.write,
            dry_run=options["dry_run"],
            publish=options["publish"],
            progress=lambda items: tqdm(items, desc="Import", unit="ligne", disable=None, file=self.stderr),
        )
        self.stdout.write(summary)
