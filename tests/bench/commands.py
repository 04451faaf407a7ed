"""The benchmarks' command lines (`python -m tests.bench search|relevance|site`, tests/bench/__main__.py), as Django
commands.

Each also runs as its own child process: `search --measure` and `relevance --measure` measure the database they are
given, `site --pick-urls` chooses the measured URLs in the site benchmark's database.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tests.bench import relevance, search, site


def report_option(parser):
    parser.add_argument(
        "--output",
        default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
        help="Fichier du rapport ('' : aucun).",
    )


class SearchCommand(BaseCommand):
    help = (
        "Mesure la recherche (latence p50/p95/p99, débit, réindexation) sur PostgreSQL à 1k, 10k et 100k "
        "ressources, dans une base dédiée par taille, et écrit le tableau dans docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=list(search.SIZES), help="Nombres de ressources.")
        parser.add_argument("--server", default=search.DEFAULT_SERVER_URL, help="Serveur PostgreSQL (URL sans base).")
        parser.add_argument("--rebuild", action="store_true", help="Recrée les bases et leur contenu.")
        parser.add_argument("--rounds", type=int, default=10, help="Tours du mélange de requêtes mesurés.")
        parser.add_argument("--http", action="store_true", help="Mesure aussi /recherche/ par le client de test.")
        parser.add_argument(
            "--no-reindex", dest="reindex", action="store_false", help="Ne chronomètre pas la réindexation."
        )
        report_option(parser)
        # Internal: the child process measuring the current database.
        parser.add_argument("--measure", action="store_true", help="(interne) Mesure la base courante.")
        parser.add_argument("--result", default="", help="(interne) Fichier JSON du résultat.")

    def handle(self, *args, **options):
        if options["measure"]:
            result = search.measure(
                rounds=options["rounds"], http=options["http"], reindex=options["reindex"], progress=True
            )
            Path(options["result"]).write_text(json.dumps(result, indent=2))
            return
        section, _results = search.run(
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


class RelevanceCommand(BaseCommand):
    help = (
        "Mesure la pertinence (recall@10, nDCG@10, MRR, même premier résultat) de la suite de requêtes jugées sur "
        "PostgreSQL, SQLite et le moteur, sur le contenu de démonstration, et écrit le tableau dans "
        "docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--server", default=search.DEFAULT_SERVER_URL, help="Serveur PostgreSQL (URL sans base).")
        parser.add_argument("--rebuild", action="store_true", help="Recrée les bases et leur contenu.")
        parser.add_argument(
            "--backends", nargs="+", choices=relevance.BACKENDS, default=list(relevance.BACKENDS), help="Moteurs."
        )
        report_option(parser)
        # Internal: the child process measuring the current database.
        parser.add_argument("--measure", action="store_true", help="(interne) Mesure la base courante.")
        parser.add_argument("--result", default="", help="(interne) Fichier JSON du résultat.")

    def handle(self, *args, **options):
        if options["measure"]:
            result = relevance.measure(options["backends"])
            Path(options["result"]).write_text(json.dumps(result, indent=2))
            return
        section, _results = relevance.run(
            server_url=options["server"],
            rebuild=options["rebuild"],
            backends=options["backends"],
            output=options["output"],
            out=self.stdout,
        )
        self.stdout.write(section)


class SiteCommand(BaseCommand):
    help = (
        "Mesure les pages, listes, recherche et API sous gunicorn (réglages de production), sans puis avec le "
        "cache de pages, par rapport à une vue Django nue, et écrit le tableau dans docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--server", default=site.DEFAULT_SERVER_URL, help="Serveur PostgreSQL (URL sans base).")
        parser.add_argument("--redis", default=site.DEFAULT_REDIS_URL, help="Base Redis du cache (vidée).")
        parser.add_argument("--port", type=int, default=site.DEFAULT_PORT, help="Port de gunicorn (127.0.0.1).")
        parser.add_argument("--rebuild", action="store_true", help="Recrée la base bench_site et son contenu.")
        parser.add_argument("--duration", type=int, default=10, help="Secondes de wrk par URL.")
        parser.add_argument(
            "--passes",
            nargs="+",
            choices=["uncached", "cached"],
            default=["uncached", "cached"],
            help="Passes mesurées.",
        )
        report_option(parser)
        # Internal: the child process choosing the URLs in the bench database.
        parser.add_argument("--pick-urls", action="store_true", help="(interne) Choisit les URL mesurées.")
        parser.add_argument("--result", default="", help="(interne) Fichier JSON du résultat.")

    def handle(self, *args, **options):
        if options["pick_urls"]:
            Path(options["result"]).write_text(json.dumps(site.pick_targets(), indent=2))
            return
        section, _rows, errors = site.run(
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


COMMANDS = {"search": SearchCommand, "relevance": RelevanceCommand, "site": SiteCommand}
