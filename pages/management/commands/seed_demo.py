"""Create (or complete) the demo content of the platform. Idempotent: a second run changes nothing."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from pages.demo.builders import build_demo

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "admin"  # noqa: S105 - a throwaway account, only created by the dev settings


class Command(BaseCommand):
    help = "Crée le contenu de démonstration de la Plateforme (idempotent)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            report = build_demo(progress=lambda line: self.stdout.write(f"  {line}"))
            admin_created = self.ensure_demo_admin()

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
