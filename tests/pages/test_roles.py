"""Role × action table: each role tries each admin action through real HTTP requests.

Roles: anonymous visitor, « Éditeurs », « Modérateurs », « Administrateurs » (none of them superuser: a
superuser passes every check by construction). Every request runs in a savepoint that is rolled back, so each
role meets the same data.

The table covers the whole admin: `test_every_admin_url_is_in_the_table` walks the URL patterns under
/admin/ and fails on any named pattern that is neither an action row nor an explicit exclusion with its
reason. A new app, viewset or snippet therefore fails this file until someone decides who may use it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, Page, Site, Workflow

from pages.contributions.drafts import _private_collection
from pages.models import ContributionPage, ResourcePage
from pages.roles import ADMINISTRATORS_GROUP, EDITORS_COLLECTION, EDITORS_GROUP, MODERATORS_GROUP
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkCategoryFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    ThemePageFactory,
    WorkshopReportPageFactory,
)
from tests.factories.contributions import ContributionFactory, ContributionFileFactory, DossierRequestFactory
from tests.pages.base import SiteTreeTestCase

ANONYMOUS, EDITOR, MODERATOR, ADMINISTRATOR = "anonyme", "éditeur", "modérateur", "administrateur"
ROLES = (ANONYMOUS, EDITOR, MODERATOR, ADMINISTRATOR)
STAFF = frozenset({EDITOR, MODERATOR, ADMINISTRATOR})  # everyone with admin access
REVIEWERS = frozenset({MODERATOR, ADMINISTRATOR})  # who publishes, moderates, reads the statistics
ADMINS = frozenset({ADMINISTRATOR})  # users, groups, sites, workflows, collections, redirects
NOBODY = frozenset()

LOGIN_URL = "/admin/login/"
ADMIN_HOME = "/admin/"


@dataclass
class Row:
    """One action: the URL name, what it does, how to call it, and the roles allowed to do it."""

    name: str
    label: str
    allowed: frozenset
    url: object  # callable(ctx) -> str
    method: str = "get"
    data: dict = field(default_factory=dict)
    # For actions Wagtail answers alike whether it did them or not (bulk actions): did it happen?
    effect: object = None  # callable(ctx) -> bool, checked before the request is rolled back


def row(name, label, allowed, args=(), method="get", data=None, query="", effect=None):
    """A row whose URL is reverse(name, args) with args read from the context (attribute names or values)."""

    def url(ctx):
        values = [ctx.resolve(arg) for arg in args]
        return reverse(name, args=values) + query.format_map(ctx.pks())

    return Row(name, label, frozenset(allowed), url, method, data or {}, effect)


def page_family_rows(family, model_label, parent, live_page, draft_page, *, add, edit, publish, unpublish, delete):
    """add / edit / publish / unpublish / delete for one page family."""
    app, model = model_label.split(".")
    return [
        row("wagtailadmin_pages:add", f"{family} : formulaire de création", add, [app, model, parent]),
        row("wagtailadmin_pages:edit", f"{family} : modifier", edit, [live_page]),
        row(
            "wagtailadmin_api:pages:action",
            f"{family} : publier un brouillon",
            publish,
            [draft_page, "publish"],
            method="post",
        ),
        row("wagtailadmin_pages:unpublish", f"{family} : dépublier", unpublish, [live_page], method="post"),
        row("wagtailadmin_pages:delete", f"{family} : supprimer", delete, [live_page], method="post"),
    ]


WRITERS = STAFF  # the page families editors work in: resources, dossiers, links, rencontres, standard pages

ROWS = [
    # --- Dashboard, explorer, search, choosers ---------------------------------------------------------------
    row("wagtailadmin_home", "tableau de bord", STAFF),
    row("wagtailadmin_explore_root", "explorateur de pages", STAFF),
    row("wagtailadmin_explore", "explorer une thématique", STAFF, ["theme"]),
    row("wagtailadmin_explore_results", "résultats de l'explorateur", STAFF, ["theme"]),
    row("wagtailadmin_pages:search", "rechercher une page", STAFF),
    row("wagtailadmin_pages:search_results", "résultats de la recherche de pages", STAFF),
    row("wagtailadmin_choose_page", "sélecteur de page", STAFF),
    row("wagtailadmin_choose_page_child", "sélecteur de page : enfants", STAFF, ["home"]),
    row("wagtailadmin_choose_page_search", "sélecteur de page : recherche", STAFF, query="?q=atelier"),
    row(
        "wagtailadmin_choose_page_chosen_multiple", "sélecteur de page : choix multiple", STAFF, query="?id={resource}"
    ),
    row("wagtailadmin_choose_page_external_link", "lien externe", STAFF),
    row("wagtailadmin_choose_page_email_link", "lien e-mail", STAFF),
    row("wagtailadmin_choose_page_phone_link", "lien téléphone", STAFF),
    row("wagtailadmin_choose_page_anchor_link", "lien d'ancre", STAFF),
    row("wagtailadmin_tag_autocomplete", "mots-clés : complétion", STAFF, query="?term=ate"),
    row(
        "wagtailadmin_tag_model_autocomplete",
        "mots-clés d'un modèle",
        STAFF,
        ["taggit", "tag"],
        query="?term=ate",
    ),
    row("wagtailadmin_account", "mon compte", STAFF),
    row("wagtailadmin_dismissibles", "préférences d'affichage", STAFF, method="patch"),
    row("wagtailadmin_block_preview", "aperçu d'un bloc", STAFF, query="?id={testimony_block}"),
    row("wagtailadmin_api:pages:listing", "API admin : pages", STAFF),
    row("wagtailadmin_api:pages:detail", "API admin : une page", STAFF, ["resource"]),
    row("wagtailadmin_api:pages:find", "API admin : trouver une page", STAFF, query="?html_path=/"),
    row("wagtailadmin_api:documents:listing", "API admin : documents", STAFF),
    row("wagtailadmin_api:documents:detail", "API admin : un document", STAFF, ["public_document"]),
    row("wagtailadmin_api:documents:find", "API admin : trouver un document", STAFF, query="?id={public_document}"),
    row("wagtailadmin_api:images:listing", "API admin : images", STAFF),
    row("wagtailadmin_api:images:detail", "API admin : une image", STAFF, ["image"]),
    row("wagtailadmin_api:images:find", "API admin : trouver une image", STAFF, query="?id={image}"),
    # --- Page families: where editors write, and the site's structure they do not touch ----------------------
    *page_family_rows(
        "ressource",
        "pages.resourcepage",
        "theme",
        "resource",
        "resource_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "dossier",
        "pages.dossierpage",
        "dossier_library",
        "dossier",
        "dossier_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "lien utile",
        "pages.linkpage",
        "link_library",
        "link",
        "link_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "compte rendu de rencontre",
        "pages.workshopreportpage",
        "workshop_index",
        "workshop",
        "workshop_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "sous-page simple",
        "pages.standardpage",
        "standard",
        "standard_child",
        "standard_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    # Structure: a new top-level page, a new theme, the home page, the toolbox, the « Contribuer » page.
    *page_family_rows(
        "page simple de premier niveau",
        "pages.standardpage",
        "home",
        "standard",
        "standard_draft",
        add=REVIEWERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=ADMINS,  # it has a sub-page: deleting a branch is for administrators
    ),
    *page_family_rows(
        "thématique",
        "pages.themepage",
        "theme_index",
        "theme",
        "theme_draft",
        add=REVIEWERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=ADMINS,
    ),
    row("wagtailadmin_pages:edit", "page d'accueil : modifier", REVIEWERS, ["home"]),
    row("wagtailadmin_pages:edit", "boîte à outils : modifier", REVIEWERS, ["theme_index"]),
    row("wagtailadmin_pages:edit", "page « Contribuer » : modifier", REVIEWERS, ["contribution_page"]),
    row("wagtailadmin_pages:delete", "page d'accueil : supprimer", ADMINS, ["home"], method="post"),
    row("wagtailadmin_api:pages:action", "page d'accueil : publier", REVIEWERS, ["home", "publish"], method="post"),
    # --- Other page actions -------------------------------------------------------------------------------
    row("wagtailadmin_pages:add_subpage", "choisir le type d'une sous-page (thématique)", WRITERS, ["theme"]),
    row("wagtailadmin_pages:add_subpage", "choisir le type d'une sous-page (accueil)", REVIEWERS, ["home"]),
    row("wagtailadmin_pages:choose_parent", "choisir où créer une ressource", WRITERS, ["pages", "resourcepage"]),
    row("wagtailadmin_pages:type_use", "usage d'un type de page", STAFF, ["pages", "resourcepage"]),
    row("wagtailadmin_pages:type_use_results", "usage d'un type : résultats", STAFF, ["pages", "resourcepage"]),
    row("wagtailadmin_pages:usage", "où la page est utilisée", WRITERS, ["resource"]),
    row("wagtailadmin_pages:view_draft", "voir le brouillon", WRITERS, ["resource_draft"]),
    row("wagtailadmin_pages:preview_on_edit", "aperçu en modification", WRITERS, ["resource"]),
    row(
        "wagtailadmin_pages:preview_on_add",
        "aperçu en création",
        WRITERS,
        ["pages", "resourcepage", "theme"],
    ),
    row("wagtailadmin_pages:convert_alias", "convertir un alias", WRITERS, ["alias"]),
    row("wagtailadmin_pages:move", "déplacer une page publiée", REVIEWERS, ["resource"]),
    row(
        "wagtailadmin_pages:move_confirm",
        "confirmer le déplacement",
        REVIEWERS,
        ["resource", "other_theme"],
        method="post",
    ),
    row(
        "wagtailadmin_pages:set_page_position",
        "réordonner",
        REVIEWERS,
        ["resource"],
        method="post",
        query="?position=0",
    ),
    row("wagtailadmin_pages:copy", "copier une page", WRITERS, ["resource"]),
    row("wagtailadmin_pages:set_privacy", "restreindre l'accès à une page", REVIEWERS, ["resource"]),
    row("wagtailadmin_pages:lock", "verrouiller", WRITERS, ["resource"], method="post"),
    row("wagtailadmin_pages:unlock", "déverrouiller la page d'un autre", REVIEWERS, ["locked"], method="post"),
    row("wagtailadmin_pages:revisions_index", "révisions", WRITERS, ["resource"]),
    row("wagtailadmin_pages:revisions_view", "voir une révision", WRITERS, ["resource", "resource_revision"]),
    row("wagtailadmin_pages:revisions_revert", "revenir à une révision", WRITERS, ["resource", "resource_revision"]),
    row(
        "wagtailadmin_pages:revisions_compare",
        "comparer deux révisions",
        WRITERS,
        ["resource", "earliest", "latest"],
    ),
    row(
        "wagtailadmin_pages:revisions_unschedule",
        "annuler une publication programmée",
        REVIEWERS,
        ["scheduled", "scheduled_revision"],
        method="post",
    ),
    row("wagtailadmin_pages:history", "historique", WRITERS, ["resource"]),
    row("wagtailadmin_pages:history_results", "historique : résultats", WRITERS, ["resource"]),
    row("wagtailadmin_pages:workflow_history", "historique de relecture", WRITERS, ["in_review"]),
    row(
        "wagtailadmin_pages:workflow_history_detail",
        "détail d'une relecture",
        WRITERS,
        ["in_review", "workflow_state"],
    ),
    # --- « Relecture » ---------------------------------------------------------------------------------------
    row(
        "wagtailadmin_pages:workflow_action",
        "relecture : approuver",
        REVIEWERS,
        ["in_review", "approve", "task_state"],
        method="post",
    ),
    row(
        "wagtailadmin_pages:collect_workflow_action_data",
        "relecture : demander des modifications (commentaire)",
        REVIEWERS,
        ["in_review", "reject", "task_state"],
    ),
    row(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        "relecture : confirmer l'annulation",
        WRITERS,
        ["in_review"],
    ),
    row("wagtailadmin_pages:workflow_preview", "relecture : aperçu", REVIEWERS, ["in_review", "task"]),
    row("wagtailadmin_workflows:index", "workflows", ADMINS),
    row("wagtailadmin_workflows:index_results", "workflows : résultats", ADMINS),
    row("wagtailadmin_workflows:add", "créer un workflow", ADMINS),
    row("wagtailadmin_workflows:edit", "modifier un workflow", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:disable", "désactiver un workflow", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:enable", "activer un workflow", ADMINS, ["workflow"], method="post"),
    row("wagtailadmin_workflows:usage", "pages d'un workflow", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:usage_results", "pages d'un workflow : résultats", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:remove", "retirer le workflow d'une page", ADMINS, ["root"], method="post"),
    row("wagtailadmin_workflows:select_task_type", "type de tâche", ADMINS),
    row("wagtailadmin_workflows:add_task", "créer une tâche", ADMINS, ["wagtailcore", "groupapprovaltask"]),
    row("wagtailadmin_workflows:task_index", "tâches", ADMINS),
    row("wagtailadmin_workflows:task_index_results", "tâches : résultats", ADMINS),
    row("wagtailadmin_workflows:edit_task", "modifier une tâche", ADMINS, ["task"]),
    row("wagtailadmin_workflows:disable_task", "désactiver une tâche", ADMINS, ["task"]),
    row("wagtailadmin_workflows:enable_task", "activer une tâche", ADMINS, ["task"], method="post"),
    # Wagtail lists task names to any admin user; only those who may add tasks get the creation form.
    row("wagtailadmin_workflows:task_chooser", "sélecteur de tâche", STAFF),
    row("wagtailadmin_workflows:task_chooser_results", "sélecteur de tâche : résultats", STAFF),
    row("wagtailadmin_workflows:task_chooser_create", "sélecteur de tâche : formulaire", STAFF),
    row("wagtailadmin_workflows:task_chosen", "sélecteur de tâche : choisie", STAFF, ["task"]),
    # --- Reports ---------------------------------------------------------------------------------------------
    row("wagtailadmin_reports:locked_pages", "rapport : pages verrouillées", REVIEWERS),
    row("wagtailadmin_reports:locked_pages_results", "rapport : pages verrouillées (résultats)", REVIEWERS),
    row("wagtailadmin_reports:workflow", "rapport : relectures", STAFF),
    row("wagtailadmin_reports:workflow_results", "rapport : relectures (résultats)", STAFF),
    row("wagtailadmin_reports:workflow_tasks", "rapport : tâches de relecture", STAFF),
    row("wagtailadmin_reports:workflow_tasks_results", "rapport : tâches (résultats)", STAFF),
    row("wagtailadmin_reports:site_history", "rapport : historique du site", STAFF),
    row("wagtailadmin_reports:site_history_results", "rapport : historique (résultats)", STAFF),
    row("wagtailadmin_reports:aging_pages", "rapport : pages anciennes", STAFF),
    row("wagtailadmin_reports:aging_pages_results", "rapport : pages anciennes (résultats)", STAFF),
    row("wagtailadmin_reports:page_types_usage", "rapport : types de pages", STAFF),
    row("wagtailadmin_reports:page_types_usage_results", "rapport : types de pages (résultats)", STAFF),
    row(
        "wagtailadmin_editing_sessions:ping",
        "session d'édition : signal de présence",
        WRITERS,
        ["wagtailcore", "page", "resource", 0],
        method="post",
    ),
    # --- Bulk actions ----------------------------------------------------------------------------------------
    row(
        "wagtail_bulk_action",
        "action groupée : supprimer des pages",
        REVIEWERS,
        ["wagtailcore", "page", "delete"],
        method="post",
        query="?id={resource}",
        effect=lambda ctx: not Page.objects.filter(pk=ctx.resource.pk).exists(),
    ),
    # --- Collections, documents, images ---------------------------------------------------------------------
    row("wagtailadmin_collections:index", "collections", ADMINS),
    row("wagtailadmin_collections:add", "créer une collection", ADMINS),
    row("wagtailadmin_collections:edit", "modifier une collection", ADMINS, ["public_collection"]),
    row("wagtailadmin_collections:delete", "supprimer une collection", ADMINS, ["public_collection"]),
    row("wagtailadmin_collections:set_privacy", "restreindre une collection", ADMINS, ["public_collection"]),
    row("wagtaildocs:index", "documents", STAFF),
    row("wagtaildocs:index_results", "documents : résultats", STAFF),
    row("wagtaildocs:add", "ajouter un document", STAFF),
    row("wagtaildocs:add_multiple", "ajouter des documents", STAFF),
    row("wagtaildocs:edit", "modifier un document (Médiathèque)", STAFF, ["public_document"]),
    row("wagtaildocs:edit", "modifier un document (dossier de personne à personne)", REVIEWERS, ["private_document"]),
    # Wagtail treats deleting a document or an image as changing it: whoever may edit it may delete it.
    row("wagtaildocs:delete", "supprimer un document (Médiathèque)", STAFF, ["public_document"], method="post"),
    row("wagtaildocs:edit_multiple", "modifier après envoi multiple", STAFF, ["public_document"], method="post"),
    row("wagtaildocs:delete_multiple", "supprimer après envoi multiple", STAFF, ["public_document"], method="post"),
    row("wagtaildocs:document_usage", "usage d'un document", STAFF, ["public_document"]),
    row("wagtaildocs_chooser:choose", "sélecteur de documents", STAFF),
    row("wagtaildocs_chooser:choose_results", "sélecteur de documents : résultats", STAFF),
    row("wagtaildocs_chooser:chosen", "choisir un document (Médiathèque)", STAFF, ["public_document"]),
    row("wagtaildocs_chooser:chosen", "choisir un document privé", REVIEWERS, ["private_document"]),
    row("wagtaildocs_chooser:chosen_multiple", "choisir plusieurs documents", STAFF, query="?id={public_document}"),
    row("wagtaildocs_chooser:create", "sélecteur de documents : envoyer", STAFF),
    row("wagtailimages:index", "images", STAFF),
    row("wagtailimages:index_results", "images : résultats", STAFF),
    row("wagtailimages:add", "ajouter une image", STAFF),
    row("wagtailimages:add_multiple", "ajouter des images", STAFF),
    row("wagtailimages:edit", "modifier une image", STAFF, ["image"]),
    row("wagtailimages:delete", "supprimer une image", STAFF, ["image"], method="post"),
    row("wagtailimages:edit_multiple", "modifier après envoi multiple", STAFF, ["image"], method="post"),
    row("wagtailimages:delete_multiple", "supprimer après envoi multiple", STAFF, ["image"], method="post"),
    row("wagtailimages:preview", "aperçu d'un format d'image", STAFF, ["image", "original"]),
    row("wagtailimages:image_usage", "usage d'une image", STAFF, ["image"]),
    row("wagtailimages_chooser:choose", "sélecteur d'images", STAFF),
    row("wagtailimages_chooser:choose_results", "sélecteur d'images : résultats", STAFF),
    row("wagtailimages_chooser:chosen", "choisir une image", STAFF, ["image"]),
    row("wagtailimages_chooser:chosen_multiple", "choisir plusieurs images", STAFF, query="?id={image}"),
    row("wagtailimages_chooser:create", "sélecteur d'images : envoyer", STAFF),
    row("wagtailimages_chooser:select_format", "format d'une image insérée", STAFF, ["image"]),
    row("wagtailembeds:chooser", "insérer une vidéo", STAFF),
    row("wagtailembeds:chooser_upload", "insérer une vidéo : envoi", STAFF),
    # --- Snippets --------------------------------------------------------------------------------------------
    row("wagtailsnippets:index", "fragments", STAFF),
    *[
        entry
        for model, obj, label in (
            ("culturalcentre", "centre", "centres culturels"),
            ("linkcategory", "category", "catégories de liens"),
        )
        for entry in (
            row(f"wagtailsnippets_pages_{model}:list", f"{label}", STAFF),
            row(f"wagtailsnippets_pages_{model}:list_results", f"{label} : résultats", STAFF),
            row(f"wagtailsnippets_pages_{model}:add", f"{label} : ajouter", STAFF),
            row(f"wagtailsnippets_pages_{model}:edit", f"{label} : modifier", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:delete", f"{label} : supprimer", ADMINS, [obj], method="post"),
            row(f"wagtailsnippets_pages_{model}:usage", f"{label} : usage", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:history", f"{label} : historique", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:history_results", f"{label} : historique (résultats)", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:copy", f"{label} : copier", STAFF, [obj]),
            row(f"wagtailsnippetchoosers_pages_{model}:choose", f"{label} : sélecteur", STAFF),
            row(f"wagtailsnippetchoosers_pages_{model}:choose_results", f"{label} : sélecteur (résultats)", STAFF),
            row(f"wagtailsnippetchoosers_pages_{model}:chosen", f"{label} : choisi", STAFF, [obj]),
            row(
                f"wagtailsnippetchoosers_pages_{model}:chosen_multiple",
                f"{label} : choix multiple",
                STAFF,
                query=f"?id={{{obj}}}",
            ),
            row(f"wagtailsnippetchoosers_pages_{model}:create", f"{label} : créer depuis le sélecteur", STAFF),
        )
    ],
    # --- Contributions and dossier requests ------------------------------------------------------------------
    row("contributions_modeladmin_index", "file de modération", REVIEWERS),
    row("contributions_modeladmin_inspect", "voir une contribution", REVIEWERS, ["contribution"]),
    row("contributions_modeladmin_create", "créer une contribution à la main", NOBODY),
    row("contributions_modeladmin_edit", "modifier une contribution", NOBODY, ["contribution"]),
    row("contributions_modeladmin_delete", "supprimer une contribution", NOBODY, ["contribution"]),
    row("contribution_accept", "accepter une contribution", REVIEWERS, ["contribution"], method="post"),
    row(
        "contribution_refuse",
        "refuser une contribution",
        REVIEWERS,
        ["contribution"],
        method="post",
        data={"reason": "Hors sujet pour la Plateforme."},
    ),
    row("contribution_spam", "marquer comme indésirable", REVIEWERS, ["contribution"], method="post"),
    row("contribution_file_download", "télécharger le fichier d'une contribution", REVIEWERS, ["contribution_file"]),
    row("demandes-de-dossiers_modeladmin_index", "demandes de dossiers", REVIEWERS),
    row("demandes-de-dossiers_modeladmin_inspect", "voir une demande de dossier", REVIEWERS, ["dossier_request"]),
    row("demandes-de-dossiers_modeladmin_create", "créer une demande à la main", NOBODY),
    row("demandes-de-dossiers_modeladmin_edit", "modifier une demande", NOBODY, ["dossier_request"]),
    row("demandes-de-dossiers_modeladmin_delete", "supprimer une demande", NOBODY, ["dossier_request"]),
    # --- Search: statistics and promotions -------------------------------------------------------------------
    row("search_statistics", "statistiques de recherche", REVIEWERS),
    row("wagtailsearchpromotions:index", "promotions de recherche", REVIEWERS),
    row("wagtailsearchpromotions:index_results", "promotions : résultats", REVIEWERS),
    row("wagtailsearchpromotions:add", "ajouter une promotion", REVIEWERS),
    row("wagtailsearchpromotions:edit", "modifier une promotion", REVIEWERS, ["query"]),
    row("wagtailsearchpromotions:delete", "supprimer une promotion", REVIEWERS, ["query"], method="post"),
    # Wagtail's query chooser lists past queries to any admin user (no personal data: the words searched).
    row("wagtailsearchpromotions:chooser", "sélecteur de requêtes", STAFF),
    row("wagtailsearchpromotions:chooserresults", "sélecteur de requêtes : résultats", STAFF),
    # Hidden from the menu (search/wagtail_hooks.py) and, in Wagtail, for superusers only.
    row("wagtailsearchpromotions:search_terms", "termes de recherche (rapport masqué)", NOBODY),
    row("wagtailsearchpromotions:search_terms_results", "termes de recherche : résultats", NOBODY),
    # --- Users, groups, sites, redirects ---------------------------------------------------------------------
    *[
        row(f"wagtailusers_users:{action}", f"utilisateurs : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["other_user"], "get"),
            ("delete", ["other_user"], "post"),
            ("history", ["other_user"], "get"),
            ("history_results", ["other_user"], "get"),
            ("usage", ["other_user"], "get"),
            ("copy", ["other_user"], "get"),
        )
    ],
    *[
        row(f"wagtailusers_groups:{action}", f"groupes : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["other_group"], "get"),
            ("delete", ["other_group"], "post"),
            ("history", ["other_group"], "get"),
            ("history_results", ["other_group"], "get"),
            ("usage", ["other_group"], "get"),
        )
    ],
    *[
        row(f"wagtailsites:{action}", f"sites : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["site"], "get"),
            ("delete", ["site"], "get"),
            ("history", ["site"], "get"),
            ("history_results", ["site"], "get"),
            ("usage", ["site"], "get"),
            ("copy", ["site"], "get"),
        )
    ],
    *[
        row(f"wagtailredirects:{action}", f"redirections : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["redirect"], "get"),
            ("delete", ["redirect"], "post"),
            ("start_import", [], "get"),
        )
    ],
    row("wagtailforms:index", "formulaires (aucun type de formulaire sur la Plateforme)", STAFF),
    row("wagtailforms:index_results", "formulaires : résultats", STAFF),
    row("wagtail_modeladmin:javascript_catalog", "traductions de la file de modération", STAFF),
]

# Named URLs under /admin/ that are not a role's business, each with the reason.
NOT_ROLE_SENSITIVE = {
    "wagtailadmin_login": "the login form itself: public by design",
    "wagtailadmin_logout": "ends the caller's own session, whoever they are",
    "wagtailadmin_password_reset": "public by design: a forgotten password",
    "wagtailadmin_password_reset_done": "public by design: a forgotten password",
    "wagtailadmin_password_reset_confirm": "public by design: the link of the password e-mail",
    "wagtailadmin_password_reset_complete": "public by design: a forgotten password",
    "wagtailadmin_javascript_catalog": "the admin's translations, also loaded by the login page",
    "wagtailadmin_sprite": "the admin's icons, also loaded by the login page",
    "wagtailadmin_error_test": "Wagtail's own 500 test page: raises on purpose for every logged-in user",
    "wagtailadmin_editing_sessions:release": "releases the caller's own editing session (POST from a closing tab)",
    "wagtaildocs:create_multiple_from_uploaded_document": (
        "acts only on the caller's own pending upload (UploadedFile.uploaded_by_user), made by add_multiple"
    ),
    "wagtaildocs:delete_upload_multiple": "acts only on the caller's own pending upload, made by add_multiple",
    "wagtailimages:create_multiple_from_uploaded_image": "acts only on the caller's own pending upload",
    "wagtailimages:delete_upload_multiple": "acts only on the caller's own pending upload",
    "wagtailforms:list_submissions": "answers only for a form page: the platform has no form page type",
    "wagtailforms:list_submissions_results": "answers only for a form page: the platform has no form page type",
    "wagtailforms:delete_submissions": "answers only for a form page: the platform has no form page type",
    "wagtailimages:url_generator": "needs Wagtail's dynamic image serve view, which the platform does not route",
    "wagtailimages:url_generator_output": "needs Wagtail's dynamic image serve view, which the platform does not route",
    "wagtailredirects:process_import": (
        "second step of start_import (in the table): same check (add_redirect), on the file sent in the first step"
    ),
    "wagtailsettings:edit": "no setting model is registered: the URL answers 404 to everyone",
    "wagtailsettings:preview_on_edit": "no setting model is registered: the URL answers 404 to everyone",
}


def admin_url_names():
    """Every named URL pattern under /admin/, with its namespace (e.g. « wagtailadmin_pages:edit »)."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {name for route, name in walk(get_resolver().url_patterns, "", None) if route.startswith("admin/")}


