"""The roles of issue 6: « Éditeurs », « Modérateurs », « Administrateurs », and the « Relecture » workflow.

See pages/roles.py for what each role does. Here:
- « Éditeurs » lose the rights on the whole tree given by 0003: they get them on each existing section
  (themes, libraries, rencontres, top-level standard pages) — pages/roles.py grants new sections as they
  are created. Documents: every top-level collection except the private one (a « Médiathèque » collection
  is created so that editors always have somewhere to upload); images: everywhere. They may now choose
  documents in the editor.
- « Modérateurs » keep 0003's rights and get every document, search promotions and search statistics.
- « Administrateurs » is created: everything but superuser status.
- Wagtail's default workflow on the root becomes « Relecture » with the task « Relecture par un modérateur »,
  approved by « Modérateurs » and « Administrateurs ». Created if missing.
"""

from django.db import migrations

# Frozen copies of pages/roles.py's constants: a migration does not follow later changes of the code.
MODERATORS_GROUP = "Modérateurs"
EDITORS_GROUP = "Éditeurs"
ADMINISTRATORS_GROUP = "Administrateurs"
EDITOR_SECTION_MODELS = ("themepage", "dossierlibrarypage", "linklibrarypage", "workshopindexpage")
EDITOR_STANDARD_SECTION = ("standardpage", "homepage")
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
PRIVATE_COLLECTION = "Contributions – dossiers de personne à personne"
EDITORS_COLLECTION = "Médiathèque"
EDITOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")
STEPLEN = 4  # treebeard's path step of Wagtail's pages and collections

WORKFLOW_NAME = "Relecture"
TASK_NAME = "Relecture par un modérateur"

ALL_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

# Wagtail checks documents against its own Document model's permissions, whatever WAGTAILDOCS_DOCUMENT_MODEL is
# (0003 granted pages.platformdocument ones, which Wagtail never reads: they are removed).
DOCUMENTS = ("wagtaildocs", "document", ["add", "change", "delete", "choose"])
IMAGES = ("wagtailimages", "image", ["add", "change", "delete", "choose"])
COLLECTIONS = ("wagtailcore", "collection", ["add", "change", "delete"])

MODERATOR_MODEL_PERMISSIONS = [
    ("pages", "contribution", ["view", "change"]),
    ("pages", "dossierrequest", ["view", "change"]),
    ("pages", "culturalcentre", ["add", "change", "view"]),
    ("pages", "linkcategory", ["add", "change", "view"]),
    ("wagtailsearchpromotions", "searchpromotion", ["add", "change", "delete"]),
    ("platform_search", "searchquerystat", ["view"]),
]
ADMINISTRATOR_MODEL_PERMISSIONS = MODERATOR_MODEL_PERMISSIONS + [
    ("pages", "culturalcentre", ["delete"]),
    ("pages", "linkcategory", ["delete"]),
    ("auth", "user", ["add", "change", "delete", "view"]),
    ("auth", "group", ["add", "change", "delete", "view"]),
    ("wagtailcore", "site", ["add", "change", "delete"]),
    ("wagtailcore", "workflow", ["add", "change", "delete"]),
    ("wagtailcore", "task", ["add", "change", "delete"]),
    ("wagtailredirects", "redirect", ["add", "change", "delete"]),
]


