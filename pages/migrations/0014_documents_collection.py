"""The collection « Documents »: where the admin's uploads go by default (pages/uploads.py), created if missing.

« Éditeurs » may add, change and choose documents in it, as in every other top-level collection but the private one
(0005); images they may already upload everywhere.
"""

from django.db import migrations

DEFAULT_COLLECTION = "Documents"  # frozen copy of pages/models/media.py DEFAULT_COLLECTION_NAME
EDITORS_GROUP = "Éditeurs"
EDITOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")
STEPLEN = 4  # treebeard's path step of Wagtail's collections
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number):
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
        if not number:
            return digits


def _path(parent, number):
    return parent.path + _base36(number).rjust(STEPLEN, "0")


def _add_sorted_child(Collection, parent, name):
    """Collection is a treebeard node ordered by name (`node_order_by`), and historical models have no add_child:
    the siblings named after `name` move one step down (with their descendants), from the last, and the new
    collection takes the place of the first of them."""
    depth = parent.depth + 1
    siblings = Collection.objects.filter(depth=depth, path__startswith=parent.path)
    after = list(siblings.filter(name__gt=name).order_by("-path"))
    last = siblings.order_by("-path").first()
    position = int(after[-1].path[-STEPLEN:], 36) if after else (int(last.path[-STEPLEN:], 36) + 1 if last else 1)
    for sibling in after:
        old = sibling.path
        new = _path(parent, int(old[-STEPLEN:], 36) + 1)
        for node in Collection.objects.filter(path__startswith=old).order_by("-path"):
            node.path = new + node.path[len(old) :]
            node.save(update_fields=["path"])
    collection = Collection.objects.create(name=name, path=_path(parent, position), depth=depth, numchild=0)
    parent.numchild = siblings.count()
    parent.save(update_fields=["numchild"])
    return collection


def create_documents_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    depth = root.depth + 1
    collection = Collection.objects.filter(depth=depth, name=DEFAULT_COLLECTION).first()
    if collection is None:
        collection = _add_sorted_child(Collection, root, DEFAULT_COLLECTION)

    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is None:
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtaildocs", model="document")
    for codename in EDITOR_DOCUMENT_PERMISSIONS:
        # Permissions are created after migrations (post_migrate): create the ones needed, as Django names them.
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {codename.split('_')[0]} document"}
        )
        GroupCollectionPermission.objects.get_or_create(group=editors, collection=collection, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0013_synonyms"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Kept when migrating backwards: documents may have been uploaded into it since.
    operations = [migrations.RunPython(create_documents_collection, migrations.RunPython.noop)]
