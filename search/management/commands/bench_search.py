import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from search import bench


class Command(BaseCommand):
    help = (
        "Mesure la recherche (latence p50/p95/p99, débit, réindexation) sur PostgreSQL à 1k, 10k et 100k "
        "ressources, dans une base dédiée par taille, et écrit le tableau dans docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=list(bench.SIZES), help="Nombres de ressources.")
        parser.add_argument("--server", default=bench.DEFAULT_SERVER_URL, help="Serveur PostgreSQL (URL sans base).")
        parser.add_argument("--rebuild", action="store_true", help="Recrée les bases et leur contenu.")
        parser.add_argument("--rounds", type=int, default=10, help="Tours du mélange de requêtes mesurés.")
        parser.add_argument("--http", action="store_true", help="Mesure aussi /recherche/ par le client de test.")
        parser.add_argument(
            "--no-reindex", dest="reindex", action="store_false", help="Ne chronomètre pas la réindexation."
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="Fichier du rapport ('' : aucun).",
        )
        # Internal: the child process measuring the current database.
        parser.add_argument("--measure", action="store_true", help="(interne) Mesure la base courante.")
        parser.add_argument("--result", default="", help="(interne) Fichier JSON du résultat.")

    def handle(self, *args, **options):
        if options["measure"]:
            result = bench.measure(
                rounds=options["rounds"], http=options["http"], reindex=options["reindex"], progress=True
            )
            Path(options["result"]).write_text(json.dumps(result, indent=2))
            return
        section, _results = bench.run(
            sizes=sorted(options["sizes"]),
            server_url=options["server"],
            rebuild=options["rebuild"],
            rounds=max(1, options["rounds"]),
            http=options["http"],
            reindex=options["reindex"],
            output=options["output"],
            out=self.stdout,
        )
        self.stdout.write(section)