def apply_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    def permission(app_label, model, codename):
        # Permissions are created after migrations (post_migrate): create the ones needed, as Django names them.
        return Permission.objects.get_or_create(
            content_type=content_type(app_label, model),
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} {model}"},
        )[0]

    def model_permissions(specs):
        return [permission(app, model, f"{action}_{model}") for app, model, actions in specs for action in actions]

    def page_permissions(codenames):
        return [permission("wagtailcore", "page", codename) for codename in codenames]

    def grant_pages(group, page, codenames):
        for perm in page_permissions(codenames):
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)

    def grant_collection(group, collection, specs):
        for perm in model_permissions(specs):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=perm)

    admin_access = permission("wagtailadmin", "admin", "access_admin")
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    editors = Group.objects.get_or_create(name=EDITORS_GROUP)[0]
    moderators = Group.objects.get_or_create(name=MODERATORS_GROUP)[0]
    administrators = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0]

    # « Éditeurs »: sections, not the whole tree.
    GroupPagePermission.objects.filter(group=editors, page__depth=1).delete()
    section_types = [content_type("pages", model) for model in EDITOR_SECTION_MODELS]
    standard_type = content_type("pages", EDITOR_STANDARD_SECTION[0])
    home_type = content_type("pages", EDITOR_STANDARD_SECTION[1])
    home_paths = set(Page.objects.filter(content_type=home_type).values_list("path", flat=True))
    for page in Page.objects.filter(content_type__in=section_types + [standard_type]):
        if page.content_type_id != standard_type.pk or page.path[:-STEPLEN] in home_paths:
            grant_pages(editors, page, EDITOR_PAGE_PERMISSIONS)

    unread = content_type("pages", "platformdocument")
    GroupCollectionPermission.objects.filter(permission__content_type=unread).delete()
    document_type = content_type("wagtaildocs", "document")
    editor_documents = [permission("wagtaildocs", "document", codename) for codename in EDITOR_DOCUMENT_PERMISSIONS]
    GroupCollectionPermission.objects.filter(group=editors, permission__content_type=document_type).delete()
    if root_collection is not None:
        grant_collection(editors, root_collection, [("wagtailimages", "image", ["add", "change", "choose"])])
        depth = root_collection.depth + 1
        if not Collection.objects.filter(depth=depth, name=EDITORS_COLLECTION).exists():
            # Collection is a treebeard node: add the child by hand (historical models have no add_child).
            last = Collection.objects.filter(depth=depth).order_by("-path").first()
            number = int(last.path[-STEPLEN:], 36) + 1 if last else 1
            path = root_collection.path + _base36(number).rjust(STEPLEN, "0")
            Collection.objects.create(name=EDITORS_COLLECTION, path=path, depth=depth, numchild=0)
            root_collection.numchild = Collection.objects.filter(depth=depth).count()
            root_collection.save(update_fields=["numchild"])
        for collection in Collection.objects.filter(depth=depth).exclude(name=PRIVATE_COLLECTION):
            for perm in editor_documents:
                GroupCollectionPermission.objects.get_or_create(group=editors, collection=collection, permission=perm)

    # « Modérateurs »: the whole tree and every document.
    moderators.permissions.add(admin_access, *model_permissions(MODERATOR_MODEL_PERMISSIONS))
    if root_page is not None:
        grant_pages(moderators, root_page, MODERATOR_PAGE_PERMISSIONS)
    if root_collection is not None:
        grant_collection(moderators, root_collection, [DOCUMENTS, IMAGES])

    # « Administrateurs »: everything, without being superusers.
    administrators.permissions.add(admin_access, *model_permissions(ADMINISTRATOR_MODEL_PERMISSIONS))
    if root_page is not None:
        grant_pages(administrators, root_page, ALL_PAGE_PERMISSIONS)
    if root_collection is not None:
        grant_collection(administrators, root_collection, [DOCUMENTS, IMAGES, COLLECTIONS])

    _relecture_workflow(apps, root_page, [moderators, administrators], content_type)

    # Wagtail's English « Editors » and « Moderators » groups, unused here, would sit beside the French ones.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text or "0"


def _relecture_workflow(apps, root_page, approvers, content_type):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    assigned = WorkflowPage.objects.filter(page=root_page).select_related("workflow").first() if root_page else None
    workflow = assigned.workflow if assigned else None
    workflow = workflow or Workflow.objects.filter(name__in=[WORKFLOW_NAME, "Moderators approval"]).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()

    link = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order").first()
    task = GroupApprovalTask.objects.filter(pk=link.task_id).first() if link else None
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=content_type("wagtailcore", "groupapprovaltask")
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.name = TASK_NAME
    task.active = True
    task.save()
    task.groups.set(approvers)

    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ADMINISTRATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_contribution_refusal_sent_at"),
        ("platform_search", "0001_initial"),
        ("wagtailsearchpromotions", "0001_initial"),
        ("wagtailredirects", "0001_initial"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(apply_roles, remove_roles)]
