from django.conf import settings
from django.core.management.base import BaseCommand

from pages.contributions.privacy import erase_expired_personal_data


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des contributions traitées et des demandes de dossiers plus anciennes "
        "que CONTRIBUTION_RETENTION_DAYS (les pages créées sont gardées), et les abonnements jamais confirmés. "
        "À lancer chaque jour."
    )

    def handle(self, *args, **options):
        counts = erase_expired_personal_data()
        self.stdout.write(
            f"Données personnelles effacées (conservation : {settings.CONTRIBUTION_RETENTION_DAYS} jours) : "
            f"{counts['contributions']} contribution(s), {counts['requests']} demande(s) de dossier, "
            f"{counts['files']} fichier(s) non publié(s) supprimé(s), "
            f"{counts['subscriptions']} abonnement(s) jamais confirmé(s) supprimé(s)."
        )
