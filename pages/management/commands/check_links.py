from django.core.management.base import BaseCommand

from pages import link_checker
from pages.models import LinkState

MARKS = {LinkState.OK: "ok", LinkState.REDIRECTED: "redirigé", LinkState.BROKEN: "CASSÉ"}


class Command(BaseCommand):
    help = (
        "Vérifie les liens externes des pages publiées (liens utiles, ressources, textes) : HEAD puis GET, "
        "redirections suivies, une requête à la fois par site. Le résultat est dans l'admin, « Liens à vérifier ». "
        "--enqueue confie la vérification au worker des tâches, qui la relance ensuite chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delay",
            type=float,
            help="Secondes entre deux requêtes vers un même site (1 par défaut).",
        )
        parser.add_argument("--budget", type=float, help="Durée maximale de la vérification, en secondes.")
        parser.add_argument("--timeout", type=float, help="Délai d'attente d'une réponse, en secondes.")
        parser.add_argument("--enqueue", action="store_true", help="Confier la vérification au worker des tâches.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            from pages.tasks import check_links_task  # the tasks module imports this command's siblings only

            check_links_task.enqueue()
            self.stdout.write("Vérification des liens confiée au worker des tâches.")
            return
        checked = 0

        def progress(result):
            nonlocal checked
            checked += 1
            detail = result.error or (f"→ {result.final_url}" if result.final_url else "")
            self.stdout.write(f"[{checked}] {MARKS[result.state]:8} {result.url} {detail}".rstrip())

        settings = {name: options[name] for name in ("delay", "budget", "timeout") if options[name] is not None}
        counts, total = link_checker.run_check(progress=progress, **settings)
        self.stdout.write(
            f"{total} lien(s) externe(s) ; vérifiés : {checked} — {counts.get(LinkState.OK, 0)} ok, "
            f"{counts.get(LinkState.REDIRECTED, 0)} redirigé(s), {counts.get(LinkState.BROKEN, 0)} cassé(s)."
        )
