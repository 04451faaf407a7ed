"""Make ahead of time the renditions the site and the API ask for (pages/renditions.py), which would otherwise be
made on the first request that needs them. Idempotent: existing renditions are kept and not made again."""

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from pages import renditions
from pages.api.representations import CARD_SPEC, LARGE_SPEC
from pages.seo import SHARE_IMAGE_SPEC

# The single renditions asked for beside the uses' sets: the API's `url` of an image, the social-sharing image.
SINGLE_SPECS = (CARD_SPEC, LARGE_SPEC, SHARE_IMAGE_SPEC)


class Command(BaseCommand):
    help = (
        "Crée d'avance les rendus des images (cartes, contenus, bannières, en WebP et dans le format d'origine) "
        "que le site et l'API demandent. Par défaut toutes les images."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Identifiants d'images (toutes par défaut).")

    def handle(self, *args, ids=(), **options):
        images = get_image_model().objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        images = renditions.prefetch(images, *renditions.ALL_USES, extra=SINGLE_SPECS)
        total = images.count()
        missing = []
        for image in tqdm(images.iterator(chunk_size=50), total=total, desc="Images", unit="image", disable=not total):
            try:
                renditions.renditions_for(image, renditions.ALL_USES, extra=SINGLE_SPECS)
            except SourceImageIOError:
                missing.append(f"  #{image.pk} {image.title} : fichier introuvable")
        for line in missing:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Rendus prêts pour {total - len(missing)} image(s) sur {total}."))
