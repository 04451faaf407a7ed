from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing, lexicon
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Reconstruit les entrées de recherche de toutes les pages publiques, puis le lexique."

    def handle(self, *args, **options):
        pages = indexing.searchable_pages().specific()
        total = pages.count()
        kept = set()
        for page in tqdm(pages.iterator(chunk_size=200), total=total, desc="Entrées", unit="page"):
            entry = indexing.refresh_entry(page)
            if entry:
                kept.add(entry.pk)
        stale = SearchEntry.objects.exclude(pk__in=kept)
        removed = stale.count()
        for entry in stale.iterator():
            entry.delete()
        texts = SearchEntry.objects.values_list("title", "summary", "centre", "body").iterator(chunk_size=500)
        lexicon.rebuild(" ".join(row) for row in texts)
        self.stdout.write(self.style.SUCCESS(f"{len(kept)} entrées à jour, {removed} supprimées."))
