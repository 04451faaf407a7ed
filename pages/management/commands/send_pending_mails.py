from django.core.management.base import BaseCommand

from pages.contributions.services import digest_queue, pending_mails, send_pending_mails


class Command(BaseCommand):
    help = (
        "Envoie les e-mails restés en attente (accusés de réception, notifications, demandes de dossiers) "
        "après une panne du serveur de messagerie, et le récapitulatif des contributions arrivées trop nombreuses "
        "pour une notification chacune. À lancer régulièrement (cron)."
    )

    def handle(self, *args, **options):
        contributions, requests = send_pending_mails()
        left_contributions, left_requests = (queryset.count() for queryset in pending_mails())
        self.stdout.write(
            f"E-mails en attente pour {contributions} contribution(s) et {requests} demande(s) de dossier ; "
            f"encore en attente après cet envoi : {left_contributions} contribution(s) et "
            f"{left_requests} demande(s)."
        )
        if waiting := digest_queue().count():
            self.stdout.write(f"{waiting} contribution(s) attendent le prochain récapitulatif des notifications.")
        if left_contributions or left_requests:
            self.stderr.write("Le serveur de messagerie refuse encore des envois : voir les journaux.")
