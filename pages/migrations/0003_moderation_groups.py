"""The two French groups of the team: « Modérateurs » and « Éditeurs ».

Both edit pages and media like Wagtail's default Moderators and Editors groups. Only « Modérateurs »
see contributions and dossier requests (view, change) and approve pages in the moderation workflow;
« Éditeurs » have no right on contributions at all.
"""

from django.db import migrations

MODERATORS = "Modérateurs"
EDITORS = "Éditeurs"

PAGE_PERMISSIONS = {
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    EDITORS: ["add_page", "change_page", "lock_page"],
}
MEDIA_PERMISSIONS = [
    ("pages", "platformdocument", ["add", "change", "delete"]),
    ("wagtailimages", "image", ["add", "change", "delete", "choose"]),
]
SNIPPET_PERMISSIONS = [
    ("pages", "culturalcentre", ["add", "change", "view"]),
    ("pages", "linkcategory", ["add", "change", "view"]),
]
CONTRIBUTION_PERMISSIONS = [
    ("pages", "contribution", ["view", "change"]),
    ("pages", "dossierrequest", ["view", "change"]),
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(app_label, model, codename):
        # Permissions are created after migrations (post_migrate): create the ones needed here, as Django names them.
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} {model}"},
        )
        return perm

    def model_permissions(specs):
        return [permission(app, model, f"{action}_{model}") for app, model, actions in specs for action in actions]

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    admin_access = permission("wagtailadmin", "admin", "access_admin")

    groups = {}
    for name in (MODERATORS, EDITORS):
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(admin_access, *model_permissions(SNIPPET_PERMISSIONS))
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission("wagtailcore", "page", codename)
                )
        if root_collection is not None:
            for perm in model_permissions(MEDIA_PERMISSIONS):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )

    groups[MODERATORS].permissions.add(*model_permissions(CONTRIBUTION_PERMISSIONS))

    # Wagtail's default « Moderators approval » task: « Modérateurs » approve alongside Wagtail's Moderators.
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators").distinct():
        task.groups.add(groups[MODERATORS])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[MODERATORS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_contributions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
