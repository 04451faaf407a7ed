import posixpath

from django.db import migrations, models

import cms.storage
import pages.models.media


def move_restricted_documents(apps, schema_editor):
    """Documents already in a restricted collection leave the public media for the private storage."""
    from cms.storage import RESTRICTED_DOCUMENTS, document_storage, is_restricted_name

    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    PlatformDocument = apps.get_model("pages", "PlatformDocument")
    restricted_paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not restricted_paths:
        return
    query = models.Q()
    for path in restricted_paths:
        query |= models.Q(path__startswith=path)
    collections = Collection.objects.filter(query)
    for document in PlatformDocument.objects.filter(collection__in=collections).exclude(file=""):
        name = document.file.name
        if is_restricted_name(name) or not document_storage.exists(name):
            continue
        with document_storage.open(name, "rb") as handle:
            new_name = document_storage.save(posixpath.join(RESTRICTED_DOCUMENTS, posixpath.basename(name)), handle)
        PlatformDocument.objects.filter(pk=document.pk).update(file=new_name)
        document_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0007_help_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="platformdocument",
            name="file",
            field=models.FileField(
                help_text=(
                    "PDF de préférence (lisible partout) ; aussi Word, OpenDocument, tableurs, présentations, images."
                ),
                storage=cms.storage.get_document_storage,
                upload_to=pages.models.media.document_upload_to,
                verbose_name="Fichier",
            ),
        ),
        migrations.RunPython(move_restricted_documents, migrations.RunPython.noop),
    ]
