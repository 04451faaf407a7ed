"""The three roles of the team and where each may work. The groups are created by migrations 0003 and 0005.

« Éditeurs » write: they create and edit pages inside the content sections — each theme of the toolbox (its
resources), the dossier library, the link library, the rencontres-ateliers and the top-level standard pages
(« Le projet », contact…) — and submit them to the « Relecture » workflow. They never publish, unpublish or
delete a published page, and never touch the site's structure: the home page, the toolbox index, the
« Contribuer » page, new themes or new top-level sections stay with moderators and administrators. They use
images everywhere and documents in every top-level collection except the private one of « de personne à
personne » dossiers, whose files are for moderators only. They never see contributions, dossier requests
or the search statistics.

« Modérateurs » review: everything on the whole tree but bulk deletion (publish, unpublish, unlock,
approve or send back in « Relecture »), every document, the contributions queue, dossier requests, search
promotions and statistics.

« Administrateurs » run the platform without being superusers: everything above plus users, groups, sites,
collections, redirects, workflows and the deletion of whole branches.

Sections do not exist yet when migrations run on an empty database: the receivers below give « Éditeurs »
their rights on each section page and each top-level collection when it is created, as migration 0005 does
for the ones that already exist.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from pages.contributions.drafts import MODERATORS_GROUP, PRIVATE_COLLECTION
from pages.contributions.moderation import EDITORS_GROUP

__all__ = ["ADMINISTRATORS_GROUP", "EDITORS_GROUP", "MODERATORS_GROUP", "PRIVATE_COLLECTION"]

ADMINISTRATORS_GROUP = "Administrateurs"

# Page models (pages app) whose page is a section editors work in, with all the pages below it.
EDITOR_SECTION_MODELS = ("themepage", "dossierlibrarypage", "linklibrarypage", "workshopindexpage")
# A standard page is a section when it hangs directly under the home page (« Le projet », « Contact »…).
EDITOR_STANDARD_SECTION = ("standardpage", "homepage")
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")

EDITORS_COLLECTION = "Médiathèque"
# Wagtail checks documents against the permissions of its own Document model, whatever the document model is.
EDITOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


def is_editor_section(page):
    """A page under which « Éditeurs » write (see EDITOR_SECTION_MODELS)."""
    model = page.specific_class._meta.model_name if page.specific_class else ""
    if model in EDITOR_SECTION_MODELS:
        return True
    if model == EDITOR_STANDARD_SECTION[0]:
        parent = page.get_parent()
        return parent is not None and parent.specific_class._meta.model_name == EDITOR_STANDARD_SECTION[1]
    return False


def is_editor_collection(collection):
    return collection.depth == 2 and collection.name != PRIVATE_COLLECTION


def editors_group():
    return Group.objects.filter(name=EDITORS_GROUP).first()


def _grant_editors(app_label, codenames, permission_model, **target):
    """Give the editors' group each permission `codenames` of `app_label` on `target` (a page or a collection)."""
    group = editors_group()
    if group is None:
        return
    for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
        permission_model.objects.get_or_create(group=group, permission=permission, **target)


def grant_editor_section(page):
    _grant_editors("wagtailcore", EDITOR_PAGE_PERMISSIONS, GroupPagePermission, page=page)


def grant_editor_collection(collection):
    _grant_editors("wagtaildocs", EDITOR_DOCUMENT_PERMISSIONS, GroupCollectionPermission, collection=collection)


def _page_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw and isinstance(instance, Page) and instance.depth > 1 and is_editor_section(instance):
        grant_editor_section(instance)


def _collection_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw and is_editor_collection(instance):
        grant_editor_collection(instance)


def connect_receivers():
    """Called by PagesConfig.ready()."""
    post_save.connect(_page_created, dispatch_uid="roles_page_created")
    post_save.connect(_collection_created, sender=Collection, dispatch_uid="roles_collection_created")
