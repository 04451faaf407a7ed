from collections import Counter

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.documents import get_document_model

from search.tasks import extract_and_store


class Command(BaseCommand):
    help = (
        "Extrait le texte des documents (PDF, DOCX, ODT) pour la recherche et met à jour les pages qui les joignent. "
        "Par défaut tous les documents ; --missing : seulement ceux sans texte."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Seulement les documents dont le texte est vide.")
        parser.add_argument("ids", nargs="*", type=int, help="Identifiants de documents (tous par défaut).")

    def handle(self, *args, missing=False, ids=(), **options):
        documents = get_document_model().objects.order_by("pk")
        if ids:
            documents = documents.filter(pk__in=ids)
        if missing:
            documents = documents.filter(text_content="")
        statuses = Counter()
        problems = []
        progress = tqdm(documents.iterator(chunk_size=100), total=documents.count(), desc="Documents", unit="doc")
        for document in progress:
            result = extract_and_store(document)
            statuses[result.status.value] += 1
            if not result.ok and result.reason:
                problems.append(f"  #{document.pk} {document.title} — {result.status}: {result.reason}")
        for line in problems:
            self.stdout.write(line)
        summary = ", ".join(f"{status} : {count}" for status, count in sorted(statuses.items())) or "aucun document"
        self.stdout.write(self.style.SUCCESS(f"Extraction terminée ({summary})."))
