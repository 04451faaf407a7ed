import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pages import bench


class Command(BaseCommand):
    help = (
        "Mesure les pages, listes, recherche et API sous gunicorn (réglages de production), sans puis avec le "
        "cache de pages, par rapport à une vue Django nue, et écrit le tableau dans docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--server", default=bench.DEFAULT_SERVER_URL, help="Serveur PostgreSQL (URL sans base).")
        parser.add_argument("--redis", default=bench.DEFAULT_REDIS_URL, help="Base Redis du cache (vidée).")
        parser.add_argument("--port", type=int, default=bench.DEFAULT_PORT, help="Port de gunicorn (127.0.0.1).")
        parser.add_argument("--rebuild", action="store_true", help="Recrée la base bench_site et son contenu.")
        parser.add_argument("--duration", type=int, default=10, help="Secondes de wrk par URL.")
        parser.add_argument(
            "--passes",
            nargs="+",
            choices=["uncached", "cached"],
            default=["uncached", "cached"],
            help="Passes mesurées.",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="Fichier du rapport ('' : aucun).",
        )
        # Internal: the child process choosing the URLs in the bench database.
        parser.add_argument("--pick-urls", action="store_true", help="(interne) Choisit les URL mesurées.")
        parser.add_argument("--result", default="", help="(interne) Fichier JSON du résultat.")

    def handle(self, *args, **options):
        if options["pick_urls"]:
            Path(options["result"]).write_text(json.dumps(bench.pick_targets(), indent=2))
            return
        section, _rows, errors = bench.run(
            server_url=options["server"],
            redis_url=options["redis"],
            port=options["port"],
            rebuild=options["rebuild"],
            duration=max(1, options["duration"]),
            passes=options["passes"],
            output=options["output"],
            out=self.stdout,
        )
        self.stdout.write(section)
        if errors:
            raise CommandError(f"Mesures invalides : {len(errors)} erreur(s), voir le rapport.")
