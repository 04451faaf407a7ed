"""Publish a resource through the ORM, in the environment it is run in (the search engine down, for the check).

    python -m tests.production_check.publish "Title" "summary" ["restricted document's title"]

With a third argument, the resource has a document attached from a collection with a login restriction (as an
editor may choose one): visitors must not see it. Prints the published page's path. Exit status 0 only when the
page is live and in the database backend's index.
"""

import os
import sys
from urllib.parse import urlsplit


def attach_restricted_document(page, title):
    from django.core.files.base import ContentFile
    from wagtail.models import Collection, CollectionViewRestriction

    from pages.demo.files import make_pdf
    from pages.models import PlatformDocument, ResourcePageDocument

    collection = Collection.get_first_root_node().add_child(name=f"Réservé : {title}")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = PlatformDocument(title=title, collection=collection, description=f"Description de {title}.")
    document.file.save("reserve.pdf", ContentFile(make_pdf(title, ["Un document réservé."])), save=False)
    document._set_document_file_metadata()
    document.save()
    ResourcePageDocument.objects.create(page=page, document=document)


def main(argv):
    title, summary, *restricted = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django

    django.setup()
    from django.utils import timezone
    from django.utils.text import slugify

    from pages.models import ResourcePage, ThemePage
    from search.models import SearchEntry

    theme = ThemePage.objects.live().order_by("path").first()
    page = ResourcePage(title=title, slug=slugify(title)[:80], summary=summary, date=timezone.localdate(), live=False)
    theme.add_child(instance=page)
    for document_title in restricted:
        attach_restricted_document(page, document_title)
    page.save_revision().publish()
    page.refresh_from_db()
    if not page.live:
        print("the page is not live", file=sys.stderr)
        return 1
    if not SearchEntry.objects.filter(page_id=page.pk).exists():
        print("the page has no search entry", file=sys.stderr)
        return 1
    print(urlsplit(page.get_url()).path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
