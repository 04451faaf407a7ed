"""Choose the frequent words again and count their facets from scratch (PostgreSQL; search/term_counts.py).

Run after a big import, or periodically (e.g. nightly): words that became frequent since are then counted from
the kept counts too. Between two runs the counts stay exact; only the choice of words gets older.
"""

from django.core.management.base import BaseCommand

from search import term_counts


class Command(BaseCommand):
    help = "Recompte les facettes des mots fréquents de la recherche (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-entries",
            type=int,
            default=None,
            help="Nombre minimal d'entrées contenant un mot pour que ses facettes soient tenues à jour "
            f"(par défaut {term_counts.TRACKED_MIN_ENTRIES} et au moins "
            f"{term_counts.TRACKED_MIN_SHARE:.0%} des entrées).",
        )

    def handle(self, *args, **options):
        if not term_counts.supported():
            self.stdout.write("Base de données sans décomptes tenus à jour (PostgreSQL seulement) : rien à faire.")
            return
        tracked = term_counts.refresh(options["min_entries"], log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{tracked} mots suivis."))
