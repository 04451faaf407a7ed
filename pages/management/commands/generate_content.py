"""Add synthetic French content at scale under the demo tree, for benchmarks."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from taggit.models import Tag
from tqdm import tqdm
from wagtail.models import Page

from pages import models as m
from pages.demo import builders, synthetic
from pages.demo.bulk import (
    add_published_children,
    disable_reference_index_auto_update,
    index_pages,
    search_indexing_paused,
)
from search import term_counts
from search.bulk import build_entries


class Command(BaseCommand):
    help = "Génère des ressources, dossiers et rencontres-ateliers synthétiques (pour les mesures de performance)."

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=0, help="Nombre de ressources à créer.")
        parser.add_argument("--dossiers", type=int, default=0, help="Nombre de dossiers à créer.")
        parser.add_argument("--workshops", type=int, default=0, help="Nombre de rencontres-ateliers à créer.")
        parser.add_argument("--seed", type=int, default=None, help="Graine aléatoire, pour un contenu reproductible.")
        parser.add_argument("--batch-size", type=int, default=250, help="Pages insérées par lot.")
        parser.add_argument(
            "--skip-page-index",
            action="store_true",
            help=(
                "N'ajoute pas les pages à l'index de Wagtail (recherche de l'administration) ni à l'index des "
                "références : plus rapide, pour mesurer la recherche publique, qui n'utilise que ses propres "
                "entrées. `update_index` et `rebuild_references_index` les ajoutent ensuite."
            ),
        )

    def handle(self, *args, **options):
        counts = {kind: options[kind] for kind in ("resources", "dossiers", "workshops")}
        if any(n < 0 for n in counts.values()):
            raise CommandError("Les nombres de pages doivent être positifs.")
        total = sum(counts.values())
        rng = random.Random(options["seed"])
        batch_size = max(1, options["batch_size"])
        started = time.perf_counter()

        with transaction.atomic():
            parents = self.ensure_tree()
            # Slugs end with a number above every existing page id, so that reruns never collide.
            first_number = (Page.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
            entries = self.make_entries(rng, parents, counts, first_number)
            created = {}
            with (
                search_indexing_paused(),
                disable_reference_index_auto_update(),
                tqdm(total=total, desc="Pages", unit="page", disable=total == 0) as bar,
            ):
                for (parent, model), items in entries.items():
                    for start in range(0, len(items), batch_size):
                        batch = add_published_children(parent, items[start : start + batch_size])
                        created.setdefault(model, []).extend(page.pk for page in batch)
                        bar.update(len(batch))
            skip_index = options["skip_page_index"]
            with tqdm(total=total, desc="Indexation", unit="page", disable=total == 0 or skip_index) as bar:
                for model, ids in created.items():
                    if not skip_index:
                        index_pages(model, ids, progress=bar.update)
            # The public search's entries, in bulk too (publishing would make them one by one, ~20 ms each). The words
            # now frequent get their facet counts kept, counted once at the end (PostgreSQL; search/term_counts.py).
            with (
                term_counts.recounted_after(log=self.stdout.write),
                tqdm(total=total, desc="Entrées de recherche", unit="page", disable=total == 0) as bar,
            ):
                build_entries(self.pages(created), progress=bar.update)

        elapsed = time.perf_counter() - started
        rate = total / elapsed * 60 if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['resources']} ressources, {counts['dossiers']} dossiers et {counts['workshops']} "
                f"rencontres-ateliers créés en {elapsed:.1f} s ({rate:,.0f} pages/min)."
            )
        )

    @staticmethod
    def pages(created, chunk_size=2000):
        """The new pages (id and type only), read in chunks."""
        for ids in created.values():
            for start in range(0, len(ids), chunk_size):
                yield from Page.objects.filter(pk__in=ids[start : start + chunk_size]).only("id", "content_type_id")

    def ensure_tree(self):
        """The parents of the new pages, created with the demo builders where missing."""
        report = builders.Report()
        home = builders.ensure_home(report)
        _, themes = builders.build_themes(home, report, builders.demo_collection())
        return {
            "themes": themes,
            "library": builders.ensure_dossier_library(home, report),
            "workshops": builders.ensure_workshop_index(home, report),
        }

    def make_entries(self, rng, parents, counts, number):
        """New pages with their relations, grouped by (parent, model) so each batch has one parent."""
        entries = {}
        themes = parents["themes"]
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in synthetic.SYNTHETIC_TAGS}
        for i in range(counts["resources"]):
            theme, page, relations = synthetic.make_resource(rng, themes, tags, number + i)
            entries.setdefault((theme, m.ResourcePage), []).append((page, relations))
        number += counts["resources"]
        if counts["dossiers"]:
            centres = synthetic.ensure_synthetic_centres(max(20, counts["dossiers"] // 10))
            for i in range(counts["dossiers"]):
                page, relations = synthetic.make_dossier(rng, centres, themes, number + i)
                entries.setdefault((parents["library"], m.DossierPage), []).append((page, relations))
        number += counts["dossiers"]
        today = timezone.localdate()
        for i in range(counts["workshops"]):
            page, relations = synthetic.make_workshop(rng, themes, number + i, today)
            entries.setdefault((parents["workshops"], m.WorkshopReportPage), []).append((page, relations))
        return entries