class Context:
    """The objects the rows act on; `resolve` turns a row's argument into a URL value."""

    def __init__(self, **objects):
        self.__dict__.update(objects)

    def pks(self):
        return {name: getattr(value, "pk", value) for name, value in self.__dict__.items()}

    def resolve(self, arg):
        if isinstance(arg, str) and hasattr(self, arg):
            value = getattr(self, arg)
            return getattr(value, "pk", value)
        return arg


class RoleTableTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        User = get_user_model()
        cls.users = {ANONYMOUS: None}
        for role, group in (
            (EDITOR, EDITORS_GROUP),
            (MODERATOR, MODERATORS_GROUP),
            (ADMINISTRATOR, ADMINISTRATORS_GROUP),
        ):
            user = User.objects.create_user(f"role-{len(cls.users)}", f"role{len(cls.users)}@astrac.be", "x")
            user.groups.add(Group.objects.get(name=group))
            cls.users[role] = user
        moderator = cls.users[MODERATOR]
        editor = cls.users[EDITOR]

        theme, other_theme = tree.themes[0], tree.themes[1]
        resource = ResourcePageFactory(parent=theme, title="Canevas d'entretien")
        resource.save_revision(user=editor)
        resource.save_revision(user=editor)

        def draft(factory, parent, title):
            page = factory(parent=parent, title=title, live=False, first_published_at=None, last_published_at=None)
            page.save_revision(user=editor)
            return page

        standard = StandardPageFactory(parent=tree.home, title="Le projet")
        standard_child = StandardPageFactory(parent=standard, title="L'équipe")
        locked = ResourcePageFactory(parent=theme, title="Page verrouillée")
        locked.locked, locked.locked_by, locked.locked_at = True, moderator, timezone.now()
        locked.save()
        scheduled = ResourcePageFactory(parent=theme, title="Page programmée")
        scheduled.go_live_at = timezone.now() + datetime.timedelta(days=7)
        scheduled_revision = scheduled.save_revision(user=moderator)
        scheduled_revision.publish(user=moderator)
        in_review = draft(ResourcePageFactory, theme, "En relecture")
        workflow_state = in_review.get_workflow().start(in_review, editor)
        workflow = Workflow.objects.get(name="Relecture")
        contribution_page = tree.home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
        contribution = ContributionFactory()
        private_collection = _private_collection()
        public_collection = Collection.objects.get(name=EDITORS_COLLECTION)
        query = Query.get("atelier")
        SearchPromotion.objects.create(query=query, page=resource, sort_order=0)

        cls.ctx = Context(
            home=tree.home,
            root=Page.get_first_root_node(),
            theme_index=tree.theme_index,
            theme=theme,
            other_theme=other_theme,
            theme_draft=draft(ThemePageFactory, tree.theme_index, "Nouvelle thématique"),
            dossier_library=tree.dossier_library,
            link_library=tree.link_library,
            workshop_index=tree.workshop_index,
            resource=resource,
            resource_draft=draft(ResourcePageFactory, theme, "Brouillon de ressource"),
            resource_revision=resource.revisions.order_by("pk").first(),
            earliest="earliest",
            latest="latest",
            dossier=DossierPageFactory(parent=tree.dossier_library),
            dossier_draft=draft(DossierPageFactory, tree.dossier_library, "Brouillon de dossier"),
            link=LinkPageFactory(parent=tree.link_library),
            link_draft=draft(LinkPageFactory, tree.link_library, "Brouillon de lien"),
            workshop=WorkshopReportPageFactory(parent=tree.workshop_index),
            workshop_draft=draft(WorkshopReportPageFactory, tree.workshop_index, "Brouillon de rencontre"),
            standard=standard,
            standard_child=standard_child,
            standard_draft=draft(StandardPageFactory, standard, "Brouillon de page simple"),
            contribution_page=contribution_page,
            alias=resource.create_alias(parent=other_theme, update_slug="canevas-alias"),
            locked=locked,
            scheduled=scheduled,
            scheduled_revision=scheduled_revision,
            in_review=in_review,
            workflow_state=workflow_state,
            task_state=workflow_state.current_task_state,
            task=workflow_state.current_task_state.task,
            workflow=workflow,
            public_collection=public_collection,
            public_document=DocumentFactory(collection=public_collection, title="Guide de l'analyse partagée"),
            private_document=DocumentFactory(collection=private_collection, title="Dossier confidentiel"),
            image=ImageFactory(),
            original="original",
            centre=CulturalCentreFactory(),
            category=LinkCategoryFactory(),
            contribution=contribution,
            contribution_file=ContributionFileFactory(contribution=contribution),
            dossier_request=DossierRequestFactory(dossier=DossierPageFactory(parent=tree.dossier_library)),
            query=query,
            redirect=Redirect.objects.create(old_path="/ancienne-adresse", redirect_link="https://www.astrac.be/"),
            site=Site.objects.get(is_default_site=True),
            other_user=User.objects.create_user("cible", "cible@astrac.be", "x"),
            other_group=Group.objects.create(name="Groupe de passage"),
            approve="approve",
            reject="reject",
            publish="publish",
            testimony_block=ResourcePage._meta.get_field("body")
            .stream_block.child_blocks["testimony"]
            .definition_prefix,
        )

    def outcome(self, role, table_row):
        """ "ok" or "refusé" (and the status), the request rolled back."""
        self.client.logout()
        self.client.raise_request_exception = False
        if self.users[role] is not None:
            self.client.force_login(self.users[role])
        url = table_row.url(self.ctx)
        with transaction.atomic():
            response = getattr(self.client, table_row.method)(url, table_row.data)
            happened = table_row.effect(self.ctx) if table_row.effect else None
            transaction.set_rollback(True)
        if happened is not None and response.status_code < 500 and self.users[role] is not None:
            return ("ok" if happened else "refusé"), response.status_code
        status = response.status_code
        location = response.get("Location", "")
        if status in (200, 201, 204):
            return "ok", status
        if 300 <= status < 400:
            if location.startswith(LOGIN_URL):
                return "connexion", status
            if location == ADMIN_HOME:
                return "refusé", status
            return "ok", status
        if status in (401, 403, 404):
            return "refusé", status
        return f"erreur {status}", status

    def test_each_role_may_do_exactly_what_the_table_says(self):
        mismatches = []
        for table_row in ROWS:
            for role in ROLES:
                allowed = "ok" if role in table_row.allowed else "refusé"
                expected = "connexion" if role == ANONYMOUS else allowed
                got, status = self.outcome(role, table_row)
                if got != expected:
                    mismatches.append(f"{table_row.label} [{table_row.name}] — {role}: {got} ({status})")
        self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))

    def test_every_admin_url_is_in_the_table(self):
        names = admin_url_names()
        covered = {table_row.name for table_row in ROWS} | set(NOT_ROLE_SENSITIVE)
        self.assertEqual(sorted(names - covered), [], "admin URLs that no row nor exclusion covers")
        self.assertEqual(sorted(covered - names), [], "rows or exclusions naming URLs that do not exist")
