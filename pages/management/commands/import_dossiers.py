from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pages.imports import common, dossiers
from pages.models import CulturalCentre, DossierLibraryPage, DossierPage, ThemePage


class Command(BaseCommand):
    help = (
        "Importe des dossiers de reconnaissance depuis un tableau CSV ou XLSX (colonnes Titre, Centre, Commune, "
        "Province, Statut, Année de dépôt, Début, Fin, Mode d'accès, Résumé, Contextualisation, Thématiques, Fichiers, "
        "Clé). Un centre inconnu est créé (avec sa commune et sa province). Les dossiers sont créés en brouillon "
        "dans la bibliothèque (--publish pour les publier) ; une ligne déjà importée est laissée telle quelle. "
        "--dry-run montre ce qui serait créé et chaque problème, ligne par ligne. "
        "Exemple : docs/import/exemple-dossiers.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le tableau (.csv ou .xlsx).")
        parser.add_argument("--files", help="Le dossier des fichiers nommés dans la colonne « Fichiers ».")
        parser.add_argument("--dry-run", action="store_true", help="Montrer ce qui serait fait, sans rien écrire.")
        parser.add_argument("--publish", action="store_true", help="Publier les dossiers créés.")

    def handle(self, *args, **options):
        try:
            table = common.read_table(options["file"], dossiers.COLUMNS, dossiers.REQUIRED, dossiers.LABELS)
        except (OSError, common.ImportFileError) as error:
            raise CommandError(str(error)) from error
        library = DossierLibraryPage.objects.order_by("path").first()
        if library is None:
            raise CommandError("Aucune bibliothèque de dossiers où les créer : lancez d'abord seed_demo ou créez-la.")
        themes = list(ThemePage.objects.order_by("path"))
        centres = {common.plain(centre.name): centre for centre in CulturalCentre.objects.all()}
        rows = [
            dossiers.parse_dossier_row(line, values, library, themes, centres, options["files"])
            for line, values in table
        ]
        summary = common.run_import(
            rows,
            noun="dossier",
            feminine=False,
            model=DossierPage,
            create=dossiers.create_dossier,
            write=self.stdout.write,
            dry_run=options["dry_run"],
            publish=options["publish"],
            progress=lambda items: tqdm(items, desc="Import", unit="ligne", disable=None, file=self.stderr),
        )
        self.stdout.write(summary)
