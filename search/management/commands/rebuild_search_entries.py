import os

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from search import bulk, indexing, term_counts


class Command(BaseCommand):
    help = (
        "Reconstruit les entrées de recherche de toutes les pages publiques, puis le lexique. Seules les entrées "
        "qui diffèrent de ce qui est enregistré sont réécrites (--force : toutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=bulk.BATCH_SIZE, help="Pages traitées par lot.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="Processus qui construisent les entrées en parallèle (PostgreSQL ; par défaut : un par cœur, "
            "4 au plus).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Réécrit toutes les entrées, même inchangées (après un changement de la configuration de recherche "
            "de PostgreSQL, par exemple).",
        )

    def handle(self, *args, **options):
        pages = indexing.searchable_pages().only("id", "content_type_id").order_by("path")
        total = pages.count()
        # The facet counts of frequent words are not kept while entries are written, then counted from scratch for the
        # words frequent in the rebuilt entries (PostgreSQL; search/term_counts.py). Nothing written: kept as they are.
        with (
            term_counts.recounted_after(log=self.stdout.write, lazy=True) as recount,
            tqdm(total=total, desc="Entrées", unit="page", disable=total == 0) as bar,
        ):
            builder = bulk.build_entries(
                pages.iterator(chunk_size=2000),
                batch_size=max(1, options["batch_size"]),
                progress=bar.update,
                rebuild_lexicon=True,
                delete_stale=True,
                force=options["force"],
                before_writes=recount.before_writes,
                jobs=max(1, options["jobs"]),
            )
        rewritten = builder.written or builder.removed
        if rewritten and connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Index rows were rewritten: without VACUUM, searches wade through the dead row versions and the GIN
            # index's pending list until autovacuum comes by (25 × slower at 1k entries).
            with connection.cursor() as cursor:
                for table in ("wagtailsearch_indexentry", "platform_search_searchentry"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        processes = f", en {builder.processes} processus" if builder.processes > 1 else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(builder.entry_ids)} entrées à jour, dont {builder.written_entries} réécrites ; "
                f"{builder.removed} supprimées{processes}."
            )
        )
