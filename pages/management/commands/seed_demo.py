"""Create (or complete) the demo content of the platform. Idempotent: a second run changes nothing."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from pages.demo.builders import build_demo, serve_site_at

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "admin"  # noqa: S105 - a throwaway account, only created by the dev settings


def port_number(value):
    port = int(value)
    if not 1 <= port <= 65535:
        raise ValueError(value)
    return port


class Command(BaseCommand):
    help = "Crée le contenu de démonstration de la Plateforme (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname",
            help="Nom d'hôte du Site de Wagtail, celui où le site est servi (par ex. 127.0.0.1) : les adresses "
            "absolues (pages, flux, API) le suivent.",
        )
        parser.add_argument(
            "--port", type=port_number, help="Port du Site de Wagtail, celui où le site est servi (par ex. 8000)."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            report = build_demo(progress=lambda line: self.stdout.write(f"  {line}"))
            admin_created = self.ensure_demo_admin()
            if options["hostname"] or options["port"]:
                try:
                    root_url = serve_site_at(options["hostname"], options["port"])
                except ValueError as error:
                    raise CommandError(str(error)) from error
                self.stdout.write(f"Site : {root_url}/ (adresses absolues et redirections de l'API).")

        kinds = sorted(set(report.created) | set(report.existing))
        self.stdout.write("Résumé (créés / déjà présents) :")
        for kind in kinds:
            self.stdout.write(f"  {kind:<34} {report.created.get(kind, 0):>4} / {report.existing.get(kind, 0)}")
        self.stdout.write(
            f"Au total : {Page.objects.filter(depth__gt=1).count()} pages, "
            f"{get_document_model().objects.count()} documents, {get_image_model().objects.count()} images."
        )
        if admin_created is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"Compte d'administration de démo : {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD} — "
                    f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Contenu de démonstration prêt en {time.perf_counter() - started:.1f} s.")
        )

    def ensure_demo_admin(self):
        """The demo superuser, only where the settings ask for it (dev). None when not applicable."""
        if not getattr(settings, "PLATFORM_CREATE_DEMO_ADMIN", False):
            return None
        User = get_user_model()
        if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            return False
        User.objects.create_superuser(DEMO_ADMIN_USERNAME, email="admin@example.org", password=DEMO_ADMIN_PASSWORD)
        return True
