from django.core.management.base import BaseCommand

from pages.submissions import send_pending_mails


class Command(BaseCommand):
    help = (
        "Envoie les e-mails restés en attente (accusés de réception, notifications, demandes de dossiers) "
        "après une panne du serveur de messagerie. À lancer régulièrement (cron)."
    )

    def handle(self, *args, **options):
        contributions, requests = send_pending_mails()
        self.stdout.write(
            f"{contributions} contribution(s) et {requests} demande(s) de dossier avaient des e-mails en attente."
        )
