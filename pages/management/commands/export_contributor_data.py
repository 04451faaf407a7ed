import json

from django.core.management.base import BaseCommand

from pages.contributions.privacy import export_contributor_data


class Command(BaseCommand):
    help = "Exporte en JSON toutes les contributions et demandes de dossiers d'une adresse e-mail (droit d'accès RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="L'adresse e-mail de la personne qui demande ses données.")

    def handle(self, *args, email, **options):
        data = export_contributor_data(email)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
