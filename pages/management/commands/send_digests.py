from django.core.management.base import BaseCommand

from pages import subscriptions


class Command(BaseCommand):
    help = (
        "Envoie aux abonnés confirmés le récapitulatif de ce qui a été publié depuis le précédent (chaque semaine ou "
        "chaque jour selon leur choix) ; rien pour une période sans nouveauté. --enqueue le confie au worker des "
        "tâches, qui le relance ensuite chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Confier l'envoi au worker des tâches.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            from pages.tasks import send_digests_task  # the tasks module imports the commands' modules

            send_digests_task.enqueue()
            self.stdout.write("Envoi des récapitulatifs confié au worker des tâches.")
            return
        sent, empty = subscriptions.send_digests()
        self.stdout.write(f"{sent} récapitulatif(s) envoyé(s), {empty} abonnement(s) sans nouveauté sur leur période.")
